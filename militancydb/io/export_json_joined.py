"""JSON Lines and the JSON document of a whole PostgreSQL selection with each incident's JSON
text built by the server (:mod:`militancydb.io.export_json_rows` says how and why): ONE
select, each child list's JSON text aggregated by a grouped subquery (over the selection's
ids, or over every incident for a large selection) and joined to the incidents, sorted by
the server, read from one server-side cursor under
:func:`militancydb.io.export_flat_joined.export_settings`. The lists' JSON is
:mod:`militancydb.io.export_jsonl`'s (``to_json`` of each text, concatenated); the pieces of
an incident's text are one ``concat`` each.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import String, literal_column, select, table, text
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident
from militancydb.io.export_flat_joined import among, export_settings
from militancydb.io.export_flat_whole import large_selection
from militancydb.io.export_json_copy import stream_json_copy
from militancydb.io.export_json_rows import json_texts, row_plan
from militancydb.io.export_jsonl import (
    CHILD_LISTS,
    NEWLINE,
    SOURCE_FIELDS,
    as_json,
    checked_once,
    json_object_sql,
)
from militancydb.services.incident_query import IncidentFilter

#: a citation's ``entity_id`` (text) as the incident's id it names: a number where it is an
#: integer's own text (``str(id)``, which is what an incident's citation holds), else NULL,
#: so that it joins the incidents exactly where the text equalled their id's text. The
#: sources' lists joined on this number, not on the incidents' ids cast to text: a hash
#: join on text that the planner misjudged (324 million rows for 250,000, 32 batches on
#: disk; docs/benchmarks.md, branch ``exportpg9``)
INCIDENT_KEY = (
    "CASE WHEN c.entity_id ~ '^(0|-?[1-9][0-9]{0,17})$' THEN CAST(c.entity_id AS BIGINT) END"
)


def _pg_aggregate(value: str, order: str, indented: bool, bracket: str = "[]") -> str:
    nl = NEWLINE["postgresql"]
    sep = f"',' || {nl} || '    '" if indented else "','"
    start = f"'{bracket[0]}' || {nl} || '    '" if indented else f"'{bracket[0]}'"
    end = f"{nl} || '  {bracket[1]}'" if indented else f"'{bracket[1]}'"
    return f"{start} || string_agg({value}, {sep} ORDER BY {order}) || {end}"


def _pg_lists(ids: Any, indented: bool) -> dict[str, Any]:
    """PostgreSQL: each list's text by incident (``k``, ``v``), grouped over the selection's
    ids (a select of ids; None: every incident's, for a large selection), as subqueries."""
    d = "postgresql"
    out: dict[str, Any] = {}
    key: Any = literal_column("t.incident_id")
    for name, (tbl, fields) in CHILD_LISTS.items():
        value = checked_once(
            json_object_sql(d, [(n, f"t.{c}", txt) for n, c, txt in fields], indented)
        )
        out[name] = (
            select(
                key.label("k"), literal_column(_pg_aggregate(value, "t.id", indented)).label("v")
            )
            .select_from(table(tbl).alias("t"))
            .where(among(key, ids))
            .group_by(key)
        )
    out["tactics"] = (
        select(
            key.label("k"),
            literal_column(_pg_aggregate(as_json(d, "t.tactic", True), "t.id", indented)).label(
                "v"
            ),
        )
        .select_from(table("incident_tactics").alias("t"))
        .where(among(key, ids))
        .group_by(key)
    )
    entity: Any = literal_column("c.entity_id")
    out["sources"] = (
        select(
            # grouped by the citation's text key (its index's order), joined on a number
            literal_column(INCIDENT_KEY).label("k"),
            literal_column(
                _pg_aggregate(
                    checked_once(json_object_sql(d, SOURCE_FIELDS, indented)), "c.id", indented
                )
            ).label("v"),
        )
        .select_from(
            table("citations")
            .alias("c")
            .join(
                table("sources").alias("s"), literal_column("s.id") == literal_column("c.source_id")
            )
        )
        .where(
            text("c.entity_type = 'incident'"),
            among(
                entity,
                None if ids is None else ids.with_only_columns(sql_cast(Incident.id, String(200))),
            ),
        )
        .group_by(entity)
    )
    e: Any = literal_column("e.incident_id")
    sep = ": " if indented else ":"
    pair = checked_once(
        f"{as_json(d, 'e.system', True)} || '{sep}' || {as_json(d, 'e.external_id', True)}"
    )
    out["external_ids"] = (
        select(
            e.label("k"),
            literal_column(_pg_aggregate(pair, 'e.system COLLATE "C"', indented, "{}")).label("v"),
        )
        .select_from(table("external_ids").alias("e"))
        .where(
            among(e, ids),
            # one id per dataset, the last stored
            text(
                "NOT EXISTS (SELECT 1 FROM external_ids e2 WHERE e2.incident_id = "
                "e.incident_id AND e2.system = e.system AND e2.id > e.id)"
            ),
        )
        .group_by(e)
    )
    return {name: sub.subquery(f"jl_{name}") for name, sub in out.items()}


def joined_lists(
    flt: IncidentFilter, indented: bool, large: bool, where: Sequence[Any] = ()
) -> tuple[Any, dict[str, str]]:
    """PostgreSQL: the incidents joined to each list's grouped subquery, and the SQL of
    each list's text; ``large``: the lists aggregated over every incident (see
    :func:`militancydb.io.export_flat_joined.joined_select`), else over the selection's
    incidents that meet ``where`` too."""
    ids = flt.apply(select(Incident.id)).where(*where)
    subs = _pg_lists(None if large else ids, indented)
    frm: Any = Incident.__table__
    for sub in subs.values():
        frm = frm.outerjoin(sub, sub.c.k == Incident.id)
    return frm, {name: f"jl_{name}.v" for name in subs}


def joined_json_select(flt: IncidentFilter, indented: bool, large: bool = False) -> tuple[Any, str]:
    """PostgreSQL: the one select of the whole selection's incidents as JSON text pieces,
    oldest first, and the format of an incident's text from its row; ``large``: the lists
    aggregated over every incident (see :func:`militancydb.io.export_flat_joined.joined_select`)."""
    frm, lists = joined_lists(flt, indented, large)
    cols, fmt = row_plan("postgresql", indented, lists)
    stmt = flt.apply(select(*cols).select_from(frm)).order_by(Incident.date_start, Incident.id)
    return stmt, fmt


def copies_utf8(session: Session) -> bool:
    """Whether COPY sends this PostgreSQL connection UTF-8 (its client encoding)."""
    raw: Any = session.connection().connection.driver_connection
    return bool(raw.info.encoding == "utf-8")


def stream_json_joined(
    session: Session, flt: IncidentFilter, *, indented: bool = False, size: int = 2000
) -> Iterator[list[bytes]]:
    """The whole selection's incidents as JSON text on PostgreSQL (one select; see the
    module docstring), oldest first, ``size`` at a time: each incident's whole text built
    by the server and read through COPY (:mod:`militancydb.io.export_json_copy`), or, on a
    connection whose client encoding is not UTF-8, in pieces from a server-side cursor."""
    large = large_selection(session, flt)
    if copies_utf8(session):
        frm, lists = joined_lists(flt, indented, large)
        yield from stream_json_copy(session, flt, lists, frm, indented=indented, size=size)
        return
    stmt, fmt = joined_json_select(flt, indented, large)
    with export_settings(session):
        yield from json_texts(session, stmt, fmt, indented, size)
