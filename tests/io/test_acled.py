"""The ACLED importer, on a sample written by the project from the ACLED codebook.

tests/io/fixtures/acled_sample.csv holds 23 invented rows in ACLED's export layout (event
ids X..., which ACLED never used; every note says "made-up test row"): every event type, both
date formats, inter codes as numbers and as labels, associated actors, a drone strike by a
foreign state, time precision 2 and 3, geo precision 1-3, peaceful protests, a row in India,
and bad rows (text fatalities, impossible date, a sub-event type under the wrong event type,
a repeated id, an unknown geo precision).
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
from tests.io.samples import imported

SAMPLE = Path(__file__).parent / "fixtures" / "acled_sample.csv"


def run(session: Session, kb: Knowledge, path: Path = SAMPLE) -> ImportReport:
    return run_import(session, importer_for("acled"), path, kb, "test")


def incidents(session: Session) -> dict[str, IncidentPublic]:
    return imported(session, "acled")


def test_every_row_is_accounted_for(session: Session, kb: Knowledge):
    report = run(session, kb)
    assert report.rows_total == 23 and report.accounted
    assert (report.inserted, report.rejected, report.skipped) == (15, 5, 3)
    assert report.skip_reasons == {
        "sub_event_type Peaceful protest (no violence)": 1,
        "sub_event_type Protest with intervention (no violence)": 1,
        "country India (asked for PK, AF)": 1,
    }
    reasons = {r.row: r.reason for r in report.rejects}
    assert reasons == {
        18: "fatalities 'many' is not a count",
        19: "event_date '2018-02-31' is not a date (e.g. 2016-08-08 or 08 August 2016)",
        20: "event_type/sub_event_type 'Battles'/'Suicide bomb' is not ACLED's",
        21: "duplicate acled id XPAK1 (first seen in row 1)",
        22: "geo_precision '9' is not 1, 2 or 3",
    }


def test_event_types_actors_and_places(session: Session, kb: Knowledge):
    run(session, kb)
    got = incidents(session)
    quetta = got["XPAK1"]
    assert (quetta.event_type, quetta.tactics, quetta.suicide) == (
        "militant_attack",
        ["suicide_bombing"],
        True,
    )
    assert [t.type for t in quetta.targets] == ["civilians"]
    assert [(a.actor_key, a.role) for a in quetta.perpetrators()] == [
        ("jamaat-ul-ahrar", "perpetrator")
    ]
    assert quetta.totals.killed_best == 75 and quetta.location.province == "PK-BA"
    clash = got["XPAK2"]
    assert clash.date_start == dt.date(2016, 8, 8)  # "08 August 2016"
    assert clash.event_type == "armed_clash"
    assert {a.role for a in clash.actors} == {"party"}
    # ACLED's state forces carry the regime's years; the registry does not tell the
    # military and police apart, so both stand for the state, once; the second is kept as
    # ACLED's name, and every link keeps the name ACLED gave
    assert [(a.actor_key, a.actor_name, a.note) for a in clash.actors] == [
        (
            "pakistan",
            "Government of Pakistan",
            "ACLED actor1 (State forces); as named: Military Forces of Pakistan (2013-2018)",
        ),
        (None, "Police Forces of Pakistan (2013-2018)", "ACLED assoc_actor_1"),
        ("ttp", "Tehrik-i-Taliban Pakistan", "ACLED actor2 (Rebel group)"),
    ]
    assert got["XPAK3"].event_type == "militant_attack"  # Attack by a group
    assert got["XPAK4"].event_type == "state_violence_against_civilians"  # by state forces
    drone = got["XPAK5"]
    assert (drone.event_type, drone.tactics) == ("drone_strike", ["drone_missile"])
    assert drone.location.geo_precision == "near"
    shelling = got["XPAK7"]
    assert (shelling.date_precision, shelling.location.geo_precision) == ("week", "province")
    assert shelling.tactics == ["rocket_mortar"]
    assert got["XPAK8"].event_type == "kidnapping" and got["XPAK8"].date_precision == "month"
    assert got["XPAK9"].event_type == "search_operation"
    regains = got["XPAK10"]
    assert regains.event_type == "military_operation"
    assert "[ACLED sub_event_type: Government regains territory]" in (regains.summary or "")
    assert "[ACLED tags: local source]" in (regains.summary or "")
    assert got["XPAK11"].event_type == "ethno_political_violence"
    kabul = got["XAFG1"]
    assert (kabul.location.country, kabul.location.province) == ("AF", "AF-KAB")
    tirah = got["XPAK19"]
    assert [a.actor_name for a in tirah.actors if a.note == "ACLED assoc_actor_1"] == [
        "Made-up Local Lashkar",
        "Another Made-up Militia",
    ]
    zero = got["XPAK7"]
    assert zero.figure("total").best == 0  # ACLED's 0 is a coded 0


def test_reimport_and_a_later_release(session: Session, kb: Knowledge, tmp_path: Path):
    run(session, kb)
    again = run(session, kb)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 15)
    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))
    for r in rows:
        r["timestamp"] = "1800000000"  # ACLED touched every row: not a change of content
        if r["event_id_cnty"] == "XPAK3":
            r["fatalities"] = "4"
    later = tmp_path / "acled_later.csv"
    with later.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    report = run(session, kb, later)
    assert (report.updated, report.unchanged) == (1, 14)
    inc = incidents(session)["XPAK3"]
    assert inc.totals.killed_best == 4
    assert history(session, "incident", inc.id)[-1].import_run_id == report.run_id


def test_acled_labels_resolve_without_registry_warnings(session: Session, kb: Knowledge):
    report = run(session, kb)
    warned = " ".join(w for _, w in report.warnings)
    # ACLED's own labels are not registry gaps
    for label in ("Forces of", "Civilians (", "Unidentified", "Rioters", "Protesters"):
        assert label not in warned, label
    got = incidents(session)
    police = got["XPAK4"]  # violence against civilians by "Police Forces of Pakistan (...)"
    assert [(a.actor_key, a.role) for a in police.perpetrators()] == [("pakistan", "perpetrator")]
    ied = got["XPAK6"]  # "Unidentified Armed Group (Pakistan)": a name, no registry actor
    assert [(a.actor_key, a.actor_name) for a in ied.perpetrators()] == [
        (None, "Unidentified Armed Group (Pakistan)")
    ]
    civilians = {a.actor_key for a in got["XPAK1"].actors if a.role == "target"}
    assert "civilians" in civilians  # "Civilians (Pakistan)"
