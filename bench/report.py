"""Time and memory to build and render periodic reports on the full bundled data.

A fresh SQLite database is built as ``militancydb init`` builds it (schema, knowledge, the
bundled UCDP GED data, seeded claims), unless ``--db`` names one. For each report (the
monthly report for August 2016 and the annual report for 2016, Pakistan): the build
(``build_periodic``, knowledge loading included), the HTML rendering (charts and map drawn,
SVG) and the PDF rendering (``render_pdf``: the HTML again, then WeasyPrint), each timed
``--repeat`` times (median). Peak memory is Python's (tracemalloc, in one extra untimed run,
since tracemalloc slows Python down) per stage, and the process's maximum resident set
(getrusage) at the end. The figures are printed and written into ``docs/benchmarks.md``
under "## Reports" (that section only; the rest of the file is left as it is).

Usage: .venv/bin/python bench/report.py [--db URL] [--repeat 3] [--no-write]

At scale (issue 15: a monthly report within 5 s at a million incidents), ``--sizes`` and
``--backends`` time the monthly report of August 2016 on the benchmark databases of
``bench/_common.py`` (the bundled rows repeated under new ids; SQLite cached, PostgreSQL on
a throwaway server): ``build_periodic`` and ``render_html`` apart, wall-clock and CPU
seconds of this process (the database server's CPU is not in the latter), the median of
``--repeat`` runs after one warm-up run, with the load average. Nothing is written:

    .venv/bin/python bench/report.py --sizes 100000,1000000 --backends sqlite,postgresql
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from militancydb.analysis.periods import parse_period
from militancydb.bootstrap import initialise
from militancydb.db.engine import make_engine, session_scope
from militancydb.knowledge.loader import load_knowledge
from militancydb.reports.periodic import build_periodic
from militancydb.reports.render import render_html, render_pdf

sys.path.insert(0, str(Path(__file__).resolve().parent))

from doc_section import DOC, write_section  # noqa: E402

CASES = (("monthly", "2016-08"), ("annual", "2016"))


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds over ``repeat`` runs, and the last result."""
    times, out = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def peak(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Peak traced Python memory (MiB) of one run, and its result."""
    tracemalloc.start()
    try:
        out = fn()
        return tracemalloc.get_traced_memory()[1] / 2**20, out
    finally:
        tracemalloc.stop()


def run_case(url: str, period_text: str, repeat: int) -> dict[str, Any]:
    engine = make_engine(url)
    period, grain = parse_period(period_text)

    def knowledge() -> Any:
        with session_scope(engine) as s:
            return load_knowledge(s)

    kb_s, kb = timed(knowledge, repeat)

    def build() -> Any:
        with session_scope(engine) as s:
            return build_periodic(s, kb, period, grain, "PK")

    build_s, report = timed(build, repeat)
    html_s, html = timed(lambda: render_html(report), repeat)
    pdf_s, pdf = timed(lambda: render_pdf(report), repeat)
    build_mib, _ = peak(build)
    html_mib, _ = peak(lambda: render_html(report))
    pdf_mib, _ = peak(lambda: render_pdf(report))
    engine.dispose()
    doc = pdfium.PdfDocument(pdf)
    pages = len(doc)
    doc.close()
    return {
        "incidents": next(
            r for r in report.headline.rows if r.metric.startswith("All kinds")
        ).now.value,
        "appendix": len(report.appendix),
        "kb_s": kb_s,
        "build_s": build_s,
        "html_s": html_s,
        "html_kib": len(html.encode("utf-8")) / 1024,
        "pdf_s": pdf_s,
        "pdf_kib": len(pdf) / 1024,
        "pages": pages,
        "build_mib": build_mib,
        "html_mib": html_mib,
        "pdf_mib": pdf_mib,
    }


def scale_case(url: str, repeat: int) -> dict[str, Any]:
    """The monthly report of August 2016 at one size: build and HTML, wall and CPU s."""
    engine = make_engine(url)
    period, grain = parse_period("2016-08")
    with session_scope(engine) as s:
        kb = load_knowledge(s)
    runs: list[tuple[float, float, float, float]] = []
    report: Any = None
    for _ in range(repeat + 1):  # the first run warms the caches (fonts, pages)
        with session_scope(engine) as s:
            w0, c0 = time.perf_counter(), time.process_time()
            report = build_periodic(s, kb, period, grain, "PK", today=dt.date(2026, 1, 1))
            w1, c1 = time.perf_counter(), time.process_time()
        render_html(report)
        w2, c2 = time.perf_counter(), time.process_time()
        runs.append((w1 - w0, c1 - c0, w2 - w1, c2 - c1))
    engine.dispose()
    runs = runs[1:]
    med = [statistics.median(r[i] for r in runs) for i in range(4)]
    parts = {a.part for a in report.appendix}
    return {
        "incidents": next(
            r for r in report.headline.rows if r.metric.startswith("All kinds")
        ).now.value,
        "appendix": len(report.appendix),
        # (getattr: the same bench runs on code from before the appendix was listed in part)
        "cut": sum(m.of - m.listed for m in getattr(report, "appendix_more", {}).values()),
        "parts": len(parts),
        "build_s": med[0],
        "build_cpu": med[1],
        "html_s": med[2],
        "html_cpu": med[3],
        "total_s": med[0] + med[2],
        "load": os.getloadavg(),
    }


def scale(sizes: str, backends: str, repeat: int) -> None:
    from _common import machine, parse_sizes, postgres_urls, sqlite_url

    print(f"machine: {machine()}", flush=True)
    lines = [
        "| backend | incidents | in the month | appendix rows (left out) | build s (CPU s) | "
        "HTML s (CPU s) | total s | load average after |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]

    def one(backend: str, size: int, url: str) -> None:
        r = scale_case(url, repeat)
        line = (
            f"| {backend} | {size:,} | {r['incidents']:,} | {r['appendix']:,} ({r['cut']:,}) | "
            f"{r['build_s']:.2f} ({r['build_cpu']:.2f}) | {r['html_s']:.2f} "
            f"({r['html_cpu']:.2f}) | {r['total_s']:.2f} | "
            + ", ".join(f"{x:.2f}" for x in r["load"])
            + " |"
        )
        print(line, flush=True)
        lines.append(line)

    chosen = [b.strip() for b in backends.split(",")]
    if "sqlite" in chosen:
        for size in parse_sizes(sizes):
            one("sqlite", size, sqlite_url(size))
    if "postgresql" in chosen:
        with postgres_urls(parse_sizes(sizes)) as pg_url:
            for size in parse_sizes(sizes):
                one("postgresql", size, pg_url(size))
    print("\n".join(lines))


def table(results: dict[str, dict[str, Any]]) -> list[str]:
    head = (
        "| report | incidents in period | appendix rows | knowledge s | build s | HTML s | "
        "HTML KiB | PDF s | PDF KiB | PDF pages | peak MiB build / HTML / PDF |"
    )
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['incidents']} | {r['appendix']} | {r['kb_s']:.2f} | "
            f"{r['build_s']:.2f} | "
            f"{r['html_s']:.2f} | {r['html_kib']:.0f} | {r['pdf_s']:.2f} | {r['pdf_kib']:.0f} | "
            f"{r['pages']} | {r['build_mib']:.0f} / {r['html_mib']:.0f} / {r['pdf_mib']:.0f} |"
        )
    return lines


def section(
    results: dict[str, dict[str, Any]], repeat: int, rss_mib: float, url: str, load: str
) -> str:
    where = "a fresh SQLite database built like `militancydb init`" if "tmp" in url else url
    return "\n".join(
        [
            "## Reports",
            "",
            f"`bench/report.py`, run on {dt.date.today()} ({platform.python_implementation()} "
            f"{platform.python_version()}, {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} CPUs), on {where} with the full bundled data (UCDP GED "
            "Pakistan 1989-2021 and the seeded claims). Reports for Pakistan; times are medians "
            f"of {repeat} runs. *knowledge*: `load_knowledge` (gazetteer and actor registry, "
            "read once per command); *build*: `build_periodic`; *HTML*: "
            "`render_html` (charts and map drawn as SVG and embedded); *PDF*: `render_pdf` "
            "(the HTML again, then WeasyPrint). Peak MiB: Python allocations traced by "
            "tracemalloc in one extra, untimed run per stage.",
            "",
            *table(results),
            "",
            f"Maximum resident set of the benchmark process (getrusage): {rss_mib:.0f} MiB. "
            f"Load average (1 min) at the start and end of the measurements: {load}; the "
            "machine was shared with other work, so the times are upper bounds.",
            "",
            "Most of the PDF time is WeasyPrint laying out the long tables: the annual "
            "report's appendix lists every incident a footnote points to (the year's "
            "incidents and those of the year before, which its comparison figures cite).",
            "",
        ]
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="database URL (default: build a fresh SQLite database)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-write", action="store_true", help="do not touch docs/benchmarks.md")
    ap.add_argument("--sizes", help="time the monthly report at these sizes (see above)")
    ap.add_argument("--backends", default="sqlite", help="with --sizes: sqlite,postgresql")
    args = ap.parse_args()
    if args.sizes:
        scale(args.sizes, args.backends, args.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db
        if url is None:
            url = f"sqlite:///{tmp}/bench.db"
            started = time.perf_counter()
            engine = make_engine(url)
            initialise(engine, user="bench")
            engine.dispose()
            print(f"database built in {time.perf_counter() - started:.1f} s")
        results = {}
        load_start = os.getloadavg()[0]
        for name, period in CASES:
            results[f"{name} {period}"] = run_case(url, period, args.repeat)
            print(f"{name} {period}: done")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        load = f"{load_start:.1f} and {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        print("\n".join(table(results)))
        print(f"max RSS {rss:.0f} MiB; load average {load}")
        if not args.no_write:
            write_section(section(results, args.repeat, rss, url, load), "Reports")
            print(f"written to {DOC}")


if __name__ == "__main__":
    main()
