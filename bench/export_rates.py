"""Export rates in process, in CPU seconds: what each format costs per incident on a given
database, the client's CPU and (PostgreSQL) the CPU of the server process that served it.

On a loaded machine wall time says little (docs/benchmarks.md); the process's own CPU
(``time.process_time``) and the server backend's (``/proc/PID/stat`` of
``pg_backend_pid()``; a parallel query's workers are not counted) say more. Each format is
written to /dev/null through ``write_incidents`` (the ``incidents list --format F`` path)
after a warm-up of 1,000 incidents; ``--limit`` exports the first N incidents (the
PostgreSQL flat formats then read by batches, as ``--limit`` does in the CLI), ``--limit 0``
the whole selection.

    .venv/bin/python bench/export_rates.py --db sqlite:///$HOME/.cache/militancydb-bench/\
<schema>/sqlite-100000.db --limit 30000 --formats csv,jsonl --rounds 2
"""

from __future__ import annotations

import argparse
import os
import time

from sqlalchemy import text

from militancydb.db.engine import make_engine, session_scope
from militancydb.io.export_output import ExportFormat, write_incidents
from militancydb.services.incident_query import IncidentFilter


def server_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) of a local server process so far."""
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="database URL")
    ap.add_argument("--formats", default="csv,geojson,jsonl,json")
    ap.add_argument("--limit", type=int, default=30000, help="incidents (0: all)")
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    engine = make_engine(args.db)
    limit = args.limit or None
    with session_scope(engine) as s, open(os.devnull, "w", encoding="utf-8") as out:
        pid = None
        if engine.dialect.name == "postgresql":
            pid = int(s.scalar(text("SELECT pg_backend_pid()")) or 0)
        for fmt in [ExportFormat(f.strip()) for f in args.formats.split(",")]:
            write_incidents(s, IncidentFilter(), fmt, out=out, limit=1000)
            for _ in range(args.rounds):
                t0, c0, s0 = time.perf_counter(), time.process_time(), server_cpu(pid)
                n = write_incidents(s, IncidentFilter(), fmt, out=out, limit=limit)
                wall = time.perf_counter() - t0
                client, server = time.process_time() - c0, server_cpu(pid) - s0
                print(
                    f"{fmt:8} {n:>9,} incidents  wall {wall:7.2f} s  client CPU {client:6.2f} s"
                    f"  server CPU {server:6.2f} s  {n / (client + server):>8,.0f} per CPU s"
                    f"  (load {os.getloadavg()[0]:.1f})",
                    flush=True,
                )


if __name__ == "__main__":
    main()
