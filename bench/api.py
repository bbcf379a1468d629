"""Latency of the REST API's list and dashboard endpoints against a real ``militancydb serve``
process, on the bundled database and on scaled-up ones, on SQLite and PostgreSQL.

    .venv/bin/python bench/api.py                       # bundled and 1,000,000, both backends
    .venv/bin/python bench/api.py --sizes bundled,100000 --backends sqlite --requests 20

Each request is sent ``--warmup`` times, then ``--requests`` times one after another (httpx,
one connection); the table gives p50 and p95 in milliseconds. Databases are built once and
cached (see ``bench/_common.py``). Targets (issue 13): p95 under 100 ms for a filtered page
and under 300 ms for a dashboard aggregate at 1,000,000 incidents.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    log,
    machine,
    parse_sizes,
    percentile,
    postgres_urls,
    serving,
    size_label,
    sqlite_url,
)

MONTH = "province=Balochistan&date_from=2016-08-01&date_to=2016-08-31"
REQUESTS = [
    ("filtered page (province + month, 50 + count)", f"/api/v1/incidents?{MONTH}&limit=50", 100),
    ("first page, no filter", "/api/v1/incidents?limit=50", None),
    ("sorted page (killed desc)", "/api/v1/incidents?sort=killed&order=desc&limit=50", None),
    ("dashboard, province + month", f"/api/v1/dashboard?{MONTH}", 300),
    ("dashboard, one year", "/api/v1/dashboard?date_from=2016-01-01&date_to=2016-12-31", 300),
    ("dashboard, no filter", "/api/v1/dashboard", None),
]


def measure(
    base: str, path: str, n: int, warmup: int, timeout: float, budget: float = 120
) -> list[float] | str:
    """Milliseconds of ``n`` sequential requests (fewer if they take more than ``budget``
    seconds in all), or why they could not be measured."""
    times: list[float] = []
    stop = time.monotonic() + budget
    with httpx.Client(base_url=base, timeout=timeout) as client:
        try:
            for i in range(warmup + n):
                if times and time.monotonic() > stop:
                    break
                started = time.perf_counter()
                r = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                if r.status_code != 200:
                    return f"HTTP {r.status_code}"
                if i >= warmup:
                    times.append(elapsed)
        except httpx.TimeoutException:
            return f"timed out > {timeout:.0f} s"
    return times


def run_backend(
    backend: str, url: str, size: int, args: argparse.Namespace
) -> list[tuple[str, ...]]:
    rows = []
    with serving(url) as base:
        count = httpx.get(base + "/api/v1/incidents?limit=1", timeout=600).json()["count"]
        log(f"{backend} {size_label(size)}: {count:,} incidents, server at {base}")
        for label, path, target in REQUESTS:
            result = measure(base, path, args.requests, args.warmup, args.timeout, args.budget)
            if isinstance(result, str):
                p50 = p95 = result
                ok = "–"
            else:
                short = f" (n={len(result)})" if len(result) < args.requests else ""
                p50 = f"{percentile(result, 50):.0f}{short}"
                p95 = f"{percentile(result, 95):.0f}"
                ok = "–" if target is None else ("yes" if percentile(result, 95) < target else "no")
            tgt = f"< {target}" if target else ""
            rows.append((backend, f"{count:,}", label, p50, p95, tgt, ok))
            log(f"  {label}: p50 {p50} ms, p95 {p95} ms")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="bundled,1000000", help="comma-separated; 'bundled'")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=60, help="seconds per request")
    ap.add_argument("--budget", type=float, default=120, help="seconds per kind of request")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server on the way out
    sizes = parse_sizes(args.sizes)
    backends = [b.strip() for b in args.backends.split(",")]
    print(f"machine: {machine()}", flush=True)
    rows: list[tuple[str, ...]] = []
    if "sqlite" in backends:
        for size in sizes:
            rows += run_backend("sqlite", sqlite_url(size), size, args)
    if "postgresql" in backends:
        with postgres_urls(sizes) as pg_url:
            for size in sizes:
                rows += run_backend("postgresql", pg_url(size), size, args)
    print(f"load average after: {machine().split('load average ')[1]}")
    print()
    print("| backend | incidents | request | p50 ms | p95 ms | target p95 ms | met |")
    print("|---|---:|---|---:|---:|---:|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
