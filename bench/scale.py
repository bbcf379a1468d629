"""Issue 15's measurements in one run, for databases of 100,000 and 1,000,000 incidents (the
bundled rows repeated under new ids, militancydb.testing.scale) on SQLite and on PostgreSQL
(the test helper's throwaway server). For each size and backend it prints:

- start-up: ``militancydb --version``, ``--help`` and a read command (``incidents list
  --limit 1``), beside ``python -c "import sqlalchemy"``;
- import (bench/scale_import.py): ``militancydb import ucdp`` of a CSV of as many rows, rows/s
  and peak RSS, beside ``sqlite3 .import`` (PostgreSQL: ``psql \\copy``), pandas ``read_csv``
  + ``to_sql`` and ``sqlite-utils insert --csv``;
- export: rows/s and peak RSS of ``incidents list --format F`` for every format, to /dev/null
  (parquet to a file);
- the median and p95 of a filtered page (Balochistan, August 2016, 50 rows and the total:
  through the API's service in this process, and through the CLI), of ``stats --by province
  --period month``, ``ask trend``, ``ask last-high-profile`` and ``ask operational`` (CLI,
  start-up included), each beside the same question by hand in SQL and in pandas
  (bench/scale_queries.py); and the time of a monthly report (HTML).

Every command runs under a timeout (``--timeout``; imports ``--import-timeout``) and an
address-space limit (``--mem-limit-gb``); a command that hits either is reported as such.
``--sections`` picks sections (startup,import,export,queries,report; ``page``: only the
filtered page of ``queries``), ``--formats`` the export formats.

    .venv/bin/python bench/scale.py                        # 100000,1000000 on both backends
    .venv/bin/python bench/scale.py --sizes 100000 --backends sqlite --repeat 3
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import log, machine, parse_sizes, sqlite_url  # noqa: E402
from scale_import import bench_import, empty_sqlite_copy  # noqa: E402
from scale_queries import (  # noqa: E402
    Pandas,
    by_hand,
    cli_questions,
    filtered_page,
    hand_sql,
)
from scale_run import repeat_call, repeat_cmd, run  # noqa: E402

MDB = [sys.executable, "-m", "militancydb"]
FORMATS = ("csv", "json", "jsonl", "geojson", "gtd", "acled", "parquet")
SECTIONS = ("startup", "import", "export", "queries", "report")
#: ``page``: the filtered page alone (API service and by hand in SQL), without the CLI's
#: questions and pandas (which reads the whole table first); not in the default run
EXTRA_SECTIONS = ("page",)
Row = Callable[..., None]


def bench_startup(db: list[str], args: argparse.Namespace, row: Row) -> None:
    t, m, n = args.timeout, args.mem_limit_gb, args.repeat
    row(
        "start-up: python -c 'import sqlalchemy'",
        *repeat_cmd([sys.executable, "-c", "import sqlalchemy"], n, t, m),
    )
    row("start-up: militancydb --version", *repeat_cmd([*MDB, "--version"], n, t, m))
    row("start-up: militancydb --help", *repeat_cmd([*MDB, "--help"], n, t, m))
    read = [*db, "incidents", "list", "--limit", "1", "--format", "csv"]
    row("start-up: incidents list --limit 1 --format csv", *repeat_cmd(read, n, t, m))


def bench_export(db: list[str], size: int, args: argparse.Namespace, row: Row) -> None:
    for fmt in args.formats:
        with tempfile.TemporaryDirectory() as tmp:
            out = ["--out", str(Path(tmp) / "x.parquet")] if fmt == "parquet" else []
            r = run(
                [*db, "incidents", "list", "--format", fmt, *out], args.timeout, args.mem_limit_gb
            )
        rate = r.problem or f"{size / r.seconds:,.0f} rows/s ({r.seconds:.1f} s)"
        row(f"export {fmt} (rows/s; peak RSS MB; CPU s)", rate, f"{r.rss_mb:,.0f}", f"{r.cpu:.1f}")


def bench_queries(url: str, db: list[str], args: argparse.Namespace, row: Row) -> None:
    t, m, n = args.timeout, args.mem_limit_gb, args.repeat
    engine = create_engine(url)
    sql = hand_sql(engine.dialect.name)
    pandas = Pandas(engine)
    row("pandas: read the incidents table (s)", f"{pandas.load_seconds:.1f}", "")
    in_pandas = pandas.questions()
    page = repeat_call(filtered_page(url), max(n, 20))
    statements = [s for s in sql["filtered page"].split("; ") if s]
    page_sql = repeat_call(by_hand(engine, statements), max(n, 20))
    row(
        "filtered page: search_incident_rows (API service)",
        *page,
        *page_sql,
        *repeat_call(in_pandas["filtered page"], n),
    )
    for name, cmd in cli_questions(db).items():
        statements = [s for s in sql[name].split("; ") if s]
        row(
            f"CLI {name}",
            *repeat_cmd(cmd, n, t, m),
            *repeat_call(by_hand(engine, statements), n),
            *repeat_call(in_pandas[name], n),
        )
    del pandas
    engine.dispose()


def bench_page(url: str, args: argparse.Namespace, row: Row) -> None:
    engine = create_engine(url)
    statements = [s for s in hand_sql(engine.dialect.name)["filtered page"].split("; ") if s]
    row(
        "filtered page: search_incident_rows (API service)",
        *repeat_call(filtered_page(url), max(args.repeat, 20)),
        *repeat_call(by_hand(engine, statements), max(args.repeat, 20)),
    )
    engine.dispose()


def bench_report(db: list[str], args: argparse.Namespace, row: Row) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [*db, "report", "monthly", "--period", "2016-08", "--out", f"{tmp}/r.html"]
        row(
            "CLI report monthly --period 2016-08 (HTML)",
            *repeat_cmd(cmd, args.repeat, args.timeout, args.mem_limit_gb),
        )


def bench_db(
    backend: str, size: int, url: str, fresh_url: Callable[[str], str], args: argparse.Namespace
) -> list[str]:
    rows: list[str] = []
    db = [*MDB, "--db", url]

    def row(what: str, *cells: str) -> None:
        padded = [*cells, *[""] * (6 - len(cells))]
        line = f"| {backend} | {size:,} | {what} | " + " | ".join(padded) + " |"
        rows.append(line)
        log(line)

    if "startup" in args.sections:
        bench_startup(db, args, row)
    if "import" in args.sections:
        bench_import(backend, size, fresh_url, args, row)
    if "export" in args.sections:
        bench_export(db, size, args, row)
    if "queries" in args.sections:
        bench_queries(url, db, args, row)
    elif "page" in args.sections:
        bench_page(url, args, row)
    if "report" in args.sections:
        bench_report(db, args, row)
    return rows


@contextmanager
def sqlite_fresh() -> Iterator[Callable[[str], str]]:
    with tempfile.TemporaryDirectory() as tmp:
        made = iter(range(10**6))

        def fresh(kind: str) -> str:
            path = Path(tmp) / f"fresh-{next(made)}.db"
            return empty_sqlite_copy(path) if kind == "militancydb" else f"sqlite:///{path}"

        yield fresh


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--sections", default=",".join(SECTIONS))
    ap.add_argument("--formats", default=",".join(FORMATS), help="export formats to measure")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=120, help="seconds per command")
    ap.add_argument("--import-timeout", type=float, default=600, help="seconds per import")
    ap.add_argument("--mem-limit-gb", type=float, default=4.0, help="address space per command")
    ap.add_argument("--sqlite-utils", help="the sqlite-utils command (default: on PATH)")
    args = ap.parse_args()
    args.sections = [s.strip() for s in args.sections.split(",")]
    args.formats = [f.strip() for f in args.formats.split(",")]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = parse_sizes(args.sizes)
    backends = [b.strip() for b in args.backends.split(",")]
    print(f"machine: {machine()}", flush=True)
    rows: list[str] = []
    if "sqlite" in backends:
        with sqlite_fresh() as fresh:
            for size in sizes:
                rows += bench_db("sqlite", size, sqlite_url(size), fresh, args)
    if "postgresql" in backends:
        with postgres_fresh() as (pg_url, fresh):
            for size in sizes:
                rows += bench_db("postgresql", size, pg_url(size), fresh, args)
    print(f"load average after: {machine().split('load average ')[1]}")
    print(
        "\n| backend | incidents | what | median ms | p95 ms | by hand in SQL: median ms "
        "| p95 ms | pandas (table in memory): median ms | p95 ms |"
        "\n|---|---:|---|---:|---:|---:|---:|---:|---:|"
    )
    print("\n".join(rows))


@contextmanager
def postgres_fresh() -> Iterator[tuple[Callable[[int], str], Callable[[str], str]]]:
    """The scaled databases on a throwaway server, and new empty ones for the imports."""
    from _common import postgres_urls

    with postgres_urls([]) as pg_url:
        base = pg_url(0)  # the bundled database; its server makes the fresh ones
        server = base.rsplit("/", 1)[0]
        admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
        made = iter(range(10**6))
        knowledge: list[str] = []

        def fresh(kind: str) -> str:
            name = f"fresh_{next(made)}"
            with admin.connect() as c:
                if kind == "militancydb" and knowledge:
                    c.execute(text(f"CREATE DATABASE {name} TEMPLATE {knowledge[0]}"))
                    return f"{server}/{name}"
                c.execute(text(f"CREATE DATABASE {name}"))
            if kind == "militancydb":
                from militancydb.db.engine import make_engine, session_scope, upgrade
                from militancydb.knowledge.loader import load_shipped

                engine = make_engine(f"{server}/{name}")
                upgrade(engine)
                with session_scope(engine) as s:
                    load_shipped(s)
                engine.dispose()
                knowledge.append(f"{name}_tpl")
                with admin.connect() as c:
                    c.execute(text(f"CREATE DATABASE {knowledge[0]} TEMPLATE {name}"))
            return f"{server}/{name}"

        try:
            yield pg_url, fresh
        finally:
            admin.dispose()


if __name__ == "__main__":
    main()
