"""The GTD importer, on a sample written by the project from the GTD codebook.

tests/io/fixtures/gtd_sample.csv holds 28 invented rows in GTD's column layout (every
summary says "made-up test row"; eventids are invented): a suicide bombing claimed by two
groups with competing claims, three perpetrators with uncertainty flags, unknown day, unknown
month, approximate dates, attackers killed and wounded, -9/-99 sentinels, specificity 2, 4
and 5, Afghan rows, rows in India and Iraq, and bad rows (impossible date, text count,
negative count, unknown attack code, repeated eventid, no eventid).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import Claim
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import ImportFailed
from militancydb.io.engine import ImportReport, run_import
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import history
from tests.io.samples import imported

SAMPLE = Path(__file__).parent / "fixtures" / "gtd_sample.csv"


def run(session: Session, kb: Knowledge, path: Path = SAMPLE, **options) -> ImportReport:
    return run_import(session, importer_for("gtd", **options), path, kb, "test")


def incidents(session: Session) -> dict[str, IncidentPublic]:
    return imported(session, "gtd")


def fig(i: IncidentPublic, category: str, outcome: str = "killed") -> int | None:
    f = i.figure(category, outcome)
    return None if f is None else f.best


def test_every_row_is_imported_skipped_or_rejected(session: Session, kb: Knowledge):
    report = run(session, kb)
    assert report.rows_total == 28 and report.accounted
    assert (report.inserted, report.rejected, report.skipped) == (20, 6, 2)
    assert report.skip_reasons == {
        "country India (asked for PK, AF)": 1,
        "country Iraq (asked for PK, AF)": 1,
    }
    reasons = {r.row: r.reason for r in report.rejects}
    assert "2015/2/30 is not a date" in reasons[15]
    assert reasons[16] == "nkill 'many' is not a number"
    assert reasons[17] == "attacktype1 '12' is not a GTD code"
    assert "duplicate gtd id 201505130002 (first seen in row 2)" in reasons[18]
    assert reasons[19].startswith("eventid is empty")
    assert "nkill '-3' is not a count" in reasons[25]


def test_country_option(session: Session, kb: Knowledge):
    report = run(session, kb, countries=("AF",))
    assert report.accounted and report.inserted == 3  # the three Afghan rows
    # the Pakistani rows are left out before they are read, bad ones too; only the repeated
    # eventid is rejected (the engine checks ids before the importer sees the row)
    assert (report.skipped, report.rejected) == (24, 1)


def test_claims_uncertainty_and_attackers(session: Session, kb: Knowledge):
    run(session, kb)
    got = incidents(session)
    quetta = got["201608080001"]
    claimed = {(a.actor_key, a.actor_name) for a in quetta.actors if a.basis == "claimed"}
    assert claimed == {
        ("jamaat-ul-ahrar", "Jamaat-ul-Ahrar"),
        (None, "Khorasan Chapter of the Islamic State"),  # not in the registry: kept by name
    }
    assert quetta.suicide is True and quetta.tactics == ["suicide_bombing"]
    assert (fig(quetta, "total"), fig(quetta, "militants")) == (75, 1)
    assert (fig(quetta, "total", "injured"), fig(quetta, "militants", "injured")) == (112, 0)
    assert [t.type for t in quetta.targets] == ["places_of_worship", "police"]
    claims = session.scalars(
        select(Claim).where(Claim.incident_id == quetta.id).order_by(Claim.ref)
    ).all()
    assert [
        (c.claimant_key, c.claimant_name, c.channel, c.channel_name, c.status) for c in claims
    ] == [
        (
            "jamaat-ul-ahrar",
            "Jamaat-ul-Ahrar",
            "website",
            "Posted to website, blog, etc.",
            "disputed",
        ),
        # the group the registry does not hold: an unregistered claim by the name
        (None, "Khorasan Chapter of the Islamic State", "video", "Video", "disputed"),
    ]
    assert [c.ref for c in claims] == ["gtd:201608080001:1", "gtd:201608080001:2"]
    # three perpetrators, two of them only suspected
    karachi = got["201505130002"]
    assert [(a.actor_key, a.basis) for a in karachi.perpetrators()] == [
        ("ttp", "suspected"),
        ("lej", "attributed_by_dataset"),
        ("jamaat-ul-ahrar", "suspected"),
    ]
    # claim by call; attackers killed apart from the total; -99 wounded attackers unknown
    airport = got["201406080006"]
    assert (fig(airport, "total"), fig(airport, "militants")) == (36, 10)
    assert fig(airport, "militants", "injured") is None
    assert airport.date_end == dt.date(2014, 6, 9)
    assert airport.tactics == ["armed_assault", "bombing", "hijacking", "arson"]
    c = session.scalars(select(Claim).where(Claim.incident_id == airport.id)).one()
    assert (c.channel, c.channel_name, c.status) == (
        "telephone",
        "Call (post-incident)",
        "asserted",
    )
    # two groups claimed without competing: two claims, both asserted
    aps = got["201412160021"]
    statuses = sorted(
        (c.claimant_key, c.status)
        for c in session.scalars(select(Claim).where(Claim.incident_id == aps.id))
    )
    assert statuses == [("jamaat-ul-ahrar", "asserted"), ("ttp", "asserted")]
    # a suicide assault with firearms and explosives
    assert aps.suicide is True and aps.tactics == ["armed_assault", "suicide_bombing"]


def test_dates_places_and_sentinels(session: Session, kb: Knowledge):
    run(session, kb)
    got = incidents(session)
    month = got["201403000003"]
    assert (month.date_start, month.date_end, month.date_precision) == (
        dt.date(2014, 3, 1),
        dt.date(2014, 3, 31),
        "month",
    )
    year = got["201300000004"]
    assert (year.date_start, year.date_end, year.date_precision) == (
        dt.date(2013, 1, 1),
        dt.date(2013, 12, 31),
        "year",
    )
    assert year.event_type == "sabotage"
    approx = got["201211190005"]
    assert approx.date_precision == "days"
    assert "[GTD approxdate: November 17-19, 2012]" in (approx.summary or "")
    sentinel = got["201701010007"]
    assert sentinel.casualties == [] and sentinel.perpetrators() == []
    nowhere = got["201802020008"]
    assert nowhere.location.geo_precision == "country" and nowhere.location.latitude is None
    assert nowhere.location.province is None and nowhere.event_type == "kidnapping"
    village = got["201903030009"]
    assert village.location.geo_precision == "near"
    assert village.location.place_detail == "Some Unlisted Village"
    assert village.location.province == "PK-KP"
    quetta = got["201608080001"].location
    assert (quetta.province, quetta.place_name, quetta.geo_precision) == (
        "PK-BA",
        "Quetta",
        "exact",
    )
    kandahar = got["201701100011"]
    assert kandahar.location.country == "AF" and kandahar.location.province == "AF-KAN"
    failed = got["201009090020"]
    assert "[GTD success: 0]" in (failed.summary or "")
    assert [t.type for t in failed.targets] == ["civilians", "government_officials", "civilians"]
    melee = got["201805050012"]
    assert melee.tactics == ["unknown"]  # unarmed assault with melee weapons: no tactic of ours
    scites = [s for s in got["201608080001"].sources if s.locator and s.locator.startswith("scite")]
    assert [s.title for s in scites] == [
        '"Made-up test citation one," Test Gazette, August 9, 2016.',
        '"Made-up test citation two," Test Times, August 10, 2016.',
    ]


def test_reimport_is_idempotent_and_a_later_release_updates_with_history(
    session: Session, kb: Knowledge, tmp_path: Path
):
    run(session, kb)
    claims_before = session.scalars(select(Claim.id)).all()
    again = run(session, kb)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 20)
    assert session.scalars(select(Claim.id)).all() == claims_before
    # a later release revises the death toll of one event
    with SAMPLE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["eventid"] == "201505130002" and r["nkill"] == "45":
            r["nkill"] = "46"
    later = tmp_path / "gtd_later.csv"
    with later.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    report = run(session, kb, later)
    assert (report.updated, report.unchanged) == (1, 19)
    inc = incidents(session)["201505130002"]
    assert fig(inc, "total") == 46 and inc.version == 2
    changes = history(session, "incident", inc.id)
    assert changes[-1].action == "update" and changes[-1].import_run_id == report.run_id


def test_xlsx_release_reads_like_the_csv(session: Session, kb: Knowledge, tmp_path: Path):
    with SAMPLE.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    book = Workbook()
    sheet = book.active
    for r in rows:
        # numbers as numbers, as GTD's XLSX has them
        sheet.append([_number(v) for v in r])
    xlsx = tmp_path / "globalterrorismdb_sample.xlsx"
    book.save(xlsx)
    first = run(session, kb, xlsx)
    assert (first.inserted, first.rejected, first.skipped) == (20, 6, 2)
    again = run(session, kb, SAMPLE)  # the CSV copy of the same release: nothing changes
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 20)


def _number(value: str) -> object:
    try:
        return int(value)
    except ValueError:
        pass
    try:
        return float(value) if value.strip() not in ("", "nan") else value
    except ValueError:
        return value


def test_a_row_without_country_is_rejected_and_a_file_without_columns_refused(
    session: Session, kb: Knowledge, tmp_path: Path
):
    with SAMPLE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:1]
    rows[0]["country_txt"] = ""
    path = tmp_path / "no_country.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    report = run(session, kb, path)
    assert [r.reason for r in report.rejects] == [
        "country_txt is empty; every GTD row names its country"
    ]
    bad = tmp_path / "not_gtd.csv"
    bad.write_text("eventid,iyear\n1,2015\n")
    with pytest.raises(ImportFailed, match="missing column.*imonth"):
        run(session, kb, bad)
