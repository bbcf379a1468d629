"""What the database drivers, SQLAlchemy and the operating system raise, as militancydb's own
errors: one translation, used wherever commands (and later the API) meet the core.

:func:`translate` turns an exception into a :class:`~militancydb.errors.MilitancyDBError`
whose message names the problem and the fix, or returns None for an exception it does not
know (a bug). :func:`redact` removes passwords from any text before it is shown.
"""

from __future__ import annotations

import errno
import re
import sqlite3

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, StatementError

from militancydb.config import get_settings, sqlite_file
from militancydb.errors import (
    AlreadyExists,
    DatabaseLocked,
    DatabaseNotReady,
    DatabaseProblem,
    DatabaseReadOnly,
    DatabaseUnreachable,
    FieldError,
    FileProblem,
    MilitancyDBError,
    NoDatabase,
    NotADatabase,
    ValidationFailed,
)

_USERINFO = re.compile(r"(://[^:/@\s]*:)[^@\s]+@")


def redact(text: str, url: URL | None = None) -> str:
    """``text`` without the password of ``url`` (in any quoting) or of any URL it quotes."""
    from urllib.parse import quote, quote_plus

    out = _USERINFO.sub(r"\1***@", text)
    password = url.password if url is not None else None
    if password:
        for form in {str(password), quote(str(password), safe=""), quote_plus(str(password))}:
            if form:
                out = out.replace(form, "***")
    return out


def _where(url: URL | None) -> str:
    if url is None:
        return "the database"
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    return url.render_as_string(hide_password=True)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def translate(exc: BaseException, url: URL | None = None) -> MilitancyDBError | None:
    """The militancydb error standing for ``exc`` (None: not a fault we know)."""
    if isinstance(exc, MilitancyDBError):
        return exc
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return _database(exc.orig, url)
    if isinstance(exc, StatementError) and exc.orig is not None:
        return translate(exc.orig, url)
    if isinstance(exc, sqlite3.Error):
        return _database(exc, url)
    if isinstance(exc, OverflowError) and "date" in str(exc).lower():
        return ValidationFailed(
            [
                FieldError(
                    "date",
                    "out of the range militancydb can count days in; give a real "
                    "date (years 2 to 9998)",
                )
            ]
        )
    if isinstance(exc, OverflowError):
        return ValidationFailed(
            [
                FieldError(
                    "number",
                    "too large for the database (ids and counts are whole "
                    "numbers up to 2147483647)",
                )
            ]
        )
    if isinstance(exc, ValueError) and "NUL" in str(exc):
        return _nul()
    if isinstance(exc, OSError):
        return _os(exc)
    return None


def _nul() -> ValidationFailed:
    return ValidationFailed(
        [FieldError("text", "contains a NUL character (\\x00), which cannot be stored; remove it")]
    )


def _database(orig: BaseException, url: URL | None) -> MilitancyDBError:
    where = _where(url)
    message = redact(_first_line(orig), url)
    low = message.lower()
    sqlstate = str(getattr(orig, "sqlstate", "") or "")
    if "database is locked" in low or "database table is locked" in low:
        wait = get_settings().busy_timeout
        return DatabaseLocked(
            f"the database is locked by another writer (waited {wait:g} s); try again when "
            "it has finished (MILITANCYDB_BUSY_TIMEOUT sets the wait in seconds)"
        )
    if "readonly database" in low or "read-only transaction" in low or sqlstate == "25006":
        return DatabaseReadOnly(
            f"{where} is read-only and this command writes; nothing was changed. Ask for "
            "write access, or copy the database somewhere writable and use --db COPY"
        )
    if sqlstate == "42501" or "permission denied" in low:
        return DatabaseReadOnly(
            f"the database user may not do this at {where} ({message}); nothing was "
            "changed. Ask the database's owner for the right"
        )
    if "not a database" in low or "file is encrypted" in low:
        return NotADatabase(
            f"{where} is not a militancydb database (not a SQLite file); check --db"
        )
    if "unable to open database file" in low:
        return NoDatabase(
            f"cannot open the database file {where}; check the path and its folder's permissions"
        )
    if "no such table" in low or sqlstate == "42P01":
        return DatabaseNotReady(
            f"{where} is not a militancydb database, or an incomplete one ({message}); "
            "check --db, or run `militancydb init` there"
        )
    if "disk is full" in low or "disk i/o error" in low or sqlstate.startswith("53"):
        return DatabaseProblem(f"{where}: {message}; free some space and try again")
    if "out of range" in low or sqlstate == "22003":
        return ValidationFailed(
            [
                FieldError(
                    "number",
                    "out of range for the database (ids and counts are whole "
                    "numbers up to 2147483647)",
                )
            ]
        )
    if "nul" in low and ("0x00" in low or "character" in low):
        return _nul()
    if sqlstate == "23505" or "unique constraint failed" in low:
        return AlreadyExists(
            f"a record with the same key exists, or was written by someone else at the same "
            f"moment ({message}); nothing was changed. Check what is stored, then try again"
        )
    if sqlstate in ("40001", "40P01", "55P03"):
        return DatabaseLocked(
            f"another writer changed the same records at the same time ({message}); "
            "nothing was changed, try again"
        )
    if sqlstate.startswith("08") or _is_connection_failure(low):
        return DatabaseUnreachable(
            f"cannot connect to the database at {where}: {message}. Check the URL (host, "
            "port, database name, user and password) and that the server is running"
        )
    return DatabaseProblem(f"the database at {where} refused the operation: {message}")


def _is_connection_failure(low: str) -> bool:
    return any(
        s in low
        for s in (
            "connection",
            "could not translate host",
            "authentication failed",
            "does not exist",
            "timeout expired",
            "no password supplied",
            "server closed",
        )
    )


def _os(exc: OSError) -> FileProblem:
    name = exc.filename if exc.filename is not None else "a file"
    reason = exc.strerror or _first_line(exc)
    fix = {
        errno.EACCES: "check its permissions or choose another path",
        errno.EPERM: "check its permissions or choose another path",
        errno.ENOENT: "check the path",
        errno.EISDIR: "give a file, not a folder",
        errno.ENOTDIR: "check the path",
        errno.ENOSPC: "free some space and try again",
        errno.EROFS: "choose a path on a writable disk",
    }.get(exc.errno or 0, "check the path")
    return FileProblem(f"{name}: {reason}; {fix}")
