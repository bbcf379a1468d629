"""``militancydb ingest`` stopped by Ctrl-C (a real SIGINT to a real process) or by ``kill``
(SIGTERM) keeps what it committed, says so and how to go on; the same command run again
finishes the folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from militancydb.db.document_tables import Document
from militancydb.db.engine import make_engine, session_scope

PLACES = ["Quetta", "Peshawar", "Karachi", "Bannu", "Mardan", "Kohat", "Lahore", "Swat"]


def _count(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            return int(s.scalar(select(func.count()).select_from(Document)) or 0)
    finally:
        engine.dispose()


def _run(db_url: str, folder: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "militancydb", "--db", db_url, "--user", "tester", "ingest"]
    return subprocess.Popen(
        [*cmd, str(folder), "--published", "2015-03-04", "--no-merge"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal
    )


def _interrupted(
    db_url: str, tmp_path: Path, total: int, sig: signal.Signals
) -> tuple[Path, subprocess.Popen[bytes], bytes, int]:
    """Ingest a folder of ``total`` reports and send ``sig`` once 50 are stored: the folder,
    the process (ended), its stderr and the documents kept."""
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(total):
        place = PLACES[i % len(PLACES)]
        (folder / f"{i:04d}.txt").write_text(
            f"{place.upper()}: Gunmen shot dead {i % 9 + 2} policemen in {place} on Tuesday, "
            f"police said in report {i}.",
            encoding="utf-8",
        )
    proc = _run(db_url, folder)
    deadline = time.monotonic() + 240
    while _count(db_url) < 50 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    return folder, proc, err, _count(db_url)


def test_ctrl_c_keeps_the_committed_batches_and_the_rerun_finishes(
    db_url: str, tmp_path: Path
) -> None:
    total = 600
    folder, proc, err, kept = _interrupted(db_url, tmp_path, total, signal.SIGINT)
    assert proc.returncode == 130, err.decode()
    message = err.decode()
    assert f"{kept:,} documents were stored and are kept" in message
    assert "run the same command again" in message
    assert 50 <= kept < total
    again = _run(db_url, folder)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err.decode()
    assert f"{total - kept:,} documents stored, {kept:,} already held" in out.decode()
    assert _count(db_url) == total


def test_sigterm_says_what_was_kept_and_how_to_go_on(db_url: str, tmp_path: Path) -> None:
    """``kill`` (SIGTERM: a scheduler's stop, ``timeout``, a shutdown) ends the run as Ctrl-C
    does; it used to end it without a word."""
    total = 400
    _, proc, err, kept = _interrupted(db_url, tmp_path, total, signal.SIGTERM)
    message = err.decode()
    assert proc.returncode == 130, message
    assert f"{kept:,} documents were stored and are kept" in message
    assert "run the same command again" in message and 50 <= kept < total
