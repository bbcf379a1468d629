"""The Pakistan Body Count drone-attack importer, on a made-up sample in PBC's format.

tests/io/fixtures/pbc_drone_sample.csv holds 12 invented rows (ids 901-912, every
``Special Mention (Site)`` starts with "TEST ROW", references point at example.org) with the
real sheet's mess: the header typo ``Total Died Mix``, a padded ``Women/Children`` header, a
misspelt month, a negative civilian count, a minimum above the maximum, a repeated id, the
spellings ``Hungu`` and ``Lower Kurram Agency``, a row standing for three strikes, URLs glued
with spaces or ``;``, a print reference, and a cell of text where a number belongs.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Source
from militancydb.domain.incident import IncidentPublic
from militancydb.io.engine import ImportReport, run_import
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import history
from tests.io.samples import imported, low_best_high

SAMPLE = Path(__file__).parent / "fixtures" / "pbc_drone_sample.csv"
ROWS = 12
REJECTED = 3


def run(session: Session, kb: Knowledge, path: Path = SAMPLE) -> ImportReport:
    return run_import(session, importer_for("pbc-drone"), path, kb, "test")


def incidents(session: Session) -> dict[str, IncidentPublic]:
    return imported(session, "pbc_drone")


fig = low_best_high


def test_every_row_is_imported_or_rejected_with_its_reason(session: Session, kb: Knowledge):
    report = run(session, kb)
    assert report.rows_total == ROWS and report.accounted
    assert report.inserted + report.rejected == ROWS
    reasons = {r.row: r.reason for r in report.rejects}
    assert set(reasons) == {2, 6, 11}
    assert "Date 'Friday, Junee 18, 2004' is not a date" in reasons[2]
    assert "duplicate pbc_drone id 901" in reasons[6]
    assert "Taliban 'many' is not a number" in reasons[11]
    warnings = dict(report.warnings)
    assert "Civilians Max is -6" in warnings[3]
    assert "minimum 3 is above the maximum 1" in warnings[4]
    assert "No of Strike is 3" in warnings[8]
    assert "exceed Total died" in warnings[12]
    assert 1 not in warnings and 5 not in warnings


def test_casualty_categories(session: Session, kb: Knowledge):
    run(session, kb)
    got = incidents(session)
    assert fig(got["901"], "total") == (None, 6, 6)  # only the max given: the figure
    assert fig(got["901"], "civilians") == (0, None, 2)
    assert fig(got["901"], "militants") == (4, None, None)  # Taliban 4, the rest unknown
    assert fig(got["901"], "total", "injured") == (None, 3, 3)
    # a negative max is no count: the min alone is a lower bound, not a single figure
    assert fig(got["903"], "civilians") == (0, None, None)
    assert fig(got["904"], "civilians") == (1, None, 3)
    # Al-Qaeda 1 + Taliban 0 + foreigners 2-3 -> militants 3-4; civilians a real 0
    assert fig(got["905"], "militants") == (3, None, 4)
    assert fig(got["905"], "civilians") == (0, 0, 0)
    assert "foreigners 2-3" in (got["905"].summary or "")
    # nothing known: no figure at all, totals unknown (never 0)
    assert got["909"].casualties == [] and got["909"].totals.killed_best is None
    assert {c.category for i in got.values() for c in i.casualties} <= {
        "total",
        "civilians",
        "militants",
    }


def test_event_actor_and_places(session: Session, kb: Knowledge):
    run(session, kb)
    got = incidents(session)
    us = kb.registry.resolve("Government of United States of America", dataset="ucdp").key
    assert us is not None
    for incident in got.values():
        assert incident.event_type == "drone_strike" and incident.tactics == ["drone_missile"]
        (actor,) = incident.actors
        assert (actor.actor_key, actor.role, actor.basis) == (
            us,
            "perpetrator",
            "attributed_by_dataset",
        )
        assert [t.type for t in incident.targets] == ["militants"]
    loc = got["901"].location
    assert loc.district == "PK-TA-north-waziristan-agency" and loc.place is not None
    assert loc.geo_precision == "exact"
    # "15 km east of Miranshah" names a reference point, not the place
    assert got["905"].location.place_name == "Tappi"
    assert got["907"].location.district == "PK-KP-hangu"  # City "Hungu"
    assert got["910"].location.district == "PK-TA-kurram-agency"  # "Lower Kurram Agency"
    assert "Women or children among the dead: yes" in (got["908"].summary or "")


def test_each_reference_url_is_one_source(session: Session, kb: Knowledge):
    run(session, kb)
    got = incidents(session)
    urls = {s.url for s in got["901"].sources}
    assert urls == {
        "http://pakistanbodycount.org/",
        "http://example.org/test/one",
        "http://example.org/test/two",
    }
    assert {s.locator for s in got["901"].sources} == {"S# 901"}
    assert len(got["908"].sources) == 3  # two URLs separated by "; "
    shared = session.scalar(
        select(func.count()).select_from(Source).where(Source.url == "http://example.org/test/one")
    )
    assert shared == 1  # cited by rows 901 and 904, stored once
    dataset = next(s for s in got["905"].sources if s.source_key == "pbc-drone-attacks")
    assert "Dawn News 01-Apr-2010/PBC-DWN-01-Apr-2010" in (dataset.excerpt or "")


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
        rows = [r for r in csv.DictReader(f) if "TEST ROW 6:" not in r["Special Mention (Site)"]]
    write(path, rows)
    first = run(session, kb, path)
    assert (first.inserted, first.rejected) == (ROWS - REJECTED, REJECTED - 1)
    second = run(session, kb, path)
    assert (second.inserted, second.updated) == (0, 0)
    assert second.unchanged == len(rows) - second.rejected
    sources_before = session.scalar(select(func.count()).select_from(Source))
    before = incidents(session)["912"]
    for r in rows:
        if r["S#"] == "912":
            r["Civilians Max"] = "3"
            r["Civilians Min"] = "1"
    write(path, rows)
    third = run(session, kb, path)
    assert (third.inserted, third.updated) == (0, 1)
    after = incidents(session)["912"]
    assert after.version == before.version + 1 and fig(after, "civilians") == (1, None, 3)
    last = history(session, "incident", after.id)[-1]
    assert last.action == "update" and last.import_format == "pbc-drone"
    assert "casualties" in last.changed_fields()
    assert session.scalar(select(func.count()).select_from(Source)) == sources_before


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
