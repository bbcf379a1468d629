"""Start-up of the command line (issue 15): how long ``militancydb --version``, ``--help``
and read commands take, and how long a read command runs before its first query on the
incidents, each beside a bare ``python -c "import sqlalchemy"``.

Commands run in turn (one of each per round, so that the machine's load falls on all of
them alike), ``--repeat`` rounds; the median and the slowest are printed. "Before its first
query" is measured from just before the process is started to the moment the command sends
its first statement that reads the ``incidents`` table (a SQLAlchemy event in a small
wrapper around the entry point; everything the command does before it — importing,
connecting, checking the schema, loading the knowledge base — is counted).

    .venv/bin/python bench/startup.py --db /path/to/militancydb.db --repeat 10
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROBE = """
import os, sys, time
from sqlalchemy import event
from sqlalchemy.engine import Engine
started = float(os.environ["STARTUP_T0"])
seen = []
@event.listens_for(Engine, "before_cursor_execute")
def _first(conn, cursor, statement, *args):
    if not seen and "incidents" in statement.lower():
        seen.append(time.time() - started)
        with open(os.environ["STARTUP_OUT"], "w") as f:
            f.write(str(seen[0]))
sys.argv = ["militancydb", *sys.argv[1:]]
from militancydb.cli.entry import run
run()
"""


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - started


def first_query(args: list[str], out: Path) -> float:
    env = dict(os.environ, STARTUP_T0=repr(time.time()), STARTUP_OUT=str(out))
    subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        check=True,
    )
    return float(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database URL or SQLite file")
    parser.add_argument("--repeat", type=int, default=10)
    a = parser.parse_args()
    mdb = [sys.executable, "-m", "militancydb"]
    reads = {
        "stats --by province --period month": ["stats", "--by", "province", "--period", "month"],
        "incidents list --province Balochistan --limit 50": [
            *("incidents", "list", "--province", "Balochistan", "--limit", "50"),
        ],
        "ask trend --period 2016-08 --by province": [
            *("ask", "trend", "--period", "2016-08", "--by", "province"),
        ],
    }
    runs: dict[str, list[float]] = {}
    out = Path(f"/tmp/startup-probe-{os.getpid()}.txt")
    subprocess.run([*mdb, "--db", a.db, *reads["stats --by province --period month"]],
                   stdout=subprocess.DEVNULL, check=True)  # fmt: skip  # knowledge snapshot built
    for _ in range(a.repeat):
        runs.setdefault('python -c "import sqlalchemy"', []).append(
            timed([sys.executable, "-c", "import sqlalchemy"])
        )
        runs.setdefault("militancydb --version", []).append(timed([*mdb, "--version"]))
        runs.setdefault("militancydb --help", []).append(timed([*mdb, "--help"]))
        for label, args in reads.items():
            full = ["--db", a.db, *args]
            runs.setdefault(label, []).append(timed([*mdb, *full]))
            runs.setdefault(f"{label}: before its first query", []).append(first_query(full, out))
    out.unlink(missing_ok=True)
    load = os.getloadavg()
    print(f"{a.repeat} rounds; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    print("| what | median s | slowest s |\n|---|---|---|")
    for label, values in runs.items():
        print(f"| {label} | {statistics.median(values):.2f} | {max(values):.2f} |")


if __name__ == "__main__":
    main()
