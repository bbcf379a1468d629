"""``operational``: has a group become operational in a country? Tested on incidents built
here, with the expected counts worked out in the test from the fixture itself.

Rules (``analysis/operational.py``), over the twelve months before the date: operational on
a confirmed attack, two or more uncontested claims, or three or more attributed attacks;
emerging on anything less; "no record" on nothing. Chapters count as the group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from militancydb.analysis.operational import operational
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import add_claim
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident

ANALYST = Editor(user="analyst")
ON = dt.date(2016, 8, 31)
WINDOW_START = ON - dt.timedelta(days=365)


@dataclass(frozen=True)
class Spec:
    """One fixture incident: when, where, by whom (and how the link is known)."""

    day: str
    province: str
    district: str
    actor: str
    basis: str = "attributed_by_dataset"
    role: str = "perpetrator"
    event_type: str = "militant_attack"
    country: str = "PK"
    killed: int | None = None


def add(session: Session, kb: Knowledge, s: Spec) -> int:
    doc: dict[str, Any] = {
        "date_start": s.day,
        "country": s.country,
        "province": s.province,
        "district": s.district,
        "event_type": s.event_type,
        "actors": [{"actor": s.actor, "role": s.role, "basis": s.basis}],
    }
    if s.killed is not None:
        doc["casualties"] = [{"category": "total", "best": s.killed}]
    return create_incident(session, doc, kb, ANALYST).id


def claim(session: Session, kb: Knowledge, who: str, incident: int, day: str) -> int:
    return add_claim(
        session,
        {
            "claimant": who,
            "claimed_at": day,
            "incident_id": incident,
            "channel": "official_news_agency",
        },
        kb,
        ANALYST,
    ).id


FIXTURE = [
    Spec("2015-05-13", "Sindh", "Karachi", "islamic-state", killed=45),
    Spec("2016-02-12", "Khyber Pakhtunkhwa", "Peshawar", "is-khorasan", killed=3),
    Spec("2016-06-01", "Balochistan", "Quetta", "is-khorasan", killed=2),
    # not counted: another country, an operation against the group, another group, too late
    Spec("2016-05-01", "Nangarhar", "Achin", "is-khorasan", country="AF", killed=5),
    Spec(
        "2016-04-01",
        "FATA",
        "Khyber Agency",
        "is-khorasan",
        role="target",
        event_type="military_operation",
        killed=30,
    ),
    Spec("2016-03-01", "Balochistan", "Quetta", "TTP", killed=9),
    Spec("2016-09-05", "Balochistan", "Quetta", "is-khorasan", killed=1),
]
FAMILY = {"islamic-state", "is-khorasan", "is-pakistan", "is-hind"}


def counted(s: Spec) -> bool:
    return (
        s.country == "PK"
        and s.actor in FAMILY
        and s.role == "perpetrator"
        and s.event_type == "militant_attack"
        and dt.date.fromisoformat(s.day) <= ON
    )


@pytest.fixture
def record(session: Session, kb: Knowledge) -> dict[str, int]:
    return {s.day: add(session, kb, s) for s in FIXTURE}


def test_no_attack_and_no_claim_is_no_record(session: Session, kb: Knowledge) -> None:
    a = operational(session, kb, "Islamic State", "PK", ON)
    assert a.verdict == "no record"
    assert a.first_attack is None and a.first_claim is None
    assert a.incidents == []
    assert "no claim by the group in PK is recorded" in a.reasons


def test_a_chapters_attacks_count_for_the_group(
    session: Session, kb: Knowledge, record: dict[str, int]
) -> None:
    a = operational(session, kb, "Islamic State", "PK", ON)
    expected = {record[s.day] for s in FIXTURE if counted(s)}
    assert {e.incident_id for e in a.attributed} == expected
    assert a.incidents == sorted(expected)


def test_each_incident_says_which_chapter(
    session: Session, kb: Knowledge, record: dict[str, int]
) -> None:
    a = operational(session, kb, "Islamic State", "PK", ON)
    names = {"islamic-state": "Islamic State", "is-khorasan": "Islamic State Khorasan Province"}
    by_id = {e.incident_id: e.chapter for e in a.attributed}
    for s in FIXTURE:
        if counted(s):
            assert by_id[record[s.day]] == names[s.actor]


def test_the_answer_for_a_chapter_leaves_out_its_parent(
    session: Session, kb: Knowledge, record: dict[str, int]
) -> None:
    a = operational(session, kb, "IS-K", "PK", ON)
    expected = {record[s.day] for s in FIXTURE if counted(s) and s.actor == "is-khorasan"}
    assert {e.incident_id for e in a.attributed} == expected


def test_fewer_than_three_recent_attributions_is_emerging(
    session: Session, kb: Knowledge, record: dict[str, int]
) -> None:
    a = operational(session, kb, "Islamic State", "PK", ON)
    recent = [s for s in FIXTURE if counted(s) and dt.date.fromisoformat(s.day) > WINDOW_START]
    assert len(recent) == 2
    assert a.verdict == "emerging"
    assert f"{len(recent)} attack(s) attributed by datasets or officials" in a.reasons[0]
    first = min((s for s in FIXTURE if counted(s)), key=lambda s: s.day)
    assert a.first_attack is not None
    assert (a.first_attack.incident_id, str(a.first_attack.date)) == (record[first.day], first.day)


def test_three_recent_attributions_make_the_group_operational(
    session: Session, kb: Knowledge, record: dict[str, int]
) -> None:
    add(session, kb, Spec("2016-07-01", "Punjab", "Lahore", "islamic-state"))
    a = operational(session, kb, "Islamic State", "PK", ON)
    assert a.verdict == "operational"
    assert "3 attack(s) attributed by datasets or officials" in a.reasons[0]


def test_attacks_are_counted_by_year_and_province(
    session: Session, kb: Knowledge, record: dict[str, int]
) -> None:
    a = operational(session, kb, "Islamic State", "PK", ON)
    years: dict[int, int] = {}
    provinces: dict[str, int] = {}
    for s in filter(counted, FIXTURE):
        years[int(s.day[:4])] = years.get(int(s.day[:4]), 0) + 1
        provinces[s.province] = provinces.get(s.province, 0) + 1
    assert {y.year: y.attributed for y in a.by_year} == years
    assert a.by_province == provinces


def test_a_confirmed_attack_makes_the_group_operational(session: Session, kb: Knowledge) -> None:
    add(session, kb, Spec("2016-08-01", "Balochistan", "Quetta", "is-khorasan", basis="confirmed"))
    a = operational(session, kb, "Islamic State", "PK", ON)
    assert a.verdict == "operational"
    assert len(a.confirmed) == 1 and a.attributed == []


def test_two_uncontested_claims_make_the_group_operational(session: Session, kb: Knowledge) -> None:
    for day in ("2016-05-01", "2016-08-08"):
        iid = add(session, kb, Spec(day, "Balochistan", "Quetta", "is-khorasan", basis="suspected"))
        claim(session, kb, "Islamic State", iid, day)
    a = operational(session, kb, "Islamic State", "PK", ON)
    assert a.verdict == "operational"
    assert "2 attack(s) claimed uncontested and 0 claimed but contested" in a.reasons[0]
    assert a.first_claim is not None and str(a.first_claim.date) == "2016-05-01"


def test_contested_claims_alone_are_emerging(session: Session, kb: Knowledge) -> None:
    for day in ("2016-05-01", "2016-08-08"):
        iid = add(session, kb, Spec(day, "Balochistan", "Quetta", "TTP"))
        claim(session, kb, "Islamic State", iid, day)
        claim(session, kb, "Jamaat-ul-Ahrar", iid, day)
    a = operational(session, kb, "Islamic State", "PK", ON)
    assert a.verdict == "emerging"
    assert "0 attack(s) claimed uncontested and 2 claimed but contested" in a.reasons[0]
    assert "its recent claims are all contested by another organisation" in a.reasons
    assert all(e.contested for e in a.claims)


def test_attributions_before_the_first_claim_are_a_disagreement(
    session: Session, kb: Knowledge, record: dict[str, int]
) -> None:
    iid = add(session, kb, Spec("2016-08-08", "Balochistan", "Quetta", "TTP", killed=70))
    claim(session, kb, "Islamic State", iid, "2016-08-08")
    a = operational(session, kb, "Islamic State", "PK", ON)
    before = sorted(s.day for s in FIXTURE if counted(s) and s.day < "2016-08-08")
    (said,) = [d for d in a.disagreements if "before its first own claim" in d]
    assert f"attribute {len(before)} attack(s)" in said
    assert f"the earliest on {before[0]}" in said
    assert a.first_claim is not None and a.first_claim.incident_id == iid


def test_the_group_and_its_chapter_claiming_one_attack_is_one_claimed_attack(
    session: Session, kb: Knowledge
) -> None:
    iid = add(session, kb, Spec("2016-08-08", "Balochistan", "Quetta", "TTP", killed=70))
    claim(session, kb, "Islamic State", iid, "2016-08-08")
    claim(session, kb, "IS-K", iid, "2016-08-08")
    a = operational(session, kb, "Islamic State", "PK", ON)
    assert {e.incident_id for e in a.claims} == {iid}
    assert a.verdict == "emerging"  # one attack claimed: not yet "two or more claims"
    assert [(y.year, y.claimed) for y in a.by_year] == [(2016, 1)]
