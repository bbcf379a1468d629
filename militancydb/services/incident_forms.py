"""The forms of an incident: :class:`PreparedIncident` (the rows to store, checked and
resolved) and the public form (:class:`IncidentPublic` and its JSON snapshot) built from
them (:func:`public_from_prepared`, :func:`snapshot_from_prepared`) or from a stored row
(:func:`public_from_row`), so that what the change log stores equals what ``incidents
show`` prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from militancydb.db.tables import Citation, Incident, IncidentLink, Source
from militancydb.domain.incident import IncidentPublic


@dataclass
class PreparedIncident:
    """Everything needed to store one incident, checked and resolved."""

    columns: dict[str, Any]
    casualties: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    tactics: list[str] = field(default_factory=list)
    external_ids: dict[str, str] = field(default_factory=dict)
    citations: list[dict[str, Any]] = field(default_factory=list)
    related: list[dict[str, Any]] = field(default_factory=list)
    content_hash: str | None = None


class SourceFields(Protocol):
    """What a citation shows of its source (a :class:`Source` row, or a Core row's fields)."""

    @property
    def id(self) -> int: ...
    @property
    def key(self) -> str | None: ...
    @property
    def publisher(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def published(self) -> str | None: ...


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def snapshot_from_prepared(
    incident_id: int,
    meta: dict[str, Any],
    p: PreparedIncident,
    sources: Mapping[int, SourceFields],
) -> dict[str, Any]:
    """The JSON form of an incident (what the change log stores and ``show --format json``
    prints): equal to ``IncidentPublic.model_dump(mode="json")``, built without pydantic so
    that bulk imports stay fast. A test keeps the two equal."""
    c = p.columns
    return {
        "id": incident_id,
        "version": meta["version"],
        "deleted": meta.get("deleted", False),
        "created_at": _iso(meta["created_at"]),
        "created_by": meta["created_by"],
        "updated_at": _iso(meta["updated_at"]),
        "updated_by": meta["updated_by"],
        "date_start": _iso(c["date_start"]),
        "date_end": _iso(c["date_end"]),
        "date_precision": c["date_precision"],
        "location": {
            "country": c["country"],
            "province": c["admin1_key"],
            "province_name": c["admin1_name"],
            "province_now": c["admin1_now_key"],
            "province_now_name": c["admin1_now_name"],
            "district": c["admin2_key"],
            "district_name": c["admin2_name"],
            "district_now": c["admin2_now_key"],
            "district_now_name": c["admin2_now_name"],
            "place": c["place_key"],
            "place_name": c["place_name"],
            "place_detail": c["place_detail"],
            "latitude": c["latitude"],
            "longitude": c["longitude"],
            "geo_precision": c["geo_precision"],
        },
        "event_type": c["event_type"],
        "event_type_rule": c.get("event_type_rule"),
        "event_type_confidence": c.get("event_type_confidence"),
        "aggregate": bool(c.get("aggregate")),
        "tactics": list(p.tactics),
        "suicide": c["suicide"],
        "targets": [{"type": t["target_type"], "description": t["description"]} for t in p.targets],
        "casualties": [
            {
                "category": x["category"],
                "outcome": x["outcome"],
                "low": x["low"],
                "best": x["best"],
                "high": x["high"],
            }
            for x in p.casualties
        ],
        "totals": {k: c[k] for k in TOTAL_KEYS},
        "actors": [
            {
                "actor_key": a["actor_key"],
                "actor_name": a["actor_name"],
                "role": a["role"],
                "basis": a["basis"],
                "confidence": a["confidence"],
                "note": a["note"],
            }
            for a in p.actors
        ],
        "summary": c["summary"],
        "operation": c["operation_key"],
        "review_status": c["review_status"],
        "sources": [_citation(x, sources[x["source_id"]]) for x in p.citations],
        "external_ids": dict(sorted(p.external_ids.items())),
        "related": [
            {"incident_id": r["incident_id"], "relation": r["relation"], "note": r.get("note")}
            for r in p.related
        ],
    }


TOTAL_KEYS = (
    "killed_low",
    "killed_best",
    "killed_high",
    "injured_low",
    "injured_best",
    "injured_high",
)


def public_from_prepared(
    incident_id: int,
    meta: dict[str, Any],
    p: PreparedIncident,
    sources: dict[int, Source],
) -> IncidentPublic:
    """The public form of an incident about to be (or just) stored."""
    return IncidentPublic.model_validate(snapshot_from_prepared(incident_id, meta, p, sources))


def _citation(x: dict[str, Any], s: SourceFields) -> dict[str, Any]:
    return {
        "source_id": s.id,
        "source_key": s.key,
        "publisher": s.publisher,
        "title": s.title,
        "url": s.url,
        "published": s.published,
        "locator": x.get("locator"),
        "excerpt": x.get("excerpt"),
    }


def row_columns(row: Incident) -> dict[str, Any]:
    """The incident table's columns of a stored row."""
    return {col.name: getattr(row, col.name) for col in Incident.__table__.columns}


def public_from_row(
    row: Incident, citations: list[Citation], links: list[IncidentLink]
) -> IncidentPublic:
    """The public form of a stored incident."""
    p = PreparedIncident(
        columns=row_columns(row),
        casualties=[
            {
                "category": c.category,
                "outcome": c.outcome,
                "low": c.low,
                "best": c.best,
                "high": c.high,
            }
            for c in row.casualties
        ],
        actors=[
            {
                "actor_key": a.actor_key,
                "actor_name": a.actor_name,
                "role": a.role,
                "basis": a.basis,
                "confidence": a.confidence,
                "note": a.note,
            }
            for a in row.actors
        ],
        targets=[{"target_type": t.target_type, "description": t.description} for t in row.targets],
        tactics=[t.tactic for t in row.tactics],
        external_ids={e.system: e.external_id for e in row.external_ids},
        citations=[
            {"source_id": c.source_id, "locator": c.locator, "excerpt": c.excerpt}
            for c in citations
        ],
        related=[
            {"incident_id": link.other_id, "relation": link.relation, "note": link.note}
            for link in links
        ],
    )
    meta = {
        "version": row.version,
        "deleted": row.deleted,
        "created_at": row.created_at,
        "created_by": row.created_by,
        "updated_at": row.updated_at,
        "updated_by": row.updated_by,
    }
    return public_from_prepared(row.id, meta, p, {c.source_id: c.source for c in citations})


def snapshot(incident: IncidentPublic) -> dict[str, Any]:
    """The JSON form the change log stores."""
    return incident.model_dump(mode="json")
