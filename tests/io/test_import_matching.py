"""Dataset imports against the bundled UCDP data: a row for an event already held is merged
into it (no second incident), a near miss is stored and linked as a possible duplicate, an
unrelated row is new; re-importing changes nothing; GTD claims matched to corpus claims.

The GTD rows are written by the test (invented ids starting 90, "test row" summaries); the
events they describe are taken from the bundled data as the test reads it."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import Citation, Claim, ExternalId, Incident, IncidentLink
from militancydb.io.dataset_merge import RELATION
from militancydb.io.engine import ImportReport, run_import
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.matching import Decision
from militancydb.services.history import history
from militancydb.services.incidents import get_incident
from militancydb.services.matching import find_matches, held_candidate

COLUMNS = (
    "eventid iyear imonth iday country_txt provstate city latitude longitude specificity "
    "suicide attacktype1 targtype1 weaptype1 gname claimed claimmode nkill nwound summary"
).split()


@pytest.fixture
def held(ucdp_db_url: str) -> Iterator[Session]:
    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        yield s
    engine.dispose()


def quetta(session: Session) -> int:
    """The held incident of UCDP's record of the Quetta hospital bombing (8 August 2016)."""
    iid = session.scalar(
        select(Incident.id)
        .join(ExternalId, ExternalId.incident_id == Incident.id)
        .where(ExternalId.system == "ucdp", Incident.date_start == dt.date(2016, 8, 8))
        .where(Incident.suicide.is_(True), Incident.admin2_key == "PK-BA-quetta")
    )
    assert iid is not None
    return iid


def row(eventid: str, day: int, **kw: Any) -> dict[str, Any]:
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


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return path


ROWS = [
    # the hospital bombing as a GTD row would have it (one killed fewer), claimed by JuA
    row("901608080001", 8, gname="Jamaat-ul-Ahrar", claimed=1, claimmode=7),
    # two days later, in Quetta, not a suicide attack, 40 killed: close, not the same
    row("901608100002", 10, suicide=0, nkill=40, nwound=10),
    # Karachi, a shooting with one dead
    row(
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
    ),
]


def run(session: Session, kb: Knowledge, path: Path) -> ImportReport:
    return run_import(session, importer_for("gtd"), path, kb, "test")


def test_merged_linked_and_new(held: Session, tmp_path: Path):
    kb = load_knowledge(held)
    target = quetta(held)
    before = get_incident(held, target)
    incidents_before = held.scalar(select(func.count()).select_from(Incident))
    report = run(held, kb, write(tmp_path / "gtd.csv", ROWS))
    assert report.accounted and report.rows_total == 3
    assert (report.merged, report.inserted, report.linked) == (1, 2, 1)
    assert held.scalar(select(func.count()).select_from(Incident)) == incidents_before + 2

    # merged: the held incident gains the GTD id and citation, its figures stay
    merge = report.merges[0]
    assert (merge.row, merge.external_id, merge.incident_id) == (1, "901608080001", target)
    after = get_incident(held, target)
    assert after.external_ids["gtd"] == "901608080001"
    assert after.external_ids["ucdp"] == before.external_ids["ucdp"]
    assert after.totals.killed_best == before.totals.killed_best != 74
    assert any(s.source_key == "gtd" for s in after.sources)
    assert {(s.source_key, s.locator) for s in before.sources} <= {
        (s.source_key, s.locator) for s in after.sources
    }
    change = history(held, "incident", target)[-1]
    assert change.import_run_id == report.run_id and change.action == "update"
    assert change.reason is not None and "merged gtd id 901608080001" in change.reason
    assert f"killed 74 (held {before.totals.killed_best})" in change.reason
    assert merge.differs == f"killed 74 (held {before.totals.killed_best})"

    # linked: stored, with a possible_duplicate link carrying the score and reasons; the
    # held incident it names is the one the matcher ranks first, at review level
    near = report.possible_duplicates[0]
    new_id = held.scalar(
        select(ExternalId.incident_id).where(ExternalId.external_id == "901608100002")
    )
    assert new_id is not None and new_id != near.incident_id
    link = held.scalars(select(IncidentLink).where(IncidentLink.incident_id == new_id)).one()
    assert (link.other_id, link.relation) == (near.incident_id, RELATION)
    assert link.note is not None and f"{near.score} review" in link.note
    best = find_matches(held, held_candidate(held, new_id))[0]
    assert best.score.decision is Decision.REVIEW and best.incident_id == near.incident_id

    # new: no match at all
    unrelated = held.scalar(
        select(ExternalId.incident_id).where(ExternalId.external_id == "901608200003")
    )
    assert unrelated is not None
    assert not held.scalars(select(IncidentLink).where(IncidentLink.incident_id == unrelated)).all()


def test_reimport_is_idempotent(held: Session, tmp_path: Path):
    kb = load_knowledge(held)
    path = write(tmp_path / "gtd.csv", ROWS)
    run(held, kb, path)
    counts = [
        held.scalar(select(func.count()).select_from(t))
        for t in (Incident, ExternalId, Citation, IncidentLink, Claim)
    ]
    again = run(held, kb, path)
    assert (again.unchanged, again.inserted, again.merged) == (3, 0, 0)
    assert counts == [
        held.scalar(select(func.count()).select_from(t))
        for t in (Incident, ExternalId, Citation, IncidentLink, Claim)
    ]


def test_changed_row_of_merged_incident_is_not_applied(held: Session, tmp_path: Path):
    kb = load_knowledge(held)
    target = quetta(held)
    run(held, kb, write(tmp_path / "a.csv", ROWS[:1]))
    killed = get_incident(held, target).totals.killed_best
    report = run(held, kb, write(tmp_path / "b.csv", [{**ROWS[0], "nkill": 80}]))
    assert report.accounted and report.updated == 0 and len(report.conflicts) == 1
    assert "also holds the record of ucdp" in report.conflicts[0].reason
    after = get_incident(held, target)
    assert after.totals.killed_best == killed and after.external_ids["ucdp"]


def test_gtd_claim_matches_the_corpus_claim(held: Session, tmp_path: Path):
    kb = load_knowledge(held)
    target = quetta(held)
    jua = [
        c
        for c in held.scalars(select(Claim).where(Claim.incident_id == target))
        if c.claimant_key and kb.registry.same_organisation(c.claimant_key, "jamaat-ul-ahrar")
    ]
    assert len(jua) == 1  # the claims corpus holds JuA's claim of the bombing
    claims_before = held.scalar(select(func.count()).select_from(Claim))
    report = run(held, kb, write(tmp_path / "gtd.csv", ROWS[:1]))
    assert (report.merged, report.claims_recorded, report.claims_matched) == (1, 0, 1)
    assert held.scalar(select(func.count()).select_from(Claim)) == claims_before
    cited = held.scalars(
        select(Citation.locator).where(
            Citation.entity_type == "claim", Citation.entity_id == str(jua[0].id)
        )
    ).all()
    assert "gtd:901608080001:1" in cited


def test_gtd_claim_on_a_new_incident_is_recorded(held: Session, tmp_path: Path):
    kb = load_knowledge(held)
    claimed = {**ROWS[2], "gname": "Jamaat-ul-Ahrar", "claimed": 1, "claimmode": 7}
    report = run(held, kb, write(tmp_path / "gtd.csv", [claimed]))
    assert (report.inserted, report.claims_recorded, report.claims_matched) == (1, 1, 0)
    claim = held.scalars(select(Claim).where(Claim.ref == "gtd:901608200003:1")).one()
    assert claim.claimant_key == "jamaat-ul-ahrar"
