"""Dependencies of the routes: the request's database session, knowledge base and caller.

A caller is found from, in order: an ``Authorization: Bearer <token>`` header (programs),
the session cookie of a signed-in browser, or nobody (an anonymous reader, where the server
allows reading without signing in). Writes need a role that allows them, are refused on a
read-only server, and — from a browser session — need the session's CSRF token in the
``X-CSRF-Token`` header or the form's ``csrf_token`` field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from militancydb.api.context import AppContext
from militancydb.config import recorded_user
from militancydb.errors import NotAuthenticated, PermissionDenied
from militancydb.knowledge.loader import Knowledge
from militancydb.services.accounts import (
    ANONYMOUS,
    Action,
    Principal,
    check_csrf,
    find_session,
    principal_for_token,
)
from militancydb.services.history import Editor

SESSION_COOKIE = "mdb_session"
CSRF_HEADER = "X-CSRF-Token"


def get_context(request: Request) -> AppContext:
    """The application's shared context."""
    ctx: AppContext = request.app.state.context
    return ctx


ContextDep = Annotated[AppContext, Depends(get_context)]


def get_session(ctx: ContextDep) -> Iterator[Session]:
    """A database session for the request (committed when the route succeeds)."""
    with ctx.session() as s:
        yield s


# "function": commit before the response is sent, so a client that got 201 can read it back.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_knowledge(ctx: ContextDep, session: SessionDep) -> Knowledge:
    """The gazetteer and actor registry."""
    return ctx.knowledge(session)


KnowledgeDep = Annotated[Knowledge, Depends(get_knowledge)]


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def get_principal(request: Request, session: SessionDep) -> Principal:
    """Who is calling (an anonymous reader when no credentials were sent)."""
    token = bearer_token(request)
    if token is not None:
        return principal_for_token(session, token)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        found = find_session(session, cookie)
        if found is not None:
            request.state.csrf_token = found.csrf_token
            return found.principal
    return ANONYMOUS


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def reader(principal: PrincipalDep, ctx: ContextDep) -> Principal:
    """A caller allowed to read."""
    if principal.anonymous and not ctx.settings.anonymous_read:
        raise NotAuthenticated("this server needs a sign-in or an API token to read")
    return principal


Reader = Annotated[Principal, Depends(reader)]


def requires(action: Action) -> Callable[..., Principal]:
    """A dependency that lets through only callers whose role allows ``action``."""

    def check(request: Request, principal: PrincipalDep, ctx: ContextDep) -> Principal:
        if ctx.settings.read_only:
            raise PermissionDenied("this server is read-only (public mode); nothing can be changed")
        principal.require(action)
        if principal.via == "session":
            check_csrf(
                getattr(request.state, "csrf_token", ""),
                request.headers.get(CSRF_HEADER) or getattr(request.state, "form_csrf", None),
            )
        return principal

    return check


Writer = Annotated[Principal, Depends(requires(Action.WRITE))]
Curator = Annotated[Principal, Depends(requires(Action.CURATE))]
Admin = Annotated[Principal, Depends(requires(Action.ADMINISTER))]


def editor_of(principal: Principal, ctx: AppContext, reason: str | None = None) -> Editor:
    """The change log's record of who made a change through the API or a web page: the
    signed-in account (:func:`militancydb.config.recorded_user`, the one rule)."""
    return Editor(user=recorded_user(ctx.config, principal.username), reason=reason)
