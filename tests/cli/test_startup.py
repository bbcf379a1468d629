"""Start-up (issue 15): ``militancydb --version`` and ``--help`` import none of the heavy
libraries; a command imports what it needs when it runs. Checked on ``sys.modules`` in a
fresh interpreter (no timings here: those are in ``bench/startup.py``)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("matplotlib", "shapely", "weasyprint", "fastapi", "trafilatura", "pyarrow", "pandas")
HEAVY += ("sqlalchemy", "alembic", "numpy", "uvicorn", "jinja2")

PROBE = """
import json, sys
sys.argv = ["militancydb", *sys.argv[1:]]
from militancydb.cli.entry import run  # what the installed command runs
try:
    run()
except SystemExit:
    pass
print(json.dumps(sorted(m.split(".")[0] for m in sys.modules)))
"""


def loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [(), ("--version",), ("--help",), ("report", "--help")])
def test_version_and_help_import_no_heavy_library(args: tuple[str, ...]) -> None:
    assert not loaded(*args) & set(HEAVY)


def test_a_command_imports_what_it_needs_when_it_runs() -> None:
    # `codebook` needs the codebook, not the database, the reports or the web
    modules = loaded("codebook")
    assert "militancydb" in modules
    assert not modules & {"matplotlib", "weasyprint", "fastapi", "pyarrow", "shapely"}
