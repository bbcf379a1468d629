"""The lighter reads of the answers (issue 15, point 4) give what the reads they replaced
gave: the contested claims of ``operational`` against ``competing_claims``, the rows an
answer names by id against ``load_rows``, and the ranged incidents ``ix_incidents_ranged``
holds against the complement of the incidents known to one day."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from reference_tallies import ref_operational
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.analysis import data
from militancydb.analysis.data import load_rows
from militancydb.analysis.high_profile_walk import _point, _ranged
from militancydb.analysis.operational import operational
from militancydb.analysis.operational_reads import (
    claims_on,
    contested,
    group_incidents,
    made_by,
)
from militancydb.analysis.rows_by_id import load_rows_by_id
from militancydb.db.tables import Incident
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import (
    ClaimFilter,
    add_claim,
    competing_claims,
    list_claims,
    set_claim_status,
)
from militancydb.services.history import Editor
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import create_incident, delete_incident

ANALYST = Editor(user="analyst")


def attack(session: Session, kb: Knowledge, day: str, **extra: Any) -> int:
    doc: dict[str, Any] = {
        "date_start": day,
        "country": "PK",
        "province": "Balochistan",
        "district": "Quetta",
        "event_type": "militant_attack",
        "actors": [{"actor": "TTP", "role": "perpetrator", "basis": "attributed_by_dataset"}],
        "casualties": [{"category": "total", "best": 7}],
        "tactics": ["suicide_bombing"],
        **extra,
    }
    return create_incident(session, doc, kb, ANALYST).id


def claim(session: Session, kb: Knowledge, who: str, incident: int, **fields: Any) -> int:
    doc = {"claimant": who, "claimed_at": "2016-08-08", "incident_id": incident, **fields}
    return add_claim(session, doc, kb, ANALYST).id


def test_contested_is_what_competing_claims_says_for_the_group(
    session: Session, kb: Knowledge
) -> None:
    day = dt.date(2016, 8, 31)
    cases = {
        "IS and JuA": ["Islamic State", "Jamaat-ul-Ahrar"],
        "IS and its chapter": ["Islamic State", "IS-K"],
        "the chapter and LeJ": ["IS-K", "Lashkar-e-Jhangvi"],
        "IS alone": ["Islamic State"],
        "TTP and JuA, not the group": ["TTP", "Jamaat-ul-Ahrar"],
    }
    made = {name: attack(session, kb, "2016-08-01") for name in cases}
    for name, who in cases.items():
        for w in who:
            claim(session, kb, w, made[name])
    late = attack(session, kb, "2016-09-05")  # after the day
    claim(session, kb, "Islamic State", late)
    claim(session, kb, "Jamaat-ul-Ahrar", late)
    denied = attack(session, kb, "2016-08-02")  # a denial does not compete
    claim(session, kb, "Islamic State", denied)
    claim(session, kb, "TTP", denied, kind="denial")
    retracted = attack(session, kb, "2016-08-03")  # nor does a retracted claim
    claim(session, kb, "Islamic State", retracted)
    jua = claim(session, kb, "Jamaat-ul-Ahrar", retracted)
    set_claim_status(session, jua, "retracted", expected_version=1, editor=ANALYST)
    gone = attack(session, kb, "2016-08-04")  # nor a deleted incident
    claim(session, kb, "Islamic State", gone)
    claim(session, kb, "Jamaat-ul-Ahrar", gone)
    delete_incident(session, gone, expected_version=None, editor=ANALYST)

    for actor in ("islamic-state", "is-khorasan", "jamaat-ul-ahrar"):
        family = set(kb.registry.family(actor))
        want = {
            g.incident_id
            for g in competing_claims(session, kb, date_to=day)
            if any(c.claimant_key in family for c in g.claims)
        }
        assert contested(session, kb, family, day) == want, actor
    family = set(kb.registry.family("islamic-state"))
    assert {made["IS and JuA"], made["the chapter and LeJ"]} <= contested(session, kb, family, day)
    assert not {made["IS and its chapter"], late, denied, retracted, gone} & contested(
        session, kb, family, day
    )


def test_the_groups_claims_are_those_list_claims_lists(session: Session, kb: Knowledge) -> None:
    """``operational`` reads the claims on its incidents and the group's unlinked ones, as a
    few columns; of them, the group's are the claims :func:`list_claims` lists for the group
    up to the day (claims, not retracted or rejected) that can be in the answer (on one of
    its incidents, or on none), in its order: the claim's own day (a partial one read as
    its first day), else its incident's, then the claim's id."""
    perp = [{"actor": "IS-K", "role": "perpetrator", "basis": "attributed_by_dataset"}]
    early, late = attack(session, kb, "2016-06-01"), attack(session, kb, "2016-09-05")
    ours = attack(session, kb, "2016-07-15", actors=perp)
    abroad = attack(
        session, kb, "2016-07-15", actors=perp, country="AF", province=None, district=None
    )
    claim(session, kb, "Islamic State", early, claimed_at="2016-08")  # August 1st
    claim(session, kb, "IS-K", early, claimed_at="2016-07-30T10:00:00")
    claim(session, kb, "IS-K", late, claimed_at=None)  # the incident's day: after
    claim(session, kb, "Islamic State", early, claimed_at="2016")
    claim(session, kb, "Islamic State", early, claimed_at=None)  # the incident's day
    unlinked = claim(session, kb, "Islamic State", None, claimed_at="2016-08-20")
    claim(session, kb, "Islamic State", None, claimed_at=None)  # unlinked, no day: left out
    claim(session, kb, "Islamic State", early, kind="denial")
    dropped = claim(session, kb, "Islamic State", early, claimed_at="2016-08-02")
    set_claim_status(session, dropped, "retracted", expected_version=1, editor=ANALYST)
    claim(session, kb, "TTP", early)  # another group's
    # on the group's own attack: every precision, a month that ties its first day (by the
    # day, then the id: not by the text), one dated by its incident, one rejected
    day_one = claim(session, kb, "IS-K", ours, claimed_at="2016-08-01")
    august = claim(session, kb, "Islamic State", ours, claimed_at="2016-08")
    last_minute = claim(session, kb, "IS-K", ours, claimed_at="2016-08-31T23:59")
    claim(session, kb, "Islamic State", ours, claimed_at="2017")
    undated = claim(session, kb, "Islamic State", ours, claimed_at=None)
    rejected = claim(session, kb, "IS-K", ours, claimed_at="2016-07-16")
    set_claim_status(session, rejected, "rejected", expected_version=1, editor=ANALYST)
    claim(session, kb, "Islamic State", abroad, claimed_at="2016-07-16")  # another country
    for actor in ("islamic-state", "is-khorasan", "ttp"):
        family = set(kb.registry.family(actor))
        for day in (
            dt.date(2016, 7, 31),
            dt.date(2016, 8, 1),
            dt.date(2016, 8, 31),
            dt.date(2016, 12, 31),
            dt.date(2017, 1, 1),
        ):
            rows = group_incidents(session, family, "PK", day)
            want = [
                (c.id, c.incident_id, c.claimant_key, c.claimant_name)
                for c in list_claims(session, ClaimFilter(date_to=day, claimants=frozenset(family)))
                if c.kind == "claim"
                and c.status not in ("retracted", "rejected")
                and (c.incident_id is None or c.incident_id in rows)
            ]
            on, loose = claims_on(session, family, rows)
            got = [
                (c.id, c.incident_id, c.claimant_key, c.claimant_name)
                for c in made_by(on + loose, family, rows, day)
            ]
            assert got == want, (actor, day)
    family = set(kb.registry.family("islamic-state"))
    day = dt.date(2016, 8, 31)
    rows = group_incidents(session, family, "PK", day)
    on, loose = claims_on(session, family, rows)
    picked = {undated, day_one, august, unlinked, last_minute}
    got_ids = [c.id for c in made_by(on + loose, family, rows, day) if c.id in picked]
    assert got_ids == [undated, day_one, august, unlinked, last_minute]


def test_the_answer_with_its_claims_is_the_reference_answer(
    session: Session, kb: Knowledge
) -> None:
    """The whole answer, read from the claims on its incidents, is the answer of the reads it
    replaced (``reference_tallies``: every claim of the group through ``list_claims`` and
    every competing claim through ``competing_claims``) on the group's attacks claimed on
    days of every precision, contested, retracted and rejected, around the day asked."""
    perp = [{"actor": "IS-K", "role": "perpetrator", "basis": "attributed_by_dataset"}]
    days = ["2015-09-01", "2016-01-10", "2016-07-15", "2016-08-20", "2016-12-30"]
    hits = [attack(session, kb, d, actors=perp) for d in days]
    stamps = ["2016", "2016-01", "2016-07-31T22:00", "2016-08-31", None]
    for hit, stamp in zip(hits, stamps, strict=True):
        claim(session, kb, "Islamic State", hit, claimed_at=stamp)
    claim(session, kb, "Jamaat-ul-Ahrar", hits[1], claimed_at="2016-01-11")  # contested
    rival = claim(session, kb, "Lashkar-e-Jhangvi", hits[2], claimed_at="2016-07")
    set_claim_status(session, rival, "retracted", expected_version=1, editor=ANALYST)
    own = claim(session, kb, "IS-K", hits[3], claimed_at="2016-08-21")
    set_claim_status(session, own, "rejected", expected_version=1, editor=ANALYST)
    claim(session, kb, "IS-K", hits[3], claimed_at="2016-08")  # a second chapter's, earlier
    claim(session, kb, "Islamic State", None, claimed_at="2016-08")  # linked to no incident
    claim(session, kb, "Islamic State", hits[0], kind="denial")
    for on in ("2015-12-31", "2016-01-01", "2016-07-31", "2016-08-01", "2016-08-31", "2017-01-01"):
        day = dt.date.fromisoformat(on)
        for actor in ("Islamic State", "IS-K", "Jamaat-ul-Ahrar"):
            got = operational(session, kb, actor, "PK", day)
            assert got == ref_operational(session, kb, actor, "PK", day), (actor, on)
    answer = operational(session, kb, "Islamic State", "PK", dt.date(2016, 8, 31))
    assert {e.incident_id for e in answer.claims} == set(hits[:4])
    assert {e.incident_id for e in answer.claims if e.contested} == {hits[1]}


def test_rows_by_id_are_the_rows_of_the_filter_by_ids(session: Session, kb: Knowledge) -> None:
    ids = [
        attack(session, kb, "2016-08-01"),
        attack(session, kb, "2016-08-01", date_precision="month"),
        attack(session, kb, "2015-03-01", targets=[{"type": "police"}], tactics=["armed_assault"]),
    ]
    gone = attack(session, kb, "2016-08-05")
    delete_incident(session, gone, expected_version=None, editor=ANALYST)
    live = select(Incident.id).where(Incident.deleted.is_(False), Incident.id != gone)
    held = list(session.execute(live.order_by(Incident.id).limit(40)).scalars())
    wanted = [*ids, gone, *held, -1]
    got = load_rows_by_id(session, wanted)
    assert got == load_rows(session, IncidentFilter(ids=frozenset(wanted)))
    assert {r.id for r in got} == set(ids) | set(held)
    assert load_rows_by_id(session, []) == []


def test_child_rows_by_an_array_of_ids_are_those_of_the_sub_select(
    session: Session, kb: Knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in ("2016-08-01", "2016-08-02", "2016-08-30"):
        attack(session, kb, day, targets=[{"type": "police"}, {"type": "civilians"}])
    month = IncidentFilter(date_from=dt.date(2016, 8, 1), date_to=dt.date(2016, 8, 31))
    got = load_rows(session, month)  # PostgreSQL: by an array of the ids
    assert len(got) >= 3 and all(r.targets for r in got[-3:])
    monkeypatch.setattr(data, "ARRAY_IDS", 0)  # by a sub-select of the filter
    assert load_rows(session, month) == got


def test_ranged_is_the_complement_of_known_to_the_day(session: Session, kb: Knowledge) -> None:
    for day, extra in [
        ("2016-08-01", {}),
        ("2016-08-01", {"date_end": "2016-08-01"}),
        ("2016-08-01", {"date_end": "2016-08-03", "date_precision": "days"}),
        ("2016-08-01", {"date_precision": "month"}),
        ("2016-01-01", {"date_precision": "year"}),
        ("2016-08-01", {"date_precision": "week"}),
    ]:
        attack(session, kb, day, **extra)

    def count(*where: Any) -> int:
        return int(session.execute(select(func.count(Incident.id)).where(*where)).scalar_one())

    everything = count()
    assert count(_point()) + count(_ranged()) == everything
    assert count(_point(), _ranged()) == 0
    assert count(_ranged()) >= 4


def test_the_definition_is_the_key_of_the_kept_statements() -> None:
    from militancydb.analysis.high_profile_defs import definition
    from militancydb.analysis.high_profile_walk import _reads

    d = definition("analyst")
    flt = IncidentFilter(country="PK")
    assert _reads(flt, d, "country") is _reads(flt, d, "country")
    other = dataclasses.replace(d, min_killed=40)
    assert _reads(flt, other, "country") is not _reads(flt, d, "country")
