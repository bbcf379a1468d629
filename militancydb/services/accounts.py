"""Accounts, roles, passwords, API tokens and browser sessions.

Roles are ordered: ``viewer`` reads; ``analyst`` also adds incidents, edits them and works
through the review queue; ``editor`` also deletes and restores records and edits the
knowledge base; ``admin`` also manages accounts. Passwords are hashed with Argon2id
(argon2-cffi); API tokens and session ids are random and only their SHA-256 hashes are
stored, so a copy of the database does not give anyone access. Failed sign-ins are counted
per account name: after :data:`MAX_FAILURES` within :data:`FAILURE_WINDOW` further attempts
are refused until the window has passed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from militancydb.db.tables import Account, ApiToken, LoginFailure, WebSession, utcnow
from militancydb.errors import (
    AlreadyExists,
    FieldError,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    TooManyAttempts,
    ValidationFailed,
)

MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
SESSION_LIFETIME = dt.timedelta(hours=12)
MIN_PASSWORD = 10
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")

_hasher = PasswordHasher()


class Role(StrEnum):
    """What an account may do; each role may do everything the roles before it may."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """Position in the order viewer < analyst < editor < admin."""
        return list(Role).index(self)


class Action(StrEnum):
    """Things a role is checked for."""

    READ = "read"
    WRITE = "write"  # add and edit incidents and claims; review queue
    CURATE = "curate"  # delete, restore, knowledge base edits
    ADMINISTER = "administer"  # accounts


NEEDS: dict[Action, Role] = {
    Action.READ: Role.VIEWER,
    Action.WRITE: Role.ANALYST,
    Action.CURATE: Role.EDITOR,
    Action.ADMINISTER: Role.ADMIN,
}


@dataclass(frozen=True)
class Principal:
    """Who is making a request: an account and its role (or an anonymous reader)."""

    username: str | None
    role: Role
    account_id: int | None = None
    via: str = "anonymous"  # anonymous, session, token, password

    @property
    def anonymous(self) -> bool:
        """True for a reader who did not sign in."""
        return self.account_id is None

    def can(self, action: Action) -> bool:
        """Whether the role allows ``action``."""
        return self.role.rank >= NEEDS[action].rank

    def require(self, action: Action) -> None:
        """Raise unless the role allows ``action``."""
        if self.can(action):
            return
        if self.anonymous:
            raise NotAuthenticated(f"sign in (or send an API token) to {action.value}")
        raise PermissionDenied(
            f"{self.username} is a {self.role.value}; to {action.value} needs the "
            f"{NEEDS[action].value} role or higher (ask an admin)"
        )


ANONYMOUS = Principal(username=None, role=Role.VIEWER)


@dataclass(frozen=True)
class AccountInfo:
    """An account as shown to admins (never the password hash)."""

    id: int
    username: str
    role: str
    active: bool
    created_at: dt.datetime
    created_by: str
    version: int


def _info(a: Account) -> AccountInfo:
    return AccountInfo(a.id, a.username, a.role, a.active, a.created_at, a.created_by, a.version)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not name or len(name) > 100 or not set(name) <= USERNAME_CHARS:
        raise ValidationFailed(
            [
                FieldError(
                    "username",
                    "1 to 100 characters of a-z, 0-9 and . _ - @ (e.g. 'a.khan')",
                )
            ],
            "account",
        )
    return name


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD or len(password) > 1000:
        raise ValidationFailed(
            [FieldError("password", f"must be {MIN_PASSWORD} to 1,000 characters long")],
            "account",
        )


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise ValidationFailed(
            [FieldError("role", f"{value!r}: use one of {', '.join(r.value for r in Role)}")],
            "account",
        ) from None


def create_account(
    session: Session, username: str, password: str | None, role: str, created_by: str
) -> AccountInfo:
    """Add an account. ``password`` None makes an account that can only use API tokens."""
    name = _check_username(username)
    r = _role(role)
    if password is not None:
        _check_password(password)
    if session.scalar(select(Account.id).where(Account.username == name)) is not None:
        raise AlreadyExists(f"an account named {name!r} exists; choose another name")
    account = Account(
        username=name,
        password_hash=_hasher.hash(password) if password is not None else None,
        role=r.value,
        active=True,
        created_by=created_by,
        created_at=utcnow(),
        version=1,
    )
    session.add(account)
    session.flush()
    return _info(account)


def _get(session: Session, username: str) -> Account:
    account = session.scalar(select(Account).where(Account.username == username.strip().lower()))
    if account is None:
        raise NotFound(f"no account named {username!r}; `militancydb users list` shows them")
    return account


def list_accounts(session: Session) -> list[AccountInfo]:
    """Every account, by name."""
    return [_info(a) for a in session.scalars(select(Account).order_by(Account.username))]


def change_account(
    session: Session,
    username: str,
    *,
    expected_version: int,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> AccountInfo:
    """Change an account's role, status or password (compare-and-set on its version)."""
    account = _get(session, username)
    values: dict[str, object] = {}
    if role is not None:
        values["role"] = _role(role).value
    if active is not None:
        values["active"] = active
    if password is not None:
        _check_password(password)
        values["password_hash"] = _hasher.hash(password)
    if not values:
        return _info(account)
    result = session.execute(
        update(Account)
        .where(Account.id == account.id, Account.version == expected_version)
        .values(**values, version=Account.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        from militancydb.errors import StaleEdit

        raise StaleEdit("account", account.username, expected_version, account.version)
    if active is False or password is not None:
        session.execute(delete(WebSession).where(WebSession.account_id == account.id))
    session.flush()
    session.refresh(account)
    return _info(account)


def _principal(account: Account, via: str) -> Principal:
    return Principal(account.username, Role(account.role), account.id, via)


def sign_in(session: Session, username: str, password: str, client: str | None) -> Principal:
    """Check a name and password; refuse after too many recent failures."""
    name = username.strip().lower()[:100]
    now = utcnow()
    since = now - FAILURE_WINDOW
    failures = session.scalar(
        select(func.count(LoginFailure.id)).where(
            LoginFailure.username == name, LoginFailure.at >= since
        )
    )
    if (failures or 0) >= MAX_FAILURES:
        raise TooManyAttempts(
            f"too many failed sign-ins for {name!r}; try again in "
            f"{int(FAILURE_WINDOW.total_seconds() // 60)} minutes",
            retry_after=int(FAILURE_WINDOW.total_seconds()),
        )
    account = session.scalar(select(Account).where(Account.username == name))
    ok = False
    if account is not None and account.active and account.password_hash:
        try:
            ok = _hasher.verify(account.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        # spend the same time as a real check, so that names cannot be probed by timing
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            pass
    if not ok or account is None:
        session.add(LoginFailure(username=name, client=(client or "")[:100], at=now))
        session.execute(delete(LoginFailure).where(LoginFailure.at < now - 4 * FAILURE_WINDOW))
        session.flush()
        raise NotAuthenticated("wrong account name or password")
    if account.password_hash and _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    session.execute(delete(LoginFailure).where(LoginFailure.username == name))
    return _principal(account, "password")


_DUMMY_HASH = _hasher.hash("not a password of anyone")


@dataclass(frozen=True)
class IssuedToken:
    """A new API token: ``token`` is shown once and never stored."""

    id: int
    name: str
    token: str
    prefix: str


def issue_token(session: Session, username: str, name: str = "api") -> IssuedToken:
    """A new API token for an account."""
    account = _get(session, username)
    token = "mdb_" + secrets.token_urlsafe(32)
    row = ApiToken(
        account_id=account.id,
        name=name[:100] or "api",
        token_hash=_digest(token),
        prefix=token[:12],
        created_at=utcnow(),
        revoked=False,
    )
    session.add(row)
    session.flush()
    return IssuedToken(row.id, row.name, token, row.prefix)


def revoke_token(session: Session, token_id: int) -> None:
    """Stop a token from working."""
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"no API token with id {token_id}")
    row.revoked = True
    session.flush()


def principal_for_token(session: Session, token: str) -> Principal:
    """The account an API token belongs to."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked:
        raise NotAuthenticated(
            "unknown or revoked API token; issue one with `militancydb users token`"
        )
    account = session.get(Account, row.account_id)
    if account is None or not account.active:
        raise NotAuthenticated("the account of this API token is disabled")
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=1):
        row.last_used_at = now
    return _principal(account, "token")


@dataclass(frozen=True)
class StartedSession:
    """A new browser session: the cookie value and the CSRF token of its forms."""

    cookie: str
    csrf_token: str
    principal: Principal


def start_session(session: Session, principal: Principal) -> StartedSession:
    """Open a browser session for a signed-in account."""
    if principal.account_id is None:
        raise NotAuthenticated("sign in first")
    cookie = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        WebSession(
            id_hash=_digest(cookie),
            account_id=principal.account_id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    session.flush()
    who = Principal(principal.username, principal.role, principal.account_id, "session")
    return StartedSession(cookie, csrf, who)


@dataclass(frozen=True)
class OpenSession:
    """A browser session found from its cookie."""

    principal: Principal
    csrf_token: str


def find_session(session: Session, cookie: str) -> OpenSession | None:
    """The signed-in account of a session cookie (None: no such or an expired session)."""
    row = session.get(WebSession, _digest(cookie))
    if row is None or row.expires_at < utcnow():
        return None
    account = session.get(Account, row.account_id)
    if account is None or not account.active:
        return None
    return OpenSession(_principal(account, "session"), row.csrf_token)


def end_session(session: Session, cookie: str) -> None:
    """Sign a browser out."""
    session.execute(delete(WebSession).where(WebSession.id_hash == _digest(cookie)))


def check_csrf(expected: str, given: str | None) -> None:
    """Refuse a form post whose CSRF token does not match its session's."""
    if not given or not secrets.compare_digest(expected, given):
        raise PermissionDenied(
            "the form's security token is missing or stale; reload the page and submit again"
        )
