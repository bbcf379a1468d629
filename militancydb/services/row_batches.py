"""Rows of a select, a batch at a time, in constant memory, with as little work per row as
the driver allows: what exports and the JSON-form reader stream from.

PostgreSQL: SQLAlchemy's rows from a server-side cursor (``yield_per``; psycopg would
otherwise fetch every row at once). SQLite: its own cursor steps through the rows as they
are fetched, and they are read from it directly, with SQLAlchemy's conversions of the
selected columns' types applied (dates, booleans): SQLAlchemy's rows and ``yield_per``'s
buffering cost about as much as the query itself there.

A caller may name a conversion to apply after the type's own (``then``, by column name); it
is remembered per distinct value (the composed conversion must be a function of the value
alone), so a column whose values repeat (the time of an import run, a date) is converted
once per distinct value: on SQLite a timestamp read as text, parsed to a ``datetime`` and
written back as ISO text cost about as much as the rest of the incident's row.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

#: distinct values remembered per conversion named in ``then``
MEMO_SIZE = 4096


def _composed(
    process: Callable[[Any], Any] | None, then: Callable[[Any], Any] | None
) -> Callable[[Any], Any] | None:
    if then is None:
        return process
    if process is None:
        return functools.lru_cache(maxsize=MEMO_SIZE)(then)

    def convert(value: Any, process: Any = process, then: Any = then) -> Any:
        return then(process(value))

    return functools.lru_cache(maxsize=MEMO_SIZE)(convert)


def read_batches(
    session: Session,
    stmt: Any,
    size: int,
    *,
    then: Mapping[str, Callable[[Any], Any]] | None = None,
) -> Iterator[Sequence[Sequence[Any]]]:
    """The rows of ``stmt`` (tuples, or lists where a value was converted), ``size`` at a
    time, in constant memory, on the session's connection (see the module docstring).
    ``then``: a conversion per selected column's name, applied after the type's own and
    remembered per distinct value (the column's values must be hashable)."""
    conn = session.connection()
    then = then or {}
    names = [c.name for c in stmt.selected_columns]
    if conn.dialect.name != "sqlite":
        result = conn.execute(stmt.execution_options(yield_per=size))
        convert = [
            (k, f)
            for k, f in ((k, _composed(None, then.get(n))) for k, n in enumerate(names))
            if f is not None
        ]
        try:
            while rows := result.fetchmany(size):
                yield _converted(rows, convert) if convert else rows
        finally:
            result.close()
        return
    result = conn.execute(stmt)
    cursor = result.cursor
    dialect = conn.dialect
    convert = []
    for k, (col, described) in enumerate(
        zip(stmt.selected_columns, cursor.description, strict=True)
    ):
        process = col.type.dialect_impl(dialect).result_processor(dialect, described[1])
        composed = _composed(process, then.get(names[k]))
        if composed is not None:
            convert.append((k, composed))
    try:
        while raw := cursor.fetchmany(size):
            yield _converted(raw, convert) if convert else raw
    finally:
        result.close()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a batch's rows or forms are built (and resumed
    as it was). A batch makes tens of thousands of small dicts, lists and tuples, none in a
    cycle; each few hundred allocations woke the collector, whose older generations walk
    every object the process holds (the imported libraries' too): half the time of building
    a batch of JSON forms went there (about 20 against 9 µs an incident, SQLite,
    100,000 incidents)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _converted(
    rows: Sequence[Sequence[Any]], convert: list[tuple[int, Callable[[Any], Any]]]
) -> list[list[Any]]:
    out: list[list[Any]] = []
    for row in rows:
        values = list(row)
        for k, process in convert:
            values[k] = process(values[k])
        out.append(values)
    return out


#: KiB of SQLite's page cache while a large read runs (:func:`read_cache`): the main
#: database's (also what SQLite's sorter holds in memory before it spills) and the
#: temporary database's
READ_CACHE_KIB = {"main": 32768, "temp": 16384}


@contextmanager
def read_cache(session: Session) -> Iterator[None]:
    """SQLite's page cache raised to :data:`READ_CACHE_KIB` (main and temporary database)
    while a large read runs, and set back as it was (other backends: nothing). With
    SQLite's default of 2 MB, the interior pages of the child tables' indexes did not stay
    in memory: an export's index look-ups re-read them from the operating system, a system
    call each (at 1,000,000 incidents, a third of a csv export's CPU was system time). 48 MB
    in all, whatever the database's size, so the process's memory stays flat (64 + 64 MB
    had made a csv export's peak RSS 278 MB)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        before = [
            (schema, cursor.execute(f"PRAGMA {schema}.cache_size").fetchone()[0])
            for schema in ("main", "temp")
        ]
        for schema, _ in before:
            cursor.execute(f"PRAGMA {schema}.cache_size = -{int(READ_CACHE_KIB[schema])}")
        try:
            yield
        finally:
            for schema, value in before:
                cursor.execute(f"PRAGMA {schema}.cache_size = {int(value)}")
    finally:
        cursor.close()
