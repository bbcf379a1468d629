"""Flat rows (our CSV's columns, GeoJSON's properties), the lists and the killed figures
aggregated a batch at a time, not one correlated subquery per row and column: SQLite's csv
and geojson, and PostgreSQL's when ``--limit``/``--offset`` is given (a whole selection on
PostgreSQL is one select: :mod:`militancydb.io.export_flat_joined`).

A correlated subquery runs once per row: nine of them per incident made the database the
bottleneck of a CSV export (on PostgreSQL about nine index scans and aggregates per row).
Here the incident columns stream from one cursor, and each batch's lists come from grouped
selects over the batch's ids (one parameter: an array with ``= ANY`` on PostgreSQL, a JSON
array read by ``json_each`` on SQLite): tactics, targets, actors by role, killed figures by
category, external ids, and on SQLite the sources (on PostgreSQL they stay a correlated
subquery of the incidents' select: grouped by a batch's ids, its planner hashed the whole
citations table). Merged by id. Figures: docs/benchmarks.md.
The semantics are those of :func:`militancydb.io.export.flat` (see incident_flat's
docstring); ``tests/io/test_export_flat_paths.py`` holds the rows equal to the correlated
subqueries on both backends.
"""

from __future__ import annotations

import functools
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
from militancydb.services.row_batches import collector_paused, read_batches

_SECURITY = ", ".join(f"'{c}'" for c in sorted(c.value for c in SECURITY_CATEGORIES))

#: where a child row's incident is one of the batch's ids (ONE parameter: a text array on
#: PostgreSQL, a JSON array read by json_each on SQLite)
_IN = {
    "postgresql": "= ANY(%(ids)s::int[])",
    "sqlite": "IN (SELECT value FROM json_each(?))",
}
_IN_TEXT = {
    "postgresql": "= ANY(%(ids)s::text[])",
    "sqlite": "IN (SELECT value FROM json_each(?))",
}


def _joined(dialect: str, value: str, where: str, order: str, *, key: str = "incident_id") -> str:
    """``SELECT key, <value joined by ';' in order>`` of the rows of ``where``, grouped by
    incident. SQLite 3.40 has no ORDER BY inside group_concat: it joins an ordered subquery,
    whose order it keeps."""
    if dialect == "postgresql":
        return f"SELECT {key}, string_agg({value}, ';' ORDER BY {order}) {where} GROUP BY {key}"
    return (
        f"SELECT k, group_concat(v, ';') FROM (SELECT {key} AS k, {value} AS v {where} "
        f"ORDER BY {key}, {order}) GROUP BY k"
    )


def child_selects(dialect: str, *, whole: bool = False) -> dict[str, tuple[tuple[str, ...], str]]:
    """Each select: the incident id (text for sources), then its columns, by the batch's
    ids; ``whole``: of every incident, no parameter (io/export_flat_whole.py)."""
    ids = "IS NOT NULL" if whole else _IN[dialect]
    pg = dialect == "postgresql"
    code_point = ' COLLATE "C"' if pg else ""  # SQLite's BINARY is code-point order
    out: dict[str, tuple[tuple[str, ...], str]] = {
        "tactics": (
            ("tactics",),
            _joined(
                dialect,
                "t.tactic",
                f"FROM incident_tactics t WHERE t.incident_id {ids} AND t.tactic <> ''",
                "t.id",
                key="t.incident_id",
            ),
        ),
        "targets": (
            ("targets",),
            _joined(
                dialect,
                "t.target_type",
                f"FROM incident_targets t WHERE t.incident_id {ids} AND t.target_type <> ''",
                "t.id",
                key="t.incident_id",
            ),
        ),
        # one id per dataset, the last stored, sorted by dataset name in code-point order
        "external_ids": (
            ("external_ids",),
            _joined(
                dialect,
                "e.system || ':' || e.external_id",
                f"FROM external_ids e WHERE e.incident_id {ids} AND NOT EXISTS (SELECT 1 "
                "FROM external_ids e2 WHERE e2.incident_id = e.incident_id "
                "AND e2.system = e.system AND e2.id > e.id)",
                f"e.system{code_point}",
                key="e.incident_id",
            ),
        ),
    }
    if pg:
        out["actors"] = (
            ("perpetrators", "targets_actors"),
            "SELECT a.incident_id, "
            "string_agg(a.actor_name, ';' ORDER BY a.id) FILTER (WHERE a.role = 'perpetrator'), "
            "string_agg(a.actor_name, ';' ORDER BY a.id) FILTER (WHERE a.role <> 'perpetrator') "
            f"FROM incident_actors a WHERE a.incident_id {ids} AND a.actor_name <> '' "
            "GROUP BY a.incident_id",
        )
    else:
        # group_concat skips NULLs and is NULL when every value is: FILTER's semantics
        out["actors"] = (
            ("perpetrators", "targets_actors"),
            "SELECT k, group_concat(CASE WHEN r = 'perpetrator' THEN v END, ';'), "
            "group_concat(CASE WHEN r <> 'perpetrator' THEN v END, ';') FROM (SELECT "
            "a.incident_id AS k, a.role AS r, a.actor_name AS v FROM incident_actors a "
            f"WHERE a.incident_id {ids} AND a.actor_name <> '' ORDER BY a.incident_id, a.id) "
            "GROUP BY k",
        )
    out["killed"] = (
        ("killed_civilians", "killed_security", "killed_militants"),
        "SELECT f.incident_id, "
        "sum(CASE WHEN f.category = 'civilians' THEN f.best END), "
        f"sum(CASE WHEN f.category IN ({_SECURITY}) THEN f.best END), "
        "sum(CASE WHEN f.category = 'militants' THEN f.best END) "
        f"FROM casualty_figures f WHERE f.incident_id {ids} "
        "AND f.outcome = 'killed' GROUP BY f.incident_id",
    )
    if not pg:
        # PostgreSQL: the sources stay a correlated subquery of the incidents' select (see
        # _columns); grouped by a batch's ids, its planner hashed the whole citations table
        label = "COALESCE(NULLIF(s.url, ''), NULLIF(s.title, ''), NULLIF(s.publisher, ''))"
        out["sources"] = (
            ("sources",),
            _joined(
                dialect,
                label,
                "FROM citations c JOIN sources s ON s.id = c.source_id WHERE "
                f"c.entity_type = 'incident' AND c.entity_id {ids if whole else _IN_TEXT[dialect]} "
                f"AND {label} IS NOT NULL",
                "c.id",
                key="c.entity_id",
            ),
        )
    return out


