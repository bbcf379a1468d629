"""One settings object for the whole package.

Settings come from the environment (prefix ``MILITANCYDB_``, any case) or a ``.env`` file in
the working directory, and from the options of a command (``--db``, ``--user``, ``--debug``),
which override them; an empty value counts as not set. Code never reads ``os.environ`` for
them. They are read as ``pydantic-settings`` read them (the options first, then the
environment, then ``.env``, then the defaults; a test holds the two readings equal) by
:func:`environment_values`, so that a command's start-up does not import
``pydantic-settings`` (issue 15). An adapter builds one
:class:`Settings` with :func:`load_settings` (the CLI once per command, the web application
once per app) and passes it down; :func:`get_settings` is the process's default for code
that is not handed one. :func:`recorded_user` is the one rule for the name the change log
records.
"""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from militancydb.errors import ConfigError

if TYPE_CHECKING:  # SQLAlchemy is imported where a URL is made: `--help` starts without it
    from sqlalchemy.engine import URL


def default_data_dir() -> Path:
    """Where the embedded database lives unless told otherwise (XDG data home)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "militancydb"


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def parse_database_url(value: str) -> URL:
    """The database a ``--db`` value (or ``MILITANCYDB_DATABASE_URL``) names, as given.

    - a URL (``scheme://...``) is parsed by SQLAlchemy, so quoted characters in a password
      (``%40`` for ``@``, ``%25`` for ``%``, ...) stay what they are; ``postgres://`` and
      ``postgresql://`` get the driver this package ships (psycopg 3);
    - a SQLite URI filename (``file:data.db?mode=ro``) is handed to SQLite as a URI;
    - anything else is a path to a SQLite file, taken literally (``%20`` is three
      characters of a file name, not a space).
    """
    from sqlalchemy.engine import URL, make_url

    if not value.strip():
        raise ConfigError(
            "the database is given as an empty string; give a SQLite file or a URL "
            "(e.g. --db postgresql://user@host/dbname), or leave --db out for the default "
            "database"
        )
    if value.startswith("file:"):
        base, _, query = value.partition("?")
        params = dict(parse_qsl(query, keep_blank_values=True))
        return URL.create("sqlite", database=base, query={**params, "uri": "true"})
    if _SCHEME.match(value):
        try:
            url = make_url(value)
        except Exception as exc:
            raise ConfigError(
                "cannot read the database URL (it is not of the form "
                "dialect://user:password@host:port/dbname); quote special characters of the "
                "password with %XX (e.g. %40 for @) or use e.g. sqlite:///path/to/file.db"
            ) from exc
        if url.drivername in ("postgres", "postgresql"):
            url = url.set(drivername="postgresql+psycopg")
        return url
    return URL.create("sqlite", database=str(Path(value).expanduser().absolute()))


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL (None: not SQLite, or an in-memory database)."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or url.query.get("mode") == "memory":
        return None
    if database.startswith("file:"):
        path = unquote(urlsplit(database).path)
        return Path(path) if path and path != ":memory:" else None
    return Path(database)


#: the prefix of every setting's variable, and the file read beside the environment
ENV_PREFIX = "MILITANCYDB_"
ENV_FILE = ".env"


def environment_values(names: Iterable[str]) -> dict[str, str]:
    """The settings ``names`` that the environment or the ``.env`` file of the working folder
    gives, by name: ``MILITANCYDB_NAME`` in any case, the environment before the file, an
    empty value as not set (python-dotenv reads the file, as for ``pydantic-settings``)."""
    wanted = {(ENV_PREFIX + name).lower(): name for name in names}
    found: dict[str, str] = {}
    env_file = Path(ENV_FILE)
    if env_file.is_file() or env_file.is_fifo():
        from dotenv import dotenv_values

        for key, value in dotenv_values(env_file).items():
            if key.lower() in wanted and value is not None and value != "":
                found[wanted[key.lower()]] = value
    for key, value in os.environ.items():
        if key.lower() in wanted and value != "":
            found[wanted[key.lower()]] = value
    return found


class Settings(BaseModel):
    """Settings of one militancydb process: the values given, else the environment's (see
    :func:`environment_values`), else the defaults."""

    # built when first used, by load_settings (see _without_pydantic_plugins)
    model_config = ConfigDict(extra="ignore", defer_build=True)

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL or SQLite file of the database (``--db``); default: the "
        "embedded SQLite file.",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder of the embedded SQLite database.",
    )
    user: str = Field(
        default_factory=_default_user,
        description="Name recorded in the change history for edits made by this process "
        "(``--user``); default: the login name.",
    )
    debug: bool = Field(
        default=False,
        description="On an error, show the traceback as well as the one-line message "
        "(``--debug``).",
    )

    busy_timeout: float = Field(
        default=30.0,
        ge=0,
        description="Seconds a SQLite write waits for another writer to finish before it "
        "gives up with 'database is locked'.",
    )
    connect_timeout: int = Field(
        default=10,
        ge=1,
        description="Seconds to wait for a PostgreSQL server to answer.",
    )
    match_rules: Path | None = Field(
        default=None,
        description="The de-duplication matcher's weights and thresholds: a copy of "
        "militancydb/matching/rules.yaml with other numbers; default: the shipped file.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, given: Any) -> Any:
        if not isinstance(given, dict):
            return given
        return {**environment_values(cls.model_fields), **given}

    @property
    def effective_database_url(self) -> URL:
        """The database to use: the configured one, else the embedded SQLite file."""
        if self.database_url is not None:  # given: used as given (an empty one is refused)
            return parse_database_url(self.database_url)
        from sqlalchemy.engine import URL

        return URL.create("sqlite", database=str(self.data_dir / "militancydb.db"))


@contextmanager
def _without_pydantic_plugins() -> Iterator[None]:
    """Build the settings' validator without looking for pydantic plugins: the look-up reads
    the entry points of every installed package (about 0.02 CPU s of a command's start-up,
    issue 15), and no plugin has any business with these settings. Typer builds its option
    parsers the same way."""
    previous = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "1"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["PYDANTIC_DISABLE_PLUGINS"]
        else:
            os.environ["PYDANTIC_DISABLE_PLUGINS"] = previous


def load_settings(**given: Any) -> Settings:
    """Settings from the environment, with the values a command was given (``None``: not
    given) taking precedence; a bad value is a :class:`ConfigError` naming the variable."""
    try:
        if not Settings.__pydantic_complete__:
            with _without_pydantic_plugins():
                Settings.model_rebuild()
        return Settings(**{k: v for k, v in given.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(
            f"MILITANCYDB_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in exc.errors()
        )
        raise ConfigError(f"bad setting ({problems}); fix the environment or .env") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's default settings (read once), for code that is not handed any."""
    return load_settings()


def recorded_user(settings: Settings, account: str | None = None) -> str:
    """The name the change log records for a change: the signed-in account making it (web
    application, API), else the settings' user (``--user``, else ``MILITANCYDB_USER``, else
    the login name). Every adapter asks this one function."""
    name = (account or "").strip()
    return name or settings.user
