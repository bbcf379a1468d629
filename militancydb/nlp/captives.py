"""Captives killed, counted by their capture: "gunmen abducted three teachers and killed
them the next day", "militants kidnapped two police officers and a civilian before killing
them". The pronoun names the people the capture counted (one sentence; the list is read as
:mod:`~militancydb.nlp.companions` reads lists of people)."""

from __future__ import annotations

import re

from militancydb.nlp.companions import count_people
from militancydb.nlp.figure import Casualty, group_of
from militancydb.nlp.rules import Rules

_CAPTURED = re.compile(
    r"\b(?:abducted|kidnapped|seized|took\s+away)\s+(?P<who>[^.;:()]{1,90}?)\s*,?\s+"
    r"(?:and\s+(?:then\s+|later\s+|subsequently\s+)?|before\s+|then\s+)"
    r"(?:killed|killing|shot\s+dead|executed|executing|beheaded|beheading|murdered|murdering"
    r"|slaughtered|hanged|hanging)\s+(?:all\s+(?:of\s+)?)?them\b",
    re.I,
)
#: Where the list of captives ends: a place, a time, a clause.
_END = re.compile(
    r",|\s(?:in|on|at|near|from|outside|inside|while|when|as|who|whom|which|that|during"
    r"|after|last|this|yesterday|today)\b",
    re.I,
)


def captives_killed(r: Rules, sentence: str, found: list[Casualty]) -> list[Casualty]:
    """The captives killed (see the module docstring), when the sentence gives no other
    figure of the dead."""
    if any(c.outcome == "killed" for c in found):
        return found
    m = _CAPTURED.search(sentence)
    if m is None:
        return found
    who = m.group("who")
    end = _END.search(who)
    who = who[: end.start()] if end else who
    n = count_people(r, who)
    if not n:
        return found
    start = m.start("who")
    inside = [c for c in found if start <= c.start < start + len(who)]
    out = [c for c in found if c not in inside]
    out.append(Casualty("killed", n, "exact", group_of(r, who), False, start, start + len(who)))
    out.sort(key=lambda x: x.start)
    return out
