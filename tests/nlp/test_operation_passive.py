"""Militants killed, told in the passive: a security operation where the text names the
security forces and an operation, and no attack by militants told before it (sentences
written for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp.pipeline import extract

DAY = dt.date(2023, 6, 12)


@pytest.mark.parametrize(
    "text",
    [
        "Four terrorists were sent to hell by security forces during an IBO in Khyber "
        "district, the military's media wing said.",
        "Five militants were killed as troops raided a hideout near Miranshah on Sunday.",
        "Two suspected insurgents were reportedly killed in an operation launched by police in "
        "Zhob on Friday.",
    ],
)
def test_passive_killing_in_an_operation_is_a_security_operation(text: str) -> None:
    (inc,) = extract(text, doc_id="t", published=DAY)
    assert inc.event_type.value == "security_operation"
    assert inc.event_type.span is not None
    assert " were " in inc.event_type.span.text


@pytest.mark.parametrize(
    "text",
    [
        # the attack comes first; the attackers died repelling it
        "Militants attacked a police post in Tank late on Monday. Police said three terrorists "
        "were killed in the exchange of fire during the operation that followed.",
        # no security forces named: their own bomb
        "Two militants were killed when the bomb they were planting went off near a school in "
        "Bajaur.",
    ],
)
def test_attack_stays_an_attack(text: str) -> None:
    incidents = extract(text, doc_id="t", published=DAY)
    assert incidents, "an incident is told"
    assert incidents[0].event_type.value != "security_operation"
