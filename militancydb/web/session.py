"""Who is using the browser, and the CSRF tokens of its forms.

Signed-in browsers carry the session cookie; their forms carry the session's CSRF token.
The sign-in form itself, before any session exists, uses a double-submit token: a random
value in a cookie and in the form, which must agree.
"""

from __future__ import annotations

import secrets

from fastapi import Request
from sqlalchemy.orm import Session

from militancydb.api.deps import SESSION_COOKIE
from militancydb.services.accounts import ANONYMOUS, Principal, check_csrf, find_session

LOGIN_CSRF_COOKIE = "mdb_login_csrf"


def browser_principal(request: Request, session: Session) -> tuple[Principal, str | None]:
    """The signed-in account of this browser (or an anonymous reader) and its CSRF token."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        found = find_session(session, cookie)
        if found is not None:
            return found.principal, found.csrf_token
    return ANONYMOUS, None


def login_token(request: Request) -> str:
    """The double-submit token of the sign-in form (reused while its cookie lives)."""
    return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)


def check_login_token(request: Request, given: str | None) -> None:
    """Refuse a sign-in form whose token does not match its cookie."""
    check_csrf(request.cookies.get(LOGIN_CSRF_COOKIE) or "", given)
