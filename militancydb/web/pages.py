"""The pages. Each view parses the request, calls the same core functions as the API and the
CLI, and renders a template; writes go through the one write path (the incident services)
with the signed-in account recorded in the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from militancydb.api.deps import ContextDep, KnowledgeDep, SessionDep
from militancydb.codebook import EventType
from militancydb.codebook.terms import TERMS
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import FieldError, StaleEdit, ValidationFailed
from militancydb.knowledge.place_tree import PROVINCE_KINDS
from militancydb.services import history as history_service
from militancydb.services.accounts import Action
from militancydb.services.actor_activity import actor_activity
from militancydb.services.actors import actor_state
from militancydb.services.assessments import current_grade
from militancydb.services.claims import ClaimFilter, get_claim, list_claims
from militancydb.services.dashboard import dashboard
from militancydb.services.incident_filters import build_filter
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incident_search import IncidentQuery, search_incidents
from militancydb.services.incidents import create_incident, get_incident, update_incident
from militancydb.web import forms
from militancydb.web.graphics import activity_svg, map_svg, timeline_svg
from militancydb.web.rendering import (
    Browser,
    BrowserDep,
    PostedDep,
    field_errors,
    render,
    require_action,
)

router = APIRouter(include_in_schema=False)


# --- filters shared by the dashboard and the list -------------------------------------------


@dataclass
class Filters:
    """The filter panel's values, as typed."""

    date_from: str | None = None
    date_to: str | None = None
    province: str | None = None
    event_type: str | None = None
    actor: str | None = None
    q: str | None = None
    min_killed: str | None = None

    @classmethod
    def of(cls, request: Request) -> Filters:
        p = request.query_params
        return cls(
            **{
                k: (p.get(k) or "").strip()[:300] or None
                for k in (
                    "date_from",
                    "date_to",
                    "province",
                    "event_type",
                    "actor",
                    "q",
                    "min_killed",
                )
            }
        )

    def query_string(self) -> str:
        return urlencode({k: v for k, v in self.__dict__.items() if v})


def _day(value: str | None, name: str, errors: list[FieldError]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(FieldError(name, f"{value!r} is not a date (YYYY-MM-DD)"))
        return None


def build_query(
    f: Filters,
    kb: Any,
    *,
    sort: str = "date",
    descending: bool = True,
    limit: int = 50,
    page: int = 1,
) -> tuple[IncidentQuery, list[FieldError]]:
    """The search the panel describes, and every problem with it (shown next to the panel)."""
    errors: list[FieldError] = []
    start, end = _day(f.date_from, "from", errors), _day(f.date_to, "to", errors)
    min_killed = None
    if f.min_killed:
        if f.min_killed.isdigit():
            min_killed = int(f.min_killed)
        else:
            errors.append(FieldError("killed at least", "give a whole number"))
    try:
        flt = build_filter(
            kb,
            date_from=start,
            date_to=end,
            province=f.province,
            actor=f.actor,
            event_types=[f.event_type] if f.event_type else None,
            min_killed=min_killed,
        )
    except ValidationFailed as exc:
        errors += exc.errors
        flt = IncidentFilter(ids=frozenset({-1}))  # nothing, until the panel is corrected
    return (
        IncidentQuery(
            filter=flt, text=f.q, sort=sort, descending=descending, limit=limit, page=max(page, 1)
        ),
        errors,
    )


def _panel(kb: Any) -> dict[str, Any]:
    provinces = sorted(
        ((p.key, p.name) for p in kb.gazetteer.places.values() if p.kind in PROVINCE_KINDS),
        key=lambda kv: kv[1],
    )
    types = [(code, term.label) for code, term in TERMS[EventType].items()]
    return {"provinces": provinces, "event_types": types}


@router.get("/", response_class=HTMLResponse)
def dashboard_page(
    request: Request, session: SessionDep, kb: KnowledgeDep, browser: BrowserDep
) -> HTMLResponse:
    """Map, timeline, headline figures and the latest incidents of a selection."""
    f = Filters.of(request)
    q, errors = build_query(f, kb, limit=50)
    d = dashboard(session, q)
    page = search_incidents(session, q)
    return render(
        request,
        browser,
        "dashboard.html",
        d=d,
        page=page,
        rows=page.data,
        f=f,
        filter_errors=errors,
        query_string=f.query_string(),
        map_svg=map_svg(d.points),
        timeline_svg=timeline_svg(d.by_month),
        **_panel(kb),
    )


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(
    request: Request, session: SessionDep, kb: KnowledgeDep, browser: BrowserDep
) -> HTMLResponse:
    """The incident list, filtered and paged."""
    f = Filters.of(request)
    raw_page = request.query_params.get("page", "1")
    page_no = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) < 1_000_000 else 1
    q, errors = build_query(f, kb, descending=False, limit=100, page=page_no)
    page = search_incidents(session, q)
    return render(
        request,
        browser,
        "incidents.html",
        page=page,
        rows=page.data,
        f=f,
        filter_errors=errors,
        query_string=f.query_string(),
        **_panel(kb),
    )


def _incident_page(
    request: Request, session: SessionDep, browser: Browser, incident_id: int, flash: str | None
) -> HTMLResponse:
    incident = get_incident(session, incident_id, include_deleted=True)
    return render(
        request,
        browser,
        "incident.html",
        i=incident,
        claims=list_claims(session, ClaimFilter(incident_id=incident_id)),
        history=history_service.history(session, "incident", incident_id),
        flash=flash,
    )


