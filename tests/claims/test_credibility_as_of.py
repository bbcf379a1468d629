"""A credibility grade as of a claim's day reads only what was known that day (issue 14,
point 5, for the claims factors): registry facts resting on a source published by then,
and claims made by then."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from militancydb.claims.credibility import assess
from militancydb.domain.claim import Factor
from militancydb.domain.dates import latest
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import add_claim
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident
from militancydb.services.known import source_dates

ED = Editor(user="analyst", reason="as-of test")
SRC = [{"publisher": "Test Wire", "published": "2010-01-01", "url": "https://example.org/x"}]


def _factor(session: Session, claim_id: int, kb: Knowledge, name: str) -> Factor:
    return next(f for f in assess(session, claim_id, kb).factors if f.name == name)


def _attack(
    session: Session, kb: Knowledge, day: str, province: str = "Balochistan", country: str = "PK"
) -> int:
    doc = {
        "date_start": day,
        "country": country,
        "province": province,
        "event_type": "militant_attack",
    }
    return create_incident(session, doc, kb, ED).id


def _claim(session: Session, kb: Knowledge, who: str, incident: int, day: str) -> int:
    data = {"claimant": who, "incident_id": incident, "claimed_at": day, "sources": SRC}
    return add_claim(session, data, kb, ED).id


def test_territory_known_only_from_a_later_source_is_not_weighed(
    session: Session, kb: Knowledge
) -> None:
    # the registry's proclamation of the Islamic State's Hind province in Pakistan (from 2016)
    hind = [p for p in kb.registry.proclaimed if p.actor == "is-hind" and "PK" in p.places]
    assert len(hind) == 1
    dates = source_dates(session)
    published = [latest(dates.get(k)) for k in hind[0].sources]
    first = min(d for d in published if d is not None)
    before, after = first - dt.timedelta(days=30), first + dt.timedelta(days=30)
    assert hind[0].active_on(before) and hind[0].active_on(after)  # valid on both days

    early = _claim(session, kb, "is-hind", _attack(session, kb, str(before)), str(before))
    f = _factor(session, early, kb, "territory")
    assert f.points == 0 and f.evidence == []
    assert "known only from later or undated sources" in f.verdict

    late = _claim(session, kb, "is-hind", _attack(session, kb, str(after)), str(after))
    g = _factor(session, late, kb, "territory")
    assert g.points == 3
    assert g.evidence and all((latest(dates.get(k)) or dt.date.max) <= after for k in g.evidence)


def test_record_and_competition_leave_out_claims_made_after_the_day(
    session: Session, kb: Knowledge
) -> None:
    old = _attack(session, kb, "2009-01-10", "Khyber Pakhtunkhwa")
    new = _attack(session, kb, "2009-06-10", "Khyber Pakhtunkhwa")
    mine = _claim(session, kb, "hizb-ul-ahrar", new, "2009-06-10")
    f = _factor(session, mine, kb, "record")
    assert "first uncontested claim" in f.verdict
    # a later admission of the earlier attack, and a later rival claim on this one
    _claim(session, kb, "hizb-ul-ahrar", old, "2012-03-01")
    _claim(session, kb, "lej", new, "2009-07-01")
    g = _factor(session, mine, kb, "record")
    assert g.points == f.points and g.verdict == f.verdict
    comp = _factor(session, mine, kb, "competition")
    assert comp.verdict == "no other organisation claimed this incident"
    # the same rival claim made by the day is weighed
    _claim(session, kb, "lej", new, "2009-06-10")
    comp = _factor(session, mine, kb, "competition")
    assert "Lashkar" in comp.verdict


def test_a_place_outside_the_territory_known_then_is_not_held_against_the_claim(
    session: Session, kb: Knowledge
) -> None:
    """Of the Islamic State's provinces standing on a day, only those with a source out by
    then are read; if another is known only from a later or undated source, a place outside
    the known ones is not penalised (that province may cover it)."""
    dates = source_dates(session)
    reg = kb.registry
    day = dt.date(2020, 3, 25)
    keys = {"islamic-state", *reg.family("islamic-state")}
    standing = [p for k in keys for p in reg.proclaimed_on(k, day)]
    known = [
        p for p in standing if any((latest(dates.get(s)) or dt.date.max) <= day for s in p.sources)
    ]
    unknown = [p for p in standing if p not in known]
    assert known and unknown  # the case this test is about holds in the shipped registry
    assert not any("AF" in p.places for p in known)
    claim = _claim(
        session, kb, "islamic-state", _attack(session, kb, str(day), "AF-KAB", "AF"), str(day)
    )
    f = _factor(session, claim, kb, "territory")
    assert f.points == 0 and "not weighed" in f.verdict
