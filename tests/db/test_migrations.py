"""Schema migrations (db.engine upgrade/downgrade) on an empty database of each backend."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from militancydb.db.engine import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    require_schema,
    upgrade,
)
from militancydb.db.tables import Base
from militancydb.errors import DatabaseNotReady
from militancydb.testing.pgserver import PgServer

_names = itertools.count()
APP_TABLES = set(Base.metadata.tables)


@pytest.fixture
def empty_engine(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a brand-new database with nothing in it."""
    if backend == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        yield eng
        eng.dispose()
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = f"migrations_{os.getpid()}_{next(_names)}"
    admin = make_engine(server.url("postgres")).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    eng = make_engine(server.url(name))
    yield eng
    eng.dispose()
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {name}"))
    admin.dispose()


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_upgrade_creates_every_table(empty_engine: Engine) -> None:
    assert tables(empty_engine) == set()
    upgrade(empty_engine)
    assert APP_TABLES <= tables(empty_engine)
    assert current_revision(empty_engine) == head_revision(empty_engine)
    require_schema(empty_engine)  # does not raise


def test_downgrade_to_base_leaves_no_tables_and_upgrade_works_again(
    empty_engine: Engine,
) -> None:
    upgrade(empty_engine)
    downgrade(empty_engine, "base")
    # only Alembic's own bookkeeping table may stay, and it is empty
    assert tables(empty_engine) <= {"alembic_version"}
    assert current_revision(empty_engine) is None
    upgrade(empty_engine)
    assert APP_TABLES <= tables(empty_engine)
    assert current_revision(empty_engine) == head_revision(empty_engine)


def test_migrated_schema_matches_the_models(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_empty_database_is_refused_with_the_fix(empty_engine: Engine) -> None:
    with pytest.raises(DatabaseNotReady, match="militancydb init"):
        require_schema(empty_engine)


def test_downgraded_database_is_refused(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    downgrade(empty_engine, "base")
    with pytest.raises(DatabaseNotReady):
        require_schema(empty_engine)
