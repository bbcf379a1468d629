"""Incidents as flat rows (the columns of our CSV and of GeoJSON properties), computed in SQL.

The lists of a flat row (tactics, targets, perpetrators, the other actors, external ids,
sources) are joined by the database and the killed figures by category summed there, one
correlated subquery per column over an indexed ``incident_id``; each row arrives ready to
write, so a CSV export is the database's speed plus the ``csv`` module's, with no object per
incident. A test holds the rows equal to :func:`militancydb.io.export.flat` of the JSON form
on both backends.

Semantics kept from :func:`~militancydb.io.export.flat`: lists in the order of the child's id,
empty items left out and an empty list NULL; a category's killed figure is the sum of the
known best figures, NULL when none is known; external ids one per dataset (the last stored),
sorted by dataset name in code-point order; a source shows its URL, else its title, else its
publisher.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Integer, String, cast, literal_column, select
from sqlalchemy.orm import Session

from militancydb.codebook import SECURITY_CATEGORIES
from militancydb.db.tables import Incident
from militancydb.io.export import CSV_COLUMNS
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.row_batches import read_batches

BATCH = 2000


def _joined(dialect: str, value: str, from_where: str, order: str) -> str:
    """``value`` of the rows of ``from_where``, in ``order``, joined by ``;`` (NULL if none).
    SQLite before 3.44 has no ORDER BY inside group_concat: it joins an ordered subquery,
    whose order it keeps."""
    if dialect == "postgresql":
        return f"(SELECT string_agg({value}, ';' ORDER BY {order}) FROM {from_where})"
    return (
        f"(SELECT group_concat(v, ';') FROM (SELECT {value} AS v FROM {from_where} "
        f"ORDER BY {order}))"
    )


def _killed(categories: list[str]) -> str:
    names = ", ".join(f"'{c}'" for c in categories)  # codebook constants, not input
    return (
        "(SELECT sum(f.best) FROM casualty_figures f WHERE f.incident_id = incidents.id "
        f"AND f.outcome = 'killed' AND f.category IN ({names}))"
    )


def computed_columns(dialect: str) -> dict[str, str]:
    text_id = "CAST(incidents.id AS VARCHAR(200))"
    code_point = ' COLLATE "C"' if dialect == "postgresql" else ""
    actors = "incident_actors a WHERE a.incident_id = incidents.id AND a.actor_name <> '' AND "
    return {
        "tactics": _joined(
            dialect,
            "t.tactic",
            "incident_tactics t WHERE t.incident_id = incidents.id AND t.tactic <> ''",
            "t.id",
        ),
        "targets": _joined(
            dialect,
            "t.target_type",
            "incident_targets t WHERE t.incident_id = incidents.id AND t.target_type <> ''",
            "t.id",
        ),
        "perpetrators": _joined(dialect, "a.actor_name", actors + "a.role = 'perpetrator'", "a.id"),
        "targets_actors": _joined(
            dialect, "a.actor_name", actors + "a.role <> 'perpetrator'", "a.id"
        ),
        "killed_civilians": _killed(["civilians"]),
        "killed_security": _killed(sorted(c.value for c in SECURITY_CATEGORIES)),
        "killed_militants": _killed(["militants"]),
        # one id per dataset, the last stored (as a dict built in id order keeps it)
        "external_ids": _joined(
            dialect,
            "e.system || ':' || e.external_id",
            "external_ids e WHERE e.incident_id = incidents.id AND NOT EXISTS (SELECT 1 FROM "
            "external_ids e2 WHERE e2.incident_id = e.incident_id AND e2.system = e.system "
            "AND e2.id > e.id)",
            f"e.system{code_point}",
        ),
        "sources": _joined(
            dialect,
            "COALESCE(NULLIF(s.url, ''), NULLIF(s.title, ''), NULLIF(s.publisher, ''))",
            "citations c JOIN sources s ON s.id = c.source_id WHERE c.entity_type = 'incident' "
            f"AND c.entity_id = {text_id} AND COALESCE(NULLIF(s.url, ''), NULLIF(s.title, ''), "
            "NULLIF(s.publisher, '')) IS NOT NULL",
            "c.id",
        ),
    }


_PLAIN = {
    "province": Incident.admin1_name,
    "province_now": Incident.admin1_now_name,
    "district": Incident.admin2_name,
    "district_now": Incident.admin2_now_name,
    "place": Incident.place_name,
}
_INTEGERS = {"killed_civilians", "killed_security", "killed_militants"}


def flat_select(dialect: str) -> Any:
    """A select of the flat columns (in ``CSV_COLUMNS`` order) over incidents; dates as
    ``YYYY-MM-DD`` text."""
    computed = computed_columns(dialect)
    cols: list[Any] = []
    for name in CSV_COLUMNS:
        if name in ("date_start", "date_end"):
            cols.append(cast(Incident.__table__.c[name], String(10)).label(name))
        elif name in computed:
            kind = Integer() if name in _INTEGERS else String()
            cols.append(literal_column(computed[name], kind).label(name))
        elif name in _PLAIN:
            cols.append(_PLAIN[name].label(name))
        else:
            cols.append(Incident.__table__.c[name])
    return select(*cols)


def stream_flat(
    session: Session,
    flt: IncidentFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    size: int = BATCH,
) -> Iterator[list[tuple[Any, ...]]]:
    """The selection's flat rows (tuples in ``CSV_COLUMNS`` order), oldest first, ``size``
    at a time, from one server-side cursor."""
    stmt = flt.apply(flat_select(session.get_bind().dialect.name)).order_by(
        Incident.date_start, Incident.id
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    for rows in read_batches(session, stmt, size):
        yield [tuple(r) for r in rows]
