"""Incidents read with Core selects, as their JSON form, in batches: what exports and the API's
list pages read.

The JSON form is the dict ``IncidentPublic.model_dump(mode="json")`` gives (the change log's
snapshot, built by :func:`~militancydb.services.incident_rows.snapshot_from_prepared`), made
here straight from rows: no ORM objects, no identity map, no pydantic validation, which is
what made a large export take minutes (issue 15). A test holds it equal to the ORM path
(``list_incidents``) on both backends.

:func:`stream_public` reads a selection from one server-side cursor (``yield_per``: a named
cursor under psycopg 3, a stepped cursor under SQLite), ``size`` incidents at a time, and
fetches each batch's casualty figures, actors, targets, tactics, external ids, citations and
links with one select per table, so memory holds one batch whatever the selection's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Select, func, select
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
from militancydb.domain.incident import IncidentList, IncidentPublic
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incident_rows import PreparedIncident, snapshot_from_prepared
from militancydb.services.incidents import list_incidents

#: incidents per batch: one select per child table per batch (fewer round trips), while a
#: batch of JSON forms stays a few MB
BATCH = 1000
#: bound parameters per ``IN`` list (SQLite allows 32,766 since 3.32; PostgreSQL 65,535)
_IN_CHUNK = 5000

_INCIDENTS = Incident.__table__
_META = ("version", "deleted", "created_at", "created_by", "updated_at", "updated_by")


def _chunks(ids: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(ids), _IN_CHUNK):
        yield ids[start : start + _IN_CHUNK]


def _children(session: Session, ids: list[int]) -> dict[str, dict[Any, list[Any]]]:
    """Each child table's rows of these incidents, by incident id, in the order the ORM
    relationships give them (by the child's id)."""
    out: dict[str, dict[Any, list[Any]]] = {}
    tables: dict[str, tuple[Any, ...]] = {
        "casualties": (
            CasualtyFigure,
            CasualtyFigure.category,
            CasualtyFigure.outcome,
            CasualtyFigure.low,
            CasualtyFigure.best,
            CasualtyFigure.high,
        ),
        "actors": (
            IncidentActor,
            IncidentActor.actor_key,
            IncidentActor.actor_name,
            IncidentActor.role,
            IncidentActor.basis,
            IncidentActor.confidence,
            IncidentActor.note,
        ),
        "targets": (IncidentTarget, IncidentTarget.target_type, IncidentTarget.description),
        "tactics": (IncidentTactic, IncidentTactic.tactic),
        "external_ids": (ExternalId, ExternalId.system, ExternalId.external_id),
        "related": (IncidentLink, IncidentLink.other_id, IncidentLink.relation, IncidentLink.note),
    }
    for name, (model, *cols) in tables.items():
        found: dict[Any, list[Any]] = defaultdict(list)
        for chunk in _chunks(ids):
            stmt = (
                select(model.incident_id, *cols)
                .where(model.incident_id.in_(chunk))
                .order_by(model.id)
            )
            for row in session.execute(stmt):
                found[row[0]].append(row)
        out[name] = found
    cites: dict[Any, list[Any]] = defaultdict(list)
    for chunk in _chunks([str(i) for i in ids]):
        stmt = (
            select(
                Citation.entity_id,
                Citation.source_id,
                Citation.locator,
                Citation.excerpt,
                Source.id,
                Source.key,
                Source.publisher,
                Source.title,
                Source.url,
                Source.published,
            )
            .join(Source, Source.id == Citation.source_id)
            .where(Citation.entity_type == "incident", Citation.entity_id.in_(chunk))
            .order_by(Citation.id)
        )
        for row in session.execute(stmt):
            cites[int(row[0])].append(row)
    out["citations"] = cites
    return out


def _public(row: Any, kids: dict[str, dict[Any, list[Any]]]) -> dict[str, Any]:
    """The JSON form of one incident row and its children."""
    iid = row.id
    cites = kids["citations"].get(iid, ())
    p = PreparedIncident(
        columns=dict(row._mapping),
        casualties=[
            {"category": c[1], "outcome": c[2], "low": c[3], "best": c[4], "high": c[5]}
            for c in kids["casualties"].get(iid, ())
        ],
        actors=[
            {
                "actor_key": a[1],
                "actor_name": a[2],
                "role": a[3],
                "basis": a[4],
                "confidence": a[5],
                "note": a[6],
            }
            for a in kids["actors"].get(iid, ())
        ],
        targets=[{"target_type": t[1], "description": t[2]} for t in kids["targets"].get(iid, ())],
        tactics=[t[1] for t in kids["tactics"].get(iid, ())],
        external_ids={e[1]: e[2] for e in kids["external_ids"].get(iid, ())},
        citations=[{"source_id": c[1], "locator": c[2], "excerpt": c[3]} for c in cites],
        related=[
            {"incident_id": r[1], "relation": r[2], "note": r[3]}
            for r in kids["related"].get(iid, ())
        ],
    )
    meta = {k: p.columns[k] for k in _META}
    sources = {c[4]: _SourceRow(*c[4:]) for c in cites}
    return snapshot_from_prepared(iid, meta, p, sources)


class _SourceRow:
    """The fields of a source that a citation shows."""

    __slots__ = ("id", "key", "publisher", "title", "url", "published")

    def __init__(
        self,
        id: int,
        key: str | None,
        publisher: str | None,
        title: str | None,
        url: str | None,
        published: str | None,
    ) -> None:
        self.id, self.key, self.publisher = id, key, publisher
        self.title, self.url, self.published = title, url, published


def _batch(session: Session, rows: Sequence[Any]) -> list[dict[str, Any]]:
    kids = _children(session, [r.id for r in rows])
    return [_public(r, kids) for r in rows]


def public_by_ids(session: Session, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The JSON forms of these incidents (deleted ones included), in the order given; ids
    that do not exist are left out."""
    found: dict[int, Any] = {}
    for chunk in _chunks(list(ids)):
        for row in session.execute(select(_INCIDENTS).where(Incident.id.in_(chunk))):
            found[row.id] = row
    rows = [found[i] for i in ids if i in found]
    return _batch(session, rows)


def selection(flt: IncidentFilter) -> Select[Any]:
    """The select of a filter's incident rows, oldest first (date, then id)."""
    return flt.apply(select(_INCIDENTS)).order_by(Incident.date_start, Incident.id)


def stream_public(
    session: Session,
    flt: IncidentFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    size: int = BATCH,
) -> Iterator[list[dict[str, Any]]]:
    """The selection's JSON forms, oldest first, ``size`` at a time, from one server-side
    cursor (see the module docstring)."""
    stmt = selection(flt)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    result = session.execute(stmt.execution_options(yield_per=size))
    try:
        for rows in result.partitions(size):
            yield _batch(session, rows)
    finally:
        result.close()


def list_page(
    session: Session,
    flt: IncidentFilter,
    *,
    as_of: dt.date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> IncidentList:
    """The first ``limit`` incidents of a selection after ``offset`` (oldest first) and the
    selection's size, counted in SQL: what a table on the terminal shows, at any size.
    ``as_of`` reads a past day's state from the change log (``list_incidents``)."""
    if as_of is not None:
        return list_incidents(session, flt, as_of=as_of, limit=limit, offset=offset)
    ids = flt.apply(select(Incident.id)).subquery()
    count = int(session.scalar(select(func.count()).select_from(ids)) or 0)
    data = [
        IncidentPublic.model_validate(d)
        for batch in stream_public(session, flt, limit=limit, offset=offset)
        for d in batch
    ]
    return IncidentList(data=data, count=count)
