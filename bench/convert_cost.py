"""The cost of converting UCDP rows into the rows to store, alone: ``convert_to_store`` of
the UCDP importer on every row of a file, without reading the file, hashing rows or
writing anything (issue 15, point 2).

Each measurement runs in its own process (the knowledge base built from the shipped files,
the cycle collector's objects frozen as ``run_import`` freezes them, one import context):

- **cold**: the first pass over the file, every memo empty (the rule table's cue memo
  too: a fresh process);
- **warm**: a second pass over the same rows in the same context (what most rows of a
  file of repeated values meet).

Only the conversion is timed: ``time.process_time()`` around each batch of 5,000 rows
read beforehand (the reading is not counted). The result's digest (SHA-256 of every
row's result, its ``repr``) is printed too, so that two versions of the code can be
seen to make the same rows. Files: the bundled UCDP file (6,416 rows) and files of the
bundled rows repeated under new ids (:func:`militancydb.testing.scale_csv.repeat_csv`).

    .venv/bin/python bench/convert_cost.py                          # bundled,100000
    .venv/bin/python bench/convert_cost.py --rows bundled --repeat 5 --before /work/main
    .venv/bin/python bench/convert_cost.py --rows 20000 --profile 25

``--before DIR`` runs the same measurement with the ``militancydb`` package of ``DIR`` (a
checkout of main), alternating with this tree's, and prints both; ``--repeat`` gives the
median of that many processes each. ``--profile N`` prints the N costliest functions of a
pass (``--profiled warm``, the default, or ``cold``; cProfile, this tree only).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
BATCH = 5000


def _rows(path: Path) -> list[list[tuple[int, dict[str, str]]]]:
    """The file's whole rows, in batches (a row the reader rejects is left out)."""
    from militancydb.io.ucdp import UCDPImporter

    out: list[list[tuple[int, dict[str, str]]]] = [[]]
    for item in UCDPImporter().read(path):
        if isinstance(item, tuple):
            if len(out[-1]) >= BATCH:
                out.append([])
            out[-1].append((item[0], item[2]))
    return out


def child(csv_path: str, profile: int = 0, profiled: str = "warm") -> None:
    """One process: convert the file twice in one context; print the figures as JSON."""
    from militancydb.io.engine import ImportContext
    from militancydb.io.ucdp import UCDPImporter
    from militancydb.knowledge.loader import knowledge_from_files

    kb = knowledge_from_files()
    _ = kb.registry, kb.gazetteer
    importer = UCDPImporter()
    ctx = ImportContext(kb=kb, source_id=1, session=None)
    batches = _rows(Path(csv_path))
    rows = sum(len(b) for b in batches)
    gc.freeze()  # as run_import does (io/import_setup.collector_spared)
    seconds: list[float] = []
    kinds: dict[str, int] = {}
    digest = hashlib.sha256()
    for n in range(2):
        spent = 0.0
        profiler = None
        if profile and n == (0 if profiled == "cold" else 1):
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        for batch in batches:
            convert = importer.convert_to_store
            started = time.process_time()
            results = [convert(row, raw, ctx) for row, raw in batch]
            spent += time.process_time() - started
            if n == 0:
                for r in results:
                    kinds[type(r).__name__] = kinds.get(type(r).__name__, 0) + 1
                    digest.update(repr(r).encode())
            del results
        if profiler is not None:
            profiler.disable()
            import pstats

            pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(profile)
        seconds.append(spent)
    print(
        json.dumps(
            {
                "rows": rows,
                "cold_us": seconds[0] / rows * 1e6,
                "warm_us": seconds[1] / rows * 1e6,
                "kinds": kinds,
                "digest": digest.hexdigest()[:16],
            }
        )
    )


def _file(size: str, work: Path) -> Path:
    from militancydb.bootstrap import bundled_ucdp
    from militancydb.testing.scale_csv import repeat_csv

    if size == "bundled":
        return bundled_ucdp()
    path = work / f"ucdp-{int(size)}.csv"
    if not path.exists():
        repeat_csv(bundled_ucdp(), path, int(size))
    return path


def _run(code: str | None, path: Path, profile: int = 0, profiled: str = "warm") -> dict[str, Any]:
    env = dict(os.environ)
    if code:
        env["PYTHONPATH"] = code
    cmd = [sys.executable, str(HERE), "--child", str(path), str(profile), profiled]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    if profile:
        print(done.stderr)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--rows", default="bundled,100000", help="'bundled' or a row count")
    parser.add_argument("--repeat", type=int, default=1, help="processes a version, median")
    parser.add_argument("--before", metavar="DIR", help="also run the militancydb of DIR")
    parser.add_argument("--profile", type=int, default=0, help="cProfile a pass: top N")
    parser.add_argument("--profiled", choices=["cold", "warm"], default="warm", help="the pass")
    parser.add_argument("--work", metavar="DIR", help="where the repeated files are kept")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.child[2])
        return
    work = Path(args.work) if args.work else Path(tempfile.gettempdir()) / "convert-cost"
    work.mkdir(parents=True, exist_ok=True)
    codes: dict[str, str | None] = {"this tree": None}
    if args.before:
        codes = {"before": args.before, **codes}
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'file':>10} {'code':>10} {'cold µs':>8} {'warm µs':>8}  results, digest")
    for size in [s.strip() for s in args.rows.split(",") if s.strip()]:
        path = _file(size, work)
        runs: dict[str, list[dict[str, Any]]] = {c: [] for c in codes}
        for _ in range(args.repeat):
            for label, code in codes.items():
                runs[label].append(_run(code, path))
        for label, done in runs.items():
            cold = statistics.median(r["cold_us"] for r in done)
            warm = statistics.median(r["warm_us"] for r in done)
            kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(done[0]["kinds"].items()))
            digests = sorted({r["digest"] for r in done})
            print(f"{size:>10} {label:>10} {cold:>8.1f} {warm:>8.1f}  {kinds}; {digests}")
        if args.profile:
            _run(None, path, args.profile, args.profiled)
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
