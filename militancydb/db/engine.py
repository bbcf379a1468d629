"""Engines, sessions and schema migrations.

SQLite files are opened in WAL mode with foreign keys on; any other SQLAlchemy URL (in
practice PostgreSQL through psycopg 3) is used as given. The schema is managed by Alembic:
:func:`upgrade` brings a database to the newest revision, :func:`downgrade` takes it back.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import orjson
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from militancydb.config import Settings, get_settings, parse_database_url, sqlite_file
from militancydb.errors import (
    ConfigError,
    DatabaseNotReady,
    FieldError,
    NoDatabase,
    NotADatabase,
    ValidationFailed,
)

if TYPE_CHECKING:
    from alembic.config import Config

#: The largest id a record can have on every backend (ids are 32-bit integers on PostgreSQL).
MAX_ID = 2**31 - 1


def _sqlite_pragmas(writable: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL is a property of the file: set it once, and never from a read-only connection
        # (which could not, and must still be able to read)
        mode = cursor.execute("PRAGMA journal_mode").fetchone()
        if writable and mode and str(mode[0]).lower() != "wal":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def make_engine(
    url: str | URL | None = None, *, must_exist: bool = False, settings: Settings | None = None
) -> Engine:
    """An engine for ``url`` (default: the database of ``settings``, else the embedded file).

    ``url`` is a URL or a SQLite file path, used as given (see
    :func:`militancydb.config.parse_database_url`). A SQLite file that does not exist is
    created (with its folder) unless ``must_exist``, which raises :class:`NoDatabase`
    instead and leaves the disk untouched. A SQLite file this process cannot write is
    opened read-only: it can be read, and a write fails with :class:`DatabaseReadOnly`.
    Timeouts come from ``settings`` (default: the process's, :func:`get_settings`).
    """
    settings = settings or get_settings()
    if url is None:
        parsed = settings.effective_database_url
    elif isinstance(url, URL):
        parsed = url
    else:
        parsed = parse_database_url(url)
    options: dict[str, Any] = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(parsed)
        writable = parsed.query.get("mode") != "ro" and "immutable" not in parsed.query
        if path is not None:
            if path.is_dir():
                raise NotADatabase(f"{path} is a folder, not a database file; give a file")
            if not path.exists():
                if must_exist:
                    raise NoDatabase(
                        f"no database at {path}; run `militancydb init --db {path}` to "
                        "create one (or check the path)"
                    )
                path.parent.mkdir(parents=True, exist_ok=True)
            else:
                if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
                    writable = False
                    parsed = _read_only(parsed, path)
        engine = create_engine(parsed, connect_args={"timeout": settings.busy_timeout}, **options)
        event.listen(engine, "connect", _sqlite_pragmas(writable))
        return engine
    if parsed.get_backend_name() == "postgresql":
        options["connect_args"] = {"connect_timeout": settings.connect_timeout}
        if parsed.get_driver_name() == "psycopg":
            # no HSTORE column here: without this the dialect's first connection asks the
            # server for the hstore type's oids (a round trip at every command's start)
            options["use_native_hstore"] = False
    try:
        return create_engine(parsed, pool_pre_ping=True, **options)
    except (ArgumentError, ImportError) as exc:
        raise ConfigError(
            f"cannot use the database URL {describe(parsed)}: {exc}. Use e.g. "
            "sqlite:///path/to/file.db or postgresql://user@host/dbname"
        ) from exc


def _read_only(url: URL, path: Path) -> URL:
    """The URI that opens ``path`` read-only (its folder too may be read-only, so SQLite
    may not create the WAL index next to it: ``immutable`` then tells it nobody writes)."""
    query = dict(url.query)
    query.update(uri="true", mode="ro")
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size):
        # (with committed pages still in a WAL file, SQLite must read them: not immutable)
        query["immutable"] = "1"
    return URL.create("sqlite", database="file:" + quote(str(path)), query=query)


def describe(url: URL) -> str:
    """A database URL as it may be shown: never with its password; a file as its path."""
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    return url.render_as_string(hide_password=True)


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
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("militancydb.db").joinpath("migrations"))
    )
    # the engine is handed over as is: the URL never goes through Alembic's config file
    # parser (which would read a '%' of a quoted password as interpolation)
    cfg.attributes["engine"] = engine
    return cfg


def head_revision(engine: Engine) -> str:
    """The newest migration this code knows (Alembic's reading of the migration scripts)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head is not None
    return head


#: a migration script's ``revision = "..."`` or ``down_revision = "..."`` line (annotated or not)
_REVISION_LINE = re.compile(
    r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(?:None|\"([^\"]*)\"|'([^']*)')", re.MULTILINE
)


@functools.cache
def known_head() -> str | None:
    """The newest migration, read once per process from the scripts' ``revision`` and
    ``down_revision`` lines without importing Alembic or running the scripts: what every
    command's schema check compares with (Alembic's import and parse cost a read command
    about a third of its start-up). None when the lines do not name exactly one head (then
    :func:`require_schema` asks Alembic). A test holds it equal to :func:`head_revision`."""
    revisions: set[str] = set()
    parents: set[str] = set()
    folder = resources.files("militancydb.db").joinpath("migrations", "versions")
    for script in folder.iterdir():
        if not script.name.endswith(".py") or script.name.startswith("_"):
            continue
        found: dict[str, str | None] = {}
        for m in _REVISION_LINE.finditer(script.read_text(encoding="utf-8")):
            found.setdefault(m.group(1), m.group(2) or m.group(3))
        if "revision" not in found or "down_revision" not in found or not found["revision"]:
            return None
        revisions.add(found["revision"] or "")
        if found["down_revision"]:
            parents.add(found["down_revision"] or "")
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None: no schema). Read from Alembic's
    ``alembic_version`` table with one select, without importing Alembic (the table is
    looked for only when the select fails; any other failure is raised as it is); more than
    one row (a branched history, which these migrations never make) is refused."""
    with engine.connect() as conn:
        try:
            rows = [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
        except DBAPIError:
            # asked only when the select fails: the inspector's catalog query cost every
            # command's start-up a statement (and its compiling) on PostgreSQL (issue 15)
            conn.rollback()
            if inspect(conn).has_table("alembic_version"):
                raise
            return None
    if len(rows) > 1:
        raise DatabaseNotReady(
            f"the database is at several schema revisions at once ({', '.join(rows)}); "
            "run `militancydb db upgrade`"
        )
    return rows[0] if rows else None


def check_revision(engine: Engine, revision: str) -> None:
    """Refuse (with the known revisions) a revision that no migration has."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    if revision in ("base", "head", "heads"):
        return
    try:
        found = script.get_revisions(revision)
    except Exception:  # alembic raises several types for an unknown or malformed id
        found = ()
    if not found:
        known = ", ".join(["base", *(r.revision for r in script.walk_revisions())])
        raise ValidationFailed(
            [FieldError("revision", f"{revision!r} is not a schema revision; use one of {known}")]
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (creating the schema if there is none)."""
    from alembic import command

    check_revision(engine, revision)
    before = current_revision(engine)
    command.upgrade(alembic_config(engine), revision)
    if before is not None and current_revision(engine) != before:
        # new indexes are planned from statistics: without fresh ones SQLite may pick a
        # worse index for a filtered page (900 ms against 10 ms at a million incidents)
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Migrate the database down to ``revision`` (``base`` drops every table)."""
    from alembic import command

    check_revision(engine, revision)
    command.downgrade(alembic_config(engine), revision)


def require_schema(engine: Engine) -> None:
    """Raise :class:`DatabaseNotReady` unless the database is at the newest migration (one
    select, compared with :func:`known_head`; Alembic is imported only to name the head when
    the scripts' lines could not)."""
    current = current_revision(engine)
    if current is None:
        raise DatabaseNotReady(
            f"{describe(engine.url)} is not a militancydb database (it has no militancydb "
            "schema); check --db, or run `militancydb init` there to make it one"
        )
    head = known_head() or head_revision(engine)
    if current != head:
        raise DatabaseNotReady(
            f"the database is at schema revision {current}, this militancydb needs "
            f"{head}; run `militancydb db upgrade`"
        )
