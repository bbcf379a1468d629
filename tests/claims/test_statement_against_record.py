"""The credibility assessment reading a statement against its incident (``consistency`` and
``local_facts`` factors): wrong places, dates after the claim, impossible dates, inflated
tolls; and statements in Arabic or Urdu, which are checked on their English translation."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from militancydb.claims.credibility import assess
from militancydb.domain.claim import Assessment, Factor
from militancydb.domain.incident import IncidentPublic
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import add_claim, get_claim
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident

ANALYST = Editor(user="analyst")


@pytest.fixture
def bombing(session: Session, kb: Knowledge) -> IncidentPublic:
    """A suicide bombing of lawyers in Quetta on Monday 8 August 2016, 70 to 94 killed."""
    return create_incident(
        session,
        {
            "date_start": "2016-08-08",
            "province": "Balochistan",
            "district": "Quetta",
            "event_type": "militant_attack",
            "tactics": ["suicide_bombing"],
            "targets": [{"type": "judiciary", "description": "lawyers"}],
            "casualties": [{"category": "total", "low": 70, "best": 74, "high": 94}],
        },
        kb,
        ANALYST,
    )


def assess_claim(
    session: Session, kb: Knowledge, incident: IncidentPublic | None, **fields: Any
) -> Assessment:
    doc: dict[str, Any] = {
        "claimant": "Islamic State",
        "channel": "official_news_agency",
        "claimed_at": "2016-08-08",
        "statement_language": "en",
        "incident_id": incident.id if incident else None,
    }
    doc.update(fields)
    claim = add_claim(session, doc, kb, ANALYST)
    return assess(session, claim.id, kb)


def factor(a: Assessment, name: str) -> Factor:
    (f,) = [f for f in a.factors if f.name == name]
    return f


def test_a_place_in_another_province_is_caught(
    session: Session, kb: Knowledge, bombing: IncidentPublic
) -> None:
    a = assess_claim(session, kb, bombing, statement_text="Our martyr struck the lawyers in Lahore")
    c = factor(a, "consistency")
    assert "names Lahore" in c.verdict and "the incident was in Quetta" in c.verdict
    assert c.points < 0


def test_a_town_in_the_incidents_district_fits(
    session: Session, kb: Knowledge, bombing: IncidentPublic
) -> None:
    a = assess_claim(session, kb, bombing, statement_text="Our martyr struck the lawyers in Quetta")
    assert "place fits (Quetta)" in factor(a, "consistency").verdict


def test_a_date_after_the_claim_is_caught(
    session: Session, kb: Knowledge, bombing: IncidentPublic
) -> None:
    a = assess_claim(
        session,
        kb,
        bombing,
        claimed_at="2016-08-12",
        statement_text="Our martyr struck the lawyers in Quetta on 20 August 2016",
    )
    c = factor(a, "consistency")
    assert "dates the attack 2016-08-20, after the claim itself (2016-08-12)" in c.verdict
    assert c.points < 0


def test_a_date_other_than_the_incidents_is_caught(
    session: Session, kb: Knowledge, bombing: IncidentPublic
) -> None:
    a = assess_claim(
        session, kb, bombing, statement_text="Our martyr struck the lawyers on 1 August 2016"
    )
    assert "is not the incident's (2016-08-08)" in factor(a, "consistency").verdict


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Our martyr struck the lawyers on Tuesday 8 August 2016", "not a Tuesday"),
        ("Our martyr struck the lawyers on 31 February", "not a real date"),
    ],
)
def test_an_impossible_date_is_flagged(
    session: Session, kb: Knowledge, bombing: IncidentPublic, text: str, problem: str
) -> None:
    a = assess_claim(session, kb, bombing, statement_text=text)
    assert any(f.startswith("impossible date") and problem in f for f in a.flags)
    assert factor(a, "consistency").points < 0


def test_impossible_dates_cost_at_most_two_penalties(session: Session, kb: Knowledge) -> None:
    # docs/claims.md: impossible dates (a day that does not exist, a weekday that does not
    # match, a date after the claim): -7.5 each, at most two
    a = assess_claim(
        session,
        kb,
        None,
        claimed_at="2016-08-12",
        statement_text="We struck them on 31 February, on 30 February and on 20 August 2016",
    )
    assert factor(a, "consistency").points == -15


def test_the_right_weekday_fits(session: Session, kb: Knowledge, bombing: IncidentPublic) -> None:
    a = assess_claim(
        session, kb, bombing, statement_text="Our martyr struck the lawyers on Monday 8 August 2016"
    )
    assert "date fits" in factor(a, "consistency").verdict
    assert not any("impossible" in f for f in a.flags)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "Our martyr struck the lawyers, leaving 500 dead",
            "claims 500 killed; the record has 70–94: exaggerated",
        ),
        (
            "Our martyr struck the lawyers, leaving 20 dead",
            "claims 20 killed; the record has 70–94",
        ),
        ("Our martyr struck the lawyers, leaving 80 dead", "toll fits (80; record 70–94)"),
    ],
)
def test_the_toll_is_compared_with_the_record(
    session: Session, kb: Knowledge, bombing: IncidentPublic, text: str, says: str
) -> None:
    a = assess_claim(session, kb, bombing, statement_text=text)
    assert says in factor(a, "consistency").verdict


def test_an_asserted_toll_is_compared_too(
    session: Session, kb: Knowledge, bombing: IncidentPublic
) -> None:
    a = assess_claim(session, kb, bombing, asserted={"killed": 300})
    assert "exaggerated" in factor(a, "consistency").verdict


def test_an_unlinked_claim_is_read_for_impossible_dates_only(
    session: Session, kb: Knowledge
) -> None:
    a = assess_claim(
        session, kb, None, statement_text="We struck the apostates on 30 February in Quetta"
    )
    c = factor(a, "consistency")
    assert "impossible date" in c.verdict
    assert "place" not in c.verdict


# --- statements in Arabic and Urdu --------------------------------------------------------

ARABIC = (
    "فجّر أحد جنود الدولة الإسلامية حزامه الناسف على تجمع لموظفي وزارة العدل والشرطة "
    "الباكستانية في مدينة كويتا"
)
ARABIC_EN = (
    "A soldier of the Islamic State detonated his explosive belt on a gathering of employees "
    "of the Ministry of Justice and the Pakistani police in the city of Quetta"
)
URDU = "دولت اسلامیہ کے ایک فدائی نے کوئٹہ میں وکلا کے اجتماع پر حملہ کیا"
URDU_EN = "A fidayee of the Islamic State attacked a gathering of lawyers in Quetta"


def test_an_arabic_statement_is_kept_as_given_and_checked_on_its_translation(
    session: Session, kb: Knowledge, bombing: IncidentPublic
) -> None:
    a = assess_claim(
        session,
        kb,
        bombing,
        languages=["ar", "en"],
        statement_text=ARABIC,
        statement_language="ar",
        translation=ARABIC_EN,
    )
    stored = get_claim(session, a.claim_id)
    assert (stored.statement_text, stored.statement_language) == (ARABIC, "ar")
    assert stored.english() == ARABIC_EN
    local = factor(a, "local_facts")
    assert "'Ministry of Justice'" in local.verdict
    assert "Ministry of Law and Justice" in local.verdict
    assert "target mismatch" in factor(a, "consistency").verdict


def test_an_urdu_statement_with_a_fitting_translation_passes(
    session: Session, kb: Knowledge, bombing: IncidentPublic
) -> None:
    a = assess_claim(
        session,
        kb,
        bombing,
        languages=["ur"],
        statement_text=URDU,
        statement_language="ur",
        translation=URDU_EN,
    )
    c = factor(a, "consistency")
    assert "place fits (Quetta)" in c.verdict and "targets fit (judiciary)" in c.verdict
    assert c.points > 0
    assert factor(a, "local_facts").points == 0  # names no institution


def test_a_statement_without_translation_is_not_read(
    session: Session, kb: Knowledge, bombing: IncidentPublic
) -> None:
    a = assess_claim(
        session, kb, bombing, languages=["ar"], statement_text=ARABIC, statement_language="ar"
    )
    assert factor(a, "consistency").verdict.startswith("no statement text")
    assert factor(a, "local_facts").verdict.startswith("the statement names no institution")
