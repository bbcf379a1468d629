"""The Bureau of Investigative Journalism drone-strike importer, on a made-up sample.

tests/io/fixtures/tbij_sample.csv holds 12 invented rows in the Bureau's format (strike ids
X1-X12, which the Bureau never used; every ``Time Period`` says "made-up test row"), with the
real sheet's mess: both date formats, "Unreported", an impossible date, a minimum above the
maximum, a repeated id, the codes NWA/SWA/Bajaur/Bannu/KPK and "NWA/SWA Border", a Year that
disagrees with the date, children above civilians and a cell of text where a number belongs.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from militancydb.domain.incident import IncidentPublic
from militancydb.io.engine import ImportReport, run_import
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import history
from tests.io.samples import imported, low_best_high

SAMPLE = Path(__file__).parent / "fixtures" / "tbij_sample.csv"
ROWS = 12
REJECTED = 3


def run(session: Session, kb: Knowledge, path: Path = SAMPLE) -> ImportReport:
    return run_import(session, importer_for("tbij"), path, kb, "test")


def incidents(session: Session) -> dict[str, IncidentPublic]:
    return imported(session, "tbij")


fig = low_best_high


def test_every_row_is_imported_or_rejected_with_its_reason(session: Session, kb: Knowledge):
    report = run(session, kb)
    assert report.rows_total == ROWS and report.accounted
    assert report.inserted + report.rejected == ROWS
    reasons = {r.row: r.reason for r in report.rejects}
    assert set(reasons) == {4, 6, 11}
    assert "Date '31/02/2009' is not a date" in reasons[4]
    assert "duplicate tbij id X1" in reasons[6]
    assert "Minimum Total Reported Killed 'abc' is not a number" in reasons[11]
    warnings = dict(report.warnings)
    assert "minimum 3 is above the maximum 2" in warnings[5]
    assert "Year 2009 disagrees with Date '2/2/10'" in warnings[9]
    assert "Children reported killed (2) exceed the civilians (0-1)" in warnings[10]
    assert "km from the row's coordinates" in warnings[8]  # a namesake "Thal" far away
    assert 1 not in warnings and 2 not in warnings


def test_dates_figures_and_children(session: Session, kb: Knowledge):
    run(session, kb)
    got = incidents(session)
    assert got["X1"].date_start == dt.date(2004, 6, 17)
    assert got["X2"].date_start == dt.date(2005, 5, 8)  # d/m/yy
    assert got["X9"].date_start == dt.date(2010, 2, 2)  # the date wins over Year
    assert fig(got["X1"], "total") == (6, None, 8)
    assert fig(got["X1"], "civilians") == (2, None, 3)
    assert fig(got["X2"], "total") == (2, 2, 2)
    assert fig(got["X12"], "total") == (0, 0, 0)  # a real zero
    # "Unreported": unknown, never 0
    assert fig(got["X3"], "total") == (None, 5, 5)
    assert fig(got["X3"], "civilians") is None
    assert "civilians: unknown" in (got["X3"].summary or "")
    # children are a subset of civilians: a note, not a category
    assert "of whom children: 2-3" in (got["X1"].summary or "")
    assert {c.category for i in got.values() for c in i.casualties} <= {"total", "civilians"}
    assert fig(got["X5"], "total", "injured") == (2, None, 3)


def test_event_places_and_source(session: Session, kb: Knowledge):
    run(session, kb)
    got = incidents(session)
    us = kb.registry.resolve("Government of United States of America", dataset="ucdp").key
    for incident in got.values():
        assert incident.event_type == "drone_strike" and incident.tactics == ["drone_missile"]
        assert [(a.actor_key, a.role) for a in incident.actors] == [(us, "perpetrator")]
    assert got["X1"].location.district == "PK-TA-south-waziristan-agency"  # SWA
    assert got["X2"].location.district == "PK-TA-north-waziristan-agency"  # NWA
    assert got["X5"].location.district == "PK-TA-bajaur-agency"
    assert got["X5"].location.district_now == "PK-KP-bajaur"
    assert got["X7"].location.province == "PK-TA"  # NWA/SWA Border
    assert got["X7"].location.district is None and got["X7"].location.geo_precision == "region"
    assert got["X8"].location.province == "PK-KP" and got["X8"].location.place is None
    assert got["X12"].location.district == "PK-KP-bannu"
    assert got["X12"].location.place_name == "Jani Khel"
    (cite,) = got["X1"].sources
    assert cite.source_key == "tbij-drone-strikes-pakistan-2004-2013"
    assert cite.locator == "Strike X1"


def test_second_import_adds_nothing(session: Session, kb: Knowledge):
    first = run(session, kb)
    second = run(session, kb)
    assert (second.inserted, second.updated) == (0, 0)
    assert second.unchanged == ROWS - first.rejected


def test_reimport_adds_nothing_and_a_change_is_logged(
    session: Session, kb: Knowledge, tmp_path: Path
):
    path = tmp_path / "sample.csv"
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if "repeats the id" not in r["Time Period"]]
    write(path, rows)
    first = run(session, kb, path)
    assert (first.inserted, first.rejected) == (ROWS - REJECTED, REJECTED - 1)
    second = run(session, kb, path)
    assert (second.inserted, second.updated) == (0, 0)
    assert second.unchanged == len(rows) - second.rejected
    before = incidents(session)["X2"]
    for r in rows:
        if r["Strike"] == "X2":
            r["Maximum Total Reported Killed"] = "3"
    write(path, rows)
    third = run(session, kb, path)
    assert (third.inserted, third.updated) == (0, 1)
    after = incidents(session)["X2"]
    assert after.version == before.version + 1 and fig(after, "total") == (2, None, 3)
    last = history(session, "incident", after.id)[-1]
    assert last.action == "update" and last.import_format == "tbij"
    assert {"casualties", "totals"} <= set(last.changed_fields())


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
