"""The GTD export's claim fields come from the claim records (issue 11), not from the
incident's perpetrator links: a registered or unregistered claimant's claim makes the
incident claimed, its channel gives the claim mode, a retracted claim no longer stands and a
denial is no claim (on SQLite and PostgreSQL, with incidents made here)."""

from __future__ import annotations

import csv
import io
from typing import Any

from claim_incident import peshawar_incident
from sqlalchemy.orm import Session

from militancydb.io.export_output import ExportFormat, write_incidents
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import add_claim, get_claim, set_claim_status
from militancydb.services.history import Editor
from militancydb.services.incident_query import IncidentFilter

ANALYST = Editor("analyst")
NAME = "Tehreek-e-Azadi Mujahideen"
CLAIM_COLUMNS = ("claimed", "claimmode", "claimmode_txt", "claim2", "claimmode2_txt", "compclaim")


def _incident(session: Session, kb: Knowledge, *perpetrators: str) -> int:
    return peshawar_incident(session, kb, *perpetrators)


def _claim(
    session: Session, kb: Knowledge, iid: int, claimant: str, channel: str, **extra: Any
) -> int:
    data = {
        "claimant": claimant,
        "kind": "claim",
        "channel": channel,
        "claimed_at": "2019-03-05",
        "summary": f"{claimant} claimed the attack.",
        "incident_id": iid,
        **extra,
    }
    return add_claim(session, data, kb, ANALYST).id


def _row(session: Session, iid: int) -> dict[str, str]:
    out = io.StringIO()
    write_incidents(session, IncidentFilter(ids=frozenset({iid})), ExportFormat.GTD, out=out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    return row


def _fields(session: Session, iid: int) -> tuple[str, ...]:
    row = _row(session, iid)
    return tuple(row[c] for c in CLAIM_COLUMNS)


def test_a_claim_record_makes_the_incident_claimed_with_its_mode(
    session: Session, kb: Knowledge
) -> None:
    iid = _incident(session, kb, "ttp")
    assert _fields(session, iid)[:1] == ("0",)  # a perpetrator, no claim: GTD's "No"
    _claim(session, kb, iid, "ttp", "video")
    assert _fields(session, iid)[:3] == ("1", "6", "Video")
    assert _row(session, iid)["gname"] == "Tehrik-i-Taliban Pakistan"


def test_an_unregistered_claimant_is_a_claim_too(session: Session, kb: Knowledge) -> None:
    iid = _incident(session, kb)
    _claim(session, kb, iid, NAME, "website", claimant_unregistered=True)
    claimed, mode, label, _, _, compclaim = _fields(session, iid)
    assert (claimed, mode, label, compclaim) == ("1", "7", "Posted to website, blog, etc.", "0")
    assert _row(session, iid)["gname"] == ""  # a claimant is never a gname


def test_gname_claim_gives_the_mode_and_claim2_follows_gname2(
    session: Session, kb: Knowledge
) -> None:
    iid = _incident(session, kb, "ttp", "lej")
    _claim(session, kb, iid, NAME, "video", claimant_unregistered=True)  # recorded first
    _claim(session, kb, iid, "ttp", "telephone")
    claimed, mode, label, claim2, label2, _ = _fields(session, iid)
    # the mode is gname's claim's (a call), not the first record's (a video)
    assert (claimed, mode, label) == ("1", "2", "Call (post-incident)")
    assert (claim2, label2) == ("0", "")  # Lashkar-e-Jhangvi did not claim
    _claim(session, kb, iid, "lej", "social_media")
    assert _fields(session, iid)[3:5] == ("1", "Posted to website, blog, etc.")


def test_a_retracted_claim_no_longer_stands(session: Session, kb: Knowledge) -> None:
    iid = _incident(session, kb, "ttp")
    cid = _claim(session, kb, iid, "ttp", "video")
    version = get_claim(session, cid).version
    set_claim_status(session, cid, "retracted", expected_version=version, editor=ANALYST)
    # the claimed link stays on the incident; the record says the claim was taken back, and
    # GTD's codebook has no code for that: unknown (an empty cell), neither yes nor no
    assert _fields(session, iid)[:3] == ("", "", "")
    # a claim by another group still stands
    _claim(session, kb, iid, NAME, "unknown", claimant_unregistered=True)
    assert _fields(session, iid)[:3] == ("1", "10", "Unknown")


def test_a_retraction_record_withdraws_the_claimants_claim(session: Session, kb: Knowledge) -> None:
    iid = _incident(session, kb)
    _claim(session, kb, iid, NAME, "video", claimant_unregistered=True)
    _claim(session, kb, iid, NAME.upper(), "video", claimant_unregistered=True, kind="retraction")
    assert _fields(session, iid)[0] == ""


def test_a_denial_is_no_claim_and_a_disputed_claim_competes(
    session: Session, kb: Knowledge
) -> None:
    iid = _incident(session, kb, "ttp")
    _claim(session, kb, iid, "ttp", "spokesperson_statement", kind="denial")
    assert _fields(session, iid)[0] == "0"
    cid = _claim(session, kb, iid, "jamaat-ul-ahrar", "website")
    assert (_fields(session, iid)[0], _fields(session, iid)[5]) == ("1", "0")
    version = get_claim(session, cid).version
    set_claim_status(session, cid, "disputed", expected_version=version, editor=ANALYST)
    assert _fields(session, iid)[5] == "1"


def test_the_acled_shape_names_the_standing_claimants(session: Session, kb: Knowledge) -> None:
    iid = _incident(session, kb, "ttp")
    _claim(session, kb, iid, NAME, "video", claimant_unregistered=True)
    cid = _claim(session, kb, iid, "jamaat-ul-ahrar", "website")
    out = io.StringIO()
    flt = IncidentFilter(ids=frozenset({iid}))
    write_incidents(session, flt, ExportFormat.ACLED, out=out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["notes"].endswith(f"[claimed by {NAME}; Jamaat-ul-Ahrar]")
    assert row["actor1"] == "Tehrik-i-Taliban Pakistan"  # a claimant is never an actor
    version = get_claim(session, cid).version
    set_claim_status(session, cid, "retracted", expected_version=version, editor=ANALYST)
    out = io.StringIO()
    write_incidents(session, flt, ExportFormat.ACLED, out=out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["notes"].endswith(f"[claimed by {NAME}]")
