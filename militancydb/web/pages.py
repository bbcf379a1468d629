"""The pages. Each view parses the request, calls the same core functions as the API and the
CLI, and renders a template; writes go through the one write path (the incident services)
with the signed-in account recorded in the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from militancydb.api.deps import SESSION_COOKIE, ContextDep, KnowledgeDep, SessionDep
from militancydb.codebook import EventType
from militancydb.codebook.terms import TERMS
from militancydb.domain.incident import IncidentPublic
from militancydb.domain.limits import is_http_url
from militancydb.errors import (
    FieldError,
    NotAuthenticated,
    PermissionDenied,
    StaleEdit,
    ValidationFailed,
)
from militancydb.knowledge.place_tree import PROVINCE_KINDS
from militancydb.services import accounts as account_service
from militancydb.services import history as history_service
from militancydb.services.accounts import Action, Principal
from militancydb.services.actors import actor_state
from militancydb.services.assessments import current_grade
from militancydb.services.claims import ClaimFilter, get_claim, list_claims
from militancydb.services.dashboard import dashboard
from militancydb.services.history import Editor
from militancydb.services.incident_filters import build_filter
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incident_search import IncidentQuery, search_incidents
from militancydb.services.incidents import create_incident, get_incident, update_incident
from militancydb.web import forms
from militancydb.web.graphics import map_svg, timeline_svg
from militancydb.web.session import (
    LOGIN_CSRF_COOKIE,
    browser_principal,
    check_login_token,
    login_token,
)

templates = Jinja2Templates(directory=str(resources.files("militancydb.web").joinpath("templates")))
router = APIRouter(include_in_schema=False)


def safe_url(url: str | None) -> bool:
    """Only http(s) addresses become links (the same rule as the boundary's and the reports')."""
    return is_http_url(url)


class Labels:
    """Words for codes, and the two kinds of "who" kept apart in tables."""

    @staticmethod
    def event_type(code: str) -> str:
        term = TERMS[EventType].get(code)
        return term.label if term is not None else code

    @staticmethod
    def perpetrators(i: IncidentPublic) -> str:
        names = [a.actor_name for a in i.perpetrators() if a.basis != "claimed"]
        return ", ".join(dict.fromkeys(names)) or "–"

    @staticmethod
    def claimants(i: IncidentPublic) -> str:
        names = [a.actor_name for a in i.perpetrators() if a.basis == "claimed"]
        return ", ".join(dict.fromkeys(names)) or "–"


@dataclass(frozen=True)
class Viewer:
    """The signed-in account as templates see it."""

    username: str | None
    role: str
    can_write: bool
    can_admin: bool


def _viewer(p: Principal) -> Viewer:
    return Viewer(p.username, p.role.value, p.can(Action.WRITE), p.can(Action.ADMINISTER))


@dataclass
class Browser:
    """The request's caller and the CSRF token of its forms."""

    principal: Principal
    csrf: str | None


def get_browser(request: Request, session: SessionDep, ctx: ContextDep) -> Browser:
    principal, csrf = browser_principal(request, session)
    if principal.anonymous and not ctx.settings.anonymous_read and request.url.path != "/login":
        raise NotAuthenticated("sign in to read")
    return Browser(principal, csrf)


BrowserDep = Annotated[Browser, Depends(get_browser)]


async def get_form(request: Request) -> FormData:
    return await request.form()


FormDep = Annotated[FormData, Depends(get_form)]


def render(
    request: Request, browser: Browser, name: str, status: int = 200, **context: Any
) -> HTMLResponse:
    """A page, with what every page needs."""
    return templates.TemplateResponse(
        request,
        name,
        {
            "principal": _viewer(browser.principal),
            "csrf_token": browser.csrf or "",
            "labels": Labels,
            "safe_url": safe_url,
            **context,
        },
        status_code=status,
    )


def _require(browser: Browser, action: Action, form: FormData | None, ctx: ContextDep) -> None:
    if ctx.settings.read_only:
        raise PermissionDenied("this server is read-only (public mode); nothing can be changed")
    browser.principal.require(action)
    if form is not None:
        token = form.get("csrf_token")
        account_service.check_csrf(browser.csrf or "", token if isinstance(token, str) else None)


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
    _require(browser, Action.WRITE, None, ctx)
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


def _field_errors(exc: ValidationFailed) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in exc.errors:
        out[e.field] = (out[e.field] + "; " if e.field in out else "") + e.message
    return out


