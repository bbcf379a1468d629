"""Start-up of the command line (issue 15): how long ``militancydb --version``, ``--help``
and read commands take, and how long a read command runs before its first query on the
incidents, each beside a bare ``python -c "import sqlalchemy"``.

Commands run in turn (one of each per round, so that the machine's load falls on all of
them alike), ``--repeat`` rounds; the median and the slowest are printed. "Before its first
query" is measured from just before the process is started to the moment the command sends
its first statement that reads the ``incidents`` table (a SQLAlchemy event in a small
wrapper around the entry point; everything the command does before it — importing,
connecting, checking the schema, loading the knowledge base — is counted). Beside each
median of wall time, the median CPU seconds (user + system) of the same runs: of the whole
command, and of the process up to its first query (``time.process_time()`` there); on a
shared machine the CPU figure is the one the load does not inflate.

    .venv/bin/python bench/startup.py --db /path/to/militancydb.db --repeat 10
    # the same, beside an older source tree (e.g. `git archive main | tar -x -C /tmp/before`)
    .venv/bin/python bench/startup.py --db DB --tree before=/tmp/before --tree after=.

With ``--tree``, each command runs once per tree per round (the code imported from that
folder through ``PYTHONPATH``, from a neutral working folder), so the trees share the load;
each tree keeps its knowledge snapshot in its own cache folder (a temporary one), built by
a first run of every read command before the timed rounds.

Every command runs with Python's compiled bytecode cached, as an installed package has it
(``pip install`` compiles it): in a temporary ``PYTHONPYCACHEPREFIX`` folder, written by the
first untimed runs, whatever ``PYTHONDONTWRITEBYTECODE`` says in the calling environment
(with it set and no cache, every run compiled the package's modules again, about 0.03 CPU s
of a read command).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
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
            f.write(f"{seen[0]} {time.process_time()}")  # wall, and this process's CPU
sys.argv = ["militancydb", *sys.argv[1:]]
from militancydb.cli.entry import run
run()
"""


NEUTRAL = "/"  # a working folder holding no militancydb package


#: compiled bytecode of every timed command (see the module docstring)
PYCACHE = f"{tempfile.gettempdir()}/startup-pycache-{os.getpid()}"


def tree_env(tree: str | None, **extra: str) -> dict[str, str]:
    env = dict(os.environ, **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = PYCACHE
    if tree is not None:
        env["PYTHONPATH"] = str(Path(tree).resolve())
        # each tree its own cache folder: the knowledge snapshot's key holds the code's
        # digest, so two trees sharing one file would rebuild it on every other command
        digest = hashlib.sha256(env["PYTHONPATH"].encode()).hexdigest()[:12]
        env["XDG_CACHE_HOME"] = f"{tempfile.gettempdir()}/startup-cache-{os.getpid()}-{digest}"
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: CPU seconds (user + system) of each timed command, by its wall time's label and tree:
#: the figure a shared machine's load inflates least
CPU: dict[tuple[str, str], list[float]] = {}


def timed(cmd: list[str], tree: str | None = None) -> float:
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=tree_env(tree),
        cwd=NEUTRAL,
        check=True,
    )
    timed.cpu = _children_cpu() - cpu  # type: ignore[attr-defined]
    return time.perf_counter() - started


def first_query(args: list[str], out: Path, tree: str | None = None) -> float:
    env = tree_env(tree, STARTUP_T0=repr(time.time()), STARTUP_OUT=str(out))
    subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=NEUTRAL,
        check=True,
    )
    wall, cpu = out.read_text().split()
    first_query.cpu = float(cpu)  # type: ignore[attr-defined]
    return float(wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database URL or SQLite file")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument(
        "--tree", action="append", default=[], help="NAME=FOLDER: also run this source tree"
    )
    parser.add_argument(
        "--only", action="append", default=[], help="only the read commands naming this"
    )
    parser.add_argument(
        "--no-whole", action="store_true", help="time only up to the first query, not whole"
    )
    a = parser.parse_args()
    trees: dict[str, str | None] = dict(t.split("=", 1) for t in a.tree) or {"": None}
    mdb = [sys.executable, "-m", "militancydb"]
    reads = {
        "stats --by province --period month": ["stats", "--by", "province", "--period", "month"],
        "ask trend --period 2016 --by province": [
            *("ask", "trend", "--period", "2016", "--by", "province"),
        ],
        "incidents list --province Balochistan, August 2016, --limit 50": [
            *("incidents", "list", "--province", "Balochistan"),
            *("--from", "2016-08-01", "--to", "2016-08-31", "--limit", "50"),
        ],
        "ask last-high-profile --before 2016-08-08 --country PK": [
            *("ask", "last-high-profile", "--before", "2016-08-08", "--country", "PK"),
        ],
        "ask operational --actor 'Islamic State' --country PK --on 2016-08-31": [
            *("ask", "operational", "--actor", "Islamic State", "--country", "PK"),
            *("--on", "2016-08-31"),
        ],
    }
    if a.only:
        reads = {k: v for k, v in reads.items() if any(o in k for o in a.only)}
    runs: dict[str, dict[str, list[float]]] = {}

    def note(label: str, name: str, seconds: float) -> None:
        runs.setdefault(label, {}).setdefault(name, []).append(seconds)
        spent = first_query if "before its first query" in label else timed
        CPU.setdefault((label, name), []).append(spent.cpu)  # type: ignore[attr-defined]

    out = Path(f"/tmp/startup-probe-{os.getpid()}.txt")
    db = str(Path(a.db).resolve()) if "://" not in a.db else a.db
    # a first run builds what is cached (knowledge snapshot, compiled bytecode)
    timed([sys.executable, "-c", "import sqlalchemy"])
    for tree in trees.values():
        timed([*mdb, "--help"], tree)
        for args in reads.values():
            timed([*mdb, "--db", db, *args], tree)
    for _ in range(a.repeat):
        note(
            'python -c "import sqlalchemy"', "", timed([sys.executable, "-c", "import sqlalchemy"])
        )
        for name, tree in trees.items():
            note("militancydb --version", name, timed([*mdb, "--version"], tree))
            note("militancydb --help", name, timed([*mdb, "--help"], tree))
            for label, args in reads.items():
                full = ["--db", db, *args]
                if not a.no_whole:
                    note(label, name, timed([*mdb, *full], tree))
                note(f"{label}: before its first query", name, first_query(full, out, tree))
    out.unlink(missing_ok=True)
    shutil.rmtree(PYCACHE, ignore_errors=True)
    for tree in trees.values():
        if tree is not None:
            shutil.rmtree(tree_env(tree)["XDG_CACHE_HOME"], ignore_errors=True)
    load = os.getloadavg()
    print(f"{a.repeat} rounds; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    names = [n for n in trees if n] or [""]
    head = " | ".join(f"{n} median s | {n} slowest s | {n} median CPU s".strip() for n in names)
    print(f"| what | {head} |")
    print("|---|" + "---:|---:|---:|" * len(names))
    for label, by_tree in runs.items():
        cells = []
        for name in names:
            key = name if name in by_tree else ""
            values = by_tree[key]
            cpu = CPU.get((label, key))
            cpu_cell = f"{statistics.median(cpu):.2f}" if cpu else ""
            cells.append(f"{statistics.median(values):.2f} | {max(values):.2f} | {cpu_cell}")
        print(f"| {label} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
