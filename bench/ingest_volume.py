"""Ingesting a folder of thousands of articles: time, peak memory, and a second run that
skips every document by its hash (issue 11, point 6).

The articles are the RAND-RDWTI descriptions of ``../shared/data`` (never bundled), one plain
text file each, written to a temporary folder; the database is a fresh SQLite file made with
``militancydb init --no-data`` (schema and knowledge base, no incidents, so the matcher has
only what the run itself adds). Each run is the installed command as a whole, measured by a
fresh parent process (wall seconds, CPU seconds, peak resident MiB). Memory is flat when the
peak for the whole folder is close to the peak for a small part of it.

Usage: .venv/bin/python bench/ingest_volume.py [--data ../shared/data] [--n 3000]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss, p.returncode)\n"
    "print(p.stdout.strip().splitlines()[0] if p.stdout.strip() else p.stderr[-300:])\n"
)


def _run(cmd: list[str]) -> tuple[float, float, float, str]:
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    wall, cpu, rss, rc = out[0].split()
    if rc != "0":
        raise SystemExit(f"{' '.join(cmd)} failed: {out[1:]}")
    return float(wall), float(cpu), float(rss) / 1024, out[1] if len(out) > 1 else ""


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", default=os.environ.get("MILITANCYDB_SHARED_DATA", "../shared/data"))
    ap.add_argument("--n", type=int, default=3000)
    args = ap.parse_args()
    data = Path(args.data)
    if not data.is_dir():
        data = Path("/work/shared/data")
    texts: list[tuple[str, str]] = []
    for name in ("rand-rdwti-pakistan.csv", "rand-rdwti-afghanistan.csv"):
        with (data / name).open(encoding="utf-8") as fh:
            for raw in csv.DictReader(fh):
                if raw.get("Description") and raw.get("Date"):
                    texts.append((raw["Date"][:10], raw["Description"]))
    texts = texts[: args.n]
    exe = str(Path(sys.executable).with_name("militancydb"))
    with tempfile.TemporaryDirectory() as tmp:
        small, whole = Path(tmp) / "small", Path(tmp) / "whole"
        for folder, rows in ((small, texts[:100]), (whole, texts)):
            folder.mkdir()
            for n, (_, text) in enumerate(rows):
                (folder / f"{n:05d}.txt").write_text(text, encoding="utf-8")
        print(f"{len(texts):,} articles (RAND descriptions), one file each")
        print("| run | documents | wall s | CPU s | docs/s (CPU) | peak MiB | summary |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for label, folder, n in (
            ("first run, 100 articles", small, 100),
            ("first run, whole folder", whole, len(texts)),
            ("second run, whole folder (all held)", whole, len(texts)),
        ):
            db = Path(tmp) / ("small.db" if folder is small else "whole.db")
            if not db.exists():
                subprocess.run(
                    [exe, "--db", f"sqlite:///{db}", "init", "--no-data"],
                    check=True,
                    capture_output=True,
                )
            cmd = [exe, "--db", f"sqlite:///{db}", "--user", "bench", "ingest", str(folder)]
            cmd += ["--published", "2007-01-01", "--no-merge"]
            wall, cpu, peak, summary = _run(cmd)
            print(f"| {label} | {n:,} | {wall:.1f} | {cpu:.1f} | {n / cpu:.0f} | {peak:.0f} "
                  f"| {summary} |")  # fmt: skip


if __name__ == "__main__":
    main()
