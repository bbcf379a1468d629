"""GTD import throughput with and without the de-duplication matcher, on SQLite.

A fresh database with the schema, the shipped knowledge and the bundled UCDP file; then
2,000 GTD rows made from the project's own sample (``tests/io/fixtures/gtd_sample.csv``,
Pakistani rows, each given a new eventid and a random date in 2008-2019, seed 7) imported
twice, each time rolled back: once with the matcher off (``match_held = False``), once on
(every new row scored against the held incidents near its date: merged, linked or new).

Usage: .venv/bin/python bench/import_matching.py
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from pathlib import Path

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.engine import make_engine, session_scope, upgrade
from militancydb.io.engine import run_import
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import load_knowledge, load_shipped

SAMPLE = Path(__file__).parent.parent / "tests" / "io" / "fixtures" / "gtd_sample.csv"
ROWS = 2000


def rows_file(path: Path) -> Path:
    with SAMPLE.open(newline="") as f:
        sample = [r for r in csv.DictReader(f) if r["country_txt"] == "Pakistan"]
    rnd = random.Random(7)
    out = []
    for n in range(ROWS):
        r = dict(rnd.choice(sample))
        r["eventid"] = f"95{n:010d}"
        r["iyear"] = str(rnd.randint(2008, 2019))
        r["imonth"], r["iday"] = str(rnd.randint(1, 12)), str(rnd.randint(1, 28))
        out.append(r)
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, list(out[0]))
        w.writeheader()
        w.writerows(out)
    return path


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-import-matching-"))
    url = f"sqlite:///{work / 'a.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as s:
        load_shipped(s)
    with session_scope(engine) as s:
        held = run_import(s, importer_for("ucdp"), bundled_ucdp(), load_knowledge(s), "bench")
    path = rows_file(work / "gtd.csv")
    print(f"database: {held.inserted:,} incidents (bundled UCDP GED); {ROWS:,} GTD rows")
    for match in (False, True):
        with session_scope(engine) as s:
            kb = load_knowledge(s)
            importer = importer_for("gtd")
            importer.match_held = match
            started = time.perf_counter()
            r = run_import(s, importer, path, kb, "bench")
            seconds = time.perf_counter() - started
            s.rollback()
        print(
            f"matcher {'on ' if match else 'off'}: {seconds:6.1f} s, {ROWS / seconds:5.0f} rows/s; "
            f"inserted {r.inserted}, merged {r.merged}, linked {r.linked}, "
            f"rejected {r.rejected}"
        )
    engine.dispose()


if __name__ == "__main__":
    main()
