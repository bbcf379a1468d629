"""The Pakistan Body Count suicide-attack importer, on a made-up sample in PBC's format.

tests/io/fixtures/pbc_suicide_sample.csv holds 15 invented rows (ids 9001-9015, every
Location starts with "TEST ROW"), with the kinds of mess the real sheet has: a misspelt month,
empty killed cells, a minimum above the maximum, a repeated id, "Fata" and "Baluchistan", a
target type PBC never used, a weekday that does not fit the date, a city outside the province
given, a cell of text where a number belongs and a row without id.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import Source
from militancydb.domain.incident import IncidentPublic
from militancydb.io.engine import ImportReport, run_import
from militancydb.io.pbc_suicide import TARGET_TYPES
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import history
from tests.io.samples import imported

SAMPLE = Path(__file__).parent / "fixtures" / "pbc_suicide_sample.csv"
ROWS = 15
REJECTED = 4


def run(session: Session, kb: Knowledge, path: Path = SAMPLE) -> ImportReport:
    return run_import(session, importer_for("pbc-suicide"), path, kb, "test")


def incidents(session: Session) -> dict[str, IncidentPublic]:
    return imported(session, "pbc_suicide")


def killed(incident: IncidentPublic) -> tuple[int | None, int | None, int | None] | None:
    f = incident.figure("total", "killed")
    return None if f is None else (f.low, f.best, f.high)


def test_every_row_is_imported_or_rejected_with_its_reason(session: Session, kb: Knowledge):
    report = run(session, kb)
    assert report.rows_total == ROWS
    assert report.inserted + report.rejected == ROWS
    assert report.accounted
    reasons = {r.row: r.reason for r in report.rejects}
    assert set(reasons) == {2, 5, 12, 15}
    assert "Date 'Sunday-Novemebr 19-1995' is not a date" in reasons[2]
    assert "duplicate pbc_suicide id 9001" in reasons[5]
    assert "Killed Min 'abc' is not a number" in reasons[12]
    assert "S# is empty" in reasons[15]
    assert set(incidents(session)) == {
        "9001",
        "9003",
        "9004",
        "9006",
        "9007",
        "9008",
        "9009",
        "9010",
        "9011",
        "9013",
        "9014",
    }


def test_warnings_name_what_was_taken_with_a_caveat(session: Session, kb: Knowledge):
    warnings = dict(run(session, kb).warnings)
    assert "minimum 9 is above the maximum 7" in warnings[4]
    assert "Target Type 'Goats'" in warnings[8]
    assert "names Saturday, but 2016-03-07 was a Monday" in warnings[13]
    assert "'D.G Khan' is in Punjab" in warnings[14]
    assert set(warnings) == {4, 8, 13, 14}


def test_casualties_keep_unknown_apart_from_zero(session: Session, kb: Knowledge):
    run(session, kb)
    got = incidents(session)
    assert killed(got["9001"]) == (3, None, 5)  # a range has no best figure
    injured = got["9001"].figure("total", "injured")
    assert injured is not None and (injured.low, injured.best, injured.high) == (None, 20, 20)
    assert killed(got["9003"]) is None  # both cells empty: unknown, no figure
    assert got["9003"].totals.killed_best is None
    zero = got["9003"].figure("total", "injured")
    assert zero is not None and (zero.low, zero.best, zero.high) == (0, 0, 0)
    assert killed(got["9004"]) == (7, None, 9)  # min above max: the range, with a warning
    assert killed(got["9008"]) == (2, 2, 2)
    assert killed(got["9013"]) == (None, 17, 17)  # only a max: that is the figure
    assert all(c.category == "total" for i in got.values() for c in i.casualties)


def test_event_types_tactics_and_targets(session: Session, kb: Knowledge):
    run(session, kb)
    got = incidents(session)

    def targets(key: str) -> set[str]:
        return {t.type for t in got[key].targets}

    assert all(i.tactics == ["suicide_bombing"] and i.suicide is True for i in got.values())
    assert all(not i.actors for i in got.values())
    assert got["9001"].event_type == "militant_attack" and targets("9001") == {"civilians"}
    # a Shia gathering coded Religious: sectarian
    assert got["9007"].event_type == "sectarian_attack"
    assert targets("9007") == {"places_of_worship", "sectarian_community"}
    # civilians at a procession (keyword cue in the text): sectarian for a minority sect
    assert got["9010"].event_type == "sectarian_attack"
    # Sunni alone at an anti-Taliban jirga: not sectarian
    assert got["9011"].event_type == "militant_attack" and targets("9011") == {"peace_committees"}
    # Sunni shrine coded Religious: sectarian
    assert got["9014"].event_type == "sectarian_attack"
    # Christian foreigners: a religion, not a sect; foreigners only
    assert got["9009"].event_type == "militant_attack" and targets("9009") == {"foreigners"}
    assert targets("9006") == {"police", "rangers"}
    assert targets("9008") == {"unknown"}
    assert targets("9004") == {"army"}


def test_places_and_sources(session: Session, kb: Knowledge):
    run(session, kb)
    got = incidents(session)
    assert got["9006"].location.province == "PK-TA"  # "Fata"
    assert got["9006"].location.district == "PK-TA-bajaur-agency"
    assert got["9006"].location.geo_precision == "district"
    assert got["9007"].location.province == "PK-BA"  # "Baluchistan"
    assert got["9007"].location.place is not None
    assert got["9007"].location.geo_precision == "exact"
    assert got["9014"].location.province == "PK-PB"  # the city wins over the province given
    assert got["9001"].location.place_detail == "TEST ROW 1: market gate (made up)"
    (cite,) = got["9001"].sources
    assert cite.source_key == "pbc-suicide-attacks" and cite.locator == "S# 9001"
    assert cite.excerpt == "TEST ROW 1: market gate (made up)"
    dataset = session.scalar(select(Source).where(Source.key == "pbc-suicide-attacks"))
    assert dataset is not None and dataset.licence == "not stated"
    assert "Explosive weight: 8 kg" in (got["9001"].summary or "")


def test_second_import_adds_nothing(session: Session, kb: Knowledge):
    first = run(session, kb)
    second = run(session, kb)
    assert (second.inserted, second.updated) == (0, 0)
    assert second.unchanged == ROWS - first.rejected
    assert second.rejected == first.rejected


def test_second_import_of_a_file_without_repeated_ids_adds_nothing(
    session: Session, kb: Knowledge, tmp_path: Path
):
    path = tmp_path / "no_repeats.csv"
    rows = sample_without_repeat()
    write(path, rows)
    first = run(session, kb, path)
    second = run(session, kb, path)
    assert first.inserted == ROWS - REJECTED
    assert (second.inserted, second.updated, second.rejected) == (0, 0, REJECTED - 1)
    assert second.unchanged == len(rows) - second.rejected
    assert second.accounted


def test_a_changed_row_is_updated_and_logged(session: Session, kb: Knowledge, tmp_path: Path):
    path = tmp_path / "changed.csv"
    rows = sample_without_repeat()  # see test_second_import_adds_nothing
    write(path, rows)
    run(session, kb, path)
    before = incidents(session)["9008"]
    for r in rows:
        if r["S#"] == "9008":
            r["Killed Max"] = "4"
    write(path, rows)
    report = run(session, kb, path)
    assert report.updated == 1 and report.inserted == 0
    after = incidents(session)["9008"]
    assert after.id == before.id and after.version == before.version + 1
    assert killed(after) == (2, None, 4)
    last = history(session, "incident", after.id)[-1]
    assert last.action == "update" and last.import_format == "pbc-suicide"
    assert "casualties" in last.changed_fields()


def test_the_target_table_maps_to_known_codes():
    from militancydb.codebook import TargetType

    assert all(isinstance(t, TargetType) for ts in TARGET_TYPES.values() for t in ts)
    assert TARGET_TYPES["police & rangers"] == (TargetType.POLICE, TargetType.RANGERS)


def sample_without_repeat() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r for r in rows if not r["Location"].startswith("TEST ROW 5:")]


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
