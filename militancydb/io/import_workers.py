"""Conversion in worker processes, pipelined with the writing of the import engine.

What an importer makes of a row (its hash, the incident checked and made into the rows to
store, or the reject and its reason) is a pure function of the row, the knowledge base and
the importer's memos, for an importer that says so (:attr:`Importer.convert_in_workers`:
its conversion reads no database). Such rows can be converted in other processes while
the importing process writes: :class:`ConvertPool` hands each batch of rows to a worker
process and gives the results back in the order the batches were sent, so the engine
places them exactly as it would have converted them (the same ids, rejects, duplicates and
stored bytes; the engine still decides everything that depends on the database or on
earlier rows: rows met before in the file, held incidents, writing).

A batch's held dataset ids (with the hash of what the dataset last said) go with it: a row
whose hash is unchanged is not converted, as in one process. Holding a batch's ids before
the previous batch is written gives the same answer: an id written by an earlier batch of
the file is a repeat of an id met earlier in the file, which the engine rejects before
asking whether it is held.

The workers are started by ``fork`` (Linux; where it is missing, the import runs in one
process): they inherit the importer as configured and the knowledge base (read before they
start: a worker never uses the database connection it inherits), and each keeps its own
memos. A worker that dies makes the import stop with
:class:`~militancydb.errors.ImportFailed` (batches committed before it are kept: running the
import again finishes it).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from sqlalchemy import Dialect

from militancydb.db.tables import Source
from militancydb.errors import ImportFailed
from militancydb.io.importer import (
    Converted,
    ImportContext,
    Importer,
    Prepared,
    RawRow,
    Reject,
    Skip,
)
from militancydb.io.ready_rows import PlainSource, Ready, ReadyMaker
from militancydb.io.row_hash import RowHasher
from militancydb.knowledge.loader import Knowledge
from militancydb.services.incident_store import HeldId

#: What a worker gives back for one row: its hash and what it converted to (None: the row
#: is held with this very hash, so it was not converted; :class:`Ready`: a new incident's
#: rows to store).
Result = tuple[str, Converted | Prepared | Ready | Reject | Skip | None]
#: A row sent to a worker: its number and its cells.
Sent = tuple[int, dict[str, str]]

#: Batches sent ahead of the one being written, per worker.
AHEAD = 1

_STATE: dict[str, Any] = {}


def workers_for(
    requested: int | None,
    importer: Importer,
    rows: int,
    batch_size: int,
    load: float | None = None,
) -> int:
    """How many worker processes an import uses: ``requested`` (0: none), or when None one
    when the machine has two CPUs or more, one of them idle beside this process (the load
    average of the last minute, ``load``, at most the CPUs less one) and the file (``rows``,
    estimated) more than one batch. 0 where the importer's conversion cannot run elsewhere
    or ``fork`` is missing.

    A worker pays only with a core to run on: on two busy cores the import was slower with
    one (100,000 rows at load 3.5: 3,358 rows/s against 4,619 on SQLite, 1,257 against
    3,052 on PostgreSQL; docs/benchmarks.md)."""
    if requested is not None and requested < 0:
        raise ImportFailed(f"--workers must be 0 or more, not {requested}")
    if not importer.convert_in_workers or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    if requested is None:
        cpus = os.cpu_count() or 1
        busy = os.getloadavg()[0] if load is None else load
        return 1 if cpus >= 2 and busy <= cpus - 1 and rows > batch_size else 0
    return requested


class ConvertPool:
    """Worker processes converting batches of rows; results in the order sent."""

    def __init__(
        self, workers: int, importer: Importer, kb: Knowledge, source: Source, dialect: Dialect
    ) -> None:
        """``source``: the dataset's; ``dialect``: the database's (the rows are made in its
        driver's form)."""
        plain = PlainSource(
            source.id, source.key, source.publisher, source.title, source.url, source.published
        )
        maker = None if importer.match_held else ReadyMaker(dialect, {source.id: plain})
        # a knowledge base read when first used (the command's) is read now: a worker must
        # not use the database connection it inherits (its messages would interleave with
        # this process's on the one socket)
        _ = kb.registry, kb.gazetteer
        # objects made so far are left out of the workers' cycle collection, so that its
        # passes do not write to (and copy) the pages the workers share with this process
        # (run_import has frozen them already)
        froze = not gc.get_freeze_count()
        if froze:
            gc.freeze()
        try:
            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start,
                initargs=(importer, kb, source.id, maker),
            )
            # the processes are forked now, while this process has no other thread
            self.pool.submit(_ready).result()
        finally:
            if froze:
                gc.unfreeze()
        self.workers = workers

    @property
    def ahead(self) -> int:
        """How many batches to keep sent ahead of the one being written."""
        return AHEAD * self.workers

    def pipeline(
        self,
        batches: Iterable[list[RawRow | Reject]],
        held_of: Callable[[list[RawRow | Reject]], dict[str, HeldId]],
    ) -> Iterator[tuple[list[RawRow | Reject], tuple[dict[str, HeldId], list[Result]]]]:
        """Each batch with its held ids (``held_of``, asked when it is sent) and the results
        of its rows that were read whole (:data:`RawRow`, in order), batch by batch in file
        order, while the next :attr:`ahead` batches are being converted."""
        flight: deque[tuple[list[RawRow | Reject], dict[str, HeldId], Future[bytes]]]
        flight = deque()
        for batch in batches:
            held = held_of(batch)
            sent = [(item[0], item[2]) for item in batch if not isinstance(item, Reject)]
            hashes = {k: h.content_hash for k, h in held.items() if h.content_hash is not None}
            flight.append((batch, held, self.submit(sent, hashes)))
            if len(flight) > self.ahead:
                done, held_done, future = flight.popleft()
                yield done, (held_done, self.results(future))
        while flight:
            done, held_done, future = flight.popleft()
            yield done, (held_done, self.results(future))

    def submit(self, rows: Sequence[Sent], held: dict[str, str]) -> Future[bytes]:
        """Send one batch: its rows, and the hash of each of its held dataset ids. Where the
        workers are gone, the batch's results are that error (the batches sent before it
        are still taken, in order)."""
        try:
            return self.pool.submit(convert_packed, list(rows), held)
        except BrokenProcessPool as exc:
            failed: Future[bytes] = Future()
            failed.set_exception(exc)
            return failed

    @staticmethod
    def results(future: Future[bytes]) -> list[Result]:
        """A batch's results (ImportFailed if its worker died), unpickled only now: the
        batches in flight are held as bytes, not as objects, and without the cycle
        collector walking the new objects."""
        try:
            packed = future.result()
        except BrokenProcessPool as exc:
            raise _died(exc) from exc
        collecting = gc.isenabled()
        gc.disable()
        try:
            out: list[Result] = pickle.loads(packed)
        finally:
            if collecting:
                gc.enable()
        return out

    def close(self) -> None:
        """Stop the workers (batches still in flight are dropped)."""
        self.pool.shutdown(wait=True, cancel_futures=True)


