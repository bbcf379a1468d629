"""Fixtures of the knowledge tests.

The resolver tests only read the registries, so each backend's registries are read once from
a fresh database (the ``kb`` fixture of ``tests/conftest.py``: schema plus the shipped
knowledge, on SQLite and on PostgreSQL) and shared by the tests of that backend.
"""

from __future__ import annotations

import pytest

from militancydb.knowledge.actors import ActorRegistry
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.loader import Knowledge

_READ: dict[str, Knowledge] = {}


@pytest.fixture
def kb_read(request: pytest.FixtureRequest, backend: str) -> Knowledge:
    """Both registries as a database on ``backend`` holds them (read once per backend)."""
    if backend not in _READ:
        _READ[backend] = request.getfixturevalue("kb")
    return _READ[backend]


@pytest.fixture
def gaz(kb_read: Knowledge) -> Gazetteer:
    """The gazetteer read from the database."""
    return kb_read.gazetteer


@pytest.fixture
def reg(kb_read: Knowledge) -> ActorRegistry:
    """The actor registry read from the database."""
    return kb_read.registry
