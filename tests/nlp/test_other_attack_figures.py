"""A figure of another attack told beside the report's yields to the report's own (issue 11,
eleventh session). Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp.casualties import casualties_in
from tests.nlp.figures import best_of, first_incident

DAY = dt.date(2025, 3, 8)


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("A bomb strapped to a bicycle exploded near the bus stand in Lahore, killing a vendor "
         "and wounding 12 people. Another bicycle bomb exploded an hour later near the railway "
         "station, killing five people.", 1),
        ("A bomb on a motorcycle went off in Mardan, killing a guard. It was part of a "
         "coordinated attack in which another motorcycle-bomb exploded an hour later, killing "
         "six people.", 1),
        ("A landmine killed a candidate in Musa Qala on Friday. A follow-on attack on his "
         "funeral on Sunday killed four policemen.", 1),
    ],
)  # fmt: skip
def test_another_attacks_figure_yields_to_the_reports_own(text: str, dead: int) -> None:
    assert best_of(first_incident(text, DAY), "killed") == dead


def test_another_attacks_figure_alone_is_still_read() -> None:
    text = "A second car bomb went off at the gate minutes later, killing four guards."
    assert [(c.value, c.revision) for c in casualties_in(text)] == [(4, -1)]
    text = "A second car bomb went off at the gate of the base in Bannu later, killing four guards."
    assert best_of(first_incident(text, DAY), "killed") == 4


def test_another_attack_that_leads_the_report_is_the_reports_own() -> None:
    text = "Another attack on the police in Lakki Marwat left three constables dead on Sunday."
    assert [(c.value, c.revision) for c in casualties_in(text)] == [(3, 0)]


def test_more_people_of_the_same_attack_are_no_other_attack() -> None:
    text = "A bomb exploded in Kohat, killing three people. Another three people died in hospital."
    assert best_of(first_incident(text, DAY), "killed") == 6
