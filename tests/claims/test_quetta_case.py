"""The example analysis's case (issue 5), rebuilt from the bundled data as an analyst would.

Starting from a fresh database (schema and shipped knowledge, like ``db_url``) the bundled
UCDP file is imported; the analyst finds the 8 August 2016 Quetta hospital bombing (UCDP
event 235882), records its targets (lawyers and journalists), adds the attack on a judge's
escort in Quetta that UCDP does not hold (11 August 2016, a roadside bomb, injured only),
and records the claims of the Islamic State (Amaq, Arabic and English, naming a "justice
ministry") and of Jamaat-ul-Ahrar for both. Nothing comes from the seed files.

The case is built once per backend (the import takes seconds) on a ``db_url`` database of its
own; the tests only read it, and a test that adds a claim does so in a session that is rolled
back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine, bindparam, text
from sqlalchemy.orm import Session

from militancydb.bootstrap import bundled_ucdp
from militancydb.claims.credibility import SCALE, assess
from militancydb.db.engine import make_engine, session_factory, session_scope
from militancydb.domain.claim import Assessment, Factor
from militancydb.io.engine import run_import
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.services.claims import add_claim, get_claim
from militancydb.services.history import Editor
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import create_incident, list_incidents, update_incident

ANALYST = Editor(user="analyst", reason="Quetta, August 2016: competing claims")
HOSPITAL_DAY = dt.date(2016, 8, 8)
#: Event types that are attacks (violence by militants), as the codebook documents them.
ATTACK_TYPES = ("militant_attack", "sectarian_attack", "sabotage", "kidnapping")

#: Reuters' English rendering of the Amaq statement, as stored in the seed file (quoted from
#: news reporting: The Straits Times, Dawn).
AMAQ_HOSPITAL = (
    "A martyr from the Islamic State detonated his explosive belt at a gathering of justice "
    "ministry employees and Pakistani policemen in the city of Quetta"
)
#: The Jamaat-ul-Ahrar spokesman's e-mail as quoted by International Business Times.
JUA_HOSPITAL = (
    "The Tehreek-e-Taliban Pakistan Jamaat-ur-Ahrar takes responsibility for this attack, "
    "and pledges to continue carrying out such attacks."
)


@dataclass(frozen=True)
class Case:
    """Ids of what the analyst recorded."""

    url: str
    hospital: int
    convoy: int
    is_hospital: int
    jua_hospital: int
    is_convoy: int
    jua_convoy: int


def _claim(session: Session, kb: Knowledge, **fields: Any) -> int:
    return add_claim(session, fields, kb, ANALYST).id


def _build(session: Session) -> dict[str, int]:
    kb = load_knowledge(session)
    report = run_import(session, UCDPImporter(), bundled_ucdp(), kb, ANALYST.user)
    assert report.inserted > 6000 and report.accounted
    quetta = list_incidents(
        session,
        IncidentFilter(
            date_from=HOSPITAL_DAY, date_to=HOSPITAL_DAY, districts=frozenset({"PK-BA-quetta"})
        ),
    ).data
    (hospital,) = [i for i in quetta if i.external_ids.get("ucdp") == "235882"]
    hospital = update_incident(
        session,
        hospital.id,
        {
            "targets": [
                {"type": "judiciary", "description": "lawyers gathered at the Civil Hospital"},
                {"type": "journalists", "description": "cameramen covering the gathering"},
            ]
        },
        expected_version=hospital.version,
        kb=kb,
        editor=ANALYST,
    )
    convoy = create_incident(
        session,
        {
            "date_start": "2016-08-11",
            "province": "Balochistan",
            "district": "Quetta",
            "place_detail": "Zarghoon Road, central Quetta",
            "event_type": "militant_attack",
            "tactics": ["ied"],
            "targets": [
                {"type": "judiciary", "description": "escort of a Federal Shariat Court judge"},
                {"type": "police", "description": "Anti-Terrorism Force escort vehicle"},
            ],
            "casualties": [
                {"category": "total", "outcome": "injured", "low": 13, "best": 14, "high": 17},
                {"category": "security_forces", "outcome": "injured", "best": 4},
            ],
            "summary": "A roadside bomb hit the police escort of a judge; the judge was unhurt.",
            "sources": [
                {"key": "dawn-2016-judge-convoy-blast"},
                {"key": "tribune-2016-08-11-roadside-bomb-judge"},
            ],
        },
        kb,
        ANALYST,
    )
    amaq = {
        "claimant": "Islamic State",
        "channel": "official_news_agency",
        "channel_name": "Amaq",
        "languages": ["ar", "en"],
    }
    ids = {
        "hospital": hospital.id,
        "convoy": convoy.id,
        "is_hospital": _claim(
            session,
            kb,
            **amaq,
            claimed_at="2016-08-08",
            statement_text=AMAQ_HOSPITAL,
            statement_language="en",
            incident_id=hospital.id,
            sources=[{"key": "straitstimes-2016-is-claims-quetta"}],
        ),
        "jua_hospital": _claim(
            session,
            kb,
            claimant="Jamaat-ul-Ahrar",
            channel="spokesperson_statement",
            claimed_at="2016-08-08",
            statement_text=JUA_HOSPITAL,
            statement_language="en",
            incident_id=hospital.id,
            sources=[{"key": "ibtimes-2016-taliban-isis-claim-quetta"}],
        ),
        "is_convoy": _claim(session, kb, **amaq, claimed_at="2016-08-12", incident_id=convoy.id),
        "jua_convoy": _claim(
            session,
            kb,
            claimant="Jamaat-ul-Ahrar",
            channel="spokesperson_statement",
            incident_id=convoy.id,
        ),
    }
    return ids


_CASES: dict[str, Case] = {}


@pytest.fixture
def case(request: pytest.FixtureRequest, backend: str) -> Case:
    """The case, built once per backend on a fresh ``db_url`` database."""
    if backend not in _CASES:
        url = request.getfixturevalue("db_url")
        engine = make_engine(url)
        with session_scope(engine) as s:
            ids = _build(s)
        engine.dispose()
        _CASES[backend] = Case(url=url, **ids)
    return _CASES[backend]


@pytest.fixture
def case_engine(case: Case) -> Iterator[Engine]:
    eng = make_engine(case.url)
    yield eng
    eng.dispose()


@pytest.fixture
def ro(case_engine: Engine) -> Iterator[Session]:
    """A session on the case whose changes are rolled back."""
    s = session_factory(case_engine)()
    try:
        yield s
    finally:
        s.rollback()
        s.close()


_KB: dict[str, Knowledge] = {}


@pytest.fixture
def case_kb(backend: str, ro: Session) -> Knowledge:
    """The knowledge as the case's database holds it (read once per backend)."""
    if backend not in _KB:
        _KB[backend] = load_knowledge(ro)
    return _KB[backend]


