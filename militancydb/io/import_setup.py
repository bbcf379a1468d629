"""What an import needs around its rows: the file's hash and an estimate of its rows (for
the progress callback), the source row standing for a dataset, the SQLite page cache
an import's connection uses (:func:`sqlite_import_pragmas`), the rows in batches and the
rejects stored."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from militancydb.db.tables import ImportReject, ImportRun, Source
from militancydb.io.import_indexes import indexes_deferred
from militancydb.io.importer import Importer, ImportReport, RawRow, Reject


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


def estimate_rows(path: Path) -> int:
    """About how many data rows a text file holds (its lines less the header), read as
    bytes: the progress callback's total before the rows are counted. 0 for a workbook."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return 0
    lines = 0
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0)


#: The page cache of a SQLite connection during an import, in KiB (the default is 2 MiB):
#: the indexes of the tables written (change log, citations, dataset ids) stay in memory.
SQLITE_IMPORT_CACHE_KIB = 65_536


@contextmanager
def sqlite_import_pragmas(
    session: Session, importer: Importer | None = None, commit: bool = False
) -> Iterator[None]:
    """On SQLite, a larger page cache for the import's connection (set back afterwards)
    and, given the ``importer`` (and ``commit``: whether the import commits as it goes), the
    secondary indexes built at the end of a first import
    (:func:`~militancydb.io.import_indexes.indexes_deferred`). Nothing that weakens
    durability: the journal and ``synchronous`` stay as they are."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    before = dbapi.execute("PRAGMA cache_size").fetchone()[0]
    dbapi.execute(f"PRAGMA cache_size=-{SQLITE_IMPORT_CACHE_KIB}")
    try:
        if importer is None:
            yield
        else:
            with indexes_deferred(session, importer, commit):
                yield
    finally:
        # the session may be on another connection by now (after a commit): set back the
        # one the pragma went to, if it is still open
        try:
            dbapi.execute(f"PRAGMA cache_size={int(before)}")
        except Exception:  # noqa: BLE001 (a closed connection keeps nothing to set back)
            pass


@contextmanager
def collector_spared() -> Iterator[None]:
    """Python's cycle collector leaves alone the objects made before the import (the
    knowledge base, the mappings: a few hundred thousand), which its full passes would
    otherwise walk again and again while the import makes and drops millions of small
    objects (a batch taken back from a worker process: 33 µs a row with them walked, 7
    without). Objects made during the import are collected as always; nothing is changed
    where the caller froze them already."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def batches_of(items: Iterable[RawRow | Reject], size: int) -> Iterator[list[RawRow | Reject]]:
    """The rows in batches of ``size``; the last one may be short or empty."""
    batch: list[RawRow | Reject] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    yield batch


def store_rejects(
    session: Session, run_id: int, rejects: Sequence[tuple[Reject, str]], chunk: int
) -> None:
    """Store rejected rows (each with the reason to store), ``chunk`` rows a statement."""
    for start in range(0, len(rejects), chunk):
        session.execute(
            insert(ImportReject),
            [
                {"run_id": run_id, "row_number": r.row, "reason": reason, "raw": r.raw}
                for r, reason in rejects[start : start + chunk]
            ],
        )


def count_into(run: ImportRun, report: ImportReport) -> None:
    """The report's counts into the run's record."""
    run.rows_total, run.inserted, run.updated = report.rows_total, report.inserted, report.updated
    run.unchanged, run.rejected = report.unchanged, report.rejected


class StoredRejects:
    """How many of an import report's rejects and conflicts are stored already."""

    def __init__(self) -> None:
        self.rejects = self.conflicts = 0

    def record(
        self, session: Session, run: ImportRun, report: ImportReport, chunk: int
    ) -> Callable[[], None]:
        """What a batch records beside its rows, taken from ``report`` now and stored
        when the step returned is called (by the import's writer, while the report goes
        on): the rejects and conflicts not stored yet (rejects first), ``chunk`` rows a
        statement, and the run's counts so far."""
        rows = [(r, r.reason) for r in report.rejects[self.rejects :]]
        rows += [(r, f"conflict: {r.reason}") for r in report.conflicts[self.conflicts :]]
        self.rejects, self.conflicts = len(report.rejects), len(report.conflicts)
        counts = (report.rows_total, report.inserted, report.updated, report.unchanged)
        rejected = report.rejected

        def step() -> None:
            store_rejects(session, run.id, rows, chunk)
            run.rows_total, run.inserted, run.updated, run.unchanged = counts
            run.rejected = rejected

        return step


def commits_by_batch(importer: Importer) -> bool:
    """Whether ``run_import(..., commit=True)`` commits batch by batch for this importer:
    not when it has a last step (:meth:`Importer.finish`) that needs every row converted."""
    return type(importer).finish is Importer.finish


def raw_id(item: RawRow | Reject, column: str) -> str:
    """The dataset id a row gives in ``column`` (stripped; "" if none)."""
    raw = (item.raw or {}) if isinstance(item, Reject) else item[2]
    return (raw.get(column) or "").strip()
