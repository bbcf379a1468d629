"""The import engine shared by every dataset importer.

An importer reads a file into numbered rows and converts each row into an incident or a
:class:`Reject` with the reason. The engine then:

- refuses a file that lacks required columns (nothing is imported, the message lists them);
- rejects a row whose dataset id repeats an earlier row of the same file;
- inserts new incidents in bulk; for an id seen in an earlier import, compares a hash of
  what the dataset now says with what it said then: unchanged rows are left alone, changed
  ones are updated through the normal edit path, so the change log shows what changed;
- records the run, every reject (row number, reason, the raw row) and every warning.

Rows are numbered from 1 for the first data row (the header is not counted); for CSV files
the report also gives the file line.
"""

from __future__ import annotations

import gc
import hashlib
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from militancydb.db.tables import (
    ChangeLog,
    ExternalId,
    ImportReject,
    ImportRun,
    Incident,
    Source,
    utcnow,
)
from militancydb.domain.incident import IncidentCreate, IncidentPublic
from militancydb.errors import ImportFailed, StaleEdit
from militancydb.io.dataset_merge import Outcome, RowMatch, RowMatcher
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
from militancydb.services.incident_rows import (
    PreparedIncident,
    prepare,
    snapshot,
    snapshot_from_prepared,
)
from militancydb.services.incident_store import _load, _public, _replace, write_new
from militancydb.services.locations import ResolvedLocation

Progress = Callable[[int, int], None]
BATCH = 2000
#: A row as an importer reads it: (row number, file line or None, {column: cell}).
RawRow = tuple[int, int | None, dict[str, str]]


@dataclass(frozen=True)
class Reject:
    """A row the importer could not take."""

    row: int
    reason: str
    raw: dict[str, Any] | None = None
    line: int | None = None


@dataclass(frozen=True)
class Skip:
    """A row the importer leaves out on purpose (e.g. outside the countries asked for):
    counted in the report, not rejected."""

    row: int
    reason: str


@dataclass
class Converted:
    """A row turned into an incident, ready to store."""

    row: int
    external_id: str
    data: IncidentCreate
    location: ResolvedLocation
    #: Citation rows ready to store (source_id, locator, excerpt); None: cite the sources
    #: listed in ``data.sources`` (created if new).
    citations: list[dict[str, Any]] | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did."""

    run_id: int
    format: str
    file: str
    rows_total: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    #: Why rows were skipped, with how many each.
    skip_reasons: dict[str, int] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    conflicts: list[Reject] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    #: Rows merged into an incident already held (no second incident stored).
    merges: list[RowMatch] = field(default_factory=list)
    #: Rows stored as new incidents, linked as a possible duplicate of a held one (to review).
    possible_duplicates: list[RowMatch] = field(default_factory=list)
    #: Dataset claims recorded as new claims / matched to a claim already held (the
    #: dataset added as its source), by importers that record claims.
    claims_recorded: int = 0
    claims_matched: int = 0
    seconds: float = 0.0

    @property
    def merged(self) -> int:
        """Rows merged into a held incident."""
        return len(self.merges)

    @property
    def linked(self) -> int:
        """Rows inserted and linked as a possible duplicate (also counted in ``inserted``)."""
        return len(self.possible_duplicates)

    @property
    def rejected(self) -> int:
        """Rows rejected."""
        return len(self.rejects)

    @property
    def accounted(self) -> bool:
        """Every row is imported, updated, unchanged, rejected or in conflict."""
        total = self.inserted + self.updated + self.unchanged + self.rejected + self.skipped
        total += self.merged
        return total + len(self.conflicts) == self.rows_total


@dataclass
class ImportContext:
    """What a converter may use: the knowledge base, the dataset's source, caches."""

    kb: Knowledge
    source_id: int
    session: Session | None = None
    cache: dict[Any, Any] = field(default_factory=dict)


