"""One casualty figure read from a sentence, and the group its people belong to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from militancydb.nlp.rules import Rules


@dataclass(frozen=True)
class Casualty:
    """One figure read from a sentence (offsets are within the sentence)."""

    outcome: str  # killed | injured
    value: int
    bound: str  # exact | low | high | vague
    group: str  # total | security | militants
    subset: bool
    start: int
    end: int
    joined: bool = False  # the next item of a list the previous figure began
    additive: bool = False  # "two others were also killed": on top of an earlier figure
    #: 1: a later figure that replaces those told before it ("the toll rose to 14", "later
    #: put the death toll at 8"); -1: one that yields to any other figure of the incident,
    #: an earlier report ("earlier reports said 5", "initially") or a total of several
    #: incidents ("in separate incidents ... a total of 9"); 0: neither
    revision: int = 0
    #: the low end of a range ("between two and four", "10 to 12"; ``value`` is the high end)
    low: int | None = None


def group_of(r: Rules, phrase: str) -> str:
    """militants, security or total, by the nouns of ``phrase``."""
    phrase = phrase.replace("-", " ")  # "suicide-bomber"
    # a possessive says whose, not who: "the bomber's brother" is no attacker
    phrase = re.sub(r"\b\w+['\u2019]s\b", " ", phrase)
    if r.attacker.search(phrase):
        return "militants"
    if r.security_noun.search(phrase):
        return "security"
    return "total"