@router.post("/incidents/new", response_model=None)
def create_page(
    request: Request,
    session: SessionDep,
    kb: KnowledgeDep,
    browser: BrowserDep,
    ctx: ContextDep,
    data: FormDep,
) -> Response:
    """Save a new incident, or show the form again with the problems next to the fields."""
    _require(browser, Action.WRITE, data, ctx)
    form = forms.posted_form(data)
    try:
        created = create_incident(
            session,
            forms.document(form),
            kb,
            Editor(browser.principal.username or "", form.reason or None),
        )
    except ValidationFailed as exc:
        return _form_page(request, browser, kb, None, form.padded(), _field_errors(exc), None, 422)
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
    _require(browser, Action.WRITE, None, ctx)
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
def save_page(
    request: Request,
    incident_id: int,
    session: SessionDep,
    kb: KnowledgeDep,
    browser: BrowserDep,
    ctx: ContextDep,
    data: FormDep,
) -> Response:
    """Save the changed fields; a newer version shows both side by side and loses nothing."""
    _require(browser, Action.WRITE, data, ctx)
    form = forms.posted_form(data)
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
            editor=Editor(browser.principal.username or "", form.reason or None),
        )
    except StaleEdit:
        session.rollback()
        return _conflict_page(request, browser, kb, form, get_incident(session, incident_id))
    except ValidationFailed as exc:
        return _form_page(
            request, browser, kb, incident_id, form.padded(), _field_errors(exc), None, 422
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
    q = IncidentQuery(
        filter=IncidentFilter(actors=frozenset(kb.registry.family(state.actor.key))),
        descending=True,
        limit=30,
    )
    d = dashboard(session, q)
    page = search_incidents(session, q)
    return render(
        request,
        browser,
        "actor.html",
        s=state,
        page=page,
        rows=page.data,
        timeline_svg=timeline_svg(d.by_month),
    )


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(
    request: Request, claim_id: int, session: SessionDep, browser: BrowserDep
) -> HTMLResponse:
    """A claim and its credibility assessment with the reasons."""
    c = get_claim(session, _id(claim_id))
    return render(request, browser, "claim.html", c=c, a=current_grade(session, claim_id))


# --- signing in and out ---------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, browser: BrowserDep) -> HTMLResponse:
    """The sign-in form."""
    token = login_token(request)
    response = render(
        request,
        browser,
        "login.html",
        login_token=token,
        next=request.query_params.get("next", "/"),
    )
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


@router.post("/login", response_model=None)
def login_post(
    request: Request, session: SessionDep, browser: BrowserDep, ctx: ContextDep, data: FormDep
) -> Response:
    """Check the name and password, open a session and go back to where the user was."""
    token = data.get("csrf_token")
    check_login_token(request, token if isinstance(token, str) else None)
    username = str(data.get("username") or "")
    password = str(data.get("password") or "")
    client = request.client.host if request.client else None
    try:
        principal = account_service.sign_in(session, username, password, client)
    except NotAuthenticated as exc:
        session.commit()  # the failure counts towards the rate limit
        page = render(
            request,
            browser,
            "login.html",
            401,
            error=str(exc),
            login_token=login_token(request),
            next="/",
        )
        return page
    started = account_service.start_session(session, principal)
    target = str(data.get("next") or "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        started.cookie,
        httponly=True,
        samesite="lax",
        secure=ctx.settings.secure_cookies,
        max_age=int(account_service.SESSION_LIFETIME.total_seconds()),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout", response_model=None)
def logout_post(
    request: Request, session: SessionDep, browser: BrowserDep, data: FormDep
) -> Response:
    """Close the browser's session."""
    token = data.get("csrf_token")
    account_service.check_csrf(browser.csrf or "", token if isinstance(token, str) else None)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        account_service.end_session(session, cookie)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# --- accounts (admins) ----------------------------------------------------------------------


@router.get("/admin/accounts", response_class=HTMLResponse)
def accounts_page(
    request: Request, session: SessionDep, browser: BrowserDep, ctx: ContextDep
) -> HTMLResponse:
    """Accounts and their roles."""
    browser.principal.require(Action.ADMINISTER)
    return render(
        request,
        browser,
        "accounts.html",
        accounts=account_service.list_accounts(session),
        roles=[r.value for r in account_service.Role],
        flash=request.query_params.get("flash"),
    )


@router.post("/admin/accounts", response_model=None)
def add_account_post(
    request: Request, session: SessionDep, browser: BrowserDep, ctx: ContextDep, data: FormDep
) -> Response:
    """Create an account."""
    _require(browser, Action.ADMINISTER, data, ctx)
    info = account_service.create_account(
        session,
        str(data.get("username") or ""),
        str(data.get("password") or ""),
        str(data.get("role") or "viewer"),
        browser.principal.username or "",
    )
    return RedirectResponse(
        "/admin/accounts?" + urlencode({"flash": f"account {info.username} created"}), 303
    )


@router.post("/admin/accounts/{username}", response_model=None)
def change_account_post(
    request: Request,
    username: str,
    session: SessionDep,
    browser: BrowserDep,
    ctx: ContextDep,
    data: FormDep,
) -> Response:
    """Change an account's role or status."""
    _require(browser, Action.ADMINISTER, data, ctx)
    version = str(data.get("expected_version") or "0")
    info = account_service.change_account(
        session,
        username[:100],
        expected_version=int(version) if version.isdigit() else 0,
        role=str(data.get("role") or "") or None,
        active=str(data.get("active")) == "1",
    )
    return RedirectResponse(
        "/admin/accounts?" + urlencode({"flash": f"account {info.username} saved"}), 303
    )


TITLES = {
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    409: "Changed by someone else",
    422: "Something in the request is not right",
    429: "Too many attempts",
    500: "Something went wrong",
}


def error_page(request: Request, status: int, body: dict[str, Any]) -> Response:
    """The error shape of the API, shown as a page."""
    err = body.get("error", {})
    viewer = Viewer(None, "viewer", False, False)
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "principal": viewer,
            "csrf_token": "",
            "status": status,
            "title": TITLES.get(status, "Error"),
            "message": err.get("message", ""),
            "fields": err.get("fields", []),
        },
        status_code=status,
    )
