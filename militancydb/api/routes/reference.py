"""``/api/v1/actors``, ``/api/v1/places`` and ``/api/v1/claims``: the registries and claims."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.encoders import jsonable_encoder

from militancydb.api.deps import KnowledgeDep, Reader, SessionDep
from militancydb.services.actors import actor_state, actor_timeline, find_actor
from militancydb.services.assessments import current_grade
from militancydb.services.claims import ClaimFilter, get_claim, list_claims
from militancydb.services.places import place_view

router = APIRouter(prefix="/api/v1", tags=["reference"])

Name = Annotated[str, Path(min_length=1, max_length=300)]
OnDay = Annotated[dt.date | None, Query(description="The state on this day.")]


@router.get("/actors/{name}", summary="An actor on a day")
def actor(name: Name, kb: KnowledgeDep, _: Reader, on: OnDay = None) -> Any:
    """An actor (by key, name or alias) with its chapters, leaders, relations and territory."""
    return jsonable_encoder(actor_state(kb.registry, name, on))


@router.get("/actors/{name}/timeline", summary="An actor's history")
def actor_history(name: Name, kb: KnowledgeDep, _: Reader) -> Any:
    """Dated events of an actor: founding, pledges, splits, leaders, territory."""
    record = find_actor(kb.registry, name)
    return {
        "actor": jsonable_encoder(record),
        "data": jsonable_encoder(actor_timeline(kb.registry, name)),
    }


@router.get("/places/{name}", summary="A place on a day")
def place(name: Name, kb: KnowledgeDep, _: Reader, on: OnDay = None) -> Any:
    """A place (by key or name), where it lay on a day and today, with its history."""
    return jsonable_encoder(place_view(kb.gazetteer, name, on))


@router.get("/claims", summary="Claims of responsibility")
def claims(
    session: SessionDep,
    kb: KnowledgeDep,
    _: Reader,
    date_from: Annotated[dt.date | None, Query()] = None,
    date_to: Annotated[dt.date | None, Query()] = None,
    actor: Annotated[str | None, Query(max_length=300)] = None,
    incident: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> dict[str, Any]:
    """Claims (and denials) by date, optionally of one claimant or one incident."""
    claimants: frozenset[str] = frozenset()
    if actor:
        claimants = frozenset(kb.registry.family(find_actor(kb.registry, actor).key))
    rows = list_claims(
        session,
        ClaimFilter(
            date_from=date_from, date_to=date_to, claimants=claimants, incident_id=incident
        ),
    )
    return {"data": [c.model_dump(mode="json") for c in rows], "count": len(rows)}


@router.get("/claims/{claim_id}", summary="A claim and its credibility")
def claim(
    claim_id: Annotated[int, Path(ge=1, le=2_147_483_647)], session: SessionDep, _: Reader
) -> dict[str, Any]:
    """A claim with its latest credibility assessment and the reasons for it."""
    c = get_claim(session, claim_id)
    grade = current_grade(session, claim_id)
    return {
        "claim": c.model_dump(mode="json"),
        "assessment": jsonable_encoder(grade) if grade is not None else None,
    }
