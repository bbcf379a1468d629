"""Every table an import of the whole bundled UCDP file leaves, as stored bytes, to hold the
import's writing side to what it stored before (issue 15, point 2, branch ``importwrite6``).

The scenario, on a database with the schema and the shipped knowledge, each import committed
batch by batch (as ``militancydb import --commit-batches`` and ``bench/import.py`` do):

1. the bundled UCDP file, every row (6,416 new incidents);
2. a second release: every 250th row's best and high estimates one more (updated, with
   history), one row changed in a column the importer does not read, 20 rows copied under
   new ids (new incidents), a repeated id, a bad date and a bad figure (rejected);
3. the second release again (every row unchanged).

:func:`dump` reads every table of the schema with the driver's own values (no type
conversion: SQLite's text as stored, the change log's JSON text byte for byte) and keeps the
rows the scenario added or changed (the rows after it less the rows before it, as a
multiset): each table's count of such rows and a SHA-256 of them, sorted. Row ids are
counted from the table's largest before the scenario (the shipped knowledge writes change-log
entries and citations: one more would move every id after it). Left out, as they
depend on when and where the scenario ran: every date-time with a time of day (written as
``<when>``), the file's folder, the dataset source's row id (a citation's or run's
``source_id`` is written as the source's key: it moves when the shipped registry gains a
source).

``tests/io/fixtures/ucdp_write_golden.json`` holds the dump of ``main`` at ``d615b04`` on
both backends, written by::

    .venv/bin/python tests/io/write_golden.py tests/io/fixtures/ucdp_write_golden.json

``--rows DIR`` also writes each table's rows as text to DIR (to diff two trees' rows).
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.base import Base
from militancydb.db.engine import make_engine, session_scope, upgrade
from militancydb.db.tables import import_all
from militancydb.io.engine import ImportReport, run_import
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import load_knowledge, load_shipped

FIXTURE = Path(__file__).parent / "fixtures" / "ucdp_write_golden.json"
#: A date-time with its time of day, as stored (SQLite's text, JSON's ISO form).
_WHEN = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:?\d\d)?")
_SOURCE_ID = re.compile(r'("source_id": ?)(\d+)')
#: (session, importer, path, kb, user, workers) -> report
Runner = Callable[..., ImportReport]


def _rows() -> tuple[list[str], list[dict[str, str]]]:
    with bundled_ucdp().open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def files(work: Path) -> tuple[Path, Path]:
    """The bundled file and its second release (see the module docstring)."""
    header, rows = _rows()
    second = [dict(r) for r in rows]
    for n in range(0, len(second), 250):
        second[n]["best"] = str(int(second[n]["best"]) + 1)
        second[n]["high"] = str(int(second[n]["high"]) + 1)
    second[7]["code_status"] = "Checked"
    second += [dict(r, id=str(8_000_000 + n)) for n, r in enumerate(rows[3:2000:100])]
    second += [
        dict(rows[5]),  # a repeated id
        dict(rows[6], id="8100001", date_start="2016-13-45"),
        dict(rows[9], id="8100002", best="many"),
    ]
    return _write(work / "ucdp-1.csv", header, rows), _write(work / "ucdp-2.csv", header, second)


def scenario(engine: Engine, work: Path, workers: int) -> list[tuple[int, ...]]:
    """Run the scenario; each import's counts (rows, inserted, updated, unchanged, rejected)."""
    first, second = files(work)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
    counts = []
    for path in (first, second, second):
        with session_scope(engine) as s:
            ucdp = importer_for("ucdp")
            r = run_import(s, ucdp, path, kb, "golden", commit=True, workers=workers)
        counts.append((r.rows_total, r.inserted, r.updated, r.unchanged, r.rejected))
    return counts


def _value(value: Any, sources: dict[str, str]) -> str:
    if isinstance(value, dict | list):
        value = json.dumps(value, sort_keys=True)
    elif not isinstance(value, str):
        value = value.isoformat() if hasattr(value, "isoformat") else repr(value)
    value = _WHEN.sub("<when>", value)
    return _SOURCE_ID.sub(lambda m: m.group(1) + json.dumps(sources.get(m.group(2))), value)


