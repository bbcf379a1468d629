"""The JSON form of incidents, built straight from rows: the one builder of the form, used by
every reader of it (the exports' JSON, JSON Lines, GTD, ACLED and Parquet formats, the API's
pages, ``incidents list``'s table; services/incident_reader.py, io/export_public.py).

The form is the dict ``IncidentPublic.model_dump(mode="json")`` gives (the change log's
snapshot; a test holds the two equal on both backends), made without ORM objects, an
identity map or pydantic validation, which is what an export of a million pays: the
incidents' rows come from one server-side cursor (:func:`stream_forms`) or one select by id
(:func:`forms_by_ids`), only the columns the form shows; each batch's child rows (casualty
figures, actors, targets, tactics, external ids, citations with their sources, links) come
from one select per table, the batch's ids given as ONE parameter (a JSON array read by
``json_each`` on SQLite, an array with ``= ANY`` on PostgreSQL), compiled once and run on the
driver's cursor; the child rows come in the index's order (incident, then child id), so
SQLite reads them without a sort, and are grouped by incident in C (``itertools.groupby``);
timestamps are converted once per distinct value (:mod:`militancydb.services.row_batches`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import ARRAY, Connection, Dialect, Select, any_, bindparam, column, func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import (
    CasualtyFigure,
    Citation,
    ExternalId,
    Incident,
    IncidentActor,
    IncidentLink,
    IncidentTactic,
    IncidentTarget,
    Source,
)
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.row_batches import collector_paused, read_batches

#: incidents per batch: one select per child table per batch
BATCH = 2000
#: ids per select of :func:`forms_by_ids`
_BY_IDS = 5000
_I = Incident.__table__.c
_FIELDS = (
    "id",
    "version",
    "deleted",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "date_start",
    "date_end",
    "date_precision",
    "country",
    "admin1_key",
    "admin1_name",
    "admin1_now_key",
    "admin1_now_name",
    "admin2_key",
    "admin2_name",
    "admin2_now_key",
    "admin2_now_name",
    "place_key",
    "place_name",
    "place_detail",
    "latitude",
    "longitude",
    "geo_precision",
    "event_type",
    "event_type_rule",
    "event_type_confidence",
    "aggregate",
    "suicide",
    "killed_low",
    "killed_best",
    "killed_high",
    "injured_low",
    "injured_best",
    "injured_high",
    "summary",
    "operation_key",
    "review_status",
)
#: the incident columns of the form, in the order :func:`_forms` reads them
COLUMNS = [_I[name] for name in _FIELDS]


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


#: dates and times as the form writes them (ISO text), converted once per distinct value
ISO_COLUMNS = dict.fromkeys(("created_at", "updated_at", "date_start", "date_end"), _iso)


def _in_ids(col: Any, dialect: str) -> Any:
    """``col`` is one of the batch's ids, given as ONE parameter ``ids``: the statement is
    compiled once, where an expanding ``IN`` is rendered anew with each batch's ids."""
    kind = col.type
    if dialect == "postgresql":
        return col == any_(bindparam("ids", type_=ARRAY(kind)))
    return col.in_(select(column("value", kind)).select_from(func.json_each(bindparam("ids"))))


def _by_incident(dialect: str, model: Any, *cols: Any) -> Any:
    return (
        select(model.incident_id, *cols)
        .where(_in_ids(model.incident_id, dialect))
        .order_by(model.incident_id, model.id)
    )


