"""The import section of bench/scale.py: ``militancydb import ucdp`` of a CSV of N rows (the
bundled UCDP GED rows repeated under new ids) into an empty database with the shipped
knowledge, rows/s and peak RSS, beside what an analyst would use instead on the same CSV:
SQLite's own ``.import`` (or PostgreSQL's ``\\copy``), pandas ``read_csv`` + ``to_sql``, and
``sqlite-utils insert --csv`` (when the ``sqlite-utils`` command is found: ``--sqlite-utils``).

:func:`bench_import` is the one entry point; it returns table rows like the other sections.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from _common import cache_dir, log
from scale_run import run

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.engine import make_engine, session_scope, upgrade
from militancydb.knowledge.loader import load_shipped

#: the ids of a repeated row: UCDP ``id`` + k * STEP, ``relid`` suffixed with ``-k``
STEP = 10_000_000


def ucdp_csv(rows: int) -> Path:
    """A UCDP GED CSV of ``rows`` rows, the bundled ones repeated under new ids (cached)."""
    path = cache_dir() / f"ucdp-{rows}.csv"
    if path.exists():
        return path
    with bundled_ucdp().open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        body = list(reader)
    at_id, at_relid = header.index("id"), header.index("relid")
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for n in range(rows):
            k, row = divmod(n, len(body))
            row = list(body[row])
            if k:
                row[at_id] = str(int(row[at_id]) + k * STEP)
                row[at_relid] = f"{row[at_relid]}-{k}"
            w.writerow(row)
    tmp.rename(path)
    return path


def _empty_sqlite() -> Path:
    """A SQLite database with the schema and the shipped knowledge, no incidents (cached)."""
    path = cache_dir() / "sqlite-empty.db"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        engine = make_engine(f"sqlite:///{tmp}")
        upgrade(engine)
        with session_scope(engine) as s:
            load_shipped(s)
        engine.dispose()
        tmp.rename(path)
    return path


PANDAS = (
    "import sys, pandas as pd, sqlalchemy as sa; "
    "e = sa.create_engine(sys.argv[2]); "
    "pd.read_csv(sys.argv[1], low_memory=False).to_sql('t', e, index=False, chunksize=10000)"
)


def bench_import(
    backend: str,
    size: int,
    fresh_url: Callable[[str], str],
    args: object,
    row: Callable[..., None],
) -> None:
    """Measure the imports of a CSV of ``size`` rows. ``fresh_url(kind)`` gives the URL of a
    new database: ``"militancydb"`` one with the schema and shipped knowledge, ``"plain"`` an
    empty one; ``row(what, a, b)`` records a result."""
    t = float(getattr(args, "import_timeout", 600))
    m = float(getattr(args, "mem_limit_gb", 4.0))
    path = ucdp_csv(size)

    def record(what: str, cmd: list[str], env: dict[str, str] | None = None) -> None:
        r = run(cmd, t, m, env)
        rate = r.problem or f"{size / r.seconds:,.0f} rows/s ({r.seconds:.1f} s)"
        row(f"import {what} (rows/s; peak RSS MB; CPU s)", rate, f"{r.rss_mb:,.0f}", f"{r.cpu:.1f}")

    url = fresh_url("militancydb")
    record(
        "militancydb import ucdp",
        [
            sys.executable,
            "-m",
            "militancydb",
            "--db",
            url,
            "import",
            "ucdp",
            str(path),
            "--show",
            "0",
        ],
    )
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "raw.db"
            record("sqlite3 .import", ["sqlite3", str(raw), ".mode csv", f".import {path} t"])
            record(
                "pandas read_csv + to_sql",
                [sys.executable, "-c", PANDAS, str(path), f"sqlite:///{Path(tmp) / 'pd.db'}"],
            )
            su = getattr(args, "sqlite_utils", None) or shutil.which("sqlite-utils")
            if su:
                record(
                    "sqlite-utils insert --csv",
                    [su, "insert", str(Path(tmp) / "su.db"), "t", str(path), "--csv"],
                )
            else:
                row("import sqlite-utils insert --csv", "not installed (--sqlite-utils PATH)", "")
    else:
        psql = shutil.which("psql") or next(Path("/usr/lib/postgresql").glob("*/bin/psql"), None)
        plain = fresh_url("plain")
        with path.open(encoding="utf-8") as f:
            header = next(csv.reader(f))
        cols = ", ".join(f'"{c}" text' for c in header)
        if psql:
            dsn = plain.replace("postgresql+psycopg://", "postgresql://")
            subprocess.run([str(psql), dsn, "-qc", f"CREATE TABLE t ({cols})"], check=True)
            record(
                "psql \\copy",
                [str(psql), dsn, "-qc", f"\\copy t FROM '{path}' WITH (FORMAT csv, HEADER)"],
            )
        pandas_db = fresh_url("plain")  # its own database: to_sql creates table t
        record("pandas read_csv + to_sql", [sys.executable, "-c", PANDAS, str(path), pandas_db])
    log(f"import section done: {backend} {size:,}")


def empty_sqlite_copy(dest: Path) -> str:
    """A copy of the cached empty SQLite database at ``dest``; returns its URL."""
    shutil.copyfile(_empty_sqlite(), dest)
    return f"sqlite:///{dest}"
