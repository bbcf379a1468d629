"""``/api/v1/dashboard``: the dashboard's figures (tallies by event type and month, map
points) for the same filters as ``/api/v1/incidents``."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter

from militancydb.api.deps import Reader, SessionDep
from militancydb.api.search_params import SearchDep
from militancydb.services.dashboard import dashboard

router = APIRouter(prefix="/api/v1/dashboard", tags=["dashboard"])


@router.get("", summary="The dashboard's figures for a search")
def dashboard_route(session: SessionDep, _: Reader, search: SearchDep) -> dict[str, Any]:
    """Totals, tallies by event type and by month, and the placed incidents for the map."""
    search.check()
    return dataclasses.asdict(dashboard(session, search))
