"""``militancydb ingest``: news documents into the database, the incidents extracted from
them queued for ``militancydb review``. One service call (:func:`services.documents.ingest`);
this module draws the progress, turns Ctrl-C and SIGTERM into the message that says what was
kept, and prints the summary."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Annotated

import typer

from militancydb.cli.common import (
    EXIT_INTERRUPTED,
    console,
    editor,
    fail,
    handle_errors,
    knowledge,
    parse_date,
    session,
)
from militancydb.cli.progress import progress_bar
from militancydb.nlp.lexicon import lexicon_from
from militancydb.services.documents import IngestReport, ingest

#: documents not extracted named one per line after an ingest (the rest counted)
NAMED = 50


@contextmanager
def _terminated_as_interrupt() -> Iterator[None]:
    """SIGTERM (``kill``, a scheduler's stop, ``timeout``) ends an ingest as Ctrl-C does: the
    unfinished batch rolled back, and the user told what was kept and how to go on (without
    this the process died without a word)."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        before = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave the signal as it is
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


@handle_errors
def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files or folders: text, HTML, RSS/Atom.")],
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication date of documents that carry none."),
    ] = None,
    no_merge: Annotated[
        bool, typer.Option("--no-merge", help="Queue every candidate; merge nothing by itself.")
    ] = False,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            help="Language (e.g. en) of documents whose text is too short or unclear to tell "
            "it; en reads them, also those stored before as undetermined.",
        ),
    ] = None,
) -> None:
    """Store news documents, extract incidents from the English ones, queue them for review.
    Documents already stored are recognised by their content hash and skipped, so an
    interrupted run can simply be started again."""
    day = parse_date(published, "--published")
    if language is not None and not re.fullmatch(r"[a-z]{2}", language.strip().lower()):
        fail(f"--language {language!r} is not a two-letter language code (e.g. en, ur)", 2)
    lang = language.strip().lower() if language else None
    r = IngestReport()
    with progress_bar("ingesting", "files") as bar:

        def progress(path: str, done: IngestReport) -> None:
            bar(1)
            bar.describe(
                f"{done.stored:,} stored, {done.skipped_seen:,} already held, "
                f"{done.incidents:,} incidents"
            )

        try:
            with session() as s, _terminated_as_interrupt():
                lex = lexicon_from(knowledge(s))
                ingest(
                    s, paths, lex, editor("ingest"), published=day, auto_merge=not no_merge,
                    progress=progress, report=r, language=lang,
                )  # fmt: skip
        except KeyboardInterrupt:
            fail(
                f"interrupted after {r.files:,} files: {r.kept:,} documents were stored and "
                "are kept (the last unfinished batch was not); run the same command again to "
                "go on — documents already stored are skipped by their hash",
                EXIT_INTERRUPTED,
            )
    console.print(
        f"{r.files:,} files: {r.stored:,} documents stored, {r.skipped_seen:,} already held "
        f"(skipped), {r.not_extracted:,} not extracted (language or size), "
        f"{len(r.errors):,} rejected"
    )
    console.print(
        f"{r.incidents:,} incidents found: {r.auto_merged:,} merged into held incidents, "
        f"{r.pending:,} waiting in `militancydb review list`"
    )
    if r.reread:
        console.print(f"{r.reread:,} held documents whose language was not told read as {lang}")
    for path, reason in r.errors:
        console.print(f"  rejected {path}: {reason}")
    for where, reason in r.not_read[:NAMED]:
        console.print(f"  not extracted {where}: {reason}")
    if len(r.not_read) > NAMED:
        console.print(
            f"  ... and {len(r.not_read) - NAMED:,} more not extracted; a document whose "
            "language the text does not tell is read with --language en"
        )
    elif any("not told" in why or "too little text" in why for _, why in r.not_read):
        console.print("  (a document whose language the text does not tell: --language en)")
