"""One import scenario, dumped in a canonical form, to hold the streaming import engine to
what the engine before it stored (issue 15, point 2).

The scenario, on a database with the schema and the shipped knowledge:

1. a UCDP file: real rows from across the bundled file and all of August 2016 (the Quetta
   bombing), with broken ones (bad date, bad figure, no id, a repeated id, another country,
   a short row, a row cut inside a quoted cell);
2. a person deletes one of the incidents and edits another;
3. a second release of the file: rows changed (updated with history), the deleted and the
   edited incident's rows changed (left alone, reported), a row that reads differently but
   says the same, new rows, the rest unchanged;
4. a GTD file of rows made by this module (ids starting 90): one the Quetta bombing (merged
   into the held incident), one close to it (linked), one unrelated (new), with claims;
5. the project's ACLED fixture.

:func:`dump` returns every incident with its child rows, the sources, citations, claims,
change log, import runs and rejects, and the import reports, without what depends on when
the scenario ran (timestamps, temporary paths).

``tests/io/fixtures/import_scenario.json.gz`` is this dump as the engine of ``main`` before the
streaming engine (commit beb7733) produced it on SQLite, written by::

    PYTHONPATH=<checkout of beb7733> .venv/bin/python tests/io/import_scenario.py OUT.json
    gzip -9 OUT.json

and then, the streaming engine having matched it on both backends, written again by the
same command from main on 5 December 2026 after three intended changes, every difference
reviewed: the UCDP rule ``sb-split-state-more`` types one scenario row (Swat, the state
side lost more men) as a militant attack with the group as perpetrator where it was
"initiator unknown"; the UCDP rules' version changed every UCDP row's content hash; the
claims corpus's sources moved the row ids of the GTD and ACLED dataset sources. Written
again by the same command on 5 December 2026 (third session), every difference reviewed:
ACLED's state forces with their regime period ("Military Forces of Pakistan (2013-2018)")
now stand for their state and "Civilians (Pakistan)" for the registry's civilians, each
link's note keeping ACLED's name; the ACLED report lost the 11 warnings those names drew;
the new corpus sources moved the dataset sources' row ids again. Written again on 5 December
2026 (fifth session) with every ``source_id`` given as the source's key (``source:gtd``) and
the sources' row ids left out, so that sources added to the shipped registry no longer move
it: the earlier fixture, mapped the same way, was equal to the new one.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.engine import session_scope
from militancydb.db.tables import Incident
from militancydb.io.engine import ImportReport
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.services.history import Editor
from militancydb.services.incidents import delete_incident, get_incident, update_incident

FIXTURES = Path(__file__).parent / "fixtures"
#: (session, importer, path, kb, user) -> report: the engine under test.
Runner = Callable[[Session, Any, Path, Knowledge, str], ImportReport]

GTD_COLUMNS = (
    "eventid iyear imonth iday country_txt provstate city latitude longitude specificity "
    "suicide attacktype1 targtype1 weaptype1 gname claimed claimmode nkill nwound summary"
).split()


def _gtd(eventid: str, day: int, **kw: Any) -> dict[str, Any]:
    base = {
        "eventid": eventid,
        "iyear": 2016,
        "imonth": 8,
        "iday": day,
        "country_txt": "Pakistan",
        "provstate": "Balochistan",
        "city": "Quetta",
        "latitude": 30.1833,
        "longitude": 67.0,
        "specificity": 1,
        "suicide": 1,
        "attacktype1": 3,
        "targtype1": 14,
        "weaptype1": 6,
        "gname": "Unknown",
        "claimed": 0,
        "claimmode": "",
        "nkill": 74,
        "nwound": 112,
        "summary": f"2016-08-{day:02d}: made-up test row {eventid}.",
    }
    return {**base, **kw}


GTD_ROWS = [
    _gtd("901608080001", 8, gname="Jamaat-ul-Ahrar", claimed=1, claimmode=7),
    _gtd("901608100002", 10, suicide=0, nkill=40, nwound=10),
    _gtd(
        "901608200003",
        20,
        provstate="Sindh",
        city="Karachi",
        latitude=24.86,
        longitude=67.0,
        suicide=0,
        attacktype1=2,
        weaptype1=5,
        nkill=1,
        nwound=0,
        gname="Tehrik-i-Taliban Pakistan (TTP)",
        claimed=1,
        claimmode=2,
    ),
]


def _bundled() -> tuple[list[str], list[dict[str, str]]]:
    with bundled_ucdp().open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def ucdp_rows() -> tuple[list[str], list[dict[str, str]]]:
    """The first release: every 40th bundled row and all of August 2016, then broken rows."""
    header, rows = _bundled()
    picked = [r for n, r in enumerate(rows) if n % 40 == 0 or r["date_start"][:7] == "2016-08"]
    broken = [
        dict(picked[0], id="990001", date_start="2016-13-45"),
        dict(picked[1], id="990002", best="many"),
        dict(picked[2], id=""),
        dict(picked[3], best=str(int(picked[3]["best"]) + 7)),  # a repeated id
        dict(picked[4], id="990005", country="India"),
    ]
    return header, picked[:60] + broken + picked[60:]


def _write_csv(path: Path, header: list[str], rows: list[dict[str, str]], tail: str = "") -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        f.write(tail)
    return path


#: A short row and a row cut inside a quoted cell (the file's last line).
BROKEN_TAIL = '990010,PAK-X,2016\n990011,"unclosed cell\n'


def run_scenario(engine: Engine, work: Path, run: Runner) -> list[dict[str, Any]]:
    """Run the scenario with ``run`` as the engine; returns the import reports, dumped."""
    header, first = ucdp_rows()
    reports = []
    with session_scope(engine) as s:
        kb = load_knowledge(s)
    path = _write_csv(work / "ucdp-1.csv", header, first, BROKEN_TAIL)
    with session_scope(engine) as s:
        reports.append(run(s, importer_for("ucdp"), path, kb, "importer"))
    ids = _incident_ids(engine, [first[10]["id"], first[11]["id"]])
    person = Editor(user="analyst", reason="checked the reports")
    with session_scope(engine) as s:
        delete_incident(s, ids[0], expected_version=1, editor=person)
        edited = get_incident(s, ids[1])
        update_incident(
            s,
            ids[1],
            {"summary": "checked by hand"},
            expected_version=edited.version,
            kb=kb,
            editor=person,
        )
    second = [dict(r) for r in first]
    for n in (10, 11, 20, 21, 22):  # 10 deleted, 11 edited by hand: both left alone
        second[n]["best"] = str(int(second[n]["best"]) + 1)
        second[n]["high"] = str(int(second[n]["high"]) + 1)
    second[30]["code_status"] = "Checked"  # a column the importer does not read
    header_b, rows = _bundled()
    second += [dict(r, id=str(8_000_000 + n)) for n, r in enumerate(rows[1:400:50])]
    path = _write_csv(work / "ucdp-2.csv", header_b, second)
    with session_scope(engine) as s:
        reports.append(run(s, importer_for("ucdp"), path, kb, "importer"))
    gtd = work / "gtd.csv"
    with gtd.open("w", newline="") as f:
        w = csv.DictWriter(f, GTD_COLUMNS)
        w.writeheader()
        w.writerows(GTD_ROWS)
    with session_scope(engine) as s:
        reports.append(run(s, importer_for("gtd"), gtd, kb, "importer"))
    with session_scope(engine) as s:
        reports.append(run(s, importer_for("acled"), FIXTURES / "acled_sample.csv", kb, "i"))
    with session_scope(engine) as s:  # the same file again: nothing changes
        reports.append(run(s, importer_for("ucdp"), path, kb, "importer"))
    return [_report(r) for r in reports]


def _incident_ids(engine: Engine, external_ids: list[str]) -> list[int]:
    with engine.connect() as c:
        return [
            c.execute(
                text(
                    "SELECT incident_id FROM external_ids WHERE system = 'ucdp' "
                    "AND external_id = :e"
                ),
                {"e": e},
            ).scalar_one()
            for e in external_ids
        ]


def _report(r: ImportReport) -> dict[str, Any]:
    return {
        "rows_total": r.rows_total,
        "inserted": r.inserted,
        "updated": r.updated,
        "unchanged": r.unchanged,
        "skipped": r.skipped,
        "skip_reasons": r.skip_reasons,
        "rejects": [[x.row, x.reason, x.raw, x.line] for x in r.rejects],
        "conflicts": [[x.row, x.reason, x.raw, x.line] for x in r.conflicts],
        "warnings": [list(w) for w in r.warnings],
        "merges": [m.describe("x") for m in r.merges],
        "possible_duplicates": [m.describe("x") for m in r.possible_duplicates],
        "claims": [r.claims_recorded, r.claims_matched],
    }


#: Columns that say when a row was written, not what it says.
WHEN = {"created_at", "updated_at", "started_at", "finished_at", "at", "recorded_at"}
#: Tables dumped, with the columns they are ordered by (surrogate ids of child rows are left
#: out: rows written in other batches get other ids).
TABLES = {
    "incidents": None,
    "casualty_figures": ("incident_id", "category", "outcome"),
    "incident_actors": ("incident_id", "role", "basis", "actor_name"),
    "incident_targets": ("incident_id", "target_type", "description"),
    "incident_tactics": ("incident_id", "tactic"),
    "external_ids": ("system", "external_id"),
    "citations": ("entity_type", "entity_id", "source_id", "locator"),
    "incident_links": ("incident_id", "other_id", "relation"),
    "sources": None,
    "claims": None,
    "change_log": ("entity_type", "entity_id", "version"),
    "import_runs": None,
    "import_rejects": None,
}


def _plain(value: Any, today: str) -> Any:
    if isinstance(value, dict):
        return {k: ("<when>" if k in WHEN else _plain(v, today)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, today) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return value.replace(today, "<today>")
    return value


def dump(engine: Engine, reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The scenario's outcome in a form that compares equal across runs and backends."""
    today = dt.date.today().isoformat()
    out: dict[str, Any] = {"reports": _plain(reports, today)}
    meta = Incident.metadata
    with engine.connect() as c:
        cited = set(
            c.execute(
                text(
                    "SELECT source_id FROM citations WHERE entity_type IN ('incident', 'claim') "
                    "UNION SELECT source_id FROM import_runs"
                )
            ).scalars()
        )
        for name, order in TABLES.items():
            table = meta.tables[name]
            if order is None:
                q = select(table).order_by(table.c.id)
            else:
                q = select(*[col for col in table.c if col.name != "id"]).order_by(
                    *[table.c[o] for o in order]
                )
            rows = [dict(r._mapping) for r in c.execute(q)]
            if name in ("change_log", "citations"):  # not the shipped knowledge's
                rows = [r for r in rows if r["entity_type"] in ("incident", "claim")]
            if name == "sources":
                rows = [r for r in rows if r["id"] in cited]
            for r in rows:
                for k in WHEN & r.keys():
                    r[k] = "<when>"
                if name == "import_runs":
                    r["file_name"] = Path(r["file_name"]).name
            if order is not None:  # ties ordered by content
                rows.sort(key=lambda r: repr(sorted(_plain(r, today).items())))
                rows.sort(key=lambda r: tuple(repr(r[o]) for o in order))
            out[name] = _plain(rows, today)
    keys = {r["id"]: r["key"] for r in out["sources"]}
    for r in out["sources"]:  # the row id depends on how many sources the registry ships
        del r["id"]
    return {name: _source_keys(rows, keys) for name, rows in out.items()}


def _source_keys(value: Any, keys: dict[int, str]) -> Any:
    """``value`` with every ``source_id`` (in rows and in change-log snapshots) given as the
    source's key: shipped sources added to the registry move the row ids of the dataset
    sources an import creates, which is not a change of the import's result."""
    if isinstance(value, dict):
        return {
            k: (
                f"source:{keys.get(v, v)}"
                if k == "source_id" and isinstance(v, int)
                else _source_keys(v, keys)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_source_keys(v, keys) for v in value]
    return value


def main() -> None:
    """Write the dump of the scenario as the installed engine runs it (on SQLite)."""
    import json
    import tempfile

    from militancydb.db.engine import make_engine, upgrade
    from militancydb.io.engine import run_import
    from militancydb.knowledge.loader import load_shipped

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        engine = make_engine(f"sqlite:///{work / 'scenario.db'}")
        upgrade(engine)
        with session_scope(engine) as s:
            load_shipped(s)
        reports = run_scenario(engine, work, run_import)
        result = dump(engine, reports)
        engine.dispose()
    Path(sys.argv[1]).write_text(json.dumps(result, indent=1, sort_keys=True, default=str))


if __name__ == "__main__":
    main()
