"""``/api/v1/dashboard``: the dashboard's figures (tallies by event type and month, map
points) for the same filters as ``/api/v1/incidents``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query

from militancydb.api.deps import KnowledgeDep, Reader, SessionDep
from militancydb.services.dashboard import dashboard
from militancydb.services.incident_filters import build_filter
from militancydb.services.incident_search import IncidentQuery, target_codes

router = APIRouter(prefix="/api/v1/dashboard", tags=["dashboard"])


@router.get("", summary="The dashboard's figures for a search")
def dashboard_route(
    session: SessionDep,
    kb: KnowledgeDep,
    _: Reader,
    date_from: Annotated[dt.date | None, Query(description="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[dt.date | None, Query(description="Last day, YYYY-MM-DD.")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO code.")] = None,
    province: Annotated[str | None, Query(max_length=200, description="Province.")] = None,
    district: Annotated[str | None, Query(max_length=200, description="District.")] = None,
    actor: Annotated[str | None, Query(max_length=300, description="Actor, any role.")] = None,
    event_type: Annotated[list[str] | None, Query(description="Event type(s).")] = None,
    tactic: Annotated[list[str] | None, Query(description="Tactic(s).")] = None,
    target: Annotated[list[str] | None, Query(description="Target type(s).")] = None,
    min_killed: Annotated[int | None, Query(ge=0, le=100_000)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text to look for.")] = None,
) -> dict[str, Any]:
    """Totals, tallies by event type and by month, and the placed incidents for the map."""
    flt = build_filter(
        kb,
        date_from=date_from,
        date_to=date_to,
        country=country.upper() if country else None,
        province=province,
        district=district,
        actor=actor,
        event_types=event_type,
        tactics=tactic,
        min_killed=min_killed,
    )
    query = IncidentQuery(filter=flt, targets=target_codes(target or []), text=q)
    query.check()
    return dataclasses.asdict(dashboard(session, query))
