"""The installed ``militancydb`` command (its entry point): the command line's own usage
errors end in one ``error:`` line with exit code 2, like every other bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = str(Path(sys.executable).parent / "militancydb")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--nonsense"], "No such option: --nonsense"),
        (["incidents", "list", "--limit", "abc"], "Invalid value for '--limit'"),
        (["incidents", "show"], "Missing argument"),
        (["no-such-command"], "No such command"),
        (["init", "--db", "x.db"], "--db is an option of militancydb itself: put it before"),
        (["incidents", "list", "--quiet"], "(militancydb --quiet COMMAND ...)"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], words: str) -> None:
    done = subprocess.run([COMMAND, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ") and words in lines[0]
    assert "--help" in lines[0]
    assert "Traceback" not in done.stderr and "╭" not in done.stderr


def test_help_and_version_still_work() -> None:
    shown = subprocess.run([COMMAND], capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0 and "Usage" in shown.stdout
    version = subprocess.run([COMMAND, "--version"], capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("militancydb ")