def factor(a: Assessment, name: str) -> Factor:
    (f,) = [f for f in a.factors if f.name == name]
    return f


def rank(grade: str) -> int:
    """0 for the best grade of the scale."""
    return [g for g, _ in SCALE].index(grade)


# --- the Islamic State's claim for the hospital bombing ----------------------------------


def test_is_claim_lists_the_competing_claim_by_jamaat_ul_ahrar(
    case: Case, ro: Session, case_kb: Knowledge
) -> None:
    a = assess(ro, case.is_hospital, case_kb)
    competition = factor(a, "competition")
    assert f"claim {case.jua_hospital} by Jamaat-ul-Ahrar" in competition.verdict
    # one attack more in Balochistan is not a clearly stronger record (docs/claims.md)
    assert competition.points <= 0
    assert any("competing claim by Jamaat-ul-Ahrar" in f for f in a.flags)


def test_is_claim_catches_the_ministry_pakistan_does_not_have(
    case: Case, ro: Session, case_kb: Knowledge
) -> None:
    local = factor(assess(ro, case.is_hospital, case_kb), "local_facts")
    assert local.points < 0
    assert "justice ministry" in local.verdict.lower()
    assert "no such ministry" in local.verdict
    assert "Ministry of Law and Justice" in local.verdict
    assert any("justice ministry" in e for e in local.evidence)  # quoted


def test_is_claim_flags_the_target_mismatch(case: Case, ro: Session, case_kb: Knowledge) -> None:
    a = assess(ro, case.is_hospital, case_kb)
    consistency = factor(a, "consistency")
    assert consistency.points < 0
    (flag,) = [f for f in a.flags if f.startswith("target mismatch")]
    assert flag in consistency.verdict
    said, recorded = flag.lower().split("the incident record has")
    assert "government officials" in said and "police" in said
    assert "judiciary" in recorded and "journalists" in recorded


def _family(session: Session, root: str) -> set[str]:
    rows = session.execute(text("SELECT key, parent_key FROM actors")).all()
    family, grew = {root}, True
    while grew:
        more = {k for k, parent in rows if parent in family} - family
        family |= more
        grew = bool(more)
    return family


def _attributed_before(session: Session, keys: set[str], before: dt.date) -> set[int]:
    query = text(
        "SELECT DISTINCT i.id FROM incidents i "
        "JOIN incident_actors a ON a.incident_id = i.id "
        "WHERE a.actor_key IN :keys AND a.role = 'perpetrator' AND a.basis <> 'claimed' "
        "AND i.deleted = :no AND i.country = 'PK' AND i.date_start < :before "
        "AND i.event_type IN :types"
    ).bindparams(bindparam("keys", expanding=True), bindparam("types", expanding=True))
    rows = session.scalars(
        query, {"keys": sorted(keys), "no": False, "before": before, "types": list(ATTACK_TYPES)}
    )
    return set(rows)