@functools.cache
def _children(dialect: str) -> dict[str, Any]:
    """The selects of a batch's child rows, by the JSON form's name for them; each in its
    incident's order, then the child's id (the order of the ORM's relationships)."""
    return {
        "casualties": _by_incident(
            dialect,
            CasualtyFigure,
            CasualtyFigure.category,
            CasualtyFigure.outcome,
            CasualtyFigure.low,
            CasualtyFigure.best,
            CasualtyFigure.high,
        ),
        "actors": _by_incident(
            dialect,
            IncidentActor,
            IncidentActor.actor_key,
            IncidentActor.actor_name,
            IncidentActor.role,
            IncidentActor.basis,
            IncidentActor.confidence,
            IncidentActor.note,
        ),
        "targets": _by_incident(
            dialect, IncidentTarget, IncidentTarget.target_type, IncidentTarget.description
        ),
        "tactics": _by_incident(dialect, IncidentTactic, IncidentTactic.tactic),
        "external_ids": _by_incident(
            dialect, ExternalId, ExternalId.system, ExternalId.external_id
        ),
        "related": _by_incident(
            dialect, IncidentLink, IncidentLink.other_id, IncidentLink.relation, IncidentLink.note
        ),
        "sources": select(
            Citation.entity_id,
            Source.id,
            Source.key,
            Source.publisher,
            Source.title,
            Source.url,
            Source.published,
            Citation.locator,
            Citation.excerpt,
        )
        .join(Source, Source.id == Citation.source_id)
        .where(Citation.entity_type == "incident", _in_ids(Citation.entity_id, dialect))
        .order_by(Citation.entity_id, Citation.id),
    }


_Compiled = tuple[str, dict[str, Any], tuple[str, ...] | None]
_COMPILED: dict[tuple[str, str, str], _Compiled] = {}


def _compiled(dialect: Dialect, name: str) -> _Compiled:
    """A child select as the driver takes it: its SQL, its fixed parameters and, for a
    positional driver (SQLite), the order of the parameters; compiled once per driver."""
    key = (dialect.name, dialect.driver, name)
    if key not in _COMPILED:
        c = _children(dialect.name)[name].compile(dialect=dialect)
        order = tuple(c.positiontup) if c.positional and c.positiontup else None
        _COMPILED[key] = (str(c), dict(c.params), order)
    return _COMPILED[key]


_FIRST = itemgetter(0)


def _grouped(conn: Connection, name: str, ids: list[Any]) -> dict[Any, list[Any]]:
    """The rows of the child select ``name`` for these ids, by their first column, in the
    select's order. Run on the driver's cursor: every column is an integer or a text that
    the driver gives as it is, so SQLAlchemy's rows (which cost as much as the query here)
    add nothing."""
    sql, fixed, order = _compiled(conn.dialect, name)
    params = dict(fixed)
    if conn.dialect.name == "postgresql":
        # one array literal (the ids are integers or their text): psycopg dumping a list of
        # 2,000 values cost more than the select
        params["ids"] = "{" + ",".join(map(str, ids)) + "}"
    else:
        params["ids"] = orjson.dumps(ids).decode()
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, tuple(params[k] for k in order) if order else params)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    # rows come grouped by incident (the select's order)
    return {iid: list(group) for iid, group in groupby(rows, _FIRST)}


_NONE: list[Any] = []


