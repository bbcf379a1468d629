"""An export's selection cut into ranges of its order (``date_start``), each range's rows
built by the database on a connection of its own, in a thread of its own, at the same
time as others, and handed on in order: the first range's batches as soon as they come,
each later range's when the ranges before it are done.

Why: a JSON export's time is the database building each incident's text (and sorting the
texts by date), one serial statement on one core, while the client waits for it. Cut at
dates, the ranges' statements run at once on as many cores as the process may use; each
range's order is the export's order and the ranges follow each other, so the output is
the same bytes as one statement's.

Memory stays constant in the number of rows: a range that is ahead of its turn keeps its
finished rows where the database put them (SQLite's sorter in its temporary files,
PostgreSQL's sort on the server, whose COPY waits on the socket) and at most
:data:`DEPTH` batches in its queue. At most ``slots`` ranges are being built at a time (one
a core): the others start, in order, as each built range delivers its first batch, so the
first ranges are ready first and the reader writes them while later ones are built.

A range is a :class:`Part`: the iterator of its batches, made and run in its thread (where
its connection is opened and closed), and a ``cancel`` called from the reader's thread to
interrupt the database when the export stops early (an error, Ctrl-C).
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident
from militancydb.services.incident_query import IncidentFilter

T = TypeVar("T")

#: batches a range may hold ready before its turn
DEPTH = 2
#: the most ranges built at a time, whatever the cores
MAX_SLOTS = 4
_DONE = object()


def cores() -> int:
    """The cores this process may run on (at most :data:`MAX_SLOTS`)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    return max(1, min(n, MAX_SLOTS))


def date_bounds(session: Session, flt: IncidentFilter, parts: int) -> list[dt.date]:
    """The first ``date_start`` of each range but the first, cutting the selection into at
    most ``parts`` ranges of about the same number of incidents (an incident's date is
    never split: fewer ranges when few dates hold most incidents)."""
    if parts < 2:
        return []
    days: Any = select(Incident.date_start, func.count())
    rows: list[Any] = list(
        session.execute(flt.apply(days).group_by(Incident.date_start).order_by(Incident.date_start))
    )
    total = sum(n for _, n in rows)
    bounds: list[dt.date] = []
    seen = 0
    for day, n in rows:
        if seen and seen * parts >= total * (len(bounds) + 1):
            bounds.append(day)
        seen += n
    return bounds


@dataclass
class Part(Generic[T]):
    """One range: ``batches()`` runs in the range's thread; ``cancel()`` may be called from
    another thread to interrupt the database's work."""

    batches: Callable[[], Iterator[T]]
    cancel: Callable[[], None] = lambda: None


class _Failure:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


@dataclass
class _Feed(Generic[T]):
    part: Part[T]
    stop: threading.Event
    built: Callable[[], None]
    queue: queue.Queue[Any] = field(default_factory=lambda: queue.Queue(maxsize=DEPTH))
    thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="export-range", daemon=True)
        self.thread.start()

    def _put(self, item: Any) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        first = True
        try:
            batches = self.part.batches()
            try:
                for batch in batches:
                    if first:
                        first = False
                        self.built()
                    if not self._put(batch):
                        return
            finally:
                close = getattr(batches, "close", None)
                if close is not None:
                    close()
            self._put(_DONE)
        except BaseException as exc:  # handed to the reader, who raises it
            self._put(_Failure(exc))
        finally:
            if first:
                self.built()


def in_order(parts: Sequence[Part[T]], slots: int) -> Iterator[T]:
    """The batches of each part, part after part, the parts run at once in threads (at most
    ``slots`` being built at a time; see the module docstring)."""
    stop = threading.Event()
    lock = threading.Lock()
    feeds: list[_Feed[T]] = []
    waiting: list[_Feed[T]] = []

    def next_one() -> None:
        with lock:
            if waiting and not stop.is_set():
                waiting.pop(0).start()

    for part in parts:
        feeds.append(_Feed(part, stop, next_one))
    with lock:
        waiting.extend(feeds)
        for _ in range(max(1, slots)):
            if waiting:
                waiting.pop(0).start()
    try:
        for feed in feeds:
            while True:
                item = feed.queue.get()
                if item is _DONE:
                    break
                if isinstance(item, _Failure):
                    raise item.exc
                yield item
    finally:
        stop.set()
        for feed in feeds:
            if feed.thread is not None and feed.thread.is_alive():
                feed.part.cancel()
        for feed in feeds:
            if feed.thread is not None:
                feed.thread.join()
