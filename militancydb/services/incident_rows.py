"""Between the incident schemas and the incident tables.

:func:`prepare` turns an :class:`IncidentCreate` into the rows to store (names resolved
through the knowledge base, totals computed). The forms of an incident
(:class:`PreparedIncident`, the public form and its snapshot) live in
:mod:`militancydb.services.incident_forms`; their names are offered here too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.codebook import CasualtyCategory, GeoPrecision, Outcome
from militancydb.db.tables import Incident, Operation, Source
from militancydb.domain.incident import (
    IncidentCreate,
    SourceIn,
    is_aggregate,
)
from militancydb.domain.limits import clip
from militancydb.errors import FieldError
from militancydb.knowledge.loader import Knowledge
from militancydb.services.incident_forms import (
    PreparedIncident,
    public_from_prepared,
    public_from_row,
    snapshot,
    snapshot_from_prepared,
)
from militancydb.services.location_checks import country_errors, point_errors
from militancydb.services.locations import ResolvedLocation, resolve_location

__all__ = [
    "PreparedIncident",
    "parse_day",
    "prepare",
    "public_from_prepared",
    "public_from_row",
    "resolve_actors",
    "resolve_sources",
    "snapshot",
    "snapshot_from_prepared",
    "totals",
]


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


def parse_day(value: str | dt.date) -> dt.date:
    """A date from ``YYYY-MM-DD`` text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
