"""Between the incident schemas and the incident tables.

:func:`prepare` turns an :class:`IncidentCreate` into the rows to store (names resolved
through the knowledge base, totals computed); :func:`public_from_prepared` and
:func:`public_from_row` give the same :class:`IncidentPublic` from either side, so that
what the change log stores equals what ``incidents show`` prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.codebook import CasualtyCategory, GeoPrecision, Outcome
from militancydb.db.tables import Citation, Incident, IncidentLink, Operation, Source
from militancydb.domain.incident import (
    IncidentCreate,
    IncidentPublic,
    SourceIn,
    is_aggregate,
)
from militancydb.domain.limits import clip
from militancydb.errors import FieldError
from militancydb.knowledge.loader import Knowledge
from militancydb.services.location_checks import country_errors, point_errors
from militancydb.services.locations import ResolvedLocation, resolve_location


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


def totals(casualties: list[dict[str, Any]]) -> dict[str, int | None]:
    """Killed and injured over all categories.

    The ``total`` figure when one is given; otherwise the sum of the categories (a bound is
    summed only where every category has it; unknown stays None, never 0).
    """
    out: dict[str, int | None] = {}
    for outcome in (Outcome.KILLED.value, Outcome.INJURED.value):
        rows = [c for c in casualties if c["outcome"] == outcome]
        total = next((c for c in rows if c["category"] == CasualtyCategory.TOTAL.value), None)
        for bound in ("low", "best", "high"):
            if total is not None:
                value = total[bound]
            else:
                parts = [c[bound] for c in rows]
                if bound == "best":
                    known = [p for p in parts if p is not None]
                    value = sum(known) if known else None
                else:
                    value = sum(parts) if parts and all(p is not None for p in parts) else None
            out[f"{outcome}_{bound}"] = value
    return out


def resolve_actors(
    data: IncidentCreate, kb: Knowledge, errors: list[FieldError], *, strict: bool
) -> list[dict[str, Any]]:
    """Actor links with registry keys; unknown names are errors when ``strict``."""
    out: list[dict[str, Any]] = []
    for i, a in enumerate(data.actors):
        r = kb.registry.resolve(a.actor, on=data.date_start, country=data.country)
        if r.key is None and strict:
            if r.status == "ambiguous":
                opts = ", ".join(m.key for m in r.alternatives)
                msg = f"{a.actor!r} is ambiguous ({opts}); use one of these keys"
            else:
                msg = (
                    f"{a.actor!r} is not in the actor registry; check the spelling, use a key "
                    "from `militancydb actors resolve`, or add the actor first"
                )
            errors.append(FieldError(f"actors.{i}.actor", msg))
        name = kb.registry.actors[r.key].name if r.key else a.actor
        same = next(
            (
                j
                for j, o in enumerate(out)
                if r.key and (o["actor_key"], o["role"], o["basis"]) == (r.key, a.role, a.basis)
            ),
            None,
        )
        if same is not None:
            # two names of one actor in one role on one basis (TTP and Tehrik-i-Taliban
            # Pakistan): a person is told; a dataset's row keeps the first
            if strict:
                errors.append(
                    FieldError(
                        f"actors.{i}.actor",
                        f"{clip(a.actor)} is {name}, already given as {a.role.value} "
                        f"({a.basis.value}) in actors.{same}; give each actor once per role "
                        "and basis",
                    )
                )
            continue
        out.append(
            {
                "actor_key": r.key,
                "actor_name": name,
                "role": a.role.value,
                "basis": a.basis.value,
                "confidence": a.confidence.value if a.confidence else None,
                "note": a.note,
            }
        )
    return out


def resolve_sources(
    session: Session, sources: list[SourceIn], errors: list[FieldError]
) -> list[dict[str, Any]]:
    """Citation rows for the given sources; new inline sources are created."""
    out = []
    for i, s in enumerate(sources):
        source: Source | None
        if s.id:
            source = session.get(Source, s.id)
            if source is None:
                errors.append(FieldError(f"sources.{i}.id", f"no source with id {s.id}"))
                continue
        elif s.key:
            source = session.scalar(select(Source).where(Source.key == s.key))
            if source is None:
                errors.append(FieldError(f"sources.{i}.key", f"no source with key {s.key!r}"))
                continue
        else:
            source = None
            if s.url:
                source = session.scalar(select(Source).where(Source.url == s.url).limit(1))
            if source is None:
                source = Source(
                    publisher=s.publisher,
                    title=s.title,
                    url=s.url,
                    published=s.published,
                    language=s.language,
                )
                session.add(source)
                session.flush()
        out.append({"source_id": source.id, "locator": s.locator, "excerpt": s.excerpt})
    return out


def prepare(
    session: Session,
    data: IncidentCreate,
    kb: Knowledge,
    *,
    strict_actors: bool = True,
    citations: list[dict[str, Any]] | None = None,
    location: ResolvedLocation | None = None,
    check_point: bool = True,
) -> tuple[PreparedIncident, list[FieldError]]:
    """Check and resolve an incident; returns the rows and every problem found. A location
    given ready (by an importer) is taken as it is; one resolved here is checked: a country
    the gazetteer holds and, when ``check_point``, coordinates inside the country and the
    province (:mod:`militancydb.services.location_checks`)."""
    errors: list[FieldError] = []
    if location is None:
        errors += country_errors(kb.gazetteer, data.country)
        location = resolve_location(
            kb.gazetteer,
            day=data.date_start,
            country=data.country,
            province=data.province,
            district=data.district,
            place=data.place,
            latitude=data.latitude,
            longitude=data.longitude,
            errors=errors,
            geo_precision=data.geo_precision.value if data.geo_precision else None,
        )
        if check_point and not errors:
            errors += point_errors(
                kb.gazetteer,
                country=data.country,
                latitude=data.latitude,
                longitude=data.longitude,
                location=location,
            )
    if data.operation and session.get(Operation, data.operation) is None:
        errors.append(FieldError("operation", f"no operation with key {data.operation!r}"))
    for i, link in enumerate(data.related):
        if session.get(Incident, link.incident_id) is None:
            errors.append(FieldError(f"related.{i}.incident_id", "no such incident"))
    casualties = [c.model_dump(mode="json") for c in data.casualties]
    geo = data.geo_precision or _guess_precision(data, location)
    columns: dict[str, Any] = {
        "date_start": data.date_start,
        "date_end": data.date_end,
        "date_precision": data.date_precision.value,
        "country": data.country,
        **{k: getattr(location, k) for k in ResolvedLocation.__dataclass_fields__},
        "place_detail": data.place_detail,
        "geo_precision": geo,
        "event_type": data.event_type.value,
        "event_type_rule": data.event_type_rule,
        "event_type_confidence": (
            data.event_type_confidence.value if data.event_type_confidence else None
        ),
        "aggregate": is_aggregate(data.date_precision.value, geo),
        "suicide": data.suicide,
        "summary": data.summary,
        "review_status": data.review_status.value,
        "operation_key": data.operation,
        **totals(casualties),
    }
    prepared = PreparedIncident(
        columns=columns,
        casualties=casualties,
        actors=resolve_actors(data, kb, errors, strict=strict_actors),
        targets=[{"target_type": t.type.value, "description": t.description} for t in data.targets],
        tactics=[t.value for t in data.tactics],
        external_ids=dict(data.external_ids),
        citations=citations
        if citations is not None
        else resolve_sources(session, data.sources, errors),
        related=[link.model_dump() for link in data.related],
    )
    return prepared, errors


def _guess_precision(data: IncidentCreate, loc: ResolvedLocation) -> str:
    if data.place or data.latitude is not None:
        return GeoPrecision.EXACT.value
    if loc.admin2_key:
        return GeoPrecision.DISTRICT.value
    if loc.admin1_key:
        return GeoPrecision.PROVINCE.value
    return GeoPrecision.COUNTRY.value


# --- public form ---------------------------------------------------------------------------


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


def parse_day(value: str | dt.date) -> dt.date:
    """A date from ``YYYY-MM-DD`` text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
