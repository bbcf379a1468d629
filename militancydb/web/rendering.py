"""What every page shares: the templates, the signed-in account as templates see it, the
CSRF check of forms, and errors shown as pages."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from militancydb.api.deps import ContextDep, KnowledgeDep, SessionDep, editor_of
from militancydb.codebook import EventType
from militancydb.codebook.terms import TERMS
from militancydb.db.history import Editor
from militancydb.domain.incident import IncidentPublic
from militancydb.domain.limits import is_http_url
from militancydb.errors import NotAuthenticated, PermissionDenied, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.services import accounts as account_service
from militancydb.services.accounts import Action, Principal
from militancydb.web.session import browser_principal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from militancydb.api.context import AppContext

templates = Jinja2Templates(directory=str(resources.files("militancydb.web").joinpath("templates")))


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


def require_action(
    browser: Browser, action: Action, form: FormData | None, ctx: ContextDep
) -> None:
    if ctx.settings.read_only:
        raise PermissionDenied("this server is read-only (public mode); nothing can be changed")
    browser.principal.require(action)
    if form is not None:
        token = form.get("csrf_token")
        account_service.check_csrf(browser.csrf or "", token if isinstance(token, str) else None)


@dataclass
class Posted:
    """A form posted to change data: the caller is allowed to write, the server is not
    read-only and the form's CSRF token is checked before the page's code runs."""

    session: Session
    kb: Knowledge
    browser: Browser
    data: FormData
    ctx: AppContext

    def editor(self, reason: str | None = None) -> Editor:
        """The change log's record of who changes what through this form."""
        return editor_of(self.browser.principal, self.ctx, reason)


def get_posted(
    session: SessionDep, kb: KnowledgeDep, browser: BrowserDep, ctx: ContextDep, data: FormDep
) -> Posted:
    require_action(browser, Action.WRITE, data, ctx)
    return Posted(session, kb, browser, data, ctx)


PostedDep = Annotated[Posted, Depends(get_posted)]


def field_errors(exc: ValidationFailed) -> dict[str, str]:
    """The problems of a refused form by field, to show next to each (several problems of
    one field joined by ``; ``)."""
    out: dict[str, str] = {}
    for e in exc.errors:
        out[e.field] = (out[e.field] + "; " if e.field in out else "") + e.message
    return out


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