def _died(exc: BaseException) -> ImportFailed:
    return ImportFailed(
        "a conversion worker process stopped before its batch was done "
        f"({exc}); nothing of that batch was stored. The batches committed before it are "
        "kept (with --commit-batches): run the same import again to finish it, or with "
        "--workers 0 to convert in one process"
    )


def _start(importer: Importer, kb: Knowledge, source_id: int, maker: ReadyMaker | None) -> None:
    # Ctrl-C is the importing process's to handle: it stops the workers (pool.close)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare(importer, kb, source_id, maker)


def prepare(importer: Importer, kb: Knowledge, source_id: int, maker: ReadyMaker | None) -> None:
    """What a worker holds: the importer, its own context (memos), the row hasher and the
    maker of the rows to store (set in each worker; in this process for a test)."""
    _STATE["importer"], _STATE["maker"] = importer, maker
    _STATE["ctx"] = ImportContext(kb=kb, source_id=source_id, session=None)
    _STATE["hash"] = RowHasher(importer.rules_version)


def _ready() -> int:
    return os.getpid()


def convert_packed(rows: list[Sent], held: dict[str, str]) -> bytes:
    """:func:`convert_batch`, pickled in the worker: the importing process receives one bytes
    object a batch and unpickles it when it writes the batch."""
    return pickle.dumps(convert_batch(rows, held), protocol=pickle.HIGHEST_PROTOCOL)


def convert_batch(rows: list[Sent], held: dict[str, str]) -> list[Result]:
    """A batch's rows converted in a worker (see :data:`Result`); ``held``: the hash of each
    of the batch's held dataset ids."""
    importer: Importer = _STATE["importer"]
    ctx: ImportContext = _STATE["ctx"]
    digest_of: RowHasher = _STATE["hash"]
    column = importer.id_column
    maker: ReadyMaker | None = _STATE["maker"]
    convert = importer.convert if importer.match_held else importer.convert_to_store
    out: list[Result] = []
    for row_no, raw in rows:
        digest = digest_of(raw)
        ext = (raw.get(column) or "").strip()
        if ext and held.get(ext) == digest:
            out.append((digest, None))
            continue
        result = convert(row_no, raw, ctx)
        if (
            maker is not None
            and isinstance(result, Prepared)
            and result.external_id == ext
            and ext not in held
        ):
            # a new incident (not held; the engine rejects it if its id was met earlier in
            # the file): its rows as the engine would store them
            p = result.prepared
            p.external_ids, p.content_hash = {importer.system: ext}, digest
            out.append((digest, maker.make(row_no, p, result.warnings) or result))
        else:
            out.append((digest, result))
    return out
