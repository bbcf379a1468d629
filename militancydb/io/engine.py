"""The import engine shared by every dataset importer.

An importer reads a file into numbered rows and converts each row into an incident or a
:class:`Reject` with the reason. The engine then:

- refuses a file that lacks required columns (nothing is imported, the message lists them);
- rejects a row whose dataset id repeats an earlier row of the same file;
- inserts new incidents in bulk; for an id seen in an earlier import, compares a hash of
  what the dataset now says with what it said then: unchanged rows are left alone, changed
  ones are updated through the normal edit path, so the change log shows what changed;
- records the run, every reject (row number, reason, the raw row) and every warning.

The file is streamed in batches (:data:`BATCH` rows): each batch's dataset ids are looked
up at once (one query per 900 ids, :func:`~militancydb.services.incident_store.held_external_ids`;
the ids met earlier in the file in :class:`~militancydb.io.seen_ids.SeenIds`), its rows
are converted in file order, and its new incidents written in bulk with their change-log
rows. Memory is bounded by a batch, not by the file (the report keeps every reject and
warning, which grow with the rows that have them). With ``workers`` the rows are converted
in other processes while this one writes (:mod:`militancydb.io.import_workers`), and a
batch is written in a thread while the next is read and converted
(:mod:`militancydb.io.import_writer`): the same rows are stored.

By default the import writes in the caller's transaction: an interrupted import stores
nothing, but on SQLite the write-ahead log grows with the whole file until the commit
(some 6 GB for a million UCDP rows). With ``commit=True`` (``militancydb import
--commit-batches``) the engine commits the run's record first and then each batch with its
rejects and the run's counts so far (except for an importer with a last step over the whole
file, GTD's claims: see :func:`commits_by_batch`): the log is checkpointed as it goes and
stays the size of a batch's writes. Each batch is then atomic, not the file: an import
stopped part-way keeps the batches committed before it, and its run says so
(``finished_at`` empty, its counts). Importing the same file again finishes it: the rows
stored already are unchanged (their hash matches), the rest are imported.

Rows are numbered from 1 for the first data row (the header is not counted); for CSV files
the report also gives the file line. What an importer hands the engine is in
:mod:`militancydb.io.importer`, offered here too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session

from militancydb.db.tables import ImportRun, utcnow
from militancydb.domain.incident import IncidentCreate
from militancydb.errors import ImportFailed
from militancydb.io.dataset_merge import Outcome, RowMatcher
from militancydb.io.held_update import Applied, update_held
from militancydb.io.import_setup import (
    SQLITE_IMPORT_CACHE_KIB,
    StoredRejects,
    batches_of,
    collector_spared,
    commits_by_batch,
    count_into,
    dataset_source,
    estimate_rows,
    file_sha256,
    raw_id,
    sqlite_import_pragmas,
)
from militancydb.io.import_workers import ConvertPool, Result, workers_for
from militancydb.io.import_writer import BatchWriter, HeldAhead, thread_safe, write_batch
from militancydb.io.importer import (
    Converted,
    ImportContext,
    Importer,
    ImportReport,
    Prepared,
    RawRow,
    Reject,
    Skip,
)
from militancydb.io.ready_rows import Ready
from militancydb.io.row_hash import RowHasher, row_hash
from militancydb.io.seen_ids import SeenIds
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
from militancydb.services.incident_rows import PreparedIncident, prepare
from militancydb.services.incident_store import HeldId, held_external_ids

__all__ = [
    "BATCH",
    "Converted",
    "ImportContext",
    "ImportReport",
    "Importer",
    "Prepared",
    "Progress",
    "SQLITE_IMPORT_CACHE_KIB",
    "RawRow",
    "Reject",
    "RowHasher",
    "Skip",
    "commits_by_batch",
    "dataset_source",
    "estimate_rows",
    "file_sha256",
    "row_hash",
    "run_import",
    "sqlite_import_pragmas",
]

Progress = Callable[[int, int], None]
#: Rows read, looked up and written together (memory is bounded by a batch, not the file).
BATCH = 5000


def run_import(
    session: Session,
    importer: Importer,
    path: Path,
    kb: Knowledge,
    user: str,
    progress: Progress | None = None,
    *,
    batch_size: int = BATCH,
    commit: bool = False,
    workers: int | None = 0,
) -> ImportReport:
    """Import one file (see the module docstring), streaming it in batches of
    ``batch_size`` rows: memory does not grow with the file. ``commit``: commit the run's
    record and then each batch (the session's transaction is committed as it goes).
    ``workers``: processes converting the rows while this one writes (0: none; None: one
    where it pays, :mod:`militancydb.io.import_workers`); the same rows are stored."""
    started = time.perf_counter()
    if not path.is_file():
        raise ImportFailed(f"no file at {path}; check the path")
    # an importer with a last step over the whole file (GTD's claims, from the rows it
    # converted) could not finish a run stopped part-way: its imports stay one transaction
    commit = commit and commits_by_batch(importer)
    with sqlite_import_pragmas(session, importer, commit), collector_spared():
        report = _run(session, importer, path, kb, user, progress, batch_size, commit, workers)
    report.seconds = time.perf_counter() - started
    return report


def _run(
    session: Session,
    importer: Importer,
    path: Path,
    kb: Knowledge,
    user: str,
    progress: Progress | None,
    batch_size: int,
    commit: bool,
    workers: int | None,
) -> ImportReport:
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
    if commit:
        session.commit()  # the run is on record before any row: its end will say if it ended
    editor = Editor(user=user, reason=f"import {importer.format} {path.name}", import_run_id=run.id)
    report = ImportReport(run_id=run.id, format=importer.format, file=str(path))
    ctx = ImportContext(kb=kb, source_id=source.id, session=session)
    matcher = RowMatcher(importer.system) if importer.match_held else None
    # the thread only where the conversion reads no database (it runs beside the writing)
    writer = BatchWriter(importer.convert_in_workers and not matcher and thread_safe(session))
    batches = _Batches(
        session, importer, report, ctx, editor, matcher, writer, run if commit else None
    )
    total = estimate_rows(path)
    processes = workers_for(workers, importer, total, batch_size)
    dialect = session.get_bind().dialect
    pool = ConvertPool(processes, importer, kb, source, dialect) if processes else None
    try:
        chunks = batches.ahead = HeldAhead(
            batches_of(importer.read(path), batch_size), batches.held_of, writer
        )
        steps = (
            ((b, None) for b in chunks) if pool is None else pool.pipeline(chunks, chunks.held_of)
        )
        for batch, converted in steps:
            batches.take(batch, progress, total, converted)
        writer.wait()
    finally:
        writer.close()  # the batch in flight written (or failed) before anything else
        if pool is not None:
            pool.close()
        batches.close()
    report.rows_total = batches.done
    if progress:
        progress(batches.done, batches.done)
    importer.finish(session, ctx, editor, report)
    batches.stored.record(session, run, report, batch_size)()
    count_into(run, report)
    run.finished_at = utcnow()
    session.flush()
    if commit:
        session.commit()
    return report


class _Batches:
    """The rows of one import, handled a batch at a time: the batch's dataset ids looked up
    at once (held incidents; ids met earlier in the file), its rows converted and placed in
    file order, its new incidents written in bulk."""

    def __init__(
        self,
        session: Session,
        importer: Importer,
        report: ImportReport,
        ctx: ImportContext,
        editor: Editor,
        matcher: RowMatcher | None,
        writer: BatchWriter,
        commit_run: ImportRun | None,
    ) -> None:
        self.session, self.importer, self.report = session, importer, report
        self.ctx, self.editor, self.matcher, self.writer = ctx, editor, matcher, writer
        #: the run whose batches are committed one by one (None: one transaction)
        self.commit_run = commit_run
        self.stored = StoredRejects()  # the report's rejects and conflicts stored already
        self.system, self.seen = importer.system, SeenIds()
        self.hash = RowHasher(importer.rules_version)
        self.held: dict[str, HeldId] = {}
        self.looked_up: set[str] = set()
        self.done = 0
        self.ahead: HeldAhead  # the file's batches (set when read)

    def close(self) -> None:
        self.seen.close()

    def _held(self, ext: str) -> HeldId | None:
        if ext not in self.looked_up:  # an id the converter made (not the raw column's)
            self.looked_up.add(ext)
            self.writer.wait()
            self.held.update(held_external_ids(self.session, self.system, [ext]))
        return self.held.get(ext)

    def held_of(self, rows: list[RawRow | Reject]) -> dict[str, HeldId]:
        """The batch's dataset ids already held."""
        return held_external_ids(self.session, self.system, self._ids(rows))

    def _ids(self, rows: list[RawRow | Reject]) -> list[str]:
        return [i for i in (raw_id(item, self.importer.id_column) for item in rows) if i]

    def take(
        self,
        rows: list[RawRow | Reject],
        progress: Progress | None,
        total: int,
        converted: tuple[dict[str, HeldId], list[Result]] | None = None,
    ) -> None:
        """Handle one batch of rows, in file order; ``converted``: its held ids and the
        results of its whole rows, from the worker processes (None: converted here)."""
        wanted = self._ids(rows)
        self.seen.prefetch(wanted)
        if converted is None:
            self.held = self.ahead.held_of(rows)
            done: Iterator[Result] | None = None
        else:
            self.held, done = converted[0], iter(converted[1])
        self.looked_up = set(wanted)
        new: list[PreparedIncident | Ready] = []
        for item in rows:
            pre = None if done is None or isinstance(item, Reject) else next(done)
            self._row(item, new, pre)
            self.done += 1
            if progress and self.done % 250 == 0:
                progress(self.done, max(total, self.done))
        self.seen.end_batch()
        self.report.rows_total, run, n = self.done, self.commit_run, len(rows) or 1
        record = None if run is None else self.stored.record(self.session, run, self.report, n)
        self.ahead.look_ahead()  # the next batch's held ids asked first
        self.writer.write(partial(write_batch, self.session, new, self.editor, record))

    def _row(
        self, item: RawRow | Reject, new: list[PreparedIncident | Ready], pre: Result | None = None
    ) -> None:
        report, system, seen = self.report, self.system, self.seen
        if isinstance(item, Reject):
            # the row does not fit the header (short, long, cut off): never merged. Its id,
            # if readable, still counts as seen: a later row with the same id is a duplicate
            # as it would be had the row been whole
            report.rejects.append(item)
            broken_id = raw_id(item, self.importer.id_column)
            if broken_id:
                seen.add(broken_id, item.row)
            return
        row_no, line, raw = item
        ext = raw_id(item, self.importer.id_column) or None
        first = seen.get(ext) if ext is not None else None
        if first is not None:
            report.rejects.append(
                Reject(
                    row_no, f"duplicate {system} id {ext} (first seen in row {first})", raw, line
                )
            )
            return
        if ext is not None:
            seen.add(ext, row_no)
        digest = self.hash(raw) if pre is None else pre[0]
        held = self._held(ext) if ext is not None else None
        if held is not None and held.content_hash == digest:
            # the dataset says exactly what it said at the last import: nothing to do
            report.unchanged += 1
            return
        result: Converted | Prepared | Ready | Reject | Skip
        if pre is not None and pre[1] is not None:  # converted by a worker process
            result = pre[1]
        elif self.matcher is None:
            result = self.importer.convert_to_store(row_no, raw, self.ctx)
        else:  # matching needs the incident's model
            result = self.importer.convert(row_no, raw, self.ctx)
        if isinstance(result, Skip):
            report.skipped += 1
            report.skip_reasons[result.reason] = report.skip_reasons.get(result.reason, 0) + 1
        elif isinstance(result, Reject):
            report.rejects.append(Reject(row_no, result.reason, raw, line))
        elif result.external_id != ext and result.external_id in seen:
            report.rejects.append(
                Reject(
                    row_no,
                    f"duplicate {system} id {result.external_id} "
                    f"(first seen in row {seen.get(result.external_id)})",
                    raw,
                    line,
                )
            )
        else:
            seen.add(result.external_id, row_no)
            report.warnings += [(row_no, w) for w in result.warnings]
            self._place(result, digest, new)

    def _place(
        self, c: Converted | Prepared | Ready, digest: str, new: list[PreparedIncident | Ready]
    ) -> None:
        report, system = self.report, self.system
        if isinstance(c, Ready):  # a new incident's rows, made by a worker (its id not held)
            new.append(c)
            report.inserted += 1
            return
        held = self._held(c.external_id)
        if held is not None or not isinstance(c, Prepared):
            self.writer.wait()  # the database is read or written below: the writer idle
        if held is not None and (held.content_hash == digest or held.deleted):
            if held.deleted:
                report.warnings.append(
                    (c.row, f"incident {held.incident_id} for this row is deleted; left as it is")
                )
            report.unchanged += 1
            return
        data: IncidentCreate | None = None
        if isinstance(c, Prepared):
            prepared = c.prepared
            prepared.external_ids = {system: c.external_id}
        else:
            data = c.data.model_copy(update={"external_ids": {system: c.external_id}})
            prepared, errors = prepare(
                self.session,
                data,
                self.ctx.kb,
                strict_actors=False,
                citations=c.citations,
                location=c.location,
            )
            if errors:
                report.rejects.append(Reject(c.row, "; ".join(str(e) for e in errors)))
                return
        if held is not None:
            done = update_held(
                self.session, held.incident_id, prepared, system, c.external_id, digest, self.editor
            )
            if done.applied is Applied.CONFLICT:
                report.conflicts.append(Reject(c.row, done.message))
            elif done.applied is Applied.UNCHANGED:
                report.unchanged += 1
            else:
                report.updated += 1
            return
        prepared.content_hash = digest
        if self.matcher is not None:
            # convert_to_store is not asked when matching: the row has its model
            assert isinstance(c, Converted) and data is not None
            found = self.matcher.check(
                self.session, c.row, c.external_id, data, c.location, prepared, self.editor
            )
            if found is not None and found[0] is Outcome.MERGED:
                report.merges.append(found[1])
                return
            if found is not None:
                report.possible_duplicates.append(found[1])
        new.append(prepared)
        report.inserted += 1
