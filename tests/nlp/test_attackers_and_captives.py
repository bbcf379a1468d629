"""Deaths told without the usual figure (issue 11, eleventh session): the attacker as the
object of the killing or the last item of the victims' list, the attackers' own loss, and
captives killed after their capture. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp.casualties import casualties_in
from tests.nlp.figures import best_of, first_incident

DAY = dt.date(2025, 3, 8)


@pytest.mark.parametrize(
    ("text", "victims"),
    [
        ("A car bomb went off near a checkpoint in Kohat. The blast killed four shoppers and "
         "the bomber.", 4),
        ("A bomb went off prematurely near Mardan, killing the bomber as well as a passer-by.", 1),
        ("A gunman opened fire on a checkpoint in Chaman, killing three guards before a soldier "
         "was able to shoot and kill the attacker.", 3),
        ("Police surrounded a house in Swat where a militant was hiding, the bomber blowing "
         "himself up before they reached the door.", None),
    ],
)  # fmt: skip
def test_an_attacker_killed_without_a_number_is_one_attacker(
    text: str, victims: int | None
) -> None:
    inc = first_incident(text, DAY)
    assert best_of(inc, "attackers_killed") == 1
    assert best_of(inc, "killed") == victims


@pytest.mark.parametrize(
    "text",
    [
        # the subject of the next clause, not an item of the list
        "Gunmen killed two guards at a bank in Hub and the gunman fled on a motorcycle.",
        # the attacker's kin is a victim
        "Police said a bomb killed the bomber's brother at his house in Bannu.",
    ],
)
def test_an_attacker_named_beside_the_killing_is_not_always_dead(text: str) -> None:
    assert best_of(first_incident(text, DAY), "attackers_killed") is None


def test_the_attackers_own_loss_is_counted_apart() -> None:
    text = (
        "Gunmen stormed a levies post in Zhob, killing two levies and losing three of their "
        "own fighters."
    )
    found = casualties_in(text)
    assert [(c.value, c.group) for c in found] == [(2, "security"), (3, "militants")]
    inc = first_incident(text, DAY)
    assert best_of(inc, "killed") == 2
    assert best_of(inc, "attackers_killed") == 3


def test_an_own_loss_whose_noun_names_no_side_is_not_read() -> None:
    assert casualties_in("The tribe said it had lost two of their own men in the feud.") == []


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Gunmen abducted three teachers in Kech and killed them the next day.", 3),
        ("Militants kidnapped two contractors near Wana before killing them.", 2),
        ("The gunmen seized two police officers and a civilian at the checkpoint and later "
         "shot dead all of them.", 3),
    ],
)  # fmt: skip
def test_captives_killed_are_counted_by_their_capture(text: str, dead: int) -> None:
    assert best_of(first_incident(text, DAY), "killed") == dead


def test_captives_released_are_not_dead() -> None:
    text = "Gunmen abducted three teachers in Kech and released them the next day."
    assert best_of(first_incident(text, DAY), "killed") is None
