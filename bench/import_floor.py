"""The floor of the UCDP import on this machine: its parts timed alone, their sum, and the
best rate the present design could reach on two cores (issue 15, point 2).

For the bundled rows repeated to ``--rows`` (:func:`militancydb.testing.scale_csv.repeat_csv`,
as ``bench/import.py``), each part in its own process (CPU seconds from
``time.process_time``, wall from ``time.perf_counter``, peak RSS from ``wait4``):

- **read**: the CSV read into rows (``UCDPImporter.read``, :mod:`militancydb.io.table`),
  nothing else;
- **convert**: what a conversion worker does to each row, on the rows read beforehand
  (:func:`militancydb.io.import_workers.convert_batch`: the row's hash, ``convert_to_store``,
  ``ReadyMaker.make``), one pass over the file in batches of 5,000 as an import makes it;
  then the batch pickled as a worker sends it (timed apart);
- **write**: the same ready rows (converted and pickled beforehand, unpickled outside the
  clock) written by the import's own statements (:func:`militancydb.io.ready_rows.insert_ready`
  and a commit per batch) into a database holding only the schema and the shipped
  knowledge: SQLite with the secondary indexes built at the end
  (:func:`militancydb.io.import_setup.sqlite_import_pragmas`, their build counted),
  PostgreSQL through ``COPY`` (its server process's CPU seconds read from ``/proc`` where
  the server runs on this machine);
- **sqlite3 .import**: the sqlite3 shell copying the CSV's text into one table, the
  ceiling of anything that reads this file into SQLite.

The bound printed is what the parts allow, not a measurement: on two cores the wall clock
cannot be below half the CPU seconds of all parts (both cores busy all the time) nor
below the longest part that runs on one core only (the CSV read, one SQLite writer, one
PostgreSQL backend); it leaves out the engine's own per-row work (duplicates, held ids,
the report), the rows' transfer between processes and the load.

    .venv/bin/python bench/import_floor.py --rows 100000 --backend sqlite
    .venv/bin/python bench/import_floor.py --rows 100000 --backend both --pg-server URL \\
        --db-prefix importwriter9
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
BATCH = 5000


def _bench_import() -> Any:
    """bench/import.py (its name is a keyword: loaded from its path)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_import", HERE.with_name("import.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(csv_path: Path) -> dict[str, Any]:
    from militancydb.io.ucdp import UCDPImporter

    cpu, wall = time.process_time(), time.perf_counter()
    rows = sum(1 for _ in UCDPImporter().read(csv_path))
    return {"rows": rows, "cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}


def _converted(csv_path: Path, url: str) -> tuple[list[bytes], dict[str, float], Any]:
    """The file's rows converted as a worker converts them, each batch's ready rows
    pickled; the conversion's and the pickling's CPU seconds; the dataset's source row."""
    from militancydb.db.engine import make_engine, session_scope
    from militancydb.io import import_workers
    from militancydb.io.import_setup import dataset_source
    from militancydb.io.ready_rows import PlainSource, Ready, ReadyMaker
    from militancydb.io.ucdp import UCDPImporter
    from militancydb.knowledge.loader import load_knowledge

    engine = make_engine(url)
    importer = UCDPImporter()
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        _ = kb.registry, kb.gazetteer
        src = dataset_source(s, importer.source)
        plain = PlainSource(src.id, src.key, src.publisher, src.title, src.url, src.published)
        maker = ReadyMaker(engine.dialect, {src.id: plain})
    engine.dispose()
    batches: list[list[tuple[int, dict[str, str]]]] = [[]]
    for item in importer.read(csv_path):
        if isinstance(item, tuple):
            if len(batches[-1]) >= BATCH:
                batches.append([])
            batches[-1].append((item[0], item[2]))
    import_workers.prepare(importer, kb, src.id, maker)
    gc.freeze()  # as run_import and the workers do
    spent = {"convert": 0.0, "pickle": 0.0, "ready": 0.0}
    packed: list[bytes] = []
    for batch in batches:
        started = time.process_time()
        results = import_workers.convert_batch(batch, {})
        spent["convert"] += time.process_time() - started
        ready = [r for _, r in results if isinstance(r, Ready)]
        spent["ready"] += len(ready)
        started = time.process_time()
        packed.append(pickle.dumps(ready, protocol=pickle.HIGHEST_PROTOCOL))
        spent["pickle"] += time.process_time() - started
    return packed, spent, src


def _convert(csv_path: Path, url: str) -> dict[str, Any]:
    _, spent, _ = _converted(csv_path, url)
    return {"cpu": spent["convert"], "pickle": spent["pickle"], "ready": int(spent["ready"])}


def _server_cpu(pid: int | None) -> float:
    """CPU seconds of a local server process so far (0 where it cannot be read)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _write(csv_path: Path, url: str) -> dict[str, Any]:
    from sqlalchemy import text

    from militancydb.db.engine import make_engine, session_scope
    from militancydb.db.tables import ImportRun
    from militancydb.io.import_setup import sqlite_import_pragmas
    from militancydb.io.ready_rows import insert_ready
    from militancydb.io.ucdp import UCDPImporter
    from militancydb.services.history import Editor

    packed, _, src = _converted(csv_path, url)
    engine = make_engine(url)
    importer = UCDPImporter()
    cpu = wall = server = 0.0
    rows = 0
    with session_scope(engine) as s:
        run = ImportRun(format="ucdp", file_name=str(csv_path), file_sha256="", user="floor")
        run.source_id = src.id
        s.add(run)
        s.commit()
        editor = Editor(user="floor", reason="floor", import_run_id=run.id)
        local = "127.0.0.1" in url or "localhost" in url or "/tmp" in url
        pid = None
        if engine.dialect.name == "postgresql" and local:
            pid = int(s.execute(text("SELECT pg_backend_pid()")).scalar_one())
        server0 = _server_cpu(pid)
        c0, w0 = time.process_time(), time.perf_counter()
        with sqlite_import_pragmas(s, importer, True):
            cpu += time.process_time() - c0
            wall += time.perf_counter() - w0
            for blob in packed:
                gc.disable()
                items = pickle.loads(blob)  # outside the clock
                c0, w0 = time.process_time(), time.perf_counter()
                insert_ready(s, items, editor)
                s.commit()
                cpu += time.process_time() - c0
                wall += time.perf_counter() - w0
                rows += len(items)
                del items
                gc.enable()
            c0, w0 = time.process_time(), time.perf_counter()
        cpu += time.process_time() - c0  # the indexes built at the end (SQLite)
        wall += time.perf_counter() - w0
        server = _server_cpu(pid) - server0
        stored = s.execute(text("SELECT count(*) FROM incidents")).scalar_one()
    engine.dispose()
    return {"rows": rows, "stored": stored, "cpu": cpu, "wall": wall, "server": server}


def child(part: str, csv_path: str, url: str) -> None:
    fn = {"read": _read, "convert": _convert, "write": _write}[part]
    out = fn(Path(csv_path), url) if part != "read" else _read(Path(csv_path))
    print(json.dumps(out))


def _run(part: str, csv_path: Path, url: str) -> tuple[dict[str, Any], float]:
    cmd = [sys.executable, str(HERE), "--child", part, str(csv_path), url]
    m = _bench_import().measure_child(cmd)
    return json.loads(m.out.strip().splitlines()[-1]), m.rss_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--pg-server", help="URL of a running PostgreSQL server (else a new one)")
    parser.add_argument("--db-prefix", default="floor", help="names of the databases made")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    work = Path(tempfile.mkdtemp(prefix="militancydb-import-floor-"))
    bench = _bench_import()
    dbs = bench.Backends(work, "postgresql" in backends, args.pg_server or "", args.db_prefix)
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    try:
        csv_path, rows = bench.csv_of(args.rows, work)
        url = dbs.fresh("sqlite")
        read, read_rss = _run("read", csv_path, url)
        conv, conv_rss = _run("convert", csv_path, url)
        dbs.drop("sqlite", url)
        raw_db = work / "raw.db"
        raw = bench.measure_child(["sqlite3", str(raw_db), ".mode csv", f".import {csv_path} t"])
        print(f"\n{rows:,} rows: the parts alone (µs a row of CPU; peak RSS of the process)")
        print(f"{'part':44}{'CPU s':>8}{'wall s':>8}{'µs/row':>8}{'MB':>6}")
        line = "{:44}{:>8.2f}{:>8.2f}{:>8.1f}{:>6.0f}"
        print(line.format("read the CSV (io/table.py)", read["cpu"], read["wall"],
                          read["cpu"] / rows * 1e6, read_rss))  # fmt: skip
        print(line.format("convert: hash, convert_to_store, make", conv["cpu"], float("nan"),
                          conv["cpu"] / rows * 1e6, conv_rss))  # fmt: skip
        print(line.format("  pickling the ready rows (worker's send)", conv["pickle"],
                          float("nan"), conv["pickle"] / rows * 1e6, conv_rss))  # fmt: skip
        print(line.format("sqlite3 .import of the CSV (one table)", raw.cpu, raw.wall,
                          raw.cpu / rows * 1e6, raw.rss_mb))  # fmt: skip
        for backend in backends:
            url = dbs.fresh(backend)
            wrote, write_rss = _run("write", csv_path, url)
            dbs.drop(backend, url)
            assert wrote["stored"] == wrote["rows"] == conv["ready"], (wrote, conv)
            label = f"write, {backend} ({wrote['rows']:,} incidents)"
            print(line.format(label, wrote["cpu"], wrote["wall"], wrote["cpu"] / rows * 1e6,
                              write_rss))  # fmt: skip
            if backend == "postgresql":
                print(line.format("  its server process (from /proc)", wrote["server"],
                                  float("nan"), wrote["server"] / rows * 1e6, 0))  # fmt: skip
            _bound(backend, rows, read, conv, wrote, raw.wall)
    finally:
        dbs.close()
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _bound(
    backend: str,
    rows: int,
    read: dict[str, Any],
    conv: dict[str, Any],
    wrote: dict[str, Any],
    raw_wall: float,
) -> None:
    """The sum of the parts and the bounds they set (printed)."""
    r, c, w = read["cpu"], conv["cpu"] + conv["pickle"], wrote["cpu"]
    server = wrote["server"] if backend == "postgresql" else 0.0
    total = r + c + w + server
    one = max(r + conv["cpu"] + w, server)  # one process: its parts in turn, the server beside
    # the present design on two cores: the importing process reads and writes (one Python
    # lock), a worker converts and pickles, the server (PostgreSQL) writes beside
    design = max(total / 2, r + w, c, server)
    # any design on two cores: one reader, one writer (SQLite: the client writes; PostgreSQL:
    # one backend), the conversion split between cores
    hard = max(total / 2, r, w if backend == "sqlite" else server)
    print(f"  {backend}: sum of the parts {total:.2f} CPU s ({total / rows * 1e6:.0f} µs a row)")
    print(f"  BOUND, one process (no conversion worker): {rows / one:,.0f} rows/s")
    print(f"  BOUND, present design on two cores, all overlapped: {rows / design:,.0f} rows/s")
    print(f"  BOUND, any design on two cores with these parts: {rows / hard:,.0f} rows/s")
    print(f"  sqlite3 .import of the same CSV: {rows / raw_wall:,.0f} rows/s")


if __name__ == "__main__":
    main()
