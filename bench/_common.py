"""Shared by the benchmarks: databases of a given size (built once, kept in a cache folder),
a throwaway PostgreSQL server, a ``militancydb serve`` process, and percentiles.

Databases are cached in ``$MILITANCYDB_BENCH_CACHE`` (default ``~/.cache/militancydb-bench``)
as SQLite files, in a folder named for the tables' columns (a branch whose revisions were
renumbered cannot hand its cache to another schema); PostgreSQL databases are built anew in
each run (the server is throwaway). Every cached database is brought to the current schema
(``upgrade``) before use, so new indexes reach old caches.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from militancydb.db.engine import make_engine, upgrade
from militancydb.testing.scale import scale_up

BUNDLED = 0  # the size meaning "as ``militancydb init`` builds it"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def schema_tag() -> str:
    """A short hash of every table's column names (see the module docstring)."""
    from militancydb.db.tables import Base

    names = sorted(f"{t.name}.{c.name}" for t in Base.metadata.tables.values() for c in t.columns)
    return hashlib.sha1("\n".join(names).encode()).hexdigest()[:10]


def cache_dir() -> Path:
    d = Path(os.environ.get("MILITANCYDB_BENCH_CACHE", "~/.cache/militancydb-bench"))
    d = d.expanduser() / schema_tag()
    d.mkdir(parents=True, exist_ok=True)
    return d


def size_label(size: int) -> str:
    return "bundled" if size == BUNDLED else f"{size:,}"


def parse_sizes(value: str) -> list[int]:
    """``bundled,100000,1000000`` → [0, 100000, 1000000]."""
    return [BUNDLED if v.strip() == "bundled" else int(v) for v in value.split(",") if v.strip()]


def _init(url: str) -> None:
    log(f"militancydb init on {url}")
    subprocess.run(
        [sys.executable, "-m", "militancydb", "--db", url, "init"],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _scale(url: str, size: int) -> None:
    from militancydb.cli.progress import progress_bar

    started = time.perf_counter()
    engine = make_engine(url)
    try:
        with progress_bar(f"scaling up to {size:,}", "incidents", total=size) as bar:
            n = scale_up(engine, size, progress=bar)
    finally:
        engine.dispose()
    log(f"scaled {url} to {n:,} incidents in {time.perf_counter() - started:.0f} s")


def _upgraded(url: str) -> str:
    """The cached database at the current schema, its planner statistics refreshed: an index
    added by a migration has none until ANALYZE, and SQLite then may prefer it for the wrong
    query (the filtered page took 900 ms of CPU at 1,000,000 after ``0004_aggregates``
    until ANALYZE, 10 ms after)."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
    finally:
        engine.dispose()
    return url


def sqlite_url(size: int) -> str:
    """A SQLite database of ``size`` incidents (bundled data repeated), built once."""
    path = cache_dir() / f"sqlite-{size_label(size).replace(',', '')}.db"
    url = f"sqlite:///{path}"
    if path.exists():
        return _upgraded(url)
    bundled = cache_dir() / "sqlite-bundled.db"
    if not bundled.exists():
        tmp = bundled.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        _init(f"sqlite:///{tmp}")
        tmp.rename(bundled)
    if size == BUNDLED:
        return _upgraded(url)
    _upgraded(f"sqlite:///{bundled}")
    tmp = path.with_suffix(".tmp")
    shutil.copyfile(bundled, tmp)
    _scale(f"sqlite:///{tmp}", size)
    tmp.rename(path)
    return url


@contextmanager
def postgres_urls(sizes: list[int]) -> Iterator[Callable[[int], str]]:
    """A throwaway server; yields a function giving the URL of a database of a size (the
    bundled one is built with ``init``, the others copied from it and scaled up)."""
    from militancydb.testing.pgserver import start_server

    server = start_server()
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    made: dict[int, str] = {}

    def url(size: int) -> str:
        if size in made:
            return made[size]
        if BUNDLED not in made:
            with admin.connect() as c:
                c.execute(text("CREATE DATABASE mdb_bundled"))
            _init(server.url("mdb_bundled"))
            made[BUNDLED] = server.url("mdb_bundled")
        if size != BUNDLED:
            name = f"mdb_{size}"
            with admin.connect() as c:
                c.execute(text(f"CREATE DATABASE {name} TEMPLATE mdb_bundled"))
            _scale(server.url(name), size)
            made[size] = server.url(name)
        return made[size]

    try:
        yield url
    finally:
        admin.dispose()
        server.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db_url: str, timeout: float = 180) -> Iterator[str]:
    """A ``militancydb serve`` process over ``db_url``; yields its base address."""
    port = free_port()
    env = {**os.environ, "MILITANCYDB_DATABASE_URL": db_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "militancydb", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"militancydb serve exited with {proc.returncode}")
            try:
                if httpx.get(base + "/api/v1/auth/me", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"militancydb serve did not answer within {timeout:.0f} s")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    """CPU model, cores, memory and the load average now."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{model}, {os.cpu_count()} CPUs{mem}; load average {load}"
