"""Conversion in worker processes, pipelined with the writing of the import engine.

What an importer makes of a row (its hash, the incident checked and made into the rows to
store, or the reject and its reason) is a pure function of the row, the knowledge base and
the importer's memos, for an importer that says so (:attr:`Importer.convert_in_workers`:
its conversion reads no database). Such rows are read and converted in other processes
while the importing process writes: each worker reads the file itself (the same batches
as the engine makes of it: :func:`~militancydb.io.import_setup.batches_of`) and converts
its share of the batches (batch ``k`` goes to worker ``k`` modulo the workers); it sends
each batch back as ONE pickled bytes object (the batch's items, read rows and misfits,
and each read row's result) over a pipe of its own. The importing process takes the
batches in file order, one at a time, and only writes: it does not read or parse the file,
and it holds the objects of one batch at a time, whatever the size of the file (a worker
converts the next batch while the importing process writes this one, then waits until it
is taken: the pipe is the bound). The engine places the results exactly as it would have
converted them (the same ids, rejects, duplicates and stored bytes; it still decides
everything that depends on the database or on earlier rows: rows met before in the file,
held incidents, writing).

A worker looks up which of its batch's dataset ids are held (and the hash of what the
dataset last said) through a connection of its own, to pass over a held row whose hash is
unchanged and to send a new row as its rows to store (:class:`Ready`). This is only a
hint: the engine looks the ids up again in its own transaction when it takes the batch,
and converts here the rare row the worker judged otherwise (a row whose id the worker did
not see held, or saw unchanged, when the engine does not).

The workers are started by ``fork`` (Linux; where it is missing, the import runs in one
process): they inherit the importer as configured and the knowledge base (read before they
start: a worker never uses the database connection it inherits), and each keeps its own
memos. A worker that dies makes the import stop with
:class:`~militancydb.errors.ImportFailed` (batches committed before it are kept: running the
import again finishes it); an error in reading the file (a missing column, a broken
quote) reaches the engine at its place in the file, as in one process.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Dialect, Engine
from sqlalchemy import Connection as SAConnection
from sqlalchemy.orm import Session

from militancydb.db.engine import make_engine
from militancydb.db.tables import Source
from militancydb.errors import ImportFailed
from militancydb.io.import_setup import batches_of, raw_id
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
from militancydb.services.incident_store import held_external_ids

#: What a worker gives back for one row: its hash and what it converted to (None: the row
#: is held with this very hash, so it was not converted; :class:`Ready`: a new incident's
#: rows to store).
Result = tuple[str, Converted | Prepared | Ready | Reject | Skip | None]
#: A row sent to a worker: its number and its cells.
Sent = tuple[int, dict[str, str]]

PROTOCOL = pickle.HIGHEST_PROTOCOL

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
    """Worker processes reading and converting the batches of one file; batches in file
    order."""

    def __init__(
        self,
        workers: int,
        importer: Importer,
        kb: Knowledge,
        source: Source,
        dialect: Dialect,
        job: FileJob,
    ) -> None:
        """``source``: the dataset's; ``dialect``: the database's (the rows are made in its
        driver's form); ``job``: the file, its batches and the database the workers read
        the held ids from."""
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
        context = multiprocessing.get_context("fork")
        self.links: list[Connection] = []
        self.processes: list[BaseProcess] = []
        self.workers = workers
        try:
            for index in range(workers):
                receive, send = context.Pipe(duplex=False)
                process = context.Process(
                    target=_work,
                    args=(importer, kb, source.id, maker, job, index, workers, send),
                    daemon=True,
                )
                process.start()
                send.close()  # the worker's end: its death is then the end of the pipe
                self.links.append(receive)
                self.processes.append(process)
        except BaseException:
            self.close()
            raise
        finally:
            if froze:
                gc.unfreeze()

    def batches(self) -> Iterator[tuple[list[RawRow | Reject], list[Result]]]:
        """Each batch of the file (its items, as :func:`batches_of` makes them) with the
        results of its read rows (:data:`RawRow`, in order), in file order."""
        number = 0
        while True:
            data = self._receive(self.links[number % self.workers])
            if not data:  # the worker's batches are done: so is the file
                return
            kind, batch, results = _unpickled(data)
            if kind == "error":
                raise batch
            yield batch, results
            number += 1

    @staticmethod
    def _receive(link: Connection) -> bytes:
        try:
            return link.recv_bytes()
        except (EOFError, OSError) as exc:
            raise _died(exc) from exc

    def close(self) -> None:
        """Stop the workers (batches still in flight are dropped)."""
        for link in self.links:
            link.close()
        for process in self.processes:
            process.join(timeout=0.2)
            if process.is_alive():  # waiting to send a batch no one will take
                process.terminate()
                process.join()


@dataclass(frozen=True)
class FileJob:
    """What the workers read: the file, in batches of ``batch_size`` rows, and the database
    (its URL, None: none to read) where they look up which ids are held."""

    path: Path
    batch_size: int
    database: URL | None


def database_of(session: Session) -> URL | None:
    """The URL a worker opens to read the held ids (None for a database in memory, which
    another process cannot open)."""
    bind = session.get_bind()
    url = (bind.engine if isinstance(bind, SAConnection) else bind).url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url


def _work(
    importer: Importer,
    kb: Knowledge,
    source_id: int,
    maker: ReadyMaker | None,
    job: FileJob,
    index: int,
    workers: int,
    send: Connection,
) -> None:
    """A worker: read the file, convert batches ``index``, ``index + workers``, ... and send
    each (then an empty message: the end). An error is sent at its place, as one message."""
    # Ctrl-C is the importing process's to handle: it stops the workers (pool.close)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare(importer, kb, source_id, maker)
    held_of = _HeldHint(job.database, importer)
    try:
        for number, batch in enumerate(batches_of(importer.read(job.path), job.batch_size)):
            if number % workers != index:
                continue
            rows = [(item[0], item[2]) for item in batch if not isinstance(item, Reject)]
            results = convert_batch(rows, held_of(batch))
            send.send_bytes(pickle.dumps(("batch", batch, results), PROTOCOL))
        send.send_bytes(b"")
    except (BrokenPipeError, EOFError):
        return  # the importing process stopped taking batches
    except BaseException as exc:  # noqa: BLE001 (sent to the importing process, raised there)
        try:
            message = pickle.dumps(("error", exc, None), PROTOCOL)
        except Exception:  # noqa: BLE001 (an error that cannot be pickled: its text)
            message = pickle.dumps(("error", ImportFailed(f"{exc!r}"), None), PROTOCOL)
        with contextlib.suppress(OSError):
            send.send_bytes(message)
    finally:
        held_of.close()


class _HeldHint:
    """A batch's held dataset ids and the hash of what the dataset last said, read by a
    worker through a connection of its own (nothing where there is no database to read,
    or the read fails: the engine decides anyway)."""

    def __init__(self, url: URL | None, importer: Importer) -> None:
        self.engine: Engine | None = None
        self.importer = importer
        if url is not None:
            with contextlib.suppress(Exception):
                self.engine = make_engine(url)

    def __call__(self, batch: list[RawRow | Reject]) -> dict[str, str]:
        if self.engine is None:
            return {}
        ids = [i for i in (raw_id(item, self.importer.id_column) for item in batch) if i]
        try:
            with Session(self.engine) as session:
                held = held_external_ids(session, self.importer.system, ids)
        except Exception:  # noqa: BLE001 (a hint: the engine looks the ids up itself)
            return {}
        return {k: h.content_hash for k, h in held.items() if h.content_hash is not None}

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def _unpickled(data: bytes) -> Any:
    """``pickle.loads`` with the cycle collector paused: the objects of a batch (some
    100,000) made at once would set off its passes over every object of the batches being
    written, several a batch (at 5,000 rows, 5 µs a row to unpickle a batch's results with
    the collector paused, 9 to 33 with it running). What is unpickled here is plain data
    (rows, tuples, dataclasses), which makes no cycle to collect."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if paused:
            gc.enable()


def _died(exc: BaseException) -> ImportFailed:
    return ImportFailed(
        "a conversion worker process stopped before its batch was done "
        f"({exc}); nothing of that batch was stored. The batches committed before it are "
        "kept (with --commit-batches): run the same import again to finish it, or with "
        "--workers 0 to convert in one process"
    )


def prepare(importer: Importer, kb: Knowledge, source_id: int, maker: ReadyMaker | None) -> None:
    """What a worker holds: the importer, its own context (memos), the row hasher and the
    maker of the rows to store (set in each worker; in this process for a test)."""
    _STATE["importer"], _STATE["maker"] = importer, maker
    _STATE["ctx"] = ImportContext(kb=kb, source_id=source_id, session=None)
    _STATE["hash"] = RowHasher(importer.rules_version)


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
