"""One death told without a number, and a figure said not to be reported (issue 11,
eleventh session). Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp.casualties import casualties_in
from tests.nlp.figures import best_of, first_incident

DAY = dt.date(2025, 3, 8)


@pytest.mark.parametrize(
    "text",
    [
        # a body found, in the active voice
        "Gunmen abducted a teacher in Zhob on Monday. Police found the teacher's body in a ravine.",
        "Villagers in Mastung discovered a headless body near the road.",
        # the pronoun object of a beheading or an execution
        "Militants abducted a driver in Kunar and later beheaded him.",
        "Gunmen seized a tribal elder in Bajaur and executed him the same night.",
        # "yet another"
        "Gunmen killed yet another trader in the Quetta bazaar.",
    ],
)
def test_one_death_told_without_a_number(text: str) -> None:
    assert best_of(first_incident(text, DAY), "killed") == 1


@pytest.mark.parametrize(
    "text",
    [
        "A bomb went off in Quetta. The blast shook the provincial oversight body's offices.",
        "Police found explosives strapped to his body when they searched the man in Chaman.",
    ],
)
def test_a_body_that_is_no_dead_person(text: str) -> None:
    assert all(c.outcome != "killed" for c in casualties_in(text))


@pytest.mark.parametrize(
    "sentence",
    [
        "There were no reports of a ransom demand, nor were there any reports of the two men "
        "being killed.",
        "There was no word of the three guards being hurt.",
    ],
)
def test_a_figure_said_not_to_be_reported_is_no_figure(sentence: str) -> None:
    assert casualties_in(sentence) == []


def test_reports_that_give_a_figure_still_count() -> None:
    found = casualties_in("Gunmen killed two guards; there were reports that four were wounded.")
    assert [(c.outcome, c.value) for c in found] == [("killed", 2), ("injured", 4)]


@pytest.mark.parametrize(
    ("sentence", "dead"),
    [
        ("Rescuers freed eight of the hostages in Kunduz; the other four had been tortured and "
         "killed.", 4),
        ("Police said the remaining three were blindfolded and killed by their captors.", 3),
    ],
)  # fmt: skip
def test_a_passive_pair_of_verbs_is_one_figure(sentence: str, dead: int) -> None:
    assert [(c.outcome, c.value) for c in casualties_in(sentence)] == [("killed", dead)]


def test_a_verb_of_another_outcome_before_and_ends_the_figure() -> None:
    text = "Two men were arrested and three killed in the raid in Kech."
    assert best_of(first_incident(text, DAY), "killed") == 3