def _claimed_before(session: Session, keys: set[str], before: dt.date) -> set[int]:
    query = text(
        "SELECT DISTINCT i.id FROM claims c JOIN incidents i ON i.id = c.incident_id "
        "WHERE c.claimant_key IN :keys AND c.kind = 'claim' AND c.deleted = :no "
        "AND i.deleted = :no AND i.country = 'PK' AND i.date_start < :before"
    ).bindparams(bindparam("keys", expanding=True))
    return set(session.scalars(query, {"keys": sorted(keys), "no": False, "before": before}))


def test_is_claim_record_is_the_database_record_before_the_claim(
    case: Case, ro: Session, case_kb: Knowledge
) -> None:
    family = _family(ro, "islamic-state")
    assert {"islamic-state", "is-khorasan"} <= family
    attributed = _attributed_before(ro, family, HOSPITAL_DAY)
    claimed = _claimed_before(ro, family, HOSPITAL_DAY)
    assert attributed, "the bundled data attributes attacks in Pakistan to the IS family"
    assert not claimed

    a = assess(ro, case.is_hospital, case_kb)
    record = factor(a, "record")
    assert set(record.incidents) == attributed | claimed
    assert f"{len(attributed)} earlier attack(s) attributed" in record.verdict
    assert f"{len(attributed - claimed)} of them never claimed" in record.verdict
    # the hospital bombing was also claimed by Jamaat-ul-Ahrar: the claim is contested, so the
    # flag must not call it uncontested (issue 14)
    assert "no earlier uncontested claim by Islamic State" in record.verdict
    assert "this claim is contested" in record.verdict
    assert not any("first uncontested claim" in f for f in a.flags)
    assert record.label == f"Record in PK before {HOSPITAL_DAY}"


def test_is_claim_is_graded_below_the_jua_claim_for_the_hospital(
    case: Case, ro: Session, case_kb: Knowledge
) -> None:
    is_a = assess(ro, case.is_hospital, case_kb)
    jua_a = assess(ro, case.jua_hospital, case_kb)
    assert is_a.score < jua_a.score
    assert rank(is_a.grade) > rank(jua_a.grade)


def test_is_claim_is_graded_below_the_jua_claim_for_the_convoy(
    case: Case, ro: Session, case_kb: Knowledge
) -> None:
    is_a = assess(ro, case.is_convoy, case_kb)
    jua_a = assess(ro, case.jua_convoy, case_kb)
    assert is_a.score < jua_a.score
    assert "Jamaat-ul-Ahrar" in factor(is_a, "competition").verdict


def test_languages_and_channel_are_kept_as_given(case: Case, ro: Session) -> None:
    c = get_claim(ro, case.is_hospital)
    assert (c.channel, c.channel_name) == ("official_news_agency", "Amaq")
    assert c.languages == ["ar", "en"] and c.statement_language == "en"
    assert c.statement_text == AMAQ_HOSPITAL
    assert [x["key"] for x in c.sources] == ["straitstimes-2016-is-claims-quetta"]


# --- the same assessment on a statement that fits the record ------------------------------

CONSISTENT = (
    "A martyrdom-seeker of the Islamic State struck the lawyers gathered at the Civil Hospital "
    "in Quetta on Monday 8 August 2016, after their president was shot on his way to the "
    "Balochistan High Court, leaving 70 dead"
)
CHECK_WORDS = ("no such", "did not", "mismatch", "impossible", "not the incident", "names ")


def test_a_statement_consistent_with_the_record_passes_the_checks(
    case: Case, ro: Session, case_kb: Knowledge
) -> None:
    cid = _claim(
        ro,
        case_kb,
        claimant="Islamic State",
        channel="official_news_agency",
        channel_name="Amaq",
        languages=["ar", "en"],
        claimed_at="2016-08-08",
        statement_text=CONSISTENT,
        statement_language="en",
        incident_id=case.hospital,
    )
    a = assess(ro, cid, case_kb)
    local, consistency = factor(a, "local_facts"), factor(a, "consistency")
    assert local.points == local.max_points > 0
    assert "Balochistan High Court" in local.verdict
    assert consistency.points > 0
    for note in ("date fits", "place fits", "targets fit", "toll fits"):
        assert note in consistency.verdict
    for flag in a.flags:
        assert not any(w in flag for w in CHECK_WORDS), flag
    assert a.score > assess(ro, case.is_hospital, case_kb).score
