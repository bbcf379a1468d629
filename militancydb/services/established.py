"""Responsibility established independently of the claims: a court verdict, an official
investigation's published findings, the perpetrators' capture and confession reported by
independent media, or a group's later admission or denial that contradicts its earlier
statement. Stored apart from the attributions by datasets and officials."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import Citation, EstablishedResponsibility, Incident, Source
from militancydb.errors import FieldError, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.services.citations import citations_of
from militancydb.services.claims_corpus import BASES, FINDINGS

ENTITY = "established"


@dataclass(frozen=True)
class Established:
    """One established finding with its sources."""

    id: int
    ref: str
    incident_id: int
    actor_key: str
    finding: str
    basis: str
    established_by: str
    established_on: str | None
    summary: str
    confidence: str
    note: str | None
    sources: list[dict[str, Any]] = field(default_factory=list)


def add_established(
    session: Session, data: dict[str, Any], kb: Knowledge, *, ref: str, user: str
) -> Established:
    """Record what was established; the actor must resolve, the incident exist, and at
    least one source (a shipped source key) be given."""
    errors: list[FieldError] = []
    r = kb.registry.resolve(str(data.get("actor") or ""))
    if r.key is None:
        errors.append(FieldError("actor", f"{data.get('actor')!r}: {'; '.join(r.reasons)}"))
    if data.get("basis") not in BASES:
        errors.append(FieldError("basis", f"{data.get('basis')!r}: use one of {', '.join(BASES)}"))
    finding = data.get("finding", "responsible")
    if finding not in FINDINGS:
        errors.append(FieldError("finding", f"{finding!r}: use one of {', '.join(FINDINGS)}"))
    if session.get(Incident, data.get("incident_id") or 0) is None:
        errors.append(FieldError("incident_id", f"no incident {data.get('incident_id')}"))
    sources = []
    for k in data.get("sources") or []:
        s = session.scalar(select(Source).where(Source.key == str(k)))
        if s is None:
            errors.append(FieldError("sources", f"no source with key {k!r}"))
        else:
            sources.append(s)
    if not sources:
        errors.append(FieldError("sources", "at least one source is needed"))
    if not data.get("by"):
        errors.append(FieldError("by", "say who established it (a court, an inquiry, ...)"))
    if errors:
        raise ValidationFailed(errors, "established responsibility")
    assert r.key is not None
    row = EstablishedResponsibility(
        ref=ref,
        incident_id=int(data["incident_id"]),
        actor_key=r.key,
        finding=finding,
        basis=str(data["basis"]),
        established_by=str(data["by"]),
        established_on=_on(data),
        summary=" ".join(str(data.get("summary") or "").split()),
        confidence=str(data.get("confidence", "medium")),
        note=" ".join(str(data.get("note") or "").split()) or None,
        created_by=user,
    )
    session.add(row)
    session.flush()
    for s in sources:
        session.add(Citation(entity_type=ENTITY, entity_id=str(row.id), source_id=s.id))
    session.flush()
    return _public(session, row)


def _public(session: Session, row: EstablishedResponsibility) -> Established:
    cites = citations_of(session, ENTITY, row.id)
    return Established(
        id=row.id,
        ref=row.ref,
        incident_id=row.incident_id,
        actor_key=row.actor_key,
        finding=row.finding,
        basis=row.basis,
        established_by=row.established_by,
        established_on=row.established_on,
        summary=row.summary,
        confidence=row.confidence,
        note=row.note,
        sources=[
            {
                "key": c.source.key,
                "publisher": c.source.publisher,
                "published": c.source.published,
                "url": c.source.url,
            }
            for c in cites
        ],
    )


def list_established(
    session: Session, *, incident_id: int | None = None, actors: frozenset[str] = frozenset()
) -> list[Established]:
    """Established findings, optionally for one incident or some actors."""
    q = select(EstablishedResponsibility).order_by(EstablishedResponsibility.id)
    if incident_id is not None:
        q = q.where(EstablishedResponsibility.incident_id == incident_id)
    if actors:
        q = q.where(EstablishedResponsibility.actor_key.in_(sorted(actors)))
    return [_public(session, r) for r in session.scalars(q)]


def _on(data: dict[str, Any]) -> str | None:
    """The date a finding was established: `established_on`, or `on` (YAML 1.1 reads a bare
    `on:` key as the boolean True, so that spelling is accepted too)."""
    value = data.get("established_on") or data.get("on") or data.get(True)  # type: ignore[call-overload]
    return str(value) if value else None
