"""Flat rows (our CSV's columns, GeoJSON's properties) of a large selection on SQLite: each
child table aggregated ONCE, in the order of its ``incident_id`` index, into a temporary
table keyed by incident id; then one select of the incidents in date order, joined to those
tables, each join one look-up of an integer primary key.

Why: the batched path (:mod:`militancydb.io.export_flat_batches`) looks up each incident's
rows in six child tables through their ``incident_id`` indexes, in date order, which is no
order of the child tables: two B-tree descents per table and incident, on pages all over
the file (13.9 µs of the 31 µs a csv row cost at 1,000,000 incidents), and a merge in
Python. Aggregated in index order, the child tables are read once, front to back (about 4
CPU seconds for a million incidents' six tables); the select then reads the incidents front
to back, each join one small row per table and incident, and SQLite's sorter puts the
finished rows in date order (cheaper than walking the date index, which looks up each
incident's row all over the table); the rows arrive in ``CSV_COLUMNS`` order, or as text
(:mod:`militancydb.io.export_flat_text`).

It pays when the selection is a large part of the database (the aggregation reads every
child row whatever the filter): :func:`whole_pays` decides (a quarter of the incidents, or
more); a smaller selection takes the batched path. The temporary tables live in SQLite's
temporary database (a file, not memory: the process's memory stays flat), are private to
the connection, and are dropped when the rows have been read. A read-only database file
allows them. The grouped selects are the batched path's, over every incident, so the
semantics are the same; ``tests/io/test_export_flat_whole.py`` holds the rows equal to
them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from sqlalchemy import String, column, func, literal_column, select, table
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident
from militancydb.io.export import CSV_COLUMNS
from militancydb.io.export_flat_batches import child_selects
from militancydb.io.export_flat_text import TEXT_COLUMNS
from militancydb.io.export_temp import temp_tables
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.row_batches import read_batches

#: the share of all incidents from which a selection's flat rows are read this way
WHOLE_SHARE = 0.25

_PLAIN = {
    "province": Incident.admin1_name,
    "province_now": Incident.admin1_now_name,
    "district": Incident.admin2_name,
    "district_now": Incident.admin2_now_name,
    "place": Incident.place_name,
}
_TABLE = Incident.__table__.c


def whole_pays(
    session: Session, flt: IncidentFilter, *, limit: int | None = None, offset: int = 0
) -> bool:
    """Whether the selection (after ``offset``, at most ``limit``) is large enough for the
    whole-table aggregation (SQLite only): at least :data:`WHOLE_SHARE` of all incidents."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    return large_selection(session, flt, limit=limit, offset=offset)


def large_selection(
    session: Session, flt: IncidentFilter, *, limit: int | None = None, offset: int = 0
) -> bool:
    """Whether the selection (after ``offset``, at most ``limit``) holds at least
    :data:`WHOLE_SHARE` of all incidents (any backend)."""
    total = int(session.scalar(select(func.count()).select_from(Incident)) or 0)
    if total == 0:
        return False
    ids = flt.apply(select(Incident.id)).subquery()
    n = max(int(session.scalar(select(func.count()).select_from(ids)) or 0) - offset, 0)
    if limit is not None:
        n = min(n, limit)
    return n >= total * WHOLE_SHARE


def stream_flat_whole(
    session: Session,
    flt: IncidentFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    size: int = 2000,
    text: str | None = None,
) -> Iterator[list[tuple[Any, ...]]]:
    """The selection's flat rows (in ``CSV_COLUMNS`` order), oldest first, ``size`` at a
    time (SQLite; see the module docstring); ``text="csv"`` or ``"geojson"``: as text rows
    (:mod:`militancydb.io.export_flat_text`)."""
    if session.get_bind().dialect.name != "sqlite":
        raise ValueError("the whole-table aggregation of flat rows is SQLite's path")
    with temp_tables(session, "mdb_flat") as temp:
        tables: dict[str, Any] = {}
        for key, (names, sql) in child_selects("sqlite", whole=True).items():
            values = ", ".join(f"c{k}" for k in range(len(names)))
            # sources are keyed by the incident id as text: the INTEGER PRIMARY KEY takes
            # its integer
            name = temp.make(key, f"k INTEGER PRIMARY KEY, {values}", sql)
            t = table(
                name, column("k"), *[column(f"c{k}") for k in range(len(names))], schema="temp"
            )
            for k, n in enumerate(names):
                tables[n] = (t, t.c[f"c{k}"])
        frm: Any = Incident.__table__
        for t in {id(t): t for t, _ in tables.values()}.values():
            frm = frm.outerjoin(t, t.c.k == Incident.id)
        cols: list[Any] = []
        for name in CSV_COLUMNS:
            if name in tables:
                cols.append(tables[name][1].label(name))
            elif name in ("date_start", "date_end"):
                cols.append(sql_cast(_TABLE[name], String(10)).label(name))
            elif name in _PLAIN:
                cols.append(_PLAIN[name].label(name))
            else:
                cols.append(_TABLE[name])
        if text is not None:
            cols = TEXT_COLUMNS[text]("sqlite", cols)
        # "+": not in the order of the date index, whose walk looks up each incident's row
        # all over the table; the incidents are read front to back (and the temporary
        # tables with them, in id order) and the finished rows sorted by SQLite's sorter
        # (in memory up to the page cache's size, then in its temporary files): 17 against
        # 11 µs a csv row at 1,000,000 incidents
        stmt = flt.apply(select(*cols).select_from(frm)).order_by(
            literal_column("+incidents.date_start"), literal_column("+incidents.id")
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        if offset:
            stmt = stmt.offset(offset)
        # tuples, or lists where a value was converted: sequences the writers take as they are
        yield from cast("Iterator[list[tuple[Any, ...]]]", read_batches(session, stmt, size))
