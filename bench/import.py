"""Import throughput and memory: UCDP GED files of a given number of rows (the bundled rows
repeated under new ids, :func:`militancydb.testing.scale_csv.repeat_csv`) into SQLite and
PostgreSQL, beside what an analyst would use instead on the same CSV.

For each size and backend, each run in its own process (its peak RSS from ``wait4``):

- **militancydb**: ``run_import`` into a fresh database holding the schema and the shipped
  knowledge (as ``militancydb init --no-data`` leaves it), history included (every incident
  gets its change-log row with a full snapshot, its citation, dataset id and row hash);
  then the same file again (every row unchanged). Seconds are the engine's own (the
  process's start-up and knowledge loading, about 3 s, are not counted; the peak RSS is the
  whole process's, knowledge base included); CPU seconds are the engine's (process time
  during the first import: on a shared machine they vary less than the wall clock);
- **sqlite3 .import** of the CSV into one table (SQLite only): the ceiling;
- **pandas** ``read_csv`` + ``to_sql`` into one table, on both backends;
- **sqlite-utils insert --csv** into one table (SQLite only; the dev extra installs it).

The others only copy text into one table: no checks, no conversion, no history.

    .venv/bin/python bench/import.py                              # 100000,1000000, both
    .venv/bin/python bench/import.py --rows bundled,100000 --backend sqlite --repeat 3
    .venv/bin/python bench/import.py --rows 100000 --modes commit,one --before /work/main
    .venv/bin/python bench/import.py --rows 100000 --backend sqlite --reference --no-others

``--reference`` adds a run of the same code with the UCDP importer's reference path (the
pydantic model and ``prepare`` for every row) instead of its fast path.

Columns: "RSS MB" sums the peak RSS of the importing process and of its conversion workers
(pages they share counted in each), "wCPU s" and "wRSS MB" are the workers' (their CPU
seconds summed, the largest peak), "iRSS MB" the importing process's own peak.

``militancydb`` commits each batch (as ``militancydb import --commit-batches`` does);
``--modes commit,one`` adds the import in one transaction (``run_import``'s default); the
WAL column is the size the SQLite write-ahead log reached (it is not truncated after a
checkpoint).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

HERE = Path(__file__).resolve()
BUNDLED_ROWS = 0


class Measured:
    """One process: wall seconds, CPU seconds, peak RSS (MB), and what it printed."""

    def __init__(self, wall: float, cpu: float, rss_mb: float, out: str) -> None:
        self.wall, self.cpu, self.rss_mb, self.out = wall, cpu, rss_mb, out


def measure_child(cmd: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run ``cmd`` to the end; its own resource use from ``wait4``."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            tail = err.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(cmd[:4])} ... failed: {tail}")
        text_out = out.read().decode()
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text_out)


# --- the worker: one import in its own process ---------------------------------------------


def worker(
    url: str,
    csv_path: str,
    again: str = "again",
    mode: str = "one",
    conversion: str = "fast",
    workers: str = "",
) -> None:
    """Import the file into the database at ``url``, then again unless ``again`` is "once";
    ``mode`` "commit": commit each batch (as ``militancydb import --commit-batches``
    does), "one": one transaction; ``conversion`` "reference": the UCDP importer's reference
    path (the pydantic model, then ``prepare``) instead of its fast path; ``workers``: the
    conversion processes (``run_import(workers=...)``; "" = the engine's default, "auto" =
    its automatic choice). Print the figures as JSON, with the size the SQLite WAL reached,
    the CPU seconds and peak RSS of the worker processes."""
    import inspect
    import resource

    from militancydb.db.engine import make_engine, session_scope
    from militancydb.io.engine import run_import
    from militancydb.io.ucdp import UCDPImporter
    from militancydb.knowledge.loader import load_knowledge

    engine = make_engine(url)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
    path_of = Path(csv_path)
    options: dict[str, Any] = {}
    if mode == "commit":
        if "commit" not in inspect.signature(run_import).parameters:
            raise SystemExit("this militancydb cannot commit by batch")
        options["commit"] = True
    if workers:
        options["workers"] = None if workers == "auto" else int(workers)
    wal = Path(url.removeprefix("sqlite:///") + "-wal") if url.startswith("sqlite") else None
    importer = UCDPImporter()
    if hasattr(importer, "fast"):
        importer.fast = conversion == "fast"
    cpu = time.process_time()
    children = os.times()
    with session_scope(engine) as s:
        first = run_import(s, importer, path_of, kb, "bench", **options)
    cpu = time.process_time() - cpu
    after = os.times()  # the worker processes are joined when the import returns
    child_cpu = (after.children_user - children.children_user) + (
        after.children_system - children.children_system
    )
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the log is not truncated after a checkpoint: its size is the most it held at once
    wal_mb = wal.stat().st_size / 1e6 if wal is not None and wal.exists() else float("nan")
    assert first.accounted, "a row is not accounted for"
    again_seconds = float("nan")
    if again != "once":
        with session_scope(engine) as s:
            second = run_import(s, importer, path_of, kb, "bench")
        assert second.inserted == 0 and second.updated == 0
        again_seconds = second.seconds
    with engine.connect() as c:
        history = c.execute(
            text("SELECT count(*) FROM change_log WHERE entity_type = 'incident'")
        ).scalar_one()
    engine.dispose()
    print(
        json.dumps(
            {
                "rows": first.rows_total,
                "inserted": first.inserted,
                "rejected": first.rejected,
                "seconds": first.seconds,
                "cpu_seconds": cpu,
                "again_seconds": again_seconds,
                "history": history,
                "wal_mb": wal_mb,
                "worker_cpu_seconds": child_cpu,
                "worker_rss_mb": child_rss,
                "own_rss_mb": own_rss,
            }
        )
    )


# --- databases -------------------------------------------------------------------------------


def sqlite_template(work: Path) -> Path:
    """A SQLite file with the schema and the shipped knowledge (copied for each run)."""
    path = work / "template.db"
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "militancydb", "--db", f"sqlite:///{path}", "init", "--no-data"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


class Backends:
    """Fresh databases for each run: copies of a template file on SQLite, ``CREATE DATABASE
    ... TEMPLATE`` on a throwaway PostgreSQL server."""

    def __init__(self, work: Path, postgres: bool, server_url: str = "", prefix: str = "") -> None:
        self.work = work
        self.n = 0
        self.server: Any = None
        #: database names start with it (on a shared server: one's own name)
        self.prefix = prefix or "bench"
        if postgres:
            from militancydb.testing.pgserver import start_server

            self.server = _Shared(server_url) if server_url else start_server()
            self.admin = create_engine(self.server.url(), isolation_level="AUTOCOMMIT")
            with self.admin.connect() as c:
                c.execute(text(f"DROP DATABASE IF EXISTS {self.prefix}_template"))
                c.execute(text(f"CREATE DATABASE {self.prefix}_template"))
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "militancydb",
                    "--db",
                    self.server.url(f"{self.prefix}_template"),
                    "init",
                    "--no-data",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )

    def fresh(self, backend: str) -> str:
        self.n += 1
        if backend == "sqlite":
            target = self.work / f"run{self.n}.db"
            shutil.copyfile(sqlite_template(self.work), target)
            return f"sqlite:///{target}"
        with self.admin.connect() as c:
            c.execute(
                text(f"CREATE DATABASE {self.prefix}_run{self.n} TEMPLATE {self.prefix}_template")
            )
        return str(self.server.url(f"{self.prefix}_run{self.n}"))

    def drop(self, backend: str, url: str) -> None:
        if backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        else:
            with self.admin.connect() as c:
                c.execute(text(f"DROP DATABASE {url.rsplit('/', 1)[1]}"))

    def close(self) -> None:
        if self.server is not None:
            with self.admin.connect() as c:
                c.execute(text(f"DROP DATABASE IF EXISTS {self.prefix}_template"))
            self.admin.dispose()
            self.server.stop()


class _Shared:
    """A PostgreSQL server already running (``--pg-server``): not stopped at the end."""

    def __init__(self, url: str) -> None:
        self.base = url.rsplit("/", 1)[0]

    def url(self, database: str = "postgres") -> str:
        return f"{self.base}/{database}"

    def stop(self) -> None:
        pass


# --- the others ------------------------------------------------------------------------------

PANDAS = """
import sys, time
import pandas as pd
from sqlalchemy import create_engine
started = time.perf_counter()
frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
engine = create_engine(sys.argv[2])
frame.to_sql("t", engine, index=False, chunksize=10000)
print(time.perf_counter() - started)
"""


def others(backend: str, csv_path: Path, url: str, work: Path) -> dict[str, Measured]:
    """The tools an analyst would use instead, each in its own process."""
    out: dict[str, Measured] = {}
    plain = url.replace("postgresql://", "postgresql+psycopg://", 1)
    out["pandas read_csv + to_sql"] = measure_child(
        [sys.executable, "-c", PANDAS, str(csv_path), plain]
    )
    if backend == "sqlite":
        db = work / "raw.db"
        db.unlink(missing_ok=True)
        out["sqlite3 .import"] = measure_child(
            ["sqlite3", str(db), ".mode csv", f".import {csv_path} t"]
        )
        tool = Path(sys.executable).with_name("sqlite-utils")
        if tool.exists():
            db.unlink(missing_ok=True)
            out["sqlite-utils insert --csv"] = measure_child(
                [str(tool), "insert", str(db), "t", str(csv_path), "--csv"]
            )
        db.unlink(missing_ok=True)
    return out


# --- the run ---------------------------------------------------------------------------------


def csv_of(rows: int, work: Path, distinct: bool = False) -> tuple[Path, int]:
    from militancydb.bootstrap import bundled_ucdp
    from militancydb.testing.scale_csv import repeat_csv

    if rows == BUNDLED_ROWS:
        return bundled_ucdp(), 6416
    path = work / f"ucdp-{rows}{'-distinct' if distinct else ''}.csv"
    if not path.exists():
        (distinct_csv if distinct else repeat_csv)(bundled_ucdp(), path, rows)
    return path, rows


def distinct_csv(source: Path, dest: Path, rows: int) -> int:
    """Like ``repeat_csv`` (the bundled rows under new ids), but copy ``k`` of a row reads
    differently where the import remembers values: its headline and article end in
    " (copy k)" (so their cues are read again) and its point is moved by k x 0.0001 degrees
    north and east (so its location is worked out again). Its event, sides, dates and
    figures are the original's."""
    import csv

    with source.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        body = list(reader)
    at = {c: header.index(c) for c in ("id", "source_headline", "source_article", "latitude")}
    at_lon = header.index("longitude")
    stride = 10 ** len(str(max(int(r[at["id"]]) for r in body)))
    with dest.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for n in range(rows):
            k, i = divmod(n, len(body))
            copy = list(body[i])
            if k:
                copy[at["id"]] = str(k * stride + int(copy[at["id"]]))
                for c in ("source_headline", "source_article"):
                    if copy[at[c]]:
                        copy[at[c]] += f" (copy {k})"
                for j in (at["latitude"], at_lon):
                    if copy[j]:
                        copy[j] = f"{float(copy[j]) + k * 0.0001:.6f}"
            writer.writerow(copy)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--rows", default="100000,1000000", help="sizes; 'bundled' = 6,416")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-others", action="store_true", help="militancydb only")
    parser.add_argument("--no-again", action="store_true", help="no re-import")
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="copies of a row read differently (headline, article, point: distinct_csv)",
    )
    parser.add_argument(
        "--modes",
        default="commit",
        help="commit (each batch committed, as `militancydb import --commit-batches` does), "
        "one (one transaction), or both: commit,one",
    )
    parser.add_argument(
        "--reference",
        action="store_true",
        help="also run this militancydb with the UCDP importer's reference path (the "
        "pydantic model and prepare, no fast path)",
    )
    parser.add_argument(
        "--before",
        metavar="DIR",
        help="also run the import with the militancydb package of DIR (e.g. a checkout of "
        "main before a change), alternating with this one",
    )
    parser.add_argument(
        "--before-mode",
        choices=["commit", "one"],
        help="the mode of the --before run (default: the first of --modes)",
    )
    parser.add_argument(
        "--workers",
        default="",
        help="conversion processes to compare, e.g. 0,1 or auto (run_import(workers=...); "
        "default: the engine's default)",
    )
    parser.add_argument(
        "--pg-server",
        metavar="URL",
        help="a PostgreSQL server already running (databases made and dropped on it, named "
        "by --db-prefix) instead of a throwaway one",
    )
    parser.add_argument("--db-prefix", default="bench", help="names of the databases made")
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    sizes = [
        BUNDLED_ROWS if v.strip() == "bundled" else int(v)
        for v in args.rows.split(",")
        if v.strip()
    ]
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    once = "once" if args.no_again else "again"
    work = Path(tempfile.mkdtemp(prefix="militancydb-import-bench-"))
    dbs = Backends(work, "postgresql" in backends, args.pg_server or "", args.db_prefix)
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    header = (
        f"{'':34}{'rows':>10}{'s':>9}{'rows/s':>10}{'CPU s':>8}{'rows/CPU-s':>11}"
        f"{'RSS MB':>8}{'again s':>9}{'WAL MB':>8}{'wCPU s':>8}{'wRSS MB':>8}{'iRSS MB':>8}"
    )
    counts = [w.strip() for w in args.workers.split(",")] if args.workers else [""]
    try:
        for size in sizes:
            csv_path, rows = csv_of(size, work, args.distinct)
            for backend in backends:
                print(f"\n{rows:,} rows, {backend}")
                print(header)
                mode0 = args.modes.split(",")[0]
                codes: dict[str, tuple[str | None, str, str, str]] = {
                    f"militancydb{'' if mode == 'commit' else ' (one tx)'}"
                    f"{f' w={n}' if n else ''}": (None, mode, "fast", n)
                    for mode in args.modes.split(",")
                    for n in counts
                }
                if args.reference:
                    codes["militancydb reference path"] = (None, "commit", "reference", "0")
                if args.before:  # in the first mode asked ("one" for an engine that cannot
                    # commit by batch: ``--before-mode one``), with each --workers asked
                    codes = {
                        **{
                            f"militancydb before{f' w={n}' if n else ''}": (
                                args.before,
                                args.before_mode or mode0,
                                "fast",
                                n,
                            )
                            for n in counts
                        },
                        **codes,
                    }
                runs: dict[str, list[tuple[Measured, dict[str, Any]]]] = {c: [] for c in codes}
                for _ in range(args.repeat):
                    for label, (code, mode, conversion, n) in codes.items():
                        url = dbs.fresh(backend)
                        cmd = [
                            sys.executable,
                            str(HERE),
                            "--worker",
                            url,
                            str(csv_path),
                            once,
                            mode,
                            conversion,
                            *([n] if n else []),
                        ]
                        env = {"PYTHONPATH": code} if code else None
                        m = measure_child(cmd, env)
                        runs[label].append((m, json.loads(m.out.strip().splitlines()[-1])))
                        dbs.drop(backend, url)
                for label, done in runs.items():
                    _militancydb_line(label, done)
                if not args.no_others:
                    url = dbs.fresh(backend)
                    for name, m in others(backend, csv_path, url, work).items():
                        print(
                            f"{name:34}{rows:>10,}{m.wall:>9.2f}{rows / m.wall:>10,.0f}"
                            f"{m.cpu:>8.1f}{rows / max(m.cpu, 1e-3):>11,.0f}{m.rss_mb:>8.0f}"
                        )
                    dbs.drop(backend, url)
    finally:
        dbs.close()
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _militancydb_line(label: str, runs: list[tuple[Measured, dict[str, Any]]]) -> None:
    median: Callable[[list[float]], float] = statistics.median
    seconds = median([r["seconds"] for _, r in runs])
    again = median([r["again_seconds"] for _, r in runs])
    # CPU and peak RSS of every process: the importing one and its conversion workers
    # (summed; the workers' RSS counts the pages they share with the importing process)
    cpu = median([r["cpu_seconds"] + r.get("worker_cpu_seconds", 0.0) for _, r in runs])
    wcpu = median([r.get("worker_cpu_seconds", 0.0) for _, r in runs])
    wrss = max(r.get("worker_rss_mb", 0.0) for _, r in runs)
    rss = max(
        m.rss_mb if "own_rss_mb" not in r else r["own_rss_mb"] + r["worker_rss_mb"] for m, r in runs
    )
    # the importing process's own peak (the 400 MB limit is per process)
    own = max(r.get("own_rss_mb", m.rss_mb) for m, r in runs)
    r = runs[0][1]
    print(
        f"{label + ' (history ' + format(r['history'], ',') + ')':34}{r['rows']:>10,}"
        f"{seconds:>9.2f}{r['rows'] / seconds:>10,.0f}{cpu:>8.1f}{r['rows'] / cpu:>11,.0f}"
        f"{rss:>8.0f}{again:>9.2f}{r.get('wal_mb', float('nan')):>8.0f}{wcpu:>8.1f}{wrss:>8.0f}"
        f"{own:>8.0f}"
    )


if __name__ == "__main__":
    main()
