"""Signing in and out, and the accounts page of admins."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from militancydb.api.deps import SESSION_COOKIE, ContextDep, SessionDep
from militancydb.errors import NotAuthenticated
from militancydb.services import accounts as account_service
from militancydb.services.accounts import Action
from militancydb.web.rendering import (
    BrowserDep,
    FormDep,
    render,
    require_action,
)
from militancydb.web.session import LOGIN_CSRF_COOKIE, check_login_token, login_token

router = APIRouter(include_in_schema=False)


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
    require_action(browser, Action.ADMINISTER, data, ctx)
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
    require_action(browser, Action.ADMINISTER, data, ctx)
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
