"""SQLite: JSON Lines and the JSON document of a large selection built on several
connections at once (:mod:`militancydb.io.export_json_ranges`): the seven child lists
aggregated by as many connections as there are cores, each into a database file of its
own in a temporary folder (not the connection's temporary tables, which no other
connection sees), then the selection cut into date ranges, each range's incident texts
built and sorted by a connection of its own that attaches those files, and read range
after range.

Why: on one connection an export of 1,000,000 incidents spent about 8 CPU seconds on the
lists, 12 building the texts and 5 in SQLite's sorter, one after the other on one core
(docs/benchmarks.md, branch ``exportjson6``). The lists are independent of each other and
the ranges too; ``sqlite3`` lets go of Python's lock while SQLite works, so the threads'
statements run on separate cores.

The text is :mod:`militancydb.io.export_json_rows`' (the same ``row_plan``, the same list
selects, the same marks of values left to Python, filled on the reader's connection), each
range in the export's order (date, then id), the ranges in date order: the same bytes as
the single statement's. The list files are written without a journal (a file nobody else
opens, deleted with its folder when the export ends or stops) and each connection is put
back as it was (files detached, settings restored) before it returns to the pool. Unlike
the single statement, the connections' reads are separate transactions; an export of a
database being written at the same time may see a later write in some lists or ranges
(as the single connection's temporary tables, each filled by its own statement, could).
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Date, column, literal_column, select, table, type_coerce
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from militancydb.config import sqlite_file
from militancydb.db.tables import Incident
from militancydb.io.export_json_ranges import Part, cores, date_bounds, in_order
from militancydb.io.export_json_sqlite import sqlite_value_sql
from militancydb.io.export_jsonl import list_selects
from militancydb.services.incident_query import IncidentFilter

#: KiB of the main database's page cache on a range's connection: also the size of the
#: sorter's runs in memory before it writes them to its temporary file
RANGE_CACHE_KIB = 8192
#: ranges per core: while the reader writes one range, the cores build the next ones
RANGES_PER_CORE = 2
#: the lists, the most costly first (1,000,000 incidents: casualties 2.9 CPU s, sources
#: 2.8, actors 2.1, targets 0.5, tactics 0.2, external ids and links next to nothing)
_COST_ORDER = ("casualties", "sources", "actors", "targets", "tactics", "external_ids", "related")


def parallel_pays(session: Session, limit: int | None, offset: int) -> bool:
    """Whether this export is built on several connections: a database file (other
    connections see the same database) without writes of the session's that they would
    not see, more than one core, the whole selection."""
    bind = session.get_bind()
    path = sqlite_file(bind.url) if isinstance(bind, Engine) else None
    if path is None or not path.is_file() or cores() < 2 or limit is not None or offset:
        return False
    return not wrote(session)


def wrote(session: Session) -> bool:
    """Whether the session holds writes that other connections do not see (changes not
    flushed, or a transaction of the driver's open: its changes are not committed)."""
    if session.new or session.dirty or session.deleted:
        return True
    return bool(_driver(session.connection()).in_transaction)


def _driver(conn: Connection) -> Any:
    return conn.connection.driver_connection


@contextmanager
def _attached(conn: Connection, files: dict[str, str], writable: bool = False) -> Iterator[Any]:
    """A cursor of ``conn``'s SQLite connection with ``files`` attached (alias: path) and,
    for writing, no transaction of the driver's own; all set back on leaving (or the
    connection discarded if that fails)."""
    raw = _driver(conn)
    level = raw.isolation_level
    cursor = raw.cursor()
    cache = cursor.execute("PRAGMA main.cache_size").fetchone()[0]
    attached: list[str] = []
    try:
        raw.isolation_level = None
        for alias, path in files.items():
            cursor.execute(f"ATTACH DATABASE ? AS {alias}", (path,))
            attached.append(alias)
            if writable:
                cursor.execute(f"PRAGMA {alias}.journal_mode = OFF")
                cursor.execute(f"PRAGMA {alias}.synchronous = OFF")
        yield cursor
    finally:
        try:
            cursor.close()
            for alias in attached:
                raw.execute(f"DETACH DATABASE {alias}")
            raw.execute(f"PRAGMA main.cache_size = {int(cache)}")
            raw.isolation_level = level
        except Exception:
            conn.invalidate()
            raise


#: the columns of a child table's index by incident that keep its rows in id order within
#: an incident (the index's last column is followed by the row's id)
_KEYS = frozenset({"incident_id", "entity_type", "entity_id"})


def in_index_order(cursor: Any, sql: str) -> bool:
    """Whether SQLite runs this grouped select (:func:`militancydb.io.export_jsonl._array`,
    ``direct``) in the order of an index by incident, which gives each incident's rows in
    id order: no sort for the GROUP BY, and an index of the key's columns only."""
    plan = [row[3] for row in cursor.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    if any("TEMP B-TREE" in step for step in plan):
        return False
    found = re.search(r"USING (?:COVERING )?INDEX (\w+)", plan[0]) if plan else None
    if found is None:
        return False
    columns = {row[2] for row in cursor.execute(f"PRAGMA index_info({found.group(1)})")}
    return bool(columns) and columns <= _KEYS


def _build_lists(engine: Engine, folder: str, indented: bool, builders: int) -> dict[str, str]:
    """Each list's text by incident (``k``, ``v``) in a table of one of ``builders`` files
    in ``folder``, built at once; returns each list's table as ``alias.name``."""
    selects = list_selects("sqlite", indented, whole=True)
    direct = list_selects("sqlite", indented, whole=True, direct=True)
    todo: queue.SimpleQueue[str] = queue.SimpleQueue()
    for key in sorted(selects, key=lambda k: _COST_ORDER.index(k)):
        todo.put(key)
    made: dict[str, str] = {}
    failures: list[BaseException] = []

    def build(j: int) -> None:
        alias = f"mdb_lists{j}"
        try:
            with (
                engine.connect() as conn,
                _attached(conn, {alias: os.path.join(folder, f"{j}.db")}, writable=True) as cursor,
            ):
                while not failures:
                    try:
                        key = todo.get_nowait()
                    except queue.Empty:
                        return
                    sql = selects[key]
                    if key in direct and in_index_order(cursor, direct[key]):
                        sql = direct[key]
                    # sources are keyed by the incident id as text: the INTEGER PRIMARY
                    # KEY takes its integer
                    cursor.execute(f"CREATE TABLE {alias}.{key} (k INTEGER PRIMARY KEY, v)")
                    cursor.execute(f"INSERT INTO {alias}.{key} {sql}")
                    made[key] = f"{alias}.{key}"
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=build, args=(j,)) for j in range(builders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise failures[0]
    return made


def _range_part(engine: Engine, stmt: Any, files: dict[str, str], size: int) -> Part[list[bytes]]:
    """One range: its select run on a connection of its own, the files attached."""
    running: list[Any] = []

    def batches() -> Iterator[list[bytes]]:
        with engine.connect() as conn, _attached(conn, files) as cursor:
            cursor.execute(f"PRAGMA main.cache_size = -{int(RANGE_CACHE_KIB)}")
            running.append(_driver(conn))
            try:
                result = conn.execute(stmt)
                try:
                    fetch = result.cursor.fetchmany
                    while rows := fetch(size):
                        yield [row[0] for row in rows]
                finally:
                    result.close()
            finally:
                running.clear()

    def cancel() -> None:
        for raw in list(running):
            raw.interrupt()

    return Part(batches, cancel)


def stream_json_parts(
    session: Session,
    flt: IncidentFilter,
    *,
    indented: bool,
    size: int,
    fix: Callable[[bytes], bytes],
    parts: int | None = None,
    slots: int | None = None,
) -> Iterator[list[bytes]]:
    """The selection's incidents as JSON text, oldest first, ``size`` at a time, built on
    several connections (see the module docstring); ``fix`` fills the marks of the values
    left to Python (:func:`militancydb.io.export_json_sqlite.unmarker`); ``parts``: the
    ranges (default :data:`RANGES_PER_CORE` a core), ``slots``: built at a time (default
    one a core)."""
    from militancydb.io.export_json_rows import row_plan

    engine = session.get_bind()
    assert isinstance(engine, Engine)
    slots = slots or cores()
    bounds = date_bounds(session, flt, parts or slots * RANGES_PER_CORE)
    folder = tempfile.mkdtemp(prefix="militancydb-export-")
    try:
        made = _build_lists(engine, folder, indented, slots)
        files = {
            alias: os.path.join(folder, f"{alias.removeprefix('mdb_lists')}.db")
            for alias in {name.split(".")[0] for name in made.values()}
        }
        frm: Any = Incident.__table__
        lists: dict[str, str] = {}
        for key, name in made.items():
            alias, tname = name.split(".")
            t = table(tname, column("k"), column("v"), schema=alias)
            frm = frm.outerjoin(t, t.c.k == Incident.id)
            lists[key] = f"{name}.v"
        cols, _ = row_plan("sqlite", indented, lists, sqlite_value_sql)
        # "+": each range reads the incidents front to back (as the single statement
        # does), not through the date index, whose walk looks rows up all over the table
        day: Any = type_coerce(literal_column("+incidents.date_start"), Date)
        base = flt.apply(select(*cols).select_from(frm))
        edges: list[Any] = [None, *bounds, None]
        ranges = []
        for lo, hi in zip(edges, edges[1:], strict=False):
            stmt = base
            if lo is not None:
                stmt = stmt.where(day >= lo)
            if hi is not None:
                stmt = stmt.where(day < hi)
            stmt = stmt.order_by(
                literal_column("+incidents.date_start"), literal_column("+incidents.id")
            )
            ranges.append(_range_part(engine, stmt, files, size))
        for batch in in_order(ranges, slots):
            yield [fix(text) for text in batch]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
