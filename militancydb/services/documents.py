"""Ingest news documents: store each with its metadata and content hash, detect its
language, extract incidents from English text and queue them for review.

:func:`ingest` streams: files are walked lazily, each document is read, stored and
committed in batches of ``COMMIT_EVERY``, so memory stays flat and an interrupted run
resumes where it stopped (documents already stored are recognised by their hash and
skipped). Every input leaves a trace: a file that cannot be read (binary, too large) is
stored as a document with status ``error`` and the reason; non-English text is stored with
its language and status ``not_extracted``, never dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from militancydb.db.document_tables import Document
from militancydb.errors import FileProblem
from militancydb.ingest.language import MIN_PROBABILITY, detect, too_short
from militancydb.ingest.sources import RawDocument, Rejected, read_path, text_hash, walk
from militancydb.nlp.lexicon import Lexicon
from militancydb.nlp.pipeline import MAX_TEXT, extract
from militancydb.services.history import Editor
from militancydb.services.review import propose

COMMIT_EVERY = 50
EXTRACTED_LANGUAGES = frozenset({"en"})


@dataclass
class IngestReport:
    """What one run did."""

    files: int = 0
    stored: int = 0
    skipped_seen: int = 0
    not_extracted: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    incidents: int = 0
    pending: int = 0
    auto_merged: int = 0
    kept: int = 0  # documents stored and committed (what an interruption leaves in place)
    #: where and why of each document stored but not read (language, size), to name them
    not_read: list[tuple[str, str]] = field(default_factory=list)
    reread: int = 0  # held documents whose language was not told, read now (``language``)


def _store(
    session: Session,
    raw: RawDocument | Rejected,
    editor: Editor,
    default_published: dt.date | None,
    default_language: str | None = None,
) -> Document:
    if isinstance(raw, Rejected):
        return Document(
            content_hash=raw.content_hash,
            source_path=raw.source_path[:2000],
            kind="file",
            status="error",
            reason=raw.reason,
            text="",
            size=raw.size,
            ingested_by=editor.user,
        )
    lang, prob = detect(raw.text)
    status, reason = "extracted", raw.note
    if lang == "und" and raw.declared_language:
        lang = raw.declared_language  # too little text to tell: the feed or page says
    elif lang == "und" and default_language:
        lang, reason = default_language, _told(raw.text, prob, default_language)
    if lang == "und":
        status = "not_extracted"
        reason = (
            "too little text to tell its language (and none declared); not extracted"
            if too_short(raw.text)
            else f"language not recognised with confidence (p={prob:.2f}, under "
            f"{MIN_PROBABILITY}); the pipeline reads English only"
        )
    elif lang not in EXTRACTED_LANGUAGES:
        status = "not_extracted"
        reason = f"language {lang} (p={prob:.2f}): the pipeline reads English only"
    elif len(raw.text) > MAX_TEXT:
        status = "not_extracted"
        reason = f"longer than {MAX_TEXT:,} characters; split it into articles and ingest them"
    published = raw.published or (default_published.isoformat() if default_published else None)
    return Document(
        content_hash=text_hash(raw.text),
        source_path=raw.source_path[:2000],
        item=(raw.item or None) and raw.item[:2000],
        kind=raw.kind,
        url=raw.url,
        title=(raw.title or None) and raw.title[:2000],
        publisher=(raw.publisher or None) and raw.publisher[:300],
        published=published,
        language=lang,
        language_score=f"{prob:.3f}",
        status=status,
        reason=reason,
        text=raw.text,
        size=len(raw.text.encode("utf-8")),
        ingested_by=editor.user,
    )


def _told(text: str, prob: float, language: str) -> str:
    """The note of a document whose language the text did not tell and the user gave."""
    why = "too little text" if too_short(text) else f"p={prob:.2f}, under {MIN_PROBABILITY}"
    return f"language not told by the text ({why}); {language} as --language gives"


def _reread(doc: Document, language: str) -> bool:
    """A held document whose language was not told, given ``language`` now: True when it is
    to be read (English, not too long); its language and reason are updated either way."""
    prob = float(doc.language_score or 0)
    doc.language, doc.reason = language, _told(doc.text, prob, language)
    if language in EXTRACTED_LANGUAGES and len(doc.text) <= MAX_TEXT:
        doc.status = "extracted"
        return True
    doc.reason += "; not extracted: the pipeline reads English only"
    return False


def _added(session: Session, doc: Document) -> Document | None:
    """Insert ``doc``, unless a document with its hash is held — also one that another run
    (another person ingesting the same feed at the same moment) stored after it was looked
    up: one ``INSERT ... ON CONFLICT DO NOTHING`` (PostgreSQL and SQLite), which waits for
    that run and then does nothing. The stored row, or None when it was held."""
    table = Document.__table__
    values = {
        c.key: getattr(doc, c.key)
        for c in table.columns
        if c.key != "id" and getattr(doc, c.key) is not None
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(Document)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["content_hash"])
        .returning(Document.id)
    )
    new_id = session.execute(stmt).scalar()
    return None if new_id is None else session.get(Document, new_id)


def ingest(
    session: Session,
    paths: Iterable[str],
    lexicon: Lexicon,
    editor: Editor,
    *,
    published: dt.date | None = None,
    auto_merge: bool = True,
    progress: Callable[[str, IngestReport], None] | None = None,
    report: IngestReport | None = None,
    language: str | None = None,
) -> IngestReport:
    """Ingest every document under ``paths`` (see the module docstring). ``report`` is
    filled in as the run goes, so a caller interrupted (Ctrl-C) can say what was kept: the
    documents of the batches committed (``kept``); the rest is rolled back and read again
    when the same command is run again. ``language`` (an ISO 639-1 code) is the language of
    documents whose text does not tell it (a one-line report, a headline): ``en`` reads them,
    also those stored before as undetermined (a run again with it reads them)."""
    paths = list(paths)
    _named_paths_exist(paths)
    report = report if report is not None else IngestReport()
    try:
        _ingest(session, paths, lexicon, editor, published, auto_merge, progress, report, language)
    except KeyboardInterrupt:
        session.rollback()
        raise
    return report


def _named_paths_exist(paths: list[str]) -> None:
    """Refuse the run, before anything is read, when a path the user named does not exist (a
    typo) or is standard input: a file missing inside a folder is recorded and the run goes
    on, but a path given by hand that is wrong is the user's to fix, not a document."""
    for raw in paths:
        if raw == "-":
            raise FileProblem(
                "- (standard input) is not read by ingest; save the text to a file and ingest "
                "the file, or extract from standard input with `militancydb extract -`; "
                "nothing was ingested"
            )
        p = Path(raw)
        if not p.exists() and not p.is_symlink():
            raise FileProblem(
                f"{raw}: no such file or folder; check the path (nothing was ingested)"
            )


