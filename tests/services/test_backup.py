"""Issue 9, scope 7: `militancydb backup FILE` and `militancydb restore FILE`.

A backup restored into an empty database gives back every row of every table, the change
history included, on SQLite and on PostgreSQL, and the portable format moves a database
between the two. Restore replaces a non-empty database only when told to, and a damaged
backup restores nothing.
"""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from militancydb.cli.main import app
from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import Base
from militancydb.errors import ImportFailed, Refused
from militancydb.knowledge.loader import load_knowledge
from militancydb.services.backup import BackupFormat, backup, restore
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident, delete_incident, update_incident
from militancydb.testing.badinputs import prepare_database
from militancydb.testing.pgserver import PgServer

_n = itertools.count()
runner = CliRunner()


def everything(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    engine = make_engine(url)
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            query = select(*table.columns).order_by(*table.primary_key.columns)
            out[table.name] = [tuple(r) for r in conn.execute(query)]
    engine.dispose()
    return out


def with_history(url: str) -> None:
    """A database with an incident edited and deleted, and a claim: history to keep."""
    values = prepare_database(url)
    engine = make_engine(url)
    editor = Editor(user="tester", reason="backup test")
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        inc = update_incident(
            s,
            int(values["incident"]),
            {"summary": "edited before the backup"},
            expected_version=int(values["version"]),
            kb=kb,
            editor=editor,
        )
        delete_incident(s, inc.id, expected_version=inc.version, editor=editor)
    engine.dispose()


def empty_database(backend: str, tmp_path: Path, pg_server: PgServer | None) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / f'restored_{next(_n)}.db'}"
    assert pg_server is not None
    name = f"restored_{next(_n)}"
    admin = make_engine(pg_server.url()).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        c.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return pg_server.url(name)


def other(backend: str) -> str:
    return "postgresql" if backend == "sqlite" else "sqlite"


def accept(_held: int) -> None:
    return None


@pytest.mark.parametrize("fmt", [None, BackupFormat.PORTABLE])
def test_round_trip_keeps_every_table_and_the_history(
    backend: str,
    db_url: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    fmt: BackupFormat | None,
) -> None:
    with_history(db_url)
    before = everything(db_url)
    assert before["change_log"], "the test needs history to keep"
    file = tmp_path / "backup.bin"
    engine = make_engine(db_url)
    made = backup(engine, file, fmt)
    engine.dispose()
    expected_format = fmt or (BackupFormat.SQLITE if backend == "sqlite" else "portable")
    assert made.format == expected_format
    assert made.rows == sum(len(rows) for rows in before.values())
    server = request.getfixturevalue("pg_server") if backend == "postgresql" else None
    target = empty_database(backend, tmp_path, server)
    target_engine = make_engine(target)
    done = restore(target_engine, file, confirm_replace=accept)
    target_engine.dispose()
    assert done.rows == made.rows
    assert everything(target) == before


def test_portable_backup_moves_a_database_to_the_other_backend(
    backend: str, db_url: str, tmp_path: Path, pg_server: PgServer
) -> None:
    with_history(db_url)
    before = everything(db_url)
    file = tmp_path / "move.jsonl.gz"
    engine = make_engine(db_url)
    backup(engine, file, BackupFormat.PORTABLE)
    engine.dispose()
    target = empty_database(other(backend), tmp_path, pg_server)
    target_engine = make_engine(target)
    restore(target_engine, file, confirm_replace=accept)
    assert everything(target) == before
    # the restored database takes new records (ids continue after the restored ones)
    with session_scope(target_engine) as s:
        new = create_incident(
            s,
            {"date_start": "2016-09-02", "event_type": "militant_attack", "province": "Punjab"},
            load_knowledge(s),
            Editor(user="after restore"),
        )
    assert new.id > max(row[0] for row in before["incidents"])
    target_engine.dispose()


def test_restore_refuses_to_replace_data_unless_told(
    backend: str, db_url: str, tmp_path: Path
) -> None:
    with_history(db_url)
    file = tmp_path / "b.bak"
    engine = make_engine(db_url)
    backup(engine, file, BackupFormat.PORTABLE)
    asked: list[int] = []

    def refuse(held: int) -> None:
        asked.append(held)
        raise Refused("not confirmed")

    before = everything(db_url)
    with pytest.raises(Refused):
        restore(engine, file, confirm_replace=refuse)
    assert asked == [sum(len(rows) for rows in before.values())]
    assert everything(db_url) == before
    engine.dispose()
    # the command: no terminal and no --yes is a refusal; --yes replaces
    no = runner.invoke(app, ["--db", db_url, "restore", str(file)])
    assert no.exit_code == 1
    assert "give --yes" in no.stderr
    yes = runner.invoke(app, ["--db", db_url, "restore", str(file), "--yes"])
    assert yes.exit_code == 0, yes.output
    assert everything(db_url) == before


def test_a_damaged_backup_restores_nothing(backend: str, db_url: str, tmp_path: Path) -> None:
    with_history(db_url)
    file = tmp_path / "full.bak"
    engine = make_engine(db_url)
    backup(engine, file, BackupFormat.PORTABLE)
    lines = gzip.decompress(file.read_bytes()).splitlines(keepends=True)
    cut = tmp_path / "cut.bak"
    cut.write_bytes(gzip.compress(b"".join(lines[: len(lines) // 2])))
    before = everything(db_url)
    with pytest.raises(ImportFailed, match="cut short"):
        restore(engine, cut, confirm_replace=accept)
    assert everything(db_url) == before
    engine.dispose()


def test_backup_and_restore_commands(db_url: str, tmp_path: Path) -> None:
    with_history(db_url)
    file = tmp_path / "cli.bak"
    made = runner.invoke(app, ["--db", db_url, "backup", str(file)])
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith("backed up ")
    again = runner.invoke(app, ["--db", db_url, "backup", str(file)])
    assert again.exit_code == 4 and "exists" in again.stderr
    target = tmp_path / "new.db"
    restored = runner.invoke(app, ["--db", str(target), "restore", str(file)])
    assert restored.exit_code == 0, restored.output
    assert everything(f"sqlite:///{target}") == everything(db_url)