def selection(flt: IncidentFilter, limit: int | None = None, offset: int = 0) -> Select[Any]:
    """The incident columns (:data:`COLUMNS`) of a filter's selection, oldest first (date,
    then id), with its limit and offset: what the JSON forms are read from."""
    stmt = flt.apply(select(*COLUMNS)).order_by(Incident.date_start, Incident.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return stmt


def public_head(r: Sequence[Any]) -> dict[str, Any]:
    """The fields of an incident's JSON form from ``id`` to ``aggregate``, in their order,
    from a row of the incident's columns (:data:`COLUMNS`): the one place exports and pages
    build them."""
    return {
        "id": r[0],
        "version": r[1],
        "deleted": r[2],
        "created_at": r[3],
        "created_by": r[4],
        "updated_at": r[5],
        "updated_by": r[6],
        "date_start": r[7],
        "date_end": r[8],
        "date_precision": r[9],
        "location": {
            "country": r[10],
            "province": r[11],
            "province_name": r[12],
            "province_now": r[13],
            "province_now_name": r[14],
            "district": r[15],
            "district_name": r[16],
            "district_now": r[17],
            "district_now_name": r[18],
            "place": r[19],
            "place_name": r[20],
            "place_detail": r[21],
            "latitude": r[22],
            "longitude": r[23],
            "geo_precision": r[24],
        },
        "event_type": r[25],
        "event_type_rule": r[26],
        "event_type_confidence": r[27],
        "aggregate": bool(r[28]),
    }


def _forms(conn: Connection, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """The JSON forms of these incident rows (:data:`COLUMNS`, dates already ISO text)."""
    ids = [r[0] for r in rows]
    casualties = _grouped(conn, "casualties", ids)
    actors = _grouped(conn, "actors", ids)
    targets = _grouped(conn, "targets", ids)
    tactics = _grouped(conn, "tactics", ids)
    external = _grouped(conn, "external_ids", ids)
    related = _grouped(conn, "related", ids)
    citations = _grouped(conn, "sources", [str(i) for i in ids])
    out = []
    for r in rows:
        iid = r[0]
        ext = external.get(iid)
        out.append(
            {
                **public_head(r),
                "tactics": [t[1] for t in tactics.get(iid, _NONE)],
                "suicide": r[29],
                "targets": [{"type": t[1], "description": t[2]} for t in targets.get(iid, _NONE)],
                "casualties": [
                    {"category": c[1], "outcome": c[2], "low": c[3], "best": c[4], "high": c[5]}
                    for c in casualties.get(iid, _NONE)
                ],
                "totals": {
                    "killed_low": r[30],
                    "killed_best": r[31],
                    "killed_high": r[32],
                    "injured_low": r[33],
                    "injured_best": r[34],
                    "injured_high": r[35],
                },
                "actors": [
                    {
                        "actor_key": a[1],
                        "actor_name": a[2],
                        "role": a[3],
                        "basis": a[4],
                        "confidence": a[5],
                        "note": a[6],
                    }
                    for a in actors.get(iid, _NONE)
                ],
                "summary": r[36],
                "operation": r[37],
                "review_status": r[38],
                "sources": [
                    {
                        "source_id": c[1],
                        "source_key": c[2],
                        "publisher": c[3],
                        "title": c[4],
                        "url": c[5],
                        "published": c[6],
                        "locator": c[7],
                        "excerpt": c[8],
                    }
                    for c in citations.get(str(iid), _NONE)
                ],
                # one id per dataset, the last stored, sorted by dataset name
                "external_ids": dict(sorted({e[1]: e[2] for e in ext}.items())) if ext else {},
                "related": [
                    {"incident_id": x[1], "relation": x[2], "note": x[3]}
                    for x in related.get(iid, _NONE)
                ],
            }
        )
    return out


def stream_forms(
    session: Session,
    flt: IncidentFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    size: int = BATCH,
) -> Iterator[list[dict[str, Any]]]:
    """The selection's JSON forms, oldest first (date, then id), ``size`` at a time, from
    one server-side cursor on the session's connection."""
    stmt = selection(flt, limit, offset)
    conn = session.connection()
    for rows in read_batches(session, stmt, size, then=ISO_COLUMNS):
        with collector_paused():
            forms = _forms(conn, rows)
        yield forms


def forms_by_ids(session: Session, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The JSON forms of these incidents (deleted ones included), in the order given; ids
    that do not exist are left out."""
    found: dict[int, Any] = {}
    for start in range(0, len(ids), _BY_IDS):
        stmt = select(*COLUMNS).where(Incident.id.in_(list(ids[start : start + _BY_IDS])))
        for rows in read_batches(session, stmt, _BY_IDS, then=ISO_COLUMNS):
            found.update((r[0], r) for r in rows)
    wanted = [found[i] for i in ids if i in found]
    if not wanted:
        return []
    with collector_paused():
        return _forms(session.connection(), wanted)
