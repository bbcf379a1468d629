"""Fixtures that share one database per backend across a folder of tests.

A folder's ``conftest.py`` imports these to replace ``session`` and ``kb`` of
``tests/conftest.py``: the database is a ``db_url`` database (schema and shipped knowledge,
on SQLite and on PostgreSQL) made once per backend, the knowledge is read from it once, and
each test's session is rolled back at the end, so tests still start from the same state and
may write freely. ``shared_ucdp_db_url`` is, likewise, one ``ucdp_db_url`` database per
backend, for command-line tests (those commit: a test that writes says so).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from militancydb.db.engine import make_engine, session_factory
from militancydb.knowledge.loader import Knowledge, load_knowledge

_URLS: dict[tuple[str, str], str] = {}
_KB: dict[str, Knowledge] = {}


def _once(request: pytest.FixtureRequest, backend: str, fixture: str) -> str:
    if (backend, fixture) not in _URLS:
        _URLS[(backend, fixture)] = request.getfixturevalue(fixture)
    return _URLS[(backend, fixture)]


@pytest.fixture
def shared_db_url(request: pytest.FixtureRequest, backend: str) -> str:
    """A database as ``db_url`` makes it, made once per backend."""
    return _once(request, backend, "db_url")


@pytest.fixture
def shared_ucdp_db_url(request: pytest.FixtureRequest, backend: str) -> str:
    """A database as ``militancydb init`` builds it (``ucdp_db_url``), made once per backend."""
    return _once(request, backend, "ucdp_db_url")


@pytest.fixture
def session(shared_db_url: str) -> Iterator[Session]:
    """A session on the shared database, rolled back after the test."""
    engine = make_engine(shared_db_url)
    s = session_factory(engine)()
    try:
        yield s
    finally:
        s.rollback()
        s.close()
        engine.dispose()


@pytest.fixture
def kb(backend: str, session: Session) -> Knowledge:
    """The shipped knowledge as the shared database holds it (read once per backend)."""
    if backend not in _KB:
        _KB[backend] = load_knowledge(session)
    return _KB[backend]
