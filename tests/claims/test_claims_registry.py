"""The claims registry (``services/claims.py`` and ``services/assessments.py``): claims recorded
before their incident and linked later, the ``claimed`` attribution a link adds, link
suggestions, competing claims, analyst overrides and the history of a claim."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.claims.assessing import override_grade, run_assessment, suggest_links
from militancydb.claims.credibility import assess
from militancydb.db.tables import IncidentActor
from militancydb.domain.claim import ClaimPublic
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import StaleEdit, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.services.assessments import assessments, current_grade
from militancydb.services.claims import (
    ClaimFilter,
    add_claim,
    competing_claims,
    get_claim,
    link_claim,
    list_claims,
    set_claim_status,
)
from militancydb.services.history import Editor, history
from militancydb.services.incidents import create_incident

ALICE = Editor(user="alice", reason="from the Amaq statement")
BOB = Editor(user="bob", reason="second look")


def attack(session: Session, kb: Knowledge, **fields: Any) -> IncidentPublic:
    doc: dict[str, Any] = {
        "date_start": "2016-08-08",
        "province": "Balochistan",
        "district": "Quetta",
        "event_type": "militant_attack",
    }
    doc.update(fields)
    return create_incident(session, doc, kb, ALICE)


def claim(session: Session, kb: Knowledge, claimant: str, **fields: Any) -> ClaimPublic:
    doc: dict[str, Any] = {"claimant": claimant, "claimed_at": "2016-08-08"}
    doc.update(fields)
    return add_claim(session, doc, kb, ALICE)


def claimed_by(session: Session, incident_id: int) -> list[tuple[str | None, str, str]]:
    rows = session.execute(
        select(IncidentActor.actor_key, IncidentActor.role, IncidentActor.basis).where(
            IncidentActor.incident_id == incident_id, IncidentActor.basis == "claimed"
        )
    ).all()
    return [tuple(r) for r in rows]


# --- recording and linking ----------------------------------------------------------------


def test_a_claim_can_be_recorded_before_its_incident(session: Session, kb: Knowledge) -> None:
    c = claim(session, kb, "Islamic State", channel="official_news_agency")
    assert c.incident_id is None and c.version == 1
    assert c.claimant_key == "islamic-state"
    assert [x.id for x in list_claims(session, ClaimFilter(unlinked=True))] == [c.id]


def test_linking_later_sets_the_incident_and_the_version(session: Session, kb: Knowledge) -> None:
    c = claim(session, kb, "Islamic State")
    inc = attack(session, kb)
    linked = link_claim(session, c.id, inc.id, expected_version=1, editor=BOB)
    assert (linked.incident_id, linked.version) == (inc.id, 2)
    assert get_claim(session, c.id) == linked


def test_a_link_made_against_a_stale_version_is_refused(session: Session, kb: Knowledge) -> None:
    c = claim(session, kb, "Islamic State")
    first, second = attack(session, kb), attack(session, kb, date_start="2016-08-07")
    link_claim(session, c.id, first.id, expected_version=1, editor=BOB)
    with pytest.raises(StaleEdit):
        link_claim(session, c.id, second.id, expected_version=1, editor=ALICE)
    assert get_claim(session, c.id).incident_id == first.id


def test_linking_adds_a_claimed_attribution_once(session: Session, kb: Knowledge) -> None:
    inc = attack(session, kb)
    c = claim(session, kb, "Jamaat-ul-Ahrar")
    link_claim(session, c.id, inc.id, expected_version=1, editor=BOB)
    again = claim(session, kb, "Jamaat-ul-Ahrar", channel="social_media", incident_id=inc.id)
    assert again.incident_id == inc.id
    assert claimed_by(session, inc.id) == [("jamaat-ul-ahrar", "perpetrator", "claimed")]


def test_a_denial_adds_no_attribution(session: Session, kb: Knowledge) -> None:
    inc = attack(session, kb)
    claim(session, kb, "TTP", kind="denial", incident_id=inc.id)
    assert claimed_by(session, inc.id) == []


def test_history_records_the_creation_and_the_link(session: Session, kb: Knowledge) -> None:
    c = claim(session, kb, "Islamic State")
    inc = attack(session, kb)
    link_claim(session, c.id, inc.id, expected_version=1, editor=BOB)
    changes = history(session, "claim", c.id)
    assert [(x.action, x.version, x.user) for x in changes] == [
        ("create", 1, "alice"),
        ("update", 2, "bob"),
    ]
    assert changes[0].after is not None and changes[0].after["incident_id"] is None
    assert "incident_id" in changes[1].changed_fields()
    assert changes[1].after is not None and changes[1].after["incident_id"] == inc.id


def test_an_unknown_claimant_is_refused(session: Session, kb: Knowledge) -> None:
    with pytest.raises(ValidationFailed) as err:
        claim(session, kb, "No Such Brigade of Nowhere")
    assert {e.field for e in err.value.errors} == {"claimant"}


# --- link suggestions ---------------------------------------------------------------------


def test_suggestions_rank_the_incident_named_by_place_and_date_first(
    session: Session, kb: Knowledge
) -> None:
    right = attack(session, kb, date_start="2016-08-07", targets=[{"type": "police"}])
    attack(
        session,
        kb,
        date_start="2016-08-08",
        province="Khyber Pakhtunkhwa",
        district="Peshawar",
        targets=[{"type": "police"}],
    )
    attack(session, kb, date_start="2016-08-02", targets=[{"type": "police"}])
    attack(session, kb, date_start="2016-07-20")  # too early to be suggested
    c = claim(
        session,
        kb,
        "Islamic State",
        statement_text=(
            "Soldiers of the Caliphate attacked the apostate police in Quetta on Sunday 7 August"
        ),
        statement_language="en",
    )
    suggestions = suggest_links(session, c.id, kb)
    assert suggestions[0].incident_id == right.id
    assert any("place named in the claim fits" in r for r in suggestions[0].reasons)
    assert all(s.date.isoformat() >= "2016-08-01" for s in suggestions)


def test_suggestions_need_a_claim_date(session: Session, kb: Knowledge) -> None:
    c = claim(session, kb, "Islamic State", claimed_at=None)
    with pytest.raises(ValidationFailed):
        suggest_links(session, c.id, kb)


# --- competing claims ---------------------------------------------------------------------


def test_a_group_and_its_chapter_do_not_compete(session: Session, kb: Knowledge) -> None:
    inc = attack(session, kb)
    claim(session, kb, "Islamic State", incident_id=inc.id)
    claim(session, kb, "IS-K", incident_id=inc.id)
    assert competing_claims(session, kb) == []


def test_independent_groups_compete(session: Session, kb: Knowledge) -> None:
    inc = attack(session, kb)
    claim(session, kb, "Islamic State", incident_id=inc.id)
    claim(session, kb, "IS-K", incident_id=inc.id)
    claim(session, kb, "Jamaat-ul-Ahrar", incident_id=inc.id)
    (group,) = competing_claims(session, kb)
    assert group.incident_id == inc.id
    assert group.claimants == [
        "Islamic State",
        "Islamic State Khorasan Province",
        "Jamaat-ul-Ahrar",
    ]


def test_competing_claims_are_listed_by_incident_date_within_the_range(
    session: Session, kb: Knowledge
) -> None:
    ids = []
    for day in ("2016-08-11", "2016-08-08", "2016-09-02"):
        inc = attack(session, kb, date_start=day)
        claim(session, kb, "TTP", incident_id=inc.id, claimed_at=day)
        claim(session, kb, "Lashkar-e-Jhangvi", incident_id=inc.id, claimed_at=day)
        ids.append(inc.id)
    found = competing_claims(
        session, kb, date_from=dt.date(2016, 8, 1), date_to=dt.date(2016, 8, 31)
    )
    assert [g.incident_id for g in found] == [ids[1], ids[0]]


def test_denials_and_retracted_claims_do_not_compete(session: Session, kb: Knowledge) -> None:
    inc = attack(session, kb)
    claim(session, kb, "Islamic State", incident_id=inc.id)
    claim(session, kb, "TTP", kind="denial", incident_id=inc.id)
    jua = claim(session, kb, "Jamaat-ul-Ahrar", incident_id=inc.id)
    assert len(competing_claims(session, kb)) == 1
    set_claim_status(session, jua.id, "retracted", expected_version=1, editor=BOB)
    assert competing_claims(session, kb) == []


# --- assessments and overrides ------------------------------------------------------------


def test_an_override_is_kept_beside_the_computed_assessment(
    session: Session, kb: Knowledge
) -> None:
    inc = attack(session, kb)
    c = claim(session, kb, "Islamic State", incident_id=inc.id)
    computed = run_assessment(session, c.id, kb, ALICE)
    other = "unlikely" if computed.grade != "unlikely" else "likely"
    override_grade(session, c.id, other, "  a source in Quetta police denies it  ", kb, BOB)
    now = current_grade(session, c.id)
    assert now is not None
    assert (now.grade, now.is_override, now.reason, now.user) == (
        other,
        True,
        "a source in Quetta police denies it",
        "bob",
    )
    stored = assessments(session, c.id)
    assert [(a.grade, a.is_override) for a in stored] == [
        (computed.grade, False),
        (other, True),
    ]
    assert stored[0].factors == computed.factors


def test_a_stored_override_still_says_what_the_computed_grade_was(
    session: Session, kb: Knowledge
) -> None:
    inc = attack(session, kb)
    c = claim(session, kb, "Islamic State", incident_id=inc.id)
    computed = assess(session, c.id, kb)
    other = "unlikely" if computed.grade != "unlikely" else "likely"
    made = override_grade(session, c.id, other, "analyst's judgement", kb, BOB)
    assert made.computed_grade == computed.grade
    read_back = current_grade(session, c.id)
    assert read_back is not None and read_back.computed_grade == computed.grade


def test_a_computed_assessment_after_an_override_does_not_replace_it(
    session: Session, kb: Knowledge
) -> None:
    c = claim(session, kb, "Islamic State", incident_id=attack(session, kb).id)
    override_grade(session, c.id, "doubtful", "single source", kb, BOB)
    run_assessment(session, c.id, kb, ALICE)
    now = current_grade(session, c.id)
    assert now is not None and now.is_override and now.grade == "doubtful"


@pytest.mark.parametrize(
    ("grade", "reason", "field"), [("certain", "a reason", "grade"), ("likely", "   ", "reason")]
)
def test_an_override_needs_a_grade_of_the_scale_and_a_reason(
    session: Session, kb: Knowledge, grade: str, reason: str, field: str
) -> None:
    c = claim(session, kb, "Islamic State")
    with pytest.raises(ValidationFailed) as err:
        override_grade(session, c.id, grade, reason, kb, BOB)
    assert {e.field for e in err.value.errors} == {field}
    assert current_grade(session, c.id) is None
