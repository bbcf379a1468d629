"""Issue 9, points 4, 6 and 8, through the installed ``militancydb`` command in its own
process: a PostgreSQL password with ``%``, ``@``, ``:`` and ``/`` works and is never shown; a
read-only database can be read and refuses writes in one line; an edit that meets a long
write waits, then says the database is locked; Ctrl-C ends with exit 130 and one line, and
the interrupted import leaves nothing behind; ``--debug`` shows the traceback."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.engine import make_engine, session_scope, upgrade
from militancydb.db.tables import ImportRun, Incident
from militancydb.knowledge.loader import load_shipped
from militancydb.testing.badinputs import prepare_database
from militancydb.testing.pgserver import PgServer

MILITANCYDB = str(Path(sys.executable).with_name("militancydb"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [MILITANCYDB, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "160", **(env or {})},
        timeout=300,
        cwd=tempfile.gettempdir(),
    )


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database with the schema, the knowledge, one incident and one claim."""
    path = tmp_path_factory.mktemp("faults") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with session_scope(engine) as s:
        load_shipped(s)
    engine.dispose()
    prepare_database(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_db(sqlite_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "militancy.db"
    shutil.copyfile(sqlite_template, copy)
    return copy


# --- point 4: passwords with special characters ------------------------------------------


def test_postgres_password_with_special_characters(pg_server: PgServer) -> None:
    password = "p@ss%w:rd/x"
    quoted = "p%40ss%25w%3Ard%2Fx"
    admin = make_engine(pg_server.url()).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text("DROP DATABASE IF EXISTS password_test"))
        c.execute(text("CREATE DATABASE password_test"))
    db_url = pg_server.url("password_test")
    upgrade(make_engine(db_url))
    url = make_url(db_url)
    admin.dispose()
    admin = make_engine(db_url).execution_options(isolation_level="AUTOCOMMIT")
    hba = pg_server.root / "data" / "pg_hba.conf"
    original = hba.read_text()
    with admin.connect() as c:
        c.execute(text("DROP ROLE IF EXISTS analyst_pw"))
        c.execute(text(f"CREATE ROLE analyst_pw LOGIN PASSWORD '{password}'"))
        c.execute(text("GRANT ALL ON ALL TABLES IN SCHEMA public TO analyst_pw"))
        c.execute(text("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO analyst_pw"))
        # this role logs in with its password (the test server trusts everyone else)
        hba.write_text(f"host all analyst_pw 127.0.0.1/32 scram-sha-256\n{original}")
        c.execute(text("SELECT pg_reload_conf()"))
    try:
        good = f"postgresql://analyst_pw:{quoted}@{url.host}:{url.port}/{url.database}"
        ok = run("--db", good, "summary")
        assert ok.returncode == 0, ok.stderr
        assert "0 incidents" in ok.stdout
        for secret in (password, quoted):
            assert secret not in ok.stdout + ok.stderr
        wrong = good.replace(quoted, "wrong%40secret")
        bad = run("--db", wrong, "incidents", "list")
        assert bad.returncode == 3
        line = one_error_line(bad.stderr)
        assert "password authentication failed" in line
        assert "wrong@secret" not in line and "wrong%40secret" not in line
        debug = run("--debug", "--db", wrong, "incidents", "list")  # the traceback too
        assert "Traceback" in debug.stderr
        assert "wrong@secret" not in debug.stderr and "wrong%40secret" not in debug.stderr
    finally:
        hba.write_text(original)
        with admin.connect() as c:
            c.execute(text("SELECT pg_reload_conf()"))
        admin.dispose()


# --- point 6: a read-only database --------------------------------------------------------


def _read_only(path: Path, on: bool) -> None:
    """Make a file or folder read-only for everyone, root included (the immutable flag;
    a permission bit would not stop root, under whom the tests may run)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i" if on else "-i", str(path)], check=True)
    else:
        os.chmod(path, (0o555 if path.is_dir() else 0o444) if on else 0o755)


def test_read_only_database_can_be_read_and_refuses_writes(sqlite_db: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="militancydb-ro-"))
    copy = folder / "ro.db"
    shutil.copyfile(sqlite_db, copy)
    _read_only(copy, True)
    _read_only(folder, True)
    try:
        read = run("--db", str(copy), "incidents", "list", "--format", "json")
        assert read.returncode == 0, read.stderr
        assert "Civil Hospital" in read.stdout
        write = run("--db", str(copy), "incidents", "delete", "1", "--expected-version", "2")
        assert write.returncode == 3
        assert "is read-only and this command writes" in one_error_line(write.stderr)
        assert sorted(p.name for p in folder.iterdir()) == ["ro.db"]  # no -wal, no -shm
    finally:
        _read_only(folder, False)
        _read_only(copy, False)
        shutil.rmtree(folder)


# --- point 8: "database is locked" when an edit meets a long write ------------------------


def _hold_write_lock(path: Path, release: threading.Event, started: threading.Event) -> None:
    """Hold SQLite's write lock from ``started`` until ``release`` is set (or 120 s pass)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    started.set()
    release.wait(120)
    conn.execute("ROLLBACK")
    conn.close()


def _edit(path: Path, timeout: str) -> subprocess.CompletedProcess[str]:
    return run(
        "--db", str(path), "incidents", "edit", "1", "--expected-version", "2",
        "--set", "summary=edited while another wrote",
        env={"MILITANCYDB_BUSY_TIMEOUT": timeout},
    )  # fmt: skip


def test_edit_meeting_a_long_write_says_locked(sqlite_db: Path) -> None:
    # the lock is held for the whole edit, however long the command takes to start
    started, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(sqlite_db, release, started))
    holder.start()
    started.wait()
    try:
        locked = _edit(sqlite_db, "1")
    finally:
        release.set()
        holder.join()
    assert locked.returncode == 3
    assert "locked by another writer" in one_error_line(locked.stderr)
    # the same edit, against a writer that finishes within the wait, goes through
    started, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(sqlite_db, release, started))
    holder.start()
    started.wait()
    threading.Timer(2, release.set).start()
    waited = _edit(sqlite_db, "60")
    holder.join()
    assert waited.returncode == 0, waited.stderr
    assert "now at version 3" in waited.stdout


