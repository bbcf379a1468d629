"""``/api/v1/auth`` (tokens for programs, who am I) and ``/api/v1/accounts`` (admins)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, Field

from militancydb.api.deps import Admin, PrincipalDep, SessionDep
from militancydb.errors import NotAuthenticated
from militancydb.services.accounts import (
    change_account,
    create_account,
    issue_token,
    list_accounts,
    sign_in,
)

router = APIRouter(prefix="/api/v1", tags=["accounts"])

Username = Annotated[str, Path(min_length=1, max_length=100)]


class Credentials(BaseModel):
    """A name and password, and a name for the token to issue."""

    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)
    token_name: str = Field(default="api", max_length=100)


def client_of(request: Request) -> str | None:
    """The caller's address, for the record of failed sign-ins."""
    return request.client.host if request.client else None


@router.post("/auth/token", status_code=201, summary="Issue an API token")
def token(body: Credentials, request: Request, session: SessionDep) -> dict[str, Any]:
    """Sign in with a name and password and get a new API token (shown once)."""
    try:
        principal = sign_in(session, body.username, body.password, client_of(request))
    except NotAuthenticated:
        session.commit()  # keep the failure on record for rate limiting
        raise
    assert principal.username is not None
    issued = issue_token(session, principal.username, body.token_name)
    return {"token": issued.token, "id": issued.id, "name": issued.name, "role": principal.role}


@router.get("/auth/me", summary="Who the credentials belong to")
def me(principal: PrincipalDep) -> dict[str, Any]:
    """The caller's account and role (anonymous when none was sent)."""
    return {
        "username": principal.username,
        "role": principal.role.value,
        "anonymous": principal.anonymous,
        "via": principal.via,
    }


class NewAccount(BaseModel):
    """An account to create."""

    username: str = Field(min_length=1, max_length=100)
    password: str | None = Field(default=None, max_length=1000)
    role: str = "viewer"


class AccountChange(BaseModel):
    """Changes to an account, made against its version."""

    expected_version: int = Field(ge=1)
    role: str | None = None
    active: bool | None = None
    password: str | None = Field(default=None, max_length=1000)


@router.get("/accounts", summary="Every account (admins)")
def accounts(session: SessionDep, _: Admin) -> dict[str, Any]:
    """Accounts with their roles."""
    rows = list_accounts(session)
    return {"data": jsonable_encoder(rows), "count": len(rows)}


@router.post("/accounts", status_code=201, summary="Create an account (admins)")
def add_account(body: NewAccount, session: SessionDep, principal: Admin) -> Any:
    """A new account with a role."""
    return jsonable_encoder(
        create_account(session, body.username, body.password, body.role, principal.username or "")
    )


@router.patch("/accounts/{username}", summary="Change an account (admins)")
def edit_account(username: Username, body: AccountChange, session: SessionDep, _: Admin) -> Any:
    """Change the role, status or password of an account."""
    return jsonable_encoder(
        change_account(
            session,
            username,
            expected_version=body.expected_version,
            role=body.role,
            active=body.active,
            password=body.password,
        )
    )


@router.post("/accounts/{username}/tokens", status_code=201, summary="Issue a token (admins)")
def add_token(username: Username, session: SessionDep, _: Admin) -> dict[str, Any]:
    """A new API token for an account (shown once)."""
    issued = issue_token(session, username)
    return {"token": issued.token, "id": issued.id, "name": issued.name}
