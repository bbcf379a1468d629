"""The whole bundled UCDP file imported, and what it stores, dumped in a canonical form: to
hold a change of the UCDP conversion to what the code before it stored (issue 15, point 2,
branch ``importconv6``).

The scenario, on a database with the schema and the shipped knowledge:

1. the first release: every bundled row, then rows made bad in the ways the checks and the
   reader refuse or set aside (a value the fast path leaves to the reference path: some of
   them rejected, some stored), a repeated id, a short row and a row cut inside a quoted
   cell;
2. a second release: rows changed in their figures, sides, headline, dates, place and
   clarity (updated with history), new rows, the rest unchanged;
3. the second release again: nothing changes.

:func:`~import_scenario.dump` gives every incident with its child rows, the sources,
citations, change log (the snapshots), external ids (the row hashes), import runs and
rejects, and the import reports: some 33 MB of JSON. :func:`digests` sums it up: for each
table, its number of rows and a SHA-256 (16 hex digits) of each run of :data:`CHUNK` rows
in the dump's order (JSON text, keys sorted). ``tests/io/fixtures/ucdp_stored.json`` holds
those digests as ``main`` at ``d615b04`` (before the conversion's rewrite) stored the
scenario on SQLite, written by::

    PYTHONPATH=<checkout of main> .venv/bin/python tests/io/ucdp_stored.py OUT.json

(``--dump OUT.json`` writes the whole dump instead, to see what differs where a digest
does.)
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from import_scenario import BROKEN_TAIL, _report, dump
from sqlalchemy import Engine

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.engine import session_scope
from militancydb.io.engine import ImportReport
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import load_knowledge

#: (engine, path) -> report: one import of a UCDP file by the engine under test.
Run = Callable[[Engine, Path], ImportReport]
FIXTURE = Path(__file__).parent / "fixtures" / "ucdp_stored.json"
#: Rows of a table summed up by one digest.
CHUNK = 250


def bundled_rows() -> tuple[list[str], list[dict[str, str]]]:
    with bundled_ucdp().open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def bad_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows made bad, each from a bundled row under a new id (one repeats an id)."""
    r = rows
    return [
        dict(r[1], id="990001", best="-3"),
        dict(r[2], id="990002", date_start="1900-01-01", date_end="1900-01-01"),
        dict(r[3], id="990003", date_end="1990-01-01"),
        dict(r[4], id="990004", latitude="91.5"),
        dict(r[5], id="990005", latitude="nan"),
        dict(r[6], id="990006", side_a=" "),
        dict(r[7], id="990007", where_description="x" * 1001),
        dict(r[8], id="990008", low="1", best="2000000", high="2000009"),
        dict(r[9], id="990009", longitude=""),
        dict(r[10], id=r[10]["id"]),  # a repeated id
        dict(r[11], id="990011", side_a="y" * 301),
        dict(r[12], id="990012", country="India"),
        dict(r[13], id=""),
        dict(r[14], id="990014", type_of_violence="4"),
        dict(r[15], id="990015", date_start="2016-13-45"),
        dict(r[16], id="990016", deaths_a="two"),
        dict(r[17], id="990017", low="9", best="5", high="3"),  # out of order: a warning
        dict(r[18], id="990018", deaths_a="40"),  # the sides do not add up: a warning
        dict(r[19], id="990019", date_prec="9", where_prec="0"),  # unknown codes
        dict(r[20], id="990020", where_description="  Quetta\u00a0"),  # a no-break space
        dict(r[21], id="990021", side_b="Some Group Nobody Knows"),
        dict(r[22], id="990022", latitude="", longitude=""),
        dict(r[23], id="990023", date_end=""),
        dict(r[24], id="990024", source_headline="", source_article=""),
        dict(r[25], id="990025", country=""),
        dict(r[26], id="990026", date_start=" 2016-08-08 ", date_end="2016-08-07"),
        dict(r[27], id="990027", longitude="200.5"),
    ]


def changed(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The second release: some rows changed, a few added."""
    out = [dict(x) for x in rows]
    for n in range(0, len(out), 97):
        x = out[n]
        if n % 2:
            x["best"] = x["high"] = str(int(x["best"] or 0) + 1)
            x["deaths_unknown"] = str(int(x["deaths_unknown"] or 0) + 1)
        else:
            x["source_headline"] = "Suicide bomber attacks police checkpoint in Quetta"
            x["event_clarity"] = "2"
    for n in range(5, len(out), 389):
        out[n]["side_a"], out[n]["side_b"] = out[n]["side_b"], out[n]["side_a"]
        out[n]["deaths_a"], out[n]["deaths_b"] = out[n]["deaths_b"], out[n]["deaths_a"]
    for n in range(7, len(out), 401):
        out[n]["where_prec"], out[n]["date_prec"] = "1", "2"
        out[n]["where_coordinates"] = "Peshawar town"
    out += [dict(x, id=str(8_000_000 + n)) for n, x in enumerate(rows[3:3000:150])]
    return out


def _write(path: Path, header: list[str], rows: list[dict[str, str]], tail: str = "") -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        f.write(tail)
    return path


def import_with(engine: Engine, path: Path, **options: Any) -> ImportReport:
    """One import of ``path`` by the engine as the command runs it."""
    from militancydb.io.engine import run_import

    with session_scope(engine) as s:
        kb = load_knowledge(s)
    with session_scope(engine) as s:
        return run_import(s, importer_for("ucdp"), path, kb, "importer", **options)


def run_releases(engine: Engine, work: Path, run: Run) -> dict[str, Any]:
    """The scenario (module docstring), dumped."""
    header, rows = bundled_rows()
    first = rows + bad_rows(rows)
    reports = [run(engine, _write(work / "ucdp-1.csv", header, first, BROKEN_TAIL))]
    second = _write(work / "ucdp-2.csv", header, changed(rows))
    reports.append(run(engine, second))
    reports.append(run(engine, second))
    return dump(engine, [_report(r) for r in reports])


def canonical(value: Any) -> str:
    """A dumped row as JSON text, keys sorted (dates, tuples and numbers as JSON has them)."""
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def digests(dumped: dict[str, Any]) -> dict[str, Any]:
    """For each table of a dump: its row count and the digest of each :data:`CHUNK` rows."""
    out: dict[str, Any] = {}
    for name, rows in sorted(dumped.items()):
        texts = [canonical(r) for r in rows]
        out[name] = {
            "rows": len(texts),
            "chunks": [
                hashlib.sha256("\n".join(texts[i : i + CHUNK]).encode()).hexdigest()[:16]
                for i in range(0, len(texts), CHUNK)
            ],
        }
    return out


def main() -> None:
    """Write the digests (or with ``--dump`` the whole dump) of the scenario as the installed
    code stores it (on SQLite)."""
    import tempfile

    from militancydb.db.engine import make_engine, upgrade
    from militancydb.knowledge.loader import load_shipped

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        engine = make_engine(f"sqlite:///{work / 'stored.db'}")
        upgrade(engine)
        with session_scope(engine) as s:
            load_shipped(s)
        result = run_releases(engine, work, import_with)
        engine.dispose()
    whole = sys.argv[1] == "--dump"
    out = Path(sys.argv[-1])
    text = canonical(result) if whole else json.dumps(digests(result), indent=1, sort_keys=True)
    out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
