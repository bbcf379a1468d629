"""One settings object for the whole package.

Settings come from the environment (prefix ``MILITANCYDB_``) or a ``.env`` file in the
working directory. Code imports :func:`get_settings`, never ``os.environ``.
"""

from __future__ import annotations

import getpass
import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Where the embedded database lives unless told otherwise (XDG data home)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "militancydb"


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def normalise_database_url(url: str) -> str:
    """Rewrite a database URL to the driver this package ships with.

    ``postgres://`` and ``postgresql://`` become ``postgresql+psycopg://`` (psycopg 3);
    a bare file path becomes a SQLite URL.
    """
    url = url.strip()
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    if "://" not in url:
        return "sqlite:///" + str(Path(url).expanduser().resolve())
    return url


class Settings(BaseSettings):
    """Settings of one militancydb process."""

    model_config = SettingsConfigDict(env_prefix="MILITANCYDB_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="",
        description="SQLAlchemy URL of the database; default: the embedded SQLite file.",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder of the embedded SQLite database.",
    )
    user: str = Field(
        default_factory=_default_user,
        description="Name recorded in the change history for edits made by this process.",
    )

    @field_validator("database_url")
    @classmethod
    def _rewrite_driver(cls, value: str) -> str:
        return normalise_database_url(value) if value else value

    @property
    def effective_database_url(self) -> str:
        """The URL to connect to: the configured one, else the embedded SQLite file."""
        if self.database_url:
            return self.database_url
        return "sqlite:///" + str(self.data_dir / "militancydb.db")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