_PLAIN = {
    "province": Incident.admin1_name,
    "province_now": Incident.admin1_now_name,
    "district": Incident.admin2_name,
    "district_now": Incident.admin2_now_name,
    "place": Incident.place_name,
}
_TABLE = Incident.__table__.c


class _Plan:
    """One dialect's way to a batch of flat rows: the incidents' select, the grouped
    selects, and where each CSV column comes from."""

    def __init__(self, dialect: str) -> None:
        self.selects = child_selects(dialect)
        aggregated = {name for names, _ in self.selects.values() for name in names}
        self.columns: list[Any] = [
            cast(_TABLE[name], String(10)).label(name)
            if name in ("date_start", "date_end")
            else _PLAIN[name].label(name)
            if name in _PLAIN
            else literal_column(computed_columns(dialect)["sources"], String()).label(name)
            if name == "sources"
            else _TABLE[name]
            for name in CSV_COLUMNS
            if name not in aggregated
        ]
        names = [c.name for c in self.columns]
        self.agg_names = [name for name in CSV_COLUMNS if name in aggregated]
        self.id_at = names.index("id")
        #: a flat row from (incident row + its aggregated values, in agg_names order), in C
        self.order = itemgetter(
            *[
                len(names) + self.agg_names.index(name) if name in aggregated else names.index(name)
                for name in CSV_COLUMNS
            ]
        )


@functools.cache
def _plan(dialect: str) -> _Plan:
    return _Plan(dialect)


def _aggregates(conn: Connection, plan: _Plan, ids: list[int]) -> dict[str, dict[Any, Any]]:
    """Each aggregated column's values for these incidents, by incident id."""
    if conn.dialect.name == "postgresql":
        # one text parameter cast to an array: psycopg dumps a list of 2,000 ints per select
        params: Any = {"ids": "{" + ",".join(map(str, ids)) + "}"}
        text_params = params
    else:
        params = ("[" + ",".join(map(str, ids)) + "]",)
        text_params = ("[" + ",".join(f'"{i}"' for i in ids) + "]",)
    out: dict[str, dict[Any, Any]] = {}
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for key, (names, sql) in plan.selects.items():
            cursor.execute(sql, text_params if key == "sources" else params)
            rows = cursor.fetchall()
            if key == "sources":
                rows = [(int(r[0]), r[1]) for r in rows]
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
    at a time (see the module docstring)."""
    conn = session.connection()
    plan = _plan(conn.dialect.name)
    stmt = flt.apply(select(*plan.columns)).order_by(Incident.date_start, Incident.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    id_at, order = plan.id_at, plan.order
    for rows in read_batches(session, stmt, size):
        with collector_paused():
            agg = _aggregates(conn, plan, [r[id_at] for r in rows])
            columns = [agg[name] for name in plan.agg_names]
            flat = [order((*r, *[values.get(r[id_at]) for values in columns])) for r in rows]
        yield flat
