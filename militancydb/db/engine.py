"""Engines, sessions and schema migrations.

SQLite files are opened in WAL mode with foreign keys on; any other SQLAlchemy URL (in
practice PostgreSQL through psycopg 3) is used as given. The schema is managed by Alembic:
:func:`upgrade` brings a database to the newest revision, :func:`downgrade` takes it back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from militancydb.config import get_settings, normalise_database_url
from militancydb.errors import ConfigError, DatabaseNotReady


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: the configured database, else the embedded file)."""
    url = normalise_database_url(url) if url else get_settings().effective_database_url
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise ConfigError(
            f"cannot read database URL {url!r}: {exc}. Use e.g. sqlite:///path/to/file.db or "
            "postgresql://user@host/dbname"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, json_serializer=_json_dumps, json_deserializer=orjson.loads)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        url, pool_pre_ping=True, json_serializer=_json_dumps, json_deserializer=orjson.loads
    )


def _json_dumps(value: Any) -> str:
    # orjson: several times faster than json for the change log's snapshots
    return orjson.dumps(value).decode("utf-8")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session maker bound to ``engine`` (objects stay usable after commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration for the package's migrations, bound to ``engine``."""
    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("militancydb.db").joinpath("migrations"))
    )
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision(engine: Engine) -> str:
    """The newest migration this code knows."""
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None: no schema)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (creating the schema if there is none)."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Migrate the database down to ``revision`` (``base`` drops every table)."""
    command.downgrade(alembic_config(engine), revision)


def require_schema(engine: Engine) -> None:
    """Raise :class:`DatabaseNotReady` unless the database is at the newest migration."""
    current = current_revision(engine)
    if current is None:
        raise DatabaseNotReady(
            f"the database at {engine.url.render_as_string(hide_password=True)} has no "
            "militancydb schema; run `militancydb init` (or `militancydb db upgrade`)"
        )
    if current != head_revision(engine):
        raise DatabaseNotReady(
            f"the database is at schema revision {current}, this militancydb needs "
            f"{head_revision(engine)}; run `militancydb db upgrade`"
        )
