"""GTD claims by groups the actor registry does not hold (issue 11): recorded as unregistered
claims (no actor, the name as GTD writes it) with the GTD as their source and the stable
reference ``gtd:EVENTID:SLOT``; a re-import finds them and adds none; a take-over links them
to the registry's entry; another group's claim on the same row competes with them. On SQLite
and PostgreSQL.

The GTD rows are written by the test (invented ids starting 93, "made-up test row"
summaries); the claimant names "Lashkar-e-Testing" and "Jaish-e-Invented Front" are made up so
that no registry entry holds them."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from militancydb.cli.main import app
from militancydb.db.tables import Citation, Claim, ExternalId, Source
from militancydb.io.engine import ImportReport, run_import
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import add_claim, competing_claims
from militancydb.services.claims_unregistered import take_over_claims, unregistered_claims
from militancydb.services.history import Editor
from militancydb.services.incidents import get_incident

COLUMNS = (
    "eventid iyear imonth iday country_txt provstate city latitude longitude specificity "
    "suicide attacktype1 targtype1 weaptype1 gname claimed claimmode gname2 claim2 claimmode2 "
    "compclaim nkill nwound summary"
).split()
ALONE = "Lashkar-e-Testing"  # claims row 1 alone
RIVAL = "Jaish-e-Invented Front"  # claims row 2, against the TTP


def _row(eventid: str, day: int, **kw: Any) -> dict[str, Any]:
    base = {
        "eventid": eventid,
        "iyear": 2019,
        "imonth": 3,
        "iday": day,
        "country_txt": "Pakistan",
        "provstate": "Khyber Pakhtunkhwa",
        "city": "Peshawar",
        "latitude": 34.0,
        "longitude": 71.57,
        "specificity": 1,
        "suicide": 0,
        "attacktype1": 2,
        "targtype1": 3,
        "weaptype1": 5,
        "gname": "Unknown",
        "claimed": 0,
        "claimmode": "",
        "gname2": "",
        "claim2": "",
        "claimmode2": "",
        "compclaim": 0,
        "nkill": 3,
        "nwound": 2,
        "summary": f"2019-03-{day:02d}: made-up test row {eventid}.",
    }
    return {**base, **kw}


ROWS = [
    _row("931903040001", 4, gname=ALONE, claimed=1, claimmode=1),
    _row(
        "931903110002",
        11,
        gname="Tehrik-i-Taliban Pakistan (TTP)",
        claimed=1,
        claimmode=7,
        gname2=RIVAL,
        claim2=1,
        claimmode2=7,
        compclaim=1,
    ),
]


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return path


def _run(session: Session, kb: Knowledge, path: Path) -> ImportReport:
    return run_import(session, importer_for("gtd"), path, kb, "test")


def _incident(session: Session, eventid: str) -> int:
    iid = session.scalar(
        select(ExternalId.incident_id).where(
            ExternalId.system == "gtd", ExternalId.external_id == eventid
        )
    )
    assert iid is not None
    return iid


def _claimed(session: Session, iid: int) -> list[tuple[str | None, str]]:
    inc = get_incident(session, iid)
    return sorted(
        ((a.actor_key, a.actor_name) for a in inc.actors if a.basis == "claimed"),
        key=lambda x: (x[0] or "", x[1]),
    )


def test_unregistered_gtd_claimants_are_recorded_by_name(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    report = _run(session, kb, _write(tmp_path / "gtd.csv", ROWS))
    assert report.inserted == 2
    assert (report.claims_recorded, report.claims_unregistered, report.claims_matched) == (
        3,
        2,
        0,
    )
    assert not [w for _, w in report.warnings if "claimed attribution only" in w]
    alone = session.scalars(select(Claim).where(Claim.ref == "gtd:931903040001:1")).one()
    assert (alone.claimant_key, alone.claimant_name, alone.kind) == (None, ALONE, "claim")
    assert alone.incident_id == _incident(session, "931903040001")
    # the GTD is its source, cited at the claim's reference
    cited = session.execute(
        select(Source.key, Citation.locator)
        .join(Source, Source.id == Citation.source_id)
        .where(Citation.entity_type == "claim", Citation.entity_id == str(alone.id))
    ).all()
    assert cited == [("gtd", "gtd:931903040001:1")]
    # the incident keeps one claimed attribution by the name (the claim adds no second)
    assert _claimed(session, alone.incident_id) == [(None, ALONE)]
    rival = session.scalars(select(Claim).where(Claim.ref == "gtd:931903110002:2")).one()
    assert (rival.claimant_key, rival.claimant_name, rival.status) == (None, RIVAL, "disputed")
    two = _incident(session, "931903110002")
    assert _claimed(session, two) == [(None, RIVAL), ("ttp", "Tehrik-i-Taliban Pakistan")]
    assert sorted(c.claimant_name for c in unregistered_claims(session)) == sorted([ALONE, RIVAL])
    # the TTP's claim and the unregistered group's compete; the lone claim does not
    assert [g.incident_id for g in competing_claims(session, kb)] == [two]


def test_a_reimport_adds_none_and_a_take_over_links_them(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    path = _write(tmp_path / "gtd.csv", ROWS)
    _run(session, kb, path)
    before = session.scalars(select(Claim.id).order_by(Claim.id)).all()
    again = _run(session, kb, path)
    assert (again.claims_recorded, again.claims_unregistered) == (0, 0)
    assert session.scalars(select(Claim.id).order_by(Claim.id)).all() == before
    assert not [w for _, w in again.warnings if "claim" in w and "differs" in w]
    # the registry gains the group: its entry takes the claim over, and the incident's
    # claimed attribution by the name becomes the actor's
    taken = take_over_claims(session, ALONE.upper(), "lej", kb, Editor("analyst"))
    assert [(c.claimant_key, c.unregistered) for c in taken] == [("lej", False)]
    iid = _incident(session, "931903040001")
    assert [k for k, _ in _claimed(session, iid)] == ["lej"]
    # a release that still names the group as written finds the taken-over claim
    third = _run(session, kb, _write(tmp_path / "again.csv", ROWS))
    assert (third.claims_recorded, third.claims_matched) == (0, 0)
    assert session.scalars(select(Claim.id).order_by(Claim.id)).all() == before
    assert not [w for _, w in third.warnings if "differs" in w]
    # a release that says another thing about the claim is reported, not applied
    changed = [{**ROWS[0], "claimmode": 7}, ROWS[1]]
    fourth = _run(session, kb, _write(tmp_path / "changed.csv", changed))
    assert [w for _, w in fourth.warnings if "gtd:931903040001:1" in w and "differs" in w]


def test_an_unregistered_claim_matches_one_already_held(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    """An analyst's claim by the same name (compared normalised) already linked to the
    incident gains the GTD as a source when a release records the claim; no second claim."""
    unclaimed = {**ROWS[0], "claimed": 0, "claimmode": ""}
    first = _run(session, kb, _write(tmp_path / "a.csv", [unclaimed]))
    assert (first.inserted, first.claims_recorded) == (1, 0)
    iid = _incident(session, "931903040001")
    held = add_claim(
        session,
        {
            "claimant": ALONE.lower().replace("-", " "),
            "claimant_unregistered": True,
            "channel": "spokesperson_statement",
            "incident_id": iid,
        },
        kb,
        Editor("analyst"),
    )
    again = _run(session, kb, _write(tmp_path / "b.csv", ROWS[:1]))
    # (the row itself is in conflict: the analyst's claim edited the incident since)
    assert (again.claims_recorded, again.claims_matched) == (0, 1)
    assert session.scalars(select(Claim.id)).all() == [held.id]
    locators = session.scalars(
        select(Citation.locator).where(
            Citation.entity_type == "claim", Citation.entity_id == str(held.id)
        )
    ).all()
    assert locators == ["gtd:931903040001:1"]


def test_the_import_command_counts_them(db_url: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "gtd.csv", ROWS)
    r = CliRunner().invoke(app, ["--db", db_url, "import", "gtd", str(path)])
    assert r.exit_code == 0, r.output
    assert "claims: 3 recorded (2 by groups the actor registry does not hold" in r.output