# --- point 8: Ctrl-C ----------------------------------------------------------------------


def _long_ucdp_file(folder: Path, copies: int = 30) -> Path:
    """The bundled UCDP file repeated under new ids: an import that takes long enough to be
    interrupted on a fast, quiet machine too (the bundled file alone takes a few seconds).
    An import's page cache holds 64 MiB (``SQLITE_IMPORT_CACHE_KIB``) before the write-ahead
    log grows: with 30 copies (190,000 rows) it grows early (4.6 s into a 35.6 s import on a
    quiet machine), well before the commit."""
    with bundled_ucdp().open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    path = folder / "ucdp-long.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        for k in range(copies):
            for row in rows:
                writer.writerow({**row, "id": str(int(row["id"]) + k * 10_000_000)})
    return path


def test_ctrl_c_during_an_import_exits_130_and_saves_nothing(
    sqlite_db: Path, tmp_path: Path
) -> None:
    source = _long_ucdp_file(tmp_path)
    proc = subprocess.Popen(
        [MILITANCYDB, "--db", str(sqlite_db), "import", "ucdp", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as at a terminal: a test run started in the background (`cmd &` without job
        # control) ignores SIGINT, and a child inherits that, so it would never see it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # interrupt once the import is writing (its WAL grows), however slow the start-up
    wal = sqlite_db.with_name(sqlite_db.name + "-wal")
    deadline = time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 1_000_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "interrupted" in one_error_line(stderr)
    engine = make_engine(f"sqlite:///{sqlite_db}")
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(ImportRun)) == 0
        assert s.scalar(select(func.count()).select_from(Incident)) == 1  # the one it held
    engine.dispose()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    plain = run("--db", str(tmp_path / "none.db"), "summary")
    assert plain.returncode == 3
    one_error_line(plain.stderr)
    debug = run("--debug", "--db", str(tmp_path / "none.db"), "summary")
    assert debug.returncode == 3
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.strip().splitlines()[-1].startswith("error: no database at")


def test_rejects_to_an_unwritable_folder_is_refused_before_importing(
    sqlite_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    _read_only(folder, True)
    try:
        result = run(
            "--db", str(sqlite_db), "import", "ucdp", str(bundled_ucdp()),
            "--rejects", str(folder / "rejects.csv"),
        )  # fmt: skip
    finally:
        _read_only(folder, False)
    assert result.returncode == 4
    assert "permission denied" in one_error_line(result.stderr)
    engine = make_engine(f"sqlite:///{sqlite_db}")
    with session_scope(engine) as s:  # checked before the import, not after it was saved
        assert s.scalar(select(func.count()).select_from(ImportRun)) == 0
    engine.dispose()
