"""A first version of issue 15's measurements, for databases of 100,000 and 1,000,000
incidents (the bundled rows repeated under new ids) on SQLite and PostgreSQL, in one run:

- start-up: ``militancydb --version`` and a read command, beside ``python -c "import
  sqlalchemy"``;
- the median and p95 of a filtered page, ``stats --by province --period month``,
  ``ask trend``, ``ask last-high-profile`` and ``ask operational`` through the CLI (each a
  subprocess), beside the same question written by hand in SQL on the same database;
- export rows/s and peak RSS of ``incidents list --format csv|json|geojson`` to /dev/null.

Every command runs under a timeout (``--timeout``) and an address-space limit
(``--mem-limit-gb``, so that an export holding everything in memory fails rather than
swamping a shared machine); a command that hits either is reported as such. Import rows/s
is not measured yet.

    .venv/bin/python bench/scale.py                        # 100000,1000000 on both backends
    .venv/bin/python bench/scale.py --sizes 100000 --backends sqlite --repeat 3
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    log,
    machine,
    median,
    parse_sizes,
    percentile,
    postgres_urls,
    sqlite_url,
)

MDB = [sys.executable, "-m", "militancydb"]
MONTH = ["--province", "Balochistan", "--from", "2016-08-01", "--to", "2016-08-31"]


class Run:
    """One finished (or stopped) command: seconds, peak RSS in MB, and what went wrong."""

    def __init__(self, seconds: float, rss_mb: float, problem: str | None) -> None:
        self.seconds, self.rss_mb, self.problem = seconds, rss_mb, problem


def run(cmd: list[str], timeout: float, mem_gb: float) -> Run:
    """Run ``cmd`` with its output to /dev/null; its own peak RSS from ``wait4``."""
    limit = int(mem_gb * 1024**3)

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limits
    )
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            return Run(timeout, usage.ru_maxrss / 1024, f"timed out > {timeout:.0f} s")
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    problem = None
    if proc.returncode != 0:
        lines = [ln.strip("│╭╮╰╯─ ") for ln in err.splitlines()]
        last = ([ln for ln in lines if any(c.isalnum() for c in ln)] or ["?"])[-1][:80]
        problem = "out of memory" if "MemoryError" in err else f"exit {proc.returncode}: {last}"
    return Run(elapsed, usage.ru_maxrss / 1024, problem)


def repeat_cmd(cmd: list[str], n: int, timeout: float, mem_gb: float) -> tuple[str, str]:
    """Median and p95 of ``n`` runs in ms (stopping at the first failure)."""
    times = []
    for _ in range(n):
        r = run(cmd, timeout, mem_gb)
        if r.problem:
            return r.problem, ""
        times.append(r.seconds * 1000)
    return f"{median(times):.0f}", f"{percentile(times, 95):.0f}"


def repeat_sql(engine: Engine, fn: Callable[[Engine], object], n: int) -> tuple[str, str]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn(engine)
        times.append((time.perf_counter() - started) * 1000)
    return f"{median(times):.0f}", f"{percentile(times, 95):.0f}"


def hand_sql(dialect: str) -> dict[str, str]:
    """Each question written by hand, as an analyst would in a SQL shell."""
    month = (
        "strftime('%Y-%m', date_start)" if dialect == "sqlite" else "to_char(date_start, 'YYYY-MM')"
    )
    year = "strftime('%Y', date_start)" if dialect == "sqlite" else "to_char(date_start, 'YYYY')"
    alive = "deleted = false" if dialect == "postgresql" else "deleted = 0"
    return {
        "filtered page": (
            f"SELECT * FROM incidents WHERE {alive} AND date_start BETWEEN '2016-08-01' AND "
            "'2016-08-31' AND (admin1_key = 'PK-BA' OR admin1_now_key = 'PK-BA') "
            "ORDER BY date_start, id LIMIT 50; "
            f"SELECT count(*) FROM incidents WHERE {alive} AND date_start BETWEEN "
            "'2016-08-01' AND '2016-08-31' AND (admin1_key = 'PK-BA' OR admin1_now_key = 'PK-BA')"
        ),
        "stats --by province --period month": (
            f"SELECT admin1_key, {month}, count(*), sum(killed_best), sum(injured_best) "
            f"FROM incidents WHERE {alive} GROUP BY 1, 2"
        ),
        "ask trend --period 2016": (
            f"SELECT admin1_key, {year}, count(*), sum(killed_best), sum(injured_best) "
            f"FROM incidents WHERE {alive} AND date_start BETWEEN '2015-01-01' AND "
            "'2016-12-31' GROUP BY 1, 2"
        ),
        "ask last-high-profile": (
            f"SELECT id, date_start FROM incidents WHERE {alive} AND country = 'PK' AND "
            "date_start < '2020-01-01' AND killed_best >= 10 AND event_type NOT IN "
            "('security_operation', 'military_operation', 'drone_strike', 'armed_clash') "
            "ORDER BY date_start DESC LIMIT 1"
        ),
        "ask operational": (
            f"SELECT a.actor_key, a.role, {year}, i.admin1_key, count(*) FROM incident_actors a "
            f"JOIN incidents i ON i.id = a.incident_id WHERE i.{alive} AND i.country = 'PK' "
            "AND a.actor_key IN ('islamic-state', 'is-khorasan') GROUP BY 1, 2, 3, 4"
        ),
    }


def cli_questions(db: list[str]) -> dict[str, list[str]]:
    return {
        "filtered page": [*db, "incidents", "list", *MONTH, "--limit", "50", "--format", "csv"],
        "stats --by province --period month": [
            *db,
            "stats",
            "--by",
            "province",
            "--period",
            "month",
            "--format",
            "csv",
        ],
        "ask trend --period 2016": [*db, "ask", "trend", "--period", "2016", "--format", "json"],
        "ask last-high-profile": [
            *db,
            "ask",
            "last-high-profile",
            "--before",
            "2020-01-01",
            "--country",
            "PK",
            "--format",
            "json",
        ],
        "ask operational": [
            *db,
            "ask",
            "operational",
            "--actor",
            "Islamic State",
            "--country",
            "PK",
            "--format",
            "json",
        ],
    }


def bench_db(backend: str, size: int, url: str, args: argparse.Namespace) -> list[str]:
    rows = []
    db = [*MDB, "--db", url]
    t, m, n = args.timeout, args.mem_limit_gb, args.repeat

    def row(what: str, a: str, b: str, c: str = "", d: str = "") -> None:
        line = f"| {backend} | {size:,} | {what} | {a} | {b} | {c} | {d} |"
        rows.append(line)
        log(line)

    bare = repeat_cmd([sys.executable, "-c", "import sqlalchemy"], n, t, m)
    row("start-up: python -c 'import sqlalchemy'", *bare)
    row("start-up: militancydb --version", *repeat_cmd([*MDB, "--version"], n, t, m))
    read = [*db, "incidents", "list", "--limit", "1", "--format", "csv"]
    row("start-up: incidents list --limit 1", *repeat_cmd(read, n, t, m))
    engine = create_engine(url)
    sql = hand_sql(engine.dialect.name)
    for name, cmd in cli_questions(db).items():
        statements = [s for s in sql[name].split("; ") if s]

        def by_hand(e: Engine, statements: list[str] = statements) -> None:
            with e.connect() as conn:
                for s in statements:
                    conn.execute(text(s)).all()

        cli = repeat_cmd(cmd, n, t, m)
        row(f"CLI {name}", *cli, *repeat_sql(engine, by_hand, n))
    engine.dispose()
    for fmt in ("csv", "json", "geojson"):
        r = run([*db, "incidents", "list", "--format", fmt], t, m)
        rate = r.problem or f"{size / r.seconds:,.0f} rows/s"
        row(f"export {fmt} (rows/s; peak RSS MB)", rate, f"{r.rss_mb:,.0f}")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=120, help="seconds per command")
    ap.add_argument("--mem-limit-gb", type=float, default=4.0, help="address space per command")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = parse_sizes(args.sizes)
    backends = [b.strip() for b in args.backends.split(",")]
    print(f"machine: {machine()}", flush=True)
    rows: list[str] = []
    if "sqlite" in backends:
        for size in sizes:
            rows += bench_db("sqlite", size, sqlite_url(size), args)
    if "postgresql" in backends:
        with postgres_urls(sizes) as pg_url:
            for size in sizes:
                rows += bench_db("postgresql", size, pg_url(size), args)
    print(f"load average after: {machine().split('load average ')[1]}")
    print(
        "\n| backend | incidents | what | median ms | p95 ms | by hand in SQL: median ms | p95 ms |"
        "\n|---|---:|---|---:|---:|---:|---:|"
    )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
