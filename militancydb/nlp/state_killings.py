"""Deaths the state caused, told after the first sentence of a report of an attack: "Khan
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