def first_ids(engine: Engine) -> dict[str, int]:
    """Each table's largest integer ``id`` now (0 when empty): the scenario's rows are
    numbered from it, so that rows the shipped knowledge gains do not move theirs."""
    import_all()
    out: dict[str, int] = {}
    with engine.connect() as c:
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c["id"].primary_key:
                top = c.exec_driver_sql(f'SELECT max(id) FROM "{table.name}"').scalar()
                out[table.name] = int(top or 0)
    return out


def table_rows(engine: Engine, first: dict[str, int]) -> dict[str, Counter[str]]:
    """Every table's rows as text lines (see the module docstring), counted; each table's
    ``id`` less ``first``'s."""
    import_all()
    with engine.connect() as c:
        sources = {str(i): k for i, k in c.execute(text("SELECT id, key FROM sources"))}
        out: dict[str, Counter[str]] = {}
        for table in Base.metadata.sorted_tables:
            result = c.exec_driver_sql(f'SELECT * FROM "{table.name}"')
            names = list(result.keys())
            lines: Counter[str] = Counter()
            for row in result:
                cells = []
                for name, v in zip(names, row, strict=True):
                    if v is not None and name == "source_id":
                        v = sources.get(str(v))
                    elif table.name == "sources" and name == "id":
                        v = "<id>"
                    elif name == "id" and table.name in first:
                        v = int(v) - first[table.name]
                    elif name == "file_name" and isinstance(v, str):
                        v = Path(v).name
                    cells.append(f"{name}={_value(v, sources)}")
                lines["\t".join(cells)] += 1
            out[table.name] = lines
    return out


def dump(before: dict[str, Counter[str]], after: dict[str, Counter[str]]) -> dict[str, Any]:
    """Each table's rows added or changed: how many, and their SHA-256 (sorted)."""
    out: dict[str, Any] = {}
    for name, rows in after.items():
        added = sorted((rows - before.get(name, Counter())).elements())
        digest = hashlib.sha256("\n".join(added).encode()).hexdigest()
        out[name] = {"rows": len(added), "sha256": digest}
    return out


@functools.cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def _fresh_sqlite(work: Path) -> Engine:
    engine = make_engine(f"sqlite:///{work / 'golden.db'}")
    upgrade(engine)
    with session_scope(engine) as s:
        load_shipped(s)
    return engine


def _run(engine: Engine, work: Path, rows_dir: Path | None, tag: str) -> dict[str, Any]:
    first = first_ids(engine)
    before = table_rows(engine, first)
    counts = scenario(engine, work, 0)
    after = table_rows(engine, first)
    if rows_dir is not None:
        rows_dir.mkdir(parents=True, exist_ok=True)
        for name, rows in after.items():
            added = sorted((rows - before.get(name, Counter())).elements())
            (rows_dir / f"{tag}-{name}.txt").write_text("\n".join(added), encoding="utf-8")
    return {"counts": counts, "tables": dump(before, after)}


def main(argv: list[str]) -> int:
    import tempfile

    from militancydb.testing.pgserver import start_server

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=Path, default=None)
    args = parser.parse_args(argv)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        engine = _fresh_sqlite(work)
        out["sqlite"] = _run(engine, work, args.rows, "sqlite")
        engine.dispose()
        server = start_server()
        try:
            admin = make_engine(server.url("postgres")).execution_options(
                isolation_level="AUTOCOMMIT"
            )
            with admin.connect() as c:
                c.execute(text("CREATE DATABASE golden"))
            admin.dispose()
            engine = make_engine(server.url("golden"))
            upgrade(engine)
            with session_scope(engine) as s:
                load_shipped(s)
            out["postgresql"] = _run(engine, work, args.rows, "postgresql")
            engine.dispose()
        finally:
            server.stop()
    args.out.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
