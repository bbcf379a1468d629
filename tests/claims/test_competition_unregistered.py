"""The credibility factor "Competing claims" counts a claim by a group the actor registry
does not hold (a different normalised name) as a competitor, by the rule the claims listing
uses: listed with its name, its local record not weighed (no actor), so it neither costs
nor gives points (the +4 for a record at least as strong as every competitor's is
withheld; the −10 rests on the registry actors). On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from militancydb.analysis.operational_reads import contested
from militancydb.claims.credibility import assess
from militancydb.domain.claim import Factor
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import add_claim, competing_claims
from militancydb.services.claims_record import group_record
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident

ED = Editor(user="analyst", reason="competition test")
SRC = [{"publisher": "Test Wire", "published": "2019-03-05", "url": "https://example.org/c"}]
RIVAL = "Jaish-e-Invented Front"  # made up: no registry entry holds it


def _attack(session: Session, kb: Knowledge, day: str, *perpetrators: str) -> int:
    doc: dict[str, Any] = {
        "date_start": day,
        "country": "PK",
        "province": "Khyber Pakhtunkhwa",
        "event_type": "militant_attack",
        "actors": [
            {"actor": p, "role": "perpetrator", "basis": "attributed_by_officials"}
            for p in perpetrators
        ],
    }
    return create_incident(session, doc, kb, ED).id


def _claim(session: Session, kb: Knowledge, who: str, incident: int, **extra: Any) -> int:
    data = {
        "claimant": who,
        "incident_id": incident,
        "claimed_at": "2019-03-05",
        "channel": "spokesperson_statement",
        "sources": SRC,
        **extra,
    }
    return add_claim(session, data, kb, ED).id


def _competition(session: Session, kb: Knowledge, claim_id: int) -> tuple[Factor, list[str]]:
    a = assess(session, claim_id, kb)
    return next(f for f in a.factors if f.name == "competition"), a.flags


def test_an_unregistered_competitor_is_listed_and_not_weighed(
    session: Session, kb: Knowledge
) -> None:
    for day in ("2017-01-10", "2017-06-10", "2018-02-10"):  # the TTP's record in the province
        _attack(session, kb, day, "ttp")
    target = _attack(session, kb, "2019-03-04")
    ttp = _claim(session, kb, "ttp", target)
    lej = _claim(session, kb, "lej", target)
    # two registry actors: the TTP's record is stronger than LeJ's (none) and not empty
    f, _ = _competition(session, kb, ttp)
    assert f.points == 4 and "Lashkar" in f.verdict
    g, _ = _competition(session, kb, lej)
    assert g.points == -10

    rival = _claim(session, kb, RIVAL, target, claimant_unregistered=True)
    f, flags = _competition(session, kb, ttp)
    assert f"claim {rival} by {RIVAL}" in f.verdict
    assert "local record cannot be weighed" in f.verdict
    assert f.points == 0  # the +4 cannot be shown against a record that is unknown
    assert any(f"{RIVAL} (unregistered)" in x for x in flags)
    # LeJ's claim still meets the TTP's clearly stronger record: the −10 stands
    g, _ = _competition(session, kb, lej)
    assert g.points == -10 and RIVAL in g.verdict
    # the claims listing counts the same competitors
    (group,) = competing_claims(session, kb)
    assert {c.id for c in group.claims} == {ttp, lej, rival}


def test_the_same_name_written_otherwise_does_not_compete(session: Session, kb: Knowledge) -> None:
    target = _attack(session, kb, "2019-03-04")
    first = _claim(session, kb, RIVAL, target, claimant_unregistered=True)
    _claim(session, kb, RIVAL.lower().replace("-", " "), target, claimant_unregistered=True)
    f, _ = _competition(session, kb, first)
    assert (f.points, f.verdict) == (0, "no other organisation claimed this incident")
    assert competing_claims(session, kb) == []
    # an unregistered name alone against a registry actor with no record: nothing weighed
    ttp = _claim(session, kb, "ttp", target)
    f, flags = _competition(session, kb, ttp)
    assert f.points == 0 and f.verdict.count("cannot be weighed") == 2
    assert [g.incident_id for g in competing_claims(session, kb)] == [target]
    h, _ = _competition(session, kb, first)
    assert f"claim {ttp} by" in h.verdict and "cannot be weighed" not in h.verdict


def test_every_place_that_asks_whether_two_groups_claimed_an_attack_agrees(
    session: Session, kb: Knowledge
) -> None:
    """``ask operational``'s contested claims, a group's record of claims and the record
    factor count a competing unregistered claim as the claims listing does (one rule:
    ``services.claims_competing``), and the same name written otherwise as no rival."""
    rivalled = _attack(session, kb, "2019-03-04")
    alone = _attack(session, kb, "2019-02-04")
    ttp_rivalled = _claim(session, kb, "ttp", rivalled)
    _claim(session, kb, RIVAL, rivalled, claimant_unregistered=True)
    _claim(session, kb, "ttp", alone, claimed_at="2019-02-04")
    # two renderings of one unregistered name on a third attack: one claimant, no rivalry
    same = _attack(session, kb, "2019-01-04")
    _claim(session, kb, RIVAL, same, claimant_unregistered=True, claimed_at="2019-01-04")
    _claim(session, kb, RIVAL.upper(), same, claimant_unregistered=True, claimed_at="2019-01-04")
    listed = {g.incident_id for g in competing_claims(session, kb)}
    assert listed == {rivalled}
    family = {"ttp", *kb.registry.family("ttp")}
    assert contested(session, kb, family, dt.date(2019, 12, 31)) == listed
    record = group_record(session, kb.registry, "ttp")
    assert (record.total("made"), record.total("contested")) == (2, 1)
    # the claim's own record factor: TTP's claim is the contested one
    later = _attack(session, kb, "2019-04-04")
    mine = _claim(session, kb, "ttp", later, claimed_at="2019-04-04")
    f = next(x for x in assess(session, mine, kb).factors if x.name == "record")
    assert "1 earlier uncontested claim(s)" in f.verdict, f.verdict
    assert ttp_rivalled != mine
