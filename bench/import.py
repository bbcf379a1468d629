"""Import throughput: the bundled UCDP GED file into SQLite and PostgreSQL.

For each backend: a fresh database with the schema and the shipped knowledge, then a timed
``run_import`` of the bundled file (history included: every incident gets its change-log
row with a full snapshot), then a timed re-import of the same file (nothing changes). Peak
memory is Python's (tracemalloc, measured in one extra, untimed run because tracemalloc
slows Python down) and the process's maximum resident set (getrusage).
Beside them, in the same run, the raw ``sqlite3 .import`` of the same CSV into one table:
the ceiling for getting these bytes into SQLite at all.

Usage: .venv/bin/python bench/import.py [--backend sqlite|postgresql|both] [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import text

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.engine import make_engine, session_scope, upgrade
from militancydb.io.engine import run_import
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import load_knowledge, load_shipped
from militancydb.testing.pgserver import start_server


def raw_sqlite_import(csv_path: Path, workdir: Path) -> tuple[float, int]:
    """Seconds and rows for `sqlite3 x.db ".import --csv FILE t"` (the CLI, not Python)."""
    db = workdir / "raw.db"
    started = time.perf_counter()
    subprocess.run(
        ["sqlite3", str(db), ".mode csv", f".import {csv_path} t"], check=True, capture_output=True
    )
    seconds = time.perf_counter() - started
    out = subprocess.run(
        ["sqlite3", str(db), "SELECT count(*) FROM t"], check=True, capture_output=True, text=True
    )
    return seconds, int(out.stdout.strip())


def one_run(url: str, measure_memory: bool = False) -> dict[str, float]:
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as s:
        load_shipped(s)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
    path = bundled_ucdp()
    if measure_memory:  # tracemalloc slows Python down: never on a timed run
        tracemalloc.start()
    started = time.perf_counter()
    with session_scope(engine) as s:
        report = run_import(s, UCDPImporter(), path, kb, "bench")
    first = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if measure_memory else 0
    tracemalloc.stop()
    assert report.accounted and report.inserted + report.rejected == report.rows_total
    started = time.perf_counter()
    with session_scope(engine) as s:
        again = run_import(s, UCDPImporter(), path, kb, "bench")
    second = time.perf_counter() - started
    assert again.inserted == 0
    with engine.connect() as c:
        changes = c.execute(text("SELECT count(*) FROM change_log WHERE entity_type='incident'"))
        n_changes = changes.scalar_one()
    engine.dispose()
    return {
        "rows": report.rows_total,
        "first_s": first,
        "second_s": second,
        "peak_mib": peak / 2**20,
        "history_rows": float(n_changes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[dict[str, float]]] = {}
    work = Path(tempfile.mkdtemp(prefix="militancydb-bench-"))
    try:
        raw = [
            raw_sqlite_import(bundled_ucdp(), Path(tempfile.mkdtemp(dir=work)))
            for _ in range(args.repeat)
        ]
        if args.backend in ("sqlite", "both"):
            runs = [one_run(f"sqlite:///{work / f'bench{i}.db'}") for i in range(args.repeat)]
            memory = one_run(f"sqlite:///{work / 'bench-mem.db'}", measure_memory=True)
            results["SQLite"] = [*runs, {**memory, "first_s": float("nan")}]
        if args.backend in ("postgresql", "both"):
            server = start_server()
            try:
                admin = make_engine(server.url()).execution_options(isolation_level="AUTOCOMMIT")
                runs = []
                for i in range(args.repeat + 1):
                    with admin.connect() as c:
                        c.execute(text(f"CREATE DATABASE bench{i}"))
                    runs.append(one_run(server.url(f"bench{i}"), measure_memory=i == args.repeat))
                runs[-1]["first_s"] = float("nan")
                admin.dispose()
                results["PostgreSQL"] = runs
            finally:
                server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    raw_s = statistics.median(s for s, _ in raw)
    rows = raw[0][1]
    print(f"UCDP GED bundled file: {rows:,} data rows; median of {args.repeat} run(s)")
    print(f"{'':28}{'seconds':>10}{'rows/s':>12}{'re-import s':>14}{'peak MiB':>10}")
    print(f"{'sqlite3 .import (raw CSV)':28}{raw_s:>10.3f}{rows / raw_s:>12,.0f}{'':>14}{'':>10}")
    for name, runs in results.items():
        timed = [r for r in runs if r["first_s"] == r["first_s"]]  # not the memory run
        first = statistics.median(r["first_s"] for r in timed)
        second = statistics.median(r["second_s"] for r in timed)
        peak = max(r["peak_mib"] for r in runs)
        n = runs[0]["rows"]
        label = f"militancydb on {name}"
        print(f"{label:28}{first:>10.3f}{n / first:>12,.0f}{second:>14.3f}{peak:>10.1f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process maximum resident set: {rss:.0f} MiB (the whole run, knowledge base included)")


if __name__ == "__main__":
    main()
