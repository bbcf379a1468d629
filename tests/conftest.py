"""Fixtures: real databases on both backends.

Every test that takes ``db_url`` (or ``session``/``engine``/``kb``) runs twice: on a SQLite
file and on a PostgreSQL database of a throwaway cluster this test session starts with the
machine's server binaries (``militancydb.testing.pgserver``). Nothing is mocked and nothing
is skipped: if PostgreSQL cannot start, those tests fail with the reason.

Templates are built once per session (schema + shipped knowledge; and a second one with the
bundled UCDP data imported) and copied for each test, so a test can write freely.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from militancydb.bootstrap import initialise
from militancydb.db.engine import make_engine, session_scope, upgrade
from militancydb.knowledge.loader import Knowledge, load_knowledge, load_shipped
from militancydb.testing.pgserver import PgServer, start_server

BACKENDS = ("sqlite", "postgresql")
_counter = itertools.count()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        action="append",
        choices=BACKENDS,
        help="Run database tests on this backend only (repeatable; default: both).",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("backend") or list(BACKENDS)
        metafunc.parametrize("backend", chosen, scope="session")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = start_server()
    yield server
    server.stop()


def _pg_admin(server: PgServer) -> Engine:
    return make_engine(server.url("postgres")).execution_options(isolation_level="AUTOCOMMIT")


def _build(url: str, with_data: bool) -> None:
    engine = make_engine(url)
    if with_data:
        initialise(engine, user="test fixture")
    else:
        upgrade(engine)
        with session_scope(engine) as s:
            load_shipped(s)
    engine.dispose()


@pytest.fixture(scope="session")
def templates(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, bool], str]:
    """Lazily built template databases, keyed by (backend, with UCDP data)."""
    return {}


def _template(
    request: pytest.FixtureRequest,
    templates: dict[tuple[str, bool], str],
    backend: str,
    with_data: bool,
    tmp: Path,
) -> str:
    key = (backend, with_data)
    if key not in templates:
        name = f"template_{'ucdp' if with_data else 'base'}"
        if backend == "sqlite":
            path = tmp / f"{name}.db"
            url = f"sqlite:///{path}"
            _build(url, with_data)
            templates[key] = str(path)
        else:
            server: PgServer = request.getfixturevalue("pg_server")
            admin = _pg_admin(server)
            with admin.connect() as c:
                c.execute(text(f"DROP DATABASE IF EXISTS {name}"))
                c.execute(text(f"CREATE DATABASE {name}"))
            admin.dispose()
            _build(server.url(name), with_data)
            templates[key] = name
    return templates[key]


def _fresh(
    request: pytest.FixtureRequest,
    templates: dict[tuple[str, bool], str],
    backend: str,
    with_data: bool,
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    base = tmp_path_factory.getbasetemp()
    template = _template(request, templates, backend, with_data, base)
    n = next(_counter)
    if backend == "sqlite":
        target = base / f"test_{n}.db"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"
    server: PgServer = request.getfixturevalue("pg_server")
    admin = _pg_admin(server)
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE test_{n} TEMPLATE {template}"))
    admin.dispose()
    return server.url(f"test_{n}")


@pytest.fixture
def db_url(
    request: pytest.FixtureRequest,
    backend: str,
    templates: dict[tuple[str, bool], str],
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """A fresh database with the schema and the shipped knowledge, on each backend."""
    return _fresh(request, templates, backend, False, tmp_path_factory)


@pytest.fixture
def other_db_url(
    request: pytest.FixtureRequest,
    backend: str,
    templates: dict[tuple[str, bool], str],
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """A second fresh database like ``db_url``, for a test that compares two."""
    return _fresh(request, templates, backend, False, tmp_path_factory)


@pytest.fixture
def ucdp_db_url(
    request: pytest.FixtureRequest,
    backend: str,
    templates: dict[tuple[str, bool], str],
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """A fresh database as `militancydb init` builds it (bundled UCDP data, seeds)."""
    return _fresh(request, templates, backend, True, tmp_path_factory)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_scope(engine) as s:
        yield s


@pytest.fixture
def kb(session: Session) -> Knowledge:
    return load_knowledge(session)
