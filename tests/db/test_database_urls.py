"""Issue 9, points 4 and 7, at the level of the settings: a ``--db`` value is used exactly as
given, and driver errors become militancydb's errors without the password."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from militancydb.config import parse_database_url, sqlite_file
from militancydb.db.faults import redact, translate
from militancydb.errors import (
    AlreadyExists,
    ConfigError,
    DatabaseLocked,
    DatabaseReadOnly,
    FileProblem,
    NotADatabase,
    ValidationFailed,
)


def test_quoted_password_characters_stay_what_they_are() -> None:
    url = parse_database_url("postgresql://analyst:p%40ss%25w%3Ard%2Fx@dbserver:5433/militancy")
    assert url.drivername == "postgresql+psycopg"
    assert url.password == "p@ss%w:rd/x"
    assert (url.username, url.host, url.port, url.database) == (
        "analyst",
        "dbserver",
        5433,
        "militancy",
    )
    assert "p@ss" not in url.render_as_string(hide_password=True)


def test_a_plain_path_is_taken_literally(tmp_path: Path) -> None:
    url = parse_database_url(str(tmp_path / "my%20db.sqlite"))
    assert sqlite_file(url) == tmp_path / "my%20db.sqlite"


def test_sqlite_uri_filename_goes_to_sqlite_as_a_uri(tmp_path: Path) -> None:
    url = parse_database_url(f"file:{tmp_path}/data.db?mode=ro")
    assert url.get_backend_name() == "sqlite"
    assert url.query["uri"] == "true" and url.query["mode"] == "ro"
    assert sqlite_file(url) == tmp_path / "data.db"


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_database_is_an_error_not_the_default(value: str) -> None:
    with pytest.raises(ConfigError, match="empty string"):
        parse_database_url(value)


def test_a_url_that_does_not_parse_names_no_password() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_database_url("postgresql://user:hunter2@host:port/db")
    assert "hunter2" not in str(caught.value)


def test_redact_removes_the_password_in_every_quoting() -> None:
    url = parse_database_url("postgresql://analyst:p%40ss%25w@h/db")
    text = "failed for p@ss%w and p%40ss%25w at postgresql://other:secret@x/y"
    out = redact(text, url)
    assert "p@ss%w" not in out and "p%40ss%25w" not in out and "secret" not in out


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (sqlite3.OperationalError("database is locked"), DatabaseLocked, "another writer"),
        (
            sqlite3.OperationalError("attempt to write a readonly database"),
            DatabaseReadOnly,
            "read-only",
        ),
        (sqlite3.DatabaseError("file is not a database"), NotADatabase, "not a militancydb"),
        (OverflowError("Python int too large to convert to SQLite INTEGER"), ValidationFailed, ""),
        (OverflowError("date value out of range"), ValidationFailed, "date"),
        (
            sqlite3.IntegrityError("UNIQUE constraint failed: external_ids.system"),
            AlreadyExists,
            "nothing was changed",
        ),
        (PermissionError(13, "Permission denied", "/x/rejects.csv"), FileProblem, "permissions"),
        (
            ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes"),
            ValidationFailed,
            "NUL",
        ),
    ],
)
def test_driver_and_os_errors_become_militancydb_errors(
    exc: BaseException, kind: type, words: str
) -> None:
    got = translate(exc)
    assert isinstance(got, kind)
    assert words in str(got)


def test_an_unknown_error_is_left_for_the_bug_path() -> None:
    assert translate(RuntimeError("something else")) is None


def test_a_bad_setting_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from militancydb.config import get_settings

    monkeypatch.setenv("MILITANCYDB_BUSY_TIMEOUT", "soon")
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError, match="MILITANCYDB_BUSY_TIMEOUT"):
            get_settings()
    finally:
        monkeypatch.delenv("MILITANCYDB_BUSY_TIMEOUT")
        get_settings.cache_clear()