class Importer(ABC):
    """One external format."""

    format: str
    system: str
    #: The column holding the dataset's own id (duplicates within a file are rejected).
    id_column: str = "id"
    #: Part of every row's hash: when the conversion rules change, a re-import updates the
    #: rows whose result changed. Importers that read keywords.yaml add its hash.
    rules_version: str = "1"
    required_columns: tuple[str, ...] = ()
    source: dict[str, Any] = {}
    #: Options the importer takes (e.g. ``countries`` for ``militancydb import --country``).
    options: tuple[str, ...] = ()
    #: New rows are matched against the held incidents (``io/dataset_merge.py``): a
    #: confident match is merged into the held incident, an uncertain one linked to it.
    match_held: bool = True

    def configure(self, **options: Any) -> None:
        """Set the options named in :attr:`options` (the registry checks the names)."""
        for name, value in options.items():
            setattr(self, name, value)

    def finish(  # noqa: B027 (a hook: doing nothing is the default)
        self, session: Session, ctx: ImportContext, editor: Editor, report: ImportReport
    ) -> None:
        """Called once after every row is stored (default: nothing); e.g. records that need
        the incidents' ids, such as claims. Problems go to ``report.warnings``."""

    @abstractmethod
    def read(self, path: Path) -> Iterator[RawRow | Reject]:
        """Yield (row number, file line, raw row), or a :class:`Reject` for a row that does not
        fit the file's header; raise ImportFailed for a file that cannot be read at all."""

    @abstractmethod
    def convert(
        self, row: int, raw: dict[str, str], ctx: ImportContext
    ) -> Converted | Reject | Skip:
        """Turn one raw row into an incident, or say why not (Reject), or leave it out on
        purpose (Skip)."""

    def check_columns(self, columns: list[str] | None, path: Path) -> None:
        """Refuse a file that lacks required columns."""
        have = set(columns or [])
        missing = [c for c in self.required_columns if c not in have]
        if missing:
            raise ImportFailed(
                f"{path.name} is not a {self.format} file: missing column(s) "
                f"{', '.join(missing)}. Expected at least: {', '.join(self.required_columns)}."
            )


def row_hash(raw: dict[str, Any], rules_version: str) -> str:
    """A hash of what a dataset row says (and of the rules that read it)."""
    blob = orjson.dumps([rules_version, sorted(raw.items())])
    return hashlib.sha1(blob).hexdigest()


