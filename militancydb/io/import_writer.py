"""An import's writing done in a thread beside its reading and conversion.

The import engine (:mod:`militancydb.io.engine`) hands each batch's writing — its new
incidents, and with ``commit`` its rejects, the run's counts so far and the commit — to
:class:`BatchWriter`, and goes on reading and converting the next batch while it runs. The
database drivers let go of Python's lock while the database works (``sqlite3`` inside
``executemany`` and the commit; psycopg while it waits for the server to take a ``COPY``
and commit), so that time is no longer the importing thread's. One batch is written at a
time, in file order, on the import's one connection; the importing thread touches the
session only when the writer is idle (:meth:`BatchWriter.wait`): what is stored, in which
order and transaction, is what the import stores without the thread. A write that fails
makes the import fail with its error at the importing thread's next step (the batches
committed before it are kept; the rows converted meanwhile are dropped unwritten).

The one query the importing thread needs the database for in the common case, which of a
batch's dataset ids are held already, is asked by the writer before it writes the batch
before: :class:`HeldAhead` reads one batch ahead of the engine and queues that batch's
look-up in front of the next write. Holding a batch's ids before the previous batch is
written gives the same answer (an id an earlier batch of the file wrote is rejected as met
before in the file, before the engine asks whether it is held).

The thread is used only where the conversion reads no database (the importer converts in
workers and matches nothing against held incidents), on PostgreSQL (:data:`THREADED`: on
SQLite it gained nothing and held a batch more in memory); elsewhere the same steps run in
the importing thread, one after the other.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.pool import SingletonThreadPool, StaticPool

from militancydb.io.importer import RawRow, Reject
from militancydb.io.ready_rows import Ready, write_ready
from militancydb.services.history import Editor
from militancydb.services.incident_rows import PreparedIncident
from militancydb.services.incident_store import HeldId

T = TypeVar("T")
Batch = list[RawRow | Reject]


#: The databases whose imports write in a thread: PostgreSQL, whose server takes half of
#: an import's wall clock, which the thread overlaps with the conversion. Not SQLite, where
#: the writing is this process's own work under Python's lock: 100,000 rows measured the
#: same CPU seconds with the thread and 27 to 45 MB more at the peak (a batch more held),
#: with the importing process near the 400 MB it may use at a million rows
#: (docs/benchmarks.md, branch importwriter9).
THREADED = ("postgresql",)


def thread_safe(session: Session) -> bool:
    """Whether the import's writing goes to a thread: a database in :data:`THREADED`
    whose connection may be used from another thread (not an in-memory SQLite one)."""
    engine = session.get_bind()
    if engine.dialect.name not in THREADED:
        return False
    pool = getattr(engine, "pool", None)
    # an in-memory SQLite database: one connection per thread, or one bound to its thread
    return not isinstance(pool, SingletonThreadPool | StaticPool)


def write_batch(
    session: Session,
    new: Sequence[PreparedIncident | Ready],
    editor: Editor,
    record: Callable[[], None] | None,
) -> None:
    """A batch's new incidents written; with ``record`` (committing by batch), its rejects
    and the run's counts stored and the batch committed."""
    write_ready(session, new, editor)
    if record is not None:
        record()
        session.commit()


class BatchWriter:
    """Runs the import's database steps one at a time, in the order given: in a thread
    (``threaded``) or at once."""

    def __init__(self, threaded: bool) -> None:
        self._pool = ThreadPoolExecutor(1, "import-writer") if threaded else None
        self._last: Future[None] | None = None

    @property
    def threaded(self) -> bool:
        return self._pool is not None

    def run(self, step: Callable[[], T]) -> Future[T]:
        """Queue ``step`` after those queued before it (run now without a thread)."""
        if self._pool is not None:
            return self._pool.submit(step)
        done: Future[T] = Future()
        done.set_result(step())  # an error is raised here, as without the writer
        return done

    def write(self, step: Callable[[], None]) -> None:
        """Queue a batch's writing, once the one before it is written (its error raised)."""
        self.wait()
        self._last = self.run(step)

    def wait(self) -> None:
        """Wait until the writing queued is done (the session is the caller's again);
        raise its error, if it failed."""
        last, self._last = self._last, None
        if last is not None:
            last.result()

    def close(self) -> None:
        """Wait for the writing in flight, whatever happened (its error is the caller's to
        raise with :meth:`wait`; here it is dropped, as another is on its way out), and stop
        the thread."""
        last, self._last = self._last, None
        if last is not None:
            last.exception()
        if self._pool is not None:
            self._pool.shutdown(wait=True)


class HeldAhead:
    """The batches of a file, read one batch ahead, and which of each batch's dataset ids
    are held (:meth:`held_of`): asked by the writer before its next write where it can be
    (:meth:`look_ahead`), else at once once the writer is idle."""

    def __init__(
        self,
        batches: Iterable[Batch],
        lookup: Callable[[Batch], dict[str, HeldId]],
        writer: BatchWriter,
    ) -> None:
        self._batches = iter(batches)
        self._lookup, self._writer = lookup, writer
        self._read: deque[Batch] = deque()
        self._asked: dict[int, Future[dict[str, HeldId]]] = {}

    def __iter__(self) -> Iterator[Batch]:
        read, batches = self._read, self._batches
        ahead = 1 if self._writer.threaded else 0
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                break
            except BaseException:
                # the file fails to read further: the batch read before it is handled
                # first, as without reading ahead, then the error raised
                while read:
                    yield read.popleft()
                raise
            read.append(batch)
            if len(read) > ahead:
                yield read.popleft()
        while read:
            yield read.popleft()

    def look_ahead(self) -> None:
        """Queue the look-up of the batches read ahead (before the writing queued next)."""
        for batch in self._read:
            if id(batch) not in self._asked:
                self._asked[id(batch)] = self._writer.run(partial(self._lookup, batch))

    def held_of(self, batch: Batch) -> dict[str, HeldId]:
        """The batch's dataset ids already held."""
        asked = self._asked.pop(id(batch), None)
        if asked is not None:
            return asked.result()
        self._writer.wait()
        return self._lookup(batch)
