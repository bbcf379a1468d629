"""Export throughput and memory, and GTD import throughput, on SQLite.

A fresh database with the schema, the shipped knowledge and the bundled UCDP file
(6,416 incidents); then each export format over the whole selection, streamed in batches
(the ``incidents list --format`` path), timed, and once more untimed under tracemalloc for
Python's peak memory; beside them, the peak of building the whole list in memory
(``list_incidents`` without a limit), which is what streaming avoids. Then the GTD-shape
export is imported into a second fresh database with the GTD importer: GTD rows per second.

Usage: .venv/bin/python bench/export.py
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.engine import make_engine, session_scope, upgrade
from militancydb.io.engine import run_import
from militancydb.io.export_output import ExportFormat, write_incidents
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import load_knowledge, load_shipped
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import list_incidents


def fresh(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as s:
        load_shipped(s)
    engine.dispose()


def measured(run: Callable[[], object]) -> tuple[float, float]:
    """(seconds of a plain run, peak MiB of a second run under tracemalloc)."""
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    url = f"sqlite:///{work / 'a.db'}"
    fresh(url)
    engine = make_engine(url)
    with session_scope(engine) as s:
        report = run_import(s, importer_for("ucdp"), bundled_ucdp(), load_knowledge(s), "bench")
    n = report.inserted
    print(f"database: {n:,} incidents (bundled UCDP GED); SQLite; one run each")
    print(f"{'':34}{'seconds':>9}{'incidents/s':>13}{'peak MiB':>10}{'MiB out':>9}")
    with session_scope(engine) as s:
        seconds, peak = measured(lambda: list_incidents(s, IncidentFilter()))
        print(
            f"{'whole list in memory (no export)':34}{seconds:9.2f}{n / seconds:13,.0f}{peak:10.1f}"
        )
        for fmt in ("parquet", "gtd", "acled", "jsonl", "csv", "geojson"):
            out = work / f"all.{fmt}"

            def export(fmt: str = fmt, out: Path = out) -> object:
                return write_incidents(s, IncidentFilter(), ExportFormat(fmt), path=out)

            seconds, peak = measured(export)
            size = out.stat().st_size / 2**20
            label = f"--format {fmt} (batches of 500)"
            print(f"{label:34}{seconds:9.2f}{n / seconds:13,.0f}{peak:10.1f}{size:9.1f}")
    url2 = f"sqlite:///{work / 'b.db'}"
    fresh(url2)
    engine2 = make_engine(url2)
    with session_scope(engine2) as s:
        kb = load_knowledge(s)
        started = time.perf_counter()
        gtd = run_import(s, importer_for("gtd"), work / "all.gtd", kb, "bench")
        seconds = time.perf_counter() - started
    print(
        f"GTD import of that export: {gtd.rows_total:,} rows, {gtd.inserted:,} imported, "
        f"{gtd.rejected:,} rejected, {gtd.skipped:,} skipped in {seconds:.2f} s "
        f"({gtd.rows_total / seconds:,.0f} rows/s)"
    )


if __name__ == "__main__":
    main()
