"""Deaths that are not the attack's (issue 11, eleventh session): the state's dead told after
the first sentence of a report of an attack, and an earlier killing dated "days before".
Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp.casualties import casualties_in
from tests.nlp.figures import best_of, first_incident

DAY = dt.date(2025, 6, 8)


@pytest.mark.parametrize(
    "text",
    [
        ("A bomb exploded at a power pylon near Kohlu on Sunday, cutting power to the town. "
         "Nawab Khan was killed by government forces in an air strike on May 3."),
        ("Two grenades were thrown at a police station in Sibi on Sunday. The attack comes "
         "after a tribal chief was killed at the end of May by a military air strike."),
    ],
)  # fmt: skip
def test_the_states_dead_after_the_first_sentence_are_background(text: str) -> None:
    assert best_of(first_incident(text, DAY), "killed") is None


@pytest.mark.parametrize(
    ("text", "field", "dead"),
    [
        # the report itself: its first sentence
        ("Two civilians were killed by security forces in a raid in Khyber.", "killed", 2),
        # the attackers' own dead stay the attackers' figure
        ("Gunmen killed three shopkeepers in Turbat. Two of the gunmen were later killed by "
         "the police.", "attackers_killed", 2),
        # the attack's own victims, killed by militants
        ("A bomb went off in a bazaar in Kohat. Four people were killed by the blast.",
         "killed", 4),
    ],
)  # fmt: skip
def test_the_states_dead_that_are_the_report_are_kept(text: str, field: str, dead: int) -> None:
    assert best_of(first_incident(text, DAY), field) == dead


def test_a_killing_dated_days_before_is_an_earlier_event() -> None:
    found = casualties_in(
        "Protesters set fire to the consulate in retaliation for a bombing that killed their "
        "leader only days before."
    )
    assert [(c.value, c.revision) for c in found] == [(1, -1)]


def test_days_before_another_event_is_not_an_earlier_event() -> None:
    found = casualties_in("A bomb killed three people in Quetta days before the vote.")
    assert [(c.value, c.revision) for c in found] == [(3, 0)]


@pytest.mark.parametrize(
    "text",
    [
        ("A bomb damaged a gas pipeline near Sibi on Sunday. The attack came during unrest "
         "following the death of Nawab Khan, a tribal leader in the province."),
        ("A bomb damaged a gas pipeline near Sibi on Sunday. Protests have spread since the "
         "killing of a tribal leader in the province."),
        ("Gunmen set fire to a school in Kalat. The attack came on the anniversary of the "
         "death of a local cleric."),
    ],
)  # fmt: skip
def test_a_death_named_as_a_cause_is_background(text: str) -> None:
    assert best_of(first_incident(text, DAY), "killed") is None


def test_the_reports_own_toll_beside_a_death_named_as_a_cause_is_kept() -> None:
    text = (
        "Gunmen killed three policemen in Bannu in retaliation for the killing of their commander."
    )
    assert [c.value for c in casualties_in(text) if c.outcome == "killed"] == [3]
