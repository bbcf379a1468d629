"""The search parameters shared by ``/api/v1/incidents`` and ``/api/v1/dashboard``: read
once, names resolved through the knowledge base, as an :class:`IncidentQuery`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Query

from militancydb.api.deps import KnowledgeDep
from militancydb.services.incident_filters import build_filter
from militancydb.services.incident_search import IncidentQuery, target_codes


def search_params(
    kb: KnowledgeDep,
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
) -> IncidentQuery:
    """The search the query string describes (every name that does not resolve: 422)."""
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
    return IncidentQuery(filter=flt, targets=target_codes(target or []), text=q)


SearchDep = Annotated[IncidentQuery, Depends(search_params)]
