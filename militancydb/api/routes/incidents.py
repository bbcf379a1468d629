"""``/api/v1/incidents``: search, detail, history; add, edit, delete and restore."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from militancydb.api.deps import (
    ContextDep,
    Curator,
    KnowledgeDep,
    Reader,
    SessionDep,
    Writer,
    editor_of,
)
from militancydb.api.search_params import SearchDep
from militancydb.io.export import to_geojson
from militancydb.io.export_text import write_csv
from militancydb.services import history as history_service
from militancydb.services.claims import ClaimFilter, list_claims
from militancydb.services.incident_search import (
    MAX_PAGE_SIZE,
    search_incident_rows,
)
from militancydb.services.incidents import (
    create_incident,
    delete_incident,
    get_incident,
    restore_incident,
    update_incident,
)

router = APIRouter(prefix="/api/v1/incidents", tags=["incidents"])

IncidentId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Incident id.")]


class Format(StrEnum):
    """Formats of an incident list."""

    JSON = "json"
    CSV = "csv"
    GEOJSON = "geojson"


class Order(StrEnum):
    """Sort direction."""

    ASC = "asc"
    DESC = "desc"


def _select_fields(row: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    if not fields:
        return row
    return {k: row[k] for k in ["id", *fields] if k in row}


@router.get("", summary="Search incidents")
def list_incidents_route(
    request: Request,
    session: SessionDep,
    _: Reader,
    search: SearchDep,
    sort: Annotated[str, Query(description="date, killed, injured or id.")] = "date",
    order: Order = Order.ASC,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    fields: Annotated[str | None, Query(description="Comma-separated top-level fields.")] = None,
    format: Format = Format.JSON,
) -> Response:
    """Incidents matching the filters, one page at a time, with the total count."""
    query = dataclasses.replace(
        search, sort=sort, descending=order is Order.DESC, limit=limit, page=page
    )
    result = search_incident_rows(session, query)
    if format is Format.CSV:
        buf = io.StringIO()
        write_csv([result.data], buf)  # formulas neutralised, as in every CSV we write
        return Response(
            buf.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="incidents.csv"'},
        )
    if format is Format.GEOJSON:
        return Response(to_geojson(result.data), media_type="application/geo+json")
    wanted = [f.strip() for f in fields.split(",") if f.strip()] if fields else None
    next_url = None
    if result.page < result.pages:
        next_url = str(request.url.include_query_params(page=result.page + 1))
    return JSONResponse(
        {
            "data": [_select_fields(i, wanted) for i in result.data],
            "count": result.count,
            "page": result.page,
            "limit": result.limit,
            "pages": result.pages,
            "next": next_url,
        }
    )


@router.get("/{incident_id}", summary="One incident with its claims and history")
def incident_detail(
    incident_id: IncidentId,
    session: SessionDep,
    _: Reader,
    as_of: Annotated[dt.date | None, Query(description="As the database held it then.")] = None,
) -> dict[str, Any]:
    """An incident (now, or as of a past day), its claims and every change to it."""
    incident = get_incident(session, incident_id, as_of=as_of)
    claims = list_claims(session, ClaimFilter(incident_id=incident_id))
    changes = history_service.history(session, "incident", incident_id)
    return {
        "incident": incident.model_dump(mode="json"),
        "claims": [c.model_dump(mode="json") for c in claims],
        "history": [_change(c) for c in changes],
    }


def _change(c: history_service.Change) -> dict[str, Any]:
    return {
        "version": c.version,
        "action": c.action,
        "at": c.at.isoformat(),
        "user": c.user,
        "reason": c.reason,
        "import": {"format": c.import_format, "file": c.import_file} if c.import_run_id else None,
        "changed": c.changed_fields(),
    }


@router.get("/{incident_id}/history", summary="Every change to an incident")
def incident_history(incident_id: IncidentId, session: SessionDep, _: Reader) -> dict[str, Any]:
    """Every version, with before and after."""
    changes = history_service.history(session, "incident", incident_id)
    if not changes:
        get_incident(session, incident_id, include_deleted=True)  # 404 if it never existed
    return {
        "data": [{**_change(c), "before": c.before, "after": c.after} for c in changes],
        "count": len(changes),
    }


class EditBody(BaseModel):
    """An edit: the version it was made against, the changed fields and why."""

    expected_version: int = Field(ge=1, le=2_147_483_647)
    changes: dict[str, Any]
    reason: str | None = Field(default=None, max_length=2000)


@router.post("", status_code=201, summary="Add an incident")
def add_incident(
    session: SessionDep,
    kb: KnowledgeDep,
    principal: Writer,
    ctx: ContextDep,
    document: Annotated[dict[str, Any], Body(description="The incident (see IncidentCreate).")],
) -> dict[str, Any]:
    """Create an incident; every bad field is reported at once."""
    created = create_incident(session, document, kb, editor_of(principal, ctx))
    return created.model_dump(mode="json")


@router.patch("/{incident_id}", summary="Edit an incident")
def edit_incident(
    incident_id: IncidentId,
    body: EditBody,
    session: SessionDep,
    kb: KnowledgeDep,
    principal: Writer,
    ctx: ContextDep,
) -> dict[str, Any]:
    """Change fields of an incident last seen at ``expected_version`` (409 if it moved on)."""
    updated = update_incident(
        session,
        incident_id,
        body.changes,
        expected_version=body.expected_version,
        kb=kb,
        editor=editor_of(principal, ctx, body.reason),
    )
    return updated.model_dump(mode="json")


@router.delete("/{incident_id}", summary="Delete an incident (recoverable)")
def remove_incident(
    incident_id: IncidentId,
    session: SessionDep,
    principal: Curator,
    ctx: ContextDep,
    expected_version: Annotated[int, Query(ge=1, le=2_147_483_647)],
    reason: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    """Mark an incident deleted; restore brings it back."""
    return delete_incident(
        session,
        incident_id,
        expected_version=expected_version,
        editor=editor_of(principal, ctx, reason),
    ).model_dump(mode="json")


@router.post("/{incident_id}/restore", summary="Restore a deleted incident")
def undelete_incident(
    incident_id: IncidentId,
    session: SessionDep,
    principal: Curator,
    ctx: ContextDep,
    expected_version: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> dict[str, Any]:
    """Bring back a deleted incident."""
    return restore_incident(
        session, incident_id, expected_version=expected_version, editor=editor_of(principal, ctx)
    ).model_dump(mode="json")