def file_sha256(path: Path) -> str:
    """Hash of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def dataset_source(session: Session, spec: dict[str, Any]) -> Source:
    """The source row standing for a dataset (created once, found by key afterwards)."""
    row = session.scalar(select(Source).where(Source.key == spec["key"]))
    if row is None:
        row = Source(**spec)
        session.add(row)
        session.flush()
    return row


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Keep Python's cycle collector off the long-lived objects (the knowledge base) during a
    bulk import: it would otherwise rescan them over and over as rows are created."""
    old = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def run_import(
    session: Session,
    importer: Importer,
    path: Path,
    kb: Knowledge,
    user: str,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one file (see the module docstring)."""
    started = time.perf_counter()
    if not path.is_file():
        raise ImportFailed(f"no file at {path}; check the path")
    source = dataset_source(session, importer.source)
    run = ImportRun(
        format=importer.format,
        file_name=str(path),
        file_sha256=file_sha256(path),
        user=user,
        source_id=source.id,
    )
    session.add(run)
    session.flush()
    editor = Editor(user=user, reason=f"import {importer.format} {path.name}", import_run_id=run.id)
    report = ImportReport(run_id=run.id, format=importer.format, file=str(path))
    ctx = ImportContext(kb=kb, source_id=source.id, session=session)
    known = {
        e: (i, h)
        for e, i, h in session.execute(
            select(ExternalId.external_id, ExternalId.incident_id, ExternalId.content_hash).where(
                ExternalId.system == importer.system
            )
        )
    }
    deleted = set(session.scalars(select(Incident.id).where(Incident.deleted.is_(True))))
    rows = list(importer.read(path))
    report.rows_total = len(rows)
    matcher = RowMatcher(importer.system) if importer.match_held else None
    with quiet_gc():
        _run(session, importer, rows, known, deleted, report, ctx, editor, progress, matcher)
    importer.finish(session, ctx, editor, report)
    stored = [(r, r.reason) for r in report.rejects]
    stored += [(r, f"conflict: {r.reason}") for r in report.conflicts]
    if stored:
        session.execute(
            insert(ImportReject),
            [
                {"run_id": run.id, "row_number": r.row, "reason": reason, "raw": r.raw}
                for r, reason in stored
            ],
        )
    run.rows_total = report.rows_total
    run.inserted, run.updated, run.unchanged = report.inserted, report.updated, report.unchanged
    run.rejected = report.rejected
    run.finished_at = utcnow()
    session.flush()
    report.seconds = time.perf_counter() - started
    return report


def _run(
    session: Session,
    importer: Importer,
    rows: list[RawRow | Reject],
    known: dict[str, tuple[int, str | None]],
    deleted: set[int],
    report: ImportReport,
    ctx: ImportContext,
    editor: Editor,
    progress: Progress | None,
    matcher: RowMatcher | None = None,
) -> None:
    seen: dict[str, int] = {}
    batch: list[PreparedIncident] = []
    for n, item in enumerate(rows, start=1):
        if isinstance(item, Reject):
            # the row does not fit the header (short, long, cut off): never merged. Its id,
            # if readable, still counts as seen: a later row with the same id is a duplicate
            # as it would be had the row been whole
            report.rejects.append(item)
            broken_id = ((item.raw or {}).get(importer.id_column) or "").strip()
            if broken_id:
                seen.setdefault(broken_id, item.row)
            if progress and n == len(rows):
                progress(n, len(rows))
            continue
        row_no, line, raw = item
        ext = (raw.get(importer.id_column) or "").strip() or None
        if ext is not None and ext in seen:
            report.rejects.append(
                Reject(
                    row_no,
                    f"duplicate {importer.system} id {ext} (first seen in row {seen[ext]})",
                    raw,
                    line,
                )
            )
        else:
            if ext is not None:
                seen[ext] = row_no
            digest = row_hash(raw, importer.rules_version)
            if ext is not None and ext in known and known[ext][1] == digest:
                # the dataset says exactly what it said at the last import: nothing to do
                report.unchanged += 1
            else:
                result = importer.convert(row_no, raw, ctx)
                if isinstance(result, Skip):
                    report.skipped += 1
                    reasons = report.skip_reasons
                    reasons[result.reason] = reasons.get(result.reason, 0) + 1
                elif isinstance(result, Reject):
                    report.rejects.append(Reject(row_no, result.reason, raw, line))
                elif result.external_id != ext and result.external_id in seen:
                    report.rejects.append(
                        Reject(
                            row_no,
                            f"duplicate {importer.system} id {result.external_id} "
                            f"(first seen in row {seen[result.external_id]})",
                            raw,
                            line,
                        )
                    )
                else:
                    seen.setdefault(result.external_id, row_no)
                    report.warnings += [(row_no, w) for w in result.warnings]
                    _place(
                        session,
                        result,
                        digest,
                        known,
                        deleted,
                        batch,
                        report,
                        ctx,
                        editor,
                        importer.system,
                        matcher,
                    )
        if len(batch) >= BATCH:
            write_new(session, batch, editor)
            batch = []
        if progress and (n % 250 == 0 or n == len(rows)):
            progress(n, len(rows))
    write_new(session, batch, editor)


#: Fields of an incident's JSON form that say who stored it when, not what it says.
_META = ("id", "version", "deleted", "created_at", "created_by", "updated_at", "updated_by")


def _same(session: Session, before: IncidentPublic, prepared: PreparedIncident) -> bool:
    """Whether storing ``prepared`` would leave the incident saying what it says now."""
    ids = {c["source_id"] for c in prepared.citations}
    sources = {i: session.get(Source, i) for i in ids}
    if any(s is None for s in sources.values()):
        return False
    now = snapshot(before)
    meta = {k: now[k] for k in _META}
    would = snapshot_from_prepared(before.id, meta, prepared, sources)  # type: ignore[arg-type]
    return bool(would == now)


def _place(
    session: Session,
    c: Converted,
    digest: str,
    known: dict[str, tuple[int, str | None]],
    deleted: set[int],
    batch: list[PreparedIncident],
    report: ImportReport,
    ctx: ImportContext,
    editor: Editor,
    system: str,
    matcher: RowMatcher | None = None,
) -> None:
    data = c.data.model_copy(update={"external_ids": {system: c.external_id}})
    if c.external_id in known:
        incident_id, old = known[c.external_id]
        if old == digest or incident_id in deleted:
            if incident_id in deleted:
                report.warnings.append(
                    (c.row, f"incident {incident_id} for this row is deleted; left as it is")
                )
            report.unchanged += 1
            return
        prepared, errors = prepare(
            session,
            data,
            ctx.kb,
            strict_actors=False,
            citations=c.citations,
            location=c.location,
        )
        if errors:
            report.rejects.append(Reject(c.row, "; ".join(str(e) for e in errors)))
            return
        prepared.content_hash = digest
        last = session.execute(
            select(ChangeLog.user, ChangeLog.reason, ChangeLog.import_run_id, ChangeLog.at)
            .where(ChangeLog.entity_type == "incident", ChangeLog.entity_id == str(incident_id))
            .order_by(ChangeLog.id.desc())
            .limit(1)
        ).first()
        others = session.scalars(
            select(ExternalId.system).where(
                ExternalId.incident_id == incident_id, ExternalId.system != system
            )
        ).all()
        if others:
            # the incident also stands for another dataset's record (merged): one dataset's
            # new release does not overwrite what the others say
            report.conflicts.append(
                Reject(
                    c.row,
                    f"{system} id {c.external_id} changed in the dataset, but incident "
                    f"{incident_id} also holds the record of {', '.join(sorted(set(others)))}; "
                    f"not overwritten. Compare with `militancydb history {incident_id}` and "
                    "edit it by hand.",
                )
            )
            return
        if last is not None and last.import_run_id is None:
            # a person edited the incident after the last import: the dataset's change is not
            # applied over their edit; it is reported for them to settle
            report.conflicts.append(
                Reject(
                    c.row,
                    f"{system} id {c.external_id} changed in the dataset, but incident "
                    f"{incident_id} was edited by {last.user} on {last.at:%Y-%m-%d} since the "
                    f"last import ({last.reason or 'no reason given'}); not overwritten. "
                    f"Compare with `militancydb history {incident_id}` and edit it by hand.",
                )
            )
            return
        row = _load(session, incident_id)
        before = _public(session, [row])[0]
        if _same(session, before, prepared):
            # the row reads differently (a column added to the file, a rules change) but
            # says the same: no new version, only the remembered hash moves on
            for ext in row.external_ids:
                if ext.system == system:
                    ext.content_hash = digest
            report.unchanged += 1
            return
        try:
            _replace(session, row, before, prepared, editor, "update")
        except StaleEdit as exc:  # edited by someone else during this import
            report.conflicts.append(
                Reject(c.row, f"{system} id {c.external_id}: {exc}; not overwritten")
            )
            return
        report.updated += 1
        return
    prepared, errors = prepare(
        session, data, ctx.kb, strict_actors=False, citations=c.citations, location=c.location
    )
    if errors:
        report.rejects.append(Reject(c.row, "; ".join(str(e) for e in errors)))
        return
    prepared.content_hash = digest
    if matcher is not None:
        found = matcher.check(session, c.row, c.external_id, data, c.location, prepared, editor)
        if found is not None and found[0] is Outcome.MERGED:
            report.merges.append(found[1])
            return
        if found is not None:
            report.possible_duplicates.append(found[1])
    batch.append(prepared)
    report.inserted += 1
