"""Deaths told as background to a report, not as its toll.

A death named as the cause or the time of something else: "unrest following the death of
Nawab Khan", "protests since the killing of a tribal leader", "on the anniversary of the
death of a cleric", "in retaliation for the killing of their commander" (:func:`as_a_cause`;
not "resulting in the death of", which is the report's own).

Deaths the state caused, told after the first sentence of a report of an attack: "Khan
was killed by government forces in an air strike", "a tribal leader was killed at the end of
May by a military air strike". There they are background (the reason for a protest, a
reprisal), not the attack's victims. The pipeline does not ask in the report's first
sentence ("Two civilians were killed by security forces in a raid" is the report), nor of
the attackers' own dead ("two of the gunmen were killed by the police": the attackers'
figure), nor in a security operation or a drone strike, where the state's dead are the toll."""

from __future__ import annotations

import re

_STATE = (
    r"(?:(?:the\s+)?(?:(?:government|security|military|army|police|paramilitary|pakistani"
    r"|afghan|coalition|nato|u\.?s\.?|american|soviet|indian|state)\s+)+"
    r"(?:forces|troops|soldiers|personnel|police|policemen|commandos|air\s*strikes?|airstrikes?"
    r"|bombing|bombardment|operation|gunfire|fire|jets|aircraft|helicopters?)"
    r"|(?:the\s+)?(?:police|army|military|security\s+forces|troops|soldiers)(?=\s*(?:[.,;]|\s+(?:in|on|at|during|there)\b)))"
)
_BY_THE_STATE = re.compile(
    r"^[^.;]{0,80}?\b(?:killed|shot\s+dead|gunned\s+down|died)\s+(?:[\w-]+\s+){0,5}?"
    r"(?:by|in)\s+(?:an?\s+)?" + _STATE,
    re.I,
)


def by_the_state(sentence: str, start: int) -> bool:
    """Whether the figure at ``start`` of ``sentence`` counts people the state killed (see the
    module docstring)."""
    return _BY_THE_STATE.match(sentence[start:]) is not None


_AS_A_CAUSE = re.compile(
    r"\b(?:following|since|(?:in\s+)?the\s+wake\s+of|(?:the|an?)\s+(?:\w+\s+)?anniversary\s+of"
    r"|in\s+(?:retaliation|revenge|response)\s+(?:for|to)|to\s+avenge|in\s+protest\s+"
    r"(?:against|at|over))\s+(?:the\s+)?(?:recent\s+|brutal\s+)?(?:deaths?|killings?|murders?"
    r"|assassinations?|martyrdom)\s+of\s+(?:[\w'\u2019-]+\s+){0,3}$",
    re.I,
)


def as_a_cause(before: str) -> bool:
    """Whether the words before a figure name its death as the cause or the time of
    something else (see the module docstring)."""
    return _AS_A_CAUSE.search(before[-120:]) is not None