@router.get("/incidents/new", response_class=HTMLResponse)
def new_page(
    request: Request, kb: KnowledgeDep, browser: BrowserDep, ctx: ContextDep
) -> HTMLResponse:
    """An empty incident form."""
    require_action(browser, Action.WRITE, None, ctx)
    return _form_page(request, browser, kb, None, forms.IncidentForm().padded(), {}, None)


def _form_page(
    request: Request,
    browser: Browser,
    kb: Any,
    incident_id: int | None,
    form: forms.IncidentForm,
    errors: dict[str, str],
    conflict: dict[str, Any] | None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        browser,
        "edit.html",
        status=status,
        incident_id=incident_id,
        form=form,
        errors=errors,
        conflict=conflict,
        known_fields=forms.KNOWN_FIELDS,
        **_panel(kb),
    )


@router.post("/incidents/new", response_model=None)
def create_page(request: Request, posted: PostedDep) -> Response:
    """Save a new incident, or show the form again with the problems next to the fields."""
    form = forms.posted_form(posted.data)
    try:
        created = create_incident(
            posted.session, forms.document(form), posted.kb, posted.editor(form.reason or None)
        )
    except ValidationFailed as exc:
        return _form_page(
            request, posted.browser, posted.kb, None, form.padded(), field_errors(exc), None, 422
        )
    return RedirectResponse(f"/incidents/{created.id}?saved=1", status_code=303)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(
    request: Request, incident_id: int, session: SessionDep, browser: BrowserDep
) -> HTMLResponse:
    """An incident with its casualties, actors, claims, sources and history."""
    flash = "Saved." if request.query_params.get("saved") else None
    return _incident_page(request, session, browser, _id(incident_id), flash)


def _id(value: int) -> int:
    if not 1 <= value <= 2_147_483_647:
        from militancydb.errors import IncidentNotFound

        raise IncidentNotFound(f"no incident with id {value}")
    return value


@router.get("/incidents/{incident_id}/edit", response_class=HTMLResponse)
def edit_page(
    request: Request,
    incident_id: int,
    session: SessionDep,
    kb: KnowledgeDep,
    browser: BrowserDep,
    ctx: ContextDep,
) -> HTMLResponse:
    """The incident's form, filled in."""
    require_action(browser, Action.WRITE, None, ctx)
    incident = get_incident(session, _id(incident_id))
    return _form_page(request, browser, kb, incident_id, forms.form_of(incident).padded(), {}, None)


def _conflict_page(
    request: Request,
    browser: Browser,
    kb: Any,
    form: forms.IncidentForm,
    current: IncidentPublic,
) -> HTMLResponse:
    """The form again, the analyst's values kept, beside the newer version (409)."""
    conflict = {
        "version": current.version,
        "current": forms.shown(forms.form_of(current)),
        "mine": forms.shown(form),
    }
    form.expected_version = str(current.version)
    return _form_page(request, browser, kb, current.id, form.padded(), {}, conflict, 409)


@router.post("/incidents/{incident_id}/edit", response_model=None)
def save_page(request: Request, incident_id: int, posted: PostedDep) -> Response:
    """Save the changed fields; a newer version shows both side by side and loses nothing."""
    session, kb, browser = posted.session, posted.kb, posted.browser
    form = forms.posted_form(posted.data)
    current = get_incident(session, _id(incident_id))
    expected = int(form.expected_version) if form.expected_version.isdigit() else 0
    if expected != current.version:
        return _conflict_page(request, browser, kb, form, current)
    try:
        update_incident(
            session,
            incident_id,
            forms.changes(form, current),
            expected_version=expected,
            kb=kb,
            editor=posted.editor(form.reason or None),
        )
    except StaleEdit:
        session.rollback()
        return _conflict_page(request, browser, kb, form, get_incident(session, incident_id))
    except ValidationFailed as exc:
        return _form_page(
            request, browser, kb, incident_id, form.padded(), field_errors(exc), None, 422
        )
    return RedirectResponse(f"/incidents/{incident_id}?saved=1", status_code=303)


@router.get("/actors/{key}", response_class=HTMLResponse)
def actor_page(
    request: Request, key: str, session: SessionDep, kb: KnowledgeDep, browser: BrowserDep
) -> HTMLResponse:
    """A group with its chapters, leaders, relations, territory and incidents over time."""
    on_raw = request.query_params.get("on")
    on = dt.date.fromisoformat(on_raw) if on_raw else None
    state = actor_state(kb.registry, key[:300], on)
    family = frozenset(kb.registry.family(state.actor.key))
    q = IncidentQuery(filter=IncidentFilter(actors=family), descending=True, limit=30)
    page = search_incidents(session, q)
    years = actor_activity(session, family)
    return render(
        request,
        browser,
        "actor.html",
        s=state,
        page=page,
        rows=page.data,
        years=years,
        activity_svg=activity_svg(years),
    )


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(
    request: Request, claim_id: int, session: SessionDep, browser: BrowserDep
) -> HTMLResponse:
    """A claim and its credibility assessment with the reasons."""
    c = get_claim(session, _id(claim_id))
    return render(request, browser, "claim.html", c=c, a=current_grade(session, claim_id))
