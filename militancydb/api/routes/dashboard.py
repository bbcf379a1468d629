"""``/api/v1/dashboard``: the dashboard's figures (tallies by event type and month, map
points) for the same filters as ``/api/v1/incidents``."""

from __future__ import annotations

import orjson
from fastapi import APIRouter
from fastapi.responses import Response

from militancydb.api.deps import Reader, SessionDep
from militancydb.api.search_params import SearchDep
from militancydb.services.dashboard import dashboard

router = APIRouter(prefix="/api/v1/dashboard", tags=["dashboard"])


@router.get(
    "",
    summary="The dashboard's figures for a search",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
)
def dashboard_route(session: SessionDep, _: Reader, search: SearchDep) -> Response:
    """Totals, tallies by event type and by month, and the placed incidents for the map.

    Written by orjson straight from the service's dataclasses: up to 3,000 map points take
    under a millisecond that way, against about 150 ms through a generic encoder."""
    search.check()
    return Response(orjson.dumps(dashboard(session, search)), media_type="application/json")
