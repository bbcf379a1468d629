"""The schema check every command runs (``require_schema``): one select of the database's
revision, compared with the head read from the migration scripts' lines (``known_head``),
without importing Alembic; it still refuses a database at an older or a newer revision."""

from __future__ import annotations

import subprocess
import sys

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from militancydb.db.engine import (
    alembic_config,
    current_revision,
    head_revision,
    known_head,
    make_engine,
    require_schema,
)
from militancydb.errors import DatabaseNotReady


def test_known_head_is_alembics_head(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert known_head() == head_revision(engine)
        assert current_revision(engine) == known_head()
    finally:
        engine.dispose()


def _set_revision(db_url: str, revision: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_an_older_revision_is_refused_with_the_fix(db_url: str) -> None:
    engine = make_engine(db_url)
    head = head_revision(engine)
    older = ScriptDirectory.from_config(alembic_config(engine)).get_revision(head).down_revision
    assert isinstance(older, str)
    require_schema(engine)  # at the head: no error
    _set_revision(db_url, older)
    try:
        with pytest.raises(DatabaseNotReady) as info:
            require_schema(engine)
        assert str(info.value) == (
            f"the database is at schema revision {older}, this militancydb needs {head}; "
            "run `militancydb db upgrade`"
        )
    finally:
        engine.dispose()


def test_a_newer_revision_is_refused(db_url: str) -> None:
    engine = make_engine(db_url)
    _set_revision(db_url, "9999_from_a_newer_militancydb")
    try:
        with pytest.raises(DatabaseNotReady, match="9999_from_a_newer_militancydb.*needs"):
            require_schema(engine)
    finally:
        engine.dispose()


def test_the_check_does_not_import_alembic(db_url: str) -> None:
    """A read command pays one select, not Alembic's import and its parse of every script."""
    probe = (
        "import sys\n"
        "from militancydb.db.engine import make_engine, require_schema\n"
        f"require_schema(make_engine({db_url!r}))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


def test_a_failing_select_of_the_revision_is_not_taken_for_no_schema(db_url: str) -> None:
    """The revision is read with one select, the table looked for only when it fails: a
    failure with the table there is raised, not read as "no militancydb schema"."""
    from sqlalchemy.exc import DBAPIError

    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE alembic_version RENAME COLUMN version_num TO other"))
    with pytest.raises(DBAPIError):
        current_revision(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    assert current_revision(engine) is None
    with pytest.raises(DatabaseNotReady, match="not a militancydb database"):
        require_schema(engine)
    engine.dispose()
