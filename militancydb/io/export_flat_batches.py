"""Flat rows (our CSV's columns, GeoJSON's properties) on PostgreSQL: the lists and the killed
figures aggregated a batch at a time, not one correlated subquery per row and column.

On PostgreSQL a correlated subquery is a SubPlan run once per row: nine of them per incident
made the database the bottleneck of a CSV export (EXPLAIN ANALYZE: about nine index scans
and aggregates per row). Here the incident columns stream from one server-side cursor, and
each batch's lists come from five grouped selects over the batch's ids (``= ANY`` of one
array parameter: tactics, targets, actors by role, killed figures by category, external
ids), merged by id; the sources stay a correlated subquery (see ``_COLUMNS``). Per 20,000 rows
the server's CPU fell from about 2.0 s to 0.8–0.95 s at 1,000,000 incidents, from 1.2 to
0.44 s at 100,000 (docs/benchmarks.md). SQLite keeps the correlated subqueries
of :mod:`militancydb.io.incident_flat`, which it runs at 16 µs a row.
The semantics are those of :func:`militancydb.io.export.flat` (see incident_flat's
docstring); a test holds the rows equal on both backends.
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, String, cast, literal_column, select
from sqlalchemy.orm import Session

from militancydb.codebook import SECURITY_CATEGORIES
from militancydb.db.tables import Incident
from militancydb.io.export import CSV_COLUMNS
from militancydb.io.incident_flat import computed_columns
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.row_batches import read_batches

_SECURITY = ", ".join(f"'{c}'" for c in sorted(c.value for c in SECURITY_CATEGORIES))

#: each select: the incident id (text for sources), then its columns, by the batch's ids
_SELECTS: dict[str, tuple[tuple[str, ...], str]] = {
    "tactics": (
        ("tactics",),
        "SELECT t.incident_id, string_agg(t.tactic, ';' ORDER BY t.id) FROM incident_tactics t "
        "WHERE t.incident_id = ANY(%(ids)s::int[]) AND t.tactic <> '' GROUP BY t.incident_id",
    ),
    "targets": (
        ("targets",),
        "SELECT t.incident_id, string_agg(t.target_type, ';' ORDER BY t.id) "
        "FROM incident_targets t WHERE t.incident_id = ANY(%(ids)s::int[]) AND t.target_type <> '' "
        "GROUP BY t.incident_id",
    ),
    "actors": (
        ("perpetrators", "targets_actors"),
        "SELECT a.incident_id, "
        "string_agg(a.actor_name, ';' ORDER BY a.id) FILTER (WHERE a.role = 'perpetrator'), "
        "string_agg(a.actor_name, ';' ORDER BY a.id) FILTER (WHERE a.role <> 'perpetrator') "
        "FROM incident_actors a WHERE a.incident_id = ANY(%(ids)s::int[]) AND a.actor_name <> '' "
        "GROUP BY a.incident_id",
    ),
    "killed": (
        ("killed_civilians", "killed_security", "killed_militants"),
        "SELECT f.incident_id, "
        "sum(f.best) FILTER (WHERE f.category = 'civilians'), "
        f"sum(f.best) FILTER (WHERE f.category IN ({_SECURITY})), "
        "sum(f.best) FILTER (WHERE f.category = 'militants') "
        "FROM casualty_figures f WHERE f.incident_id = ANY(%(ids)s::int[]) "
        "AND f.outcome = 'killed' GROUP BY f.incident_id",
    ),
    # one id per dataset, the last stored, sorted by dataset name in code-point order
    "external_ids": (
        ("external_ids",),
        "SELECT e.incident_id, string_agg(e.system || ':' || e.external_id, ';' "
        'ORDER BY e.system COLLATE "C") FROM external_ids e '
        "WHERE e.incident_id = ANY(%(ids)s::int[]) AND NOT EXISTS (SELECT 1 FROM external_ids e2 "
        "WHERE e2.incident_id = e.incident_id AND e2.system = e.system AND e2.id > e.id) "
        "GROUP BY e.incident_id",
    ),
}
_AGGREGATED = {name for names, _ in _SELECTS.values() for name in names}
_PLAIN = {
    "province": Incident.admin1_name,
    "province_now": Incident.admin1_now_name,
    "district": Incident.admin2_name,
    "district_now": Incident.admin2_now_name,
    "place": Incident.place_name,
}
_TABLE = Incident.__table__.c
#: the incident columns of a flat row, in CSV_COLUMNS order (the aggregated ones left out);
#: the sources stay a correlated subquery (an index lookup per row): grouped by a batch's
#: ids, the planner hashed the whole citations table for each batch instead
_COLUMNS: list[Any] = [
    cast(_TABLE[name], String(10)).label(name)
    if name in ("date_start", "date_end")
    else _PLAIN[name].label(name)
    if name in _PLAIN
    else literal_column(computed_columns("postgresql")["sources"], String()).label(name)
    if name == "sources"
    else _TABLE[name]
    for name in CSV_COLUMNS
    if name not in _AGGREGATED
]
_NAMES = [c.name for c in _COLUMNS]
_AGG_NAMES = [name for name in CSV_COLUMNS if name in _AGGREGATED]
#: a flat row from (incident row + its aggregated values, in _AGG_NAMES order), in C
_ORDER = itemgetter(
    *[
        len(_NAMES) + _AGG_NAMES.index(name) if name in _AGGREGATED else _NAMES.index(name)
        for name in CSV_COLUMNS
    ]
)


def _aggregates(conn: Connection, ids: list[int]) -> dict[str, dict[Any, Any]]:
    """Each aggregated column's values for these incidents, by incident id."""
    # one text parameter cast to an array: psycopg dumps a list of 2,000 ints per select
    params = {"ids": "{" + ",".join(map(str, ids)) + "}"}
    out: dict[str, dict[Any, Any]] = {}
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for names, sql in _SELECTS.values():
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            for k, name in enumerate(names, start=1):
                out[name] = {r[0]: r[k] for r in rows}
    finally:
        cursor.close()
    return out


def stream_flat_batches(
    session: Session,
    flt: IncidentFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    size: int = 2000,
) -> Iterator[list[tuple[Any, ...]]]:
    """The selection's flat rows (tuples in ``CSV_COLUMNS`` order), oldest first, ``size``
    at a time (PostgreSQL; see the module docstring)."""
    stmt = flt.apply(select(*_COLUMNS)).order_by(Incident.date_start, Incident.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    conn = session.connection()
    id_at = _NAMES.index("id")
    for rows in read_batches(session, stmt, size):
        agg = _aggregates(conn, [r[id_at] for r in rows])
        columns = [agg[name] for name in _AGG_NAMES]
        yield [_ORDER((*r, *[values.get(r[id_at]) for values in columns])) for r in rows]
