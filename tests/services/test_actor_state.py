"""An actor on two dates (services.actors, analysis.actor_questions.leadership_answer).

The Khorasan province of the Islamic State before and after its first leader, Hafiz Saeed
Khan, was killed (2016-07-26); the Islamic Movement of Uzbekistan before and after a segment
of it pledged allegiance to the Islamic State (August 2015).
"""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.analysis.actor_questions import leadership_answer
from militancydb.errors import ActorNotFound, AmbiguousName
from militancydb.knowledge.loader import Knowledge
from militancydb.services.actors import actor_state, actor_timeline

D = dt.date
ISKP = "Islamic State Khorasan Province"
BEFORE_DEATH, AFTER_DEATH = D(2016, 6, 1), D(2016, 9, 30)
BEFORE_PLEDGE, AFTER_PLEDGE = D(2015, 6, 1), D(2015, 9, 30)

_READ: dict[str, Knowledge] = {}


@pytest.fixture
def kbr(request: pytest.FixtureRequest, backend: str) -> Knowledge:
    """The registries of a fresh database on ``backend``, read once: these tests only read."""
    if backend not in _READ:
        _READ[backend] = request.getfixturevalue("kb")
    return _READ[backend]


def test_iskp_is_led_by_hafiz_saeed_khan_before_his_death(kbr: Knowledge) -> None:
    st = actor_state(kbr.registry, ISKP, BEFORE_DEATH)
    assert st.actor.key == "is-khorasan" and st.existed
    assert [(v.name, v.role) for v in st.leaders] == [("Hafiz Saeed Khan", "emir")]
    assert st.leaders[0].sources
    assert st.vacancy is None
    assert st.former_leaders == []


def test_after_his_death_the_post_is_vacant_with_the_reason(kbr: Knowledge) -> None:
    st = actor_state(kbr.registry, ISKP, AFTER_DEATH)
    assert [v for v in st.leaders if v.role == "emir"] == []
    assert [v.name for v in st.former_leaders] == ["Hafiz Saeed Khan"]
    fates = {(f.type, f.date, f.by) for f in st.former_leaders[0].fates}
    assert ("killed", "2016-07-26", "us-forces") in fates
    assert st.vacancy is not None
    assert st.vacancy.startswith("no leader recorded since Hafiz Saeed Khan killed on 2016-07-26")
    assert "no successor is recorded as in post by 2016-09-30" in st.vacancy


def test_leadership_answer_on_the_two_dates(kbr: Knowledge) -> None:
    before = leadership_answer(kbr, ISKP, BEFORE_DEATH)
    assert before.sentence.startswith(
        f"Islamic State Khorasan Province on {BEFORE_DEATH}: led by Hafiz Saeed Khan (emir"
    )
    assert before.vacancy is None
    after = leadership_answer(kbr, ISKP, AFTER_DEATH)
    assert "led by" not in after.sentence
    assert "Hafiz Saeed Khan killed on 2016-07-26" in after.sentence
    assert after.vacancy is not None and after.vacancy in after.sentence


def test_the_imu_pledge_is_absent_before_it_began_and_present_after(kbr: Knowledge) -> None:
    def pledges(day: dt.date) -> list[tuple[str, str, bool, bool]]:
        st = actor_state(kbr.registry, "imu", day)
        return [
            (v.direction, v.other, v.relation.partial, v.active)
            for v in st.relations
            if v.relation.type == "pledge"
        ]

    assert pledges(BEFORE_PLEDGE) == []
    assert pledges(AFTER_PLEDGE) == [("outgoing", "islamic-state", True, True)]
    seen_by_is = actor_state(kbr.registry, "islamic-state", AFTER_PLEDGE)
    incoming = [v for v in seen_by_is.relations if v.other == "imu"]
    assert [(v.relation.type, v.direction) for v in incoming] == [("pledge", "incoming")]
    assert incoming[0].relation.sources
    before_by_is = actor_state(kbr.registry, "islamic-state", BEFORE_PLEDGE)
    assert [v for v in before_by_is.relations if v.other == "imu"] == []


def test_iskp_on_the_later_date_parent_territory_and_relations(kbr: Knowledge) -> None:
    st = actor_state(kbr.registry, ISKP, AFTER_DEATH)
    assert st.parent is not None and st.parent.key == "islamic-state"
    assert [(p.places, p.start) for p in st.proclaimed] == [(("AF", "PK"), "2015-01")]
    assert all(p.sources for p in st.proclaimed)
    held = {(t.place, t.status) for t in st.territory}
    assert ("AF-NAN-achin", "contested") in held  # dominant, never a district centre (AAN)
    assert ("AF-NAN-kot", "lost") in held  # held until 2016-07
    assert all(t.sources for t in st.territory)
    others = {(v.relation.type, v.other) for v in st.relations}
    assert {("pledge", "islamic-state"), ("merger", "imu")} <= others
    assert all(v.relation.sources for v in st.relations)


def test_the_kot_district_was_still_contested_before_july_2016(kbr: Knowledge) -> None:
    st = actor_state(kbr.registry, ISKP, BEFORE_DEATH)
    assert ("AF-NAN-kot", "contested") in {(t.place, t.status) for t in st.territory}


def test_a_chapter_that_did_not_exist_yet(kbr: Knowledge) -> None:
    st = actor_state(kbr.registry, "is-pakistan", D(2016, 1, 1))
    assert not st.existed
    assert actor_state(kbr.registry, "is-pakistan", D(2020, 1, 1)).existed


def test_the_timeline_is_in_date_order_and_has_the_death(kbr: Knowledge) -> None:
    entries = actor_timeline(kbr.registry, "ISKP")
    dates = [e.date for e in entries]
    assert dates == sorted(dates)
    death = [
        e for e in entries if e.date == "2016-07-26" and "Hafiz Saeed Khan (emir) killed" in e.what
    ]
    assert len(death) == 1 and "drone strike" in death[0].what and death[0].sources


def test_unknown_and_ambiguous_names_are_clear_errors(kbr: Knowledge) -> None:
    with pytest.raises(ActorNotFound, match="no actor matches 'Nobody Brigade'"):
        actor_state(kbr.registry, "Nobody Brigade", AFTER_DEATH)
    with pytest.raises(AmbiguousName) as exc:
        actor_state(kbr.registry, "Jundollah", D(2010, 1, 1))  # both groups existed then
    assert "jundallah-iran" in str(exc.value) and "jundallah-pk" in str(exc.value)