def _ingest(
    session: Session,
    paths: Iterable[str],
    lexicon: Lexicon,
    editor: Editor,
    published: dt.date | None,
    auto_merge: bool,
    progress: Callable[[str, IngestReport], None] | None,
    report: IngestReport,
    language: str | None = None,
) -> None:
    kb = lexicon.knowledge
    pending_commit = 0
    for path in walk(paths):
        report.files += 1
        for raw in read_path(path):
            h = raw.content_hash if isinstance(raw, Rejected) else text_hash(raw.text)
            seen = session.execute(
                select(Document.id, Document.status, Document.language).where(
                    Document.content_hash == h
                )
            ).first()
            if seen is not None and isinstance(raw, Rejected) and seen.status == "error":
                # refused before and still refused: said again, not "already held"
                report.errors.append((raw.source_path, f"{raw.reason} (as before: document "
                                      f"{seen.id})"))  # fmt: skip
                continue
            if seen is not None and (
                language is None or (seen.status, seen.language) != ("not_extracted", "und")
            ):
                report.skipped_seen += 1
                continue
            if seen is not None:  # held, its language not told: given now
                doc = session.get_one(Document, seen.id)
                report.reread += 1
                if not _reread(doc, language or "und"):
                    report.not_read.append((_where(doc), doc.reason or ""))
                    continue
            else:
                added = _added(session, _store(session, raw, editor, published, language))
                if added is None:
                    report.skipped_seen += 1  # stored by another run meanwhile
                    continue
                doc = added
                report.stored += 1
            if doc.status == "error":
                report.errors.append((doc.source_path or "", doc.reason or ""))
            elif doc.status == "not_extracted":
                report.not_extracted += 1
                report.not_read.append((_where(doc), doc.reason or ""))
            else:
                day = dt.date.fromisoformat(doc.published) if doc.published else None
                found = extract(doc.text, doc_id=str(doc.id), published=day, lexicon=lexicon)
                doc.incidents_found = len(found)
                report.incidents += len(found)
                done = propose(
                    session, doc, [i.as_dict() for i in found], kb, editor, auto_merge=auto_merge
                )
                report.pending += done.pending
                report.auto_merged += done.auto_merged
            pending_commit += 1
            if pending_commit >= COMMIT_EVERY:
                session.commit()
                report.kept, pending_commit = report.stored, 0
        if progress is not None:
            progress(str(path), report)
    session.commit()
    report.kept = report.stored


def _where(doc: Document) -> str:
    """A document's file, and its feed item if it is one."""
    return f"{doc.source_path}#{doc.item}" if doc.item else doc.source_path or ""


def get_document(session: Session, document_id: int) -> Document | None:
    """One stored document."""
    return session.get(Document, document_id)
