"""An attacker's death told without a number, for the attackers' figure of an attack.

:mod:`~militancydb.nlp.pipeline` reads "blew himself up", "the bomber was killed"; these are
the other ways a report tells of it:

- the attacker as the object of the killing, alone or as the last item of the victims' list:
  "the blast killed four shoppers and the bomber", "killing the bomber as well as a
  passer-by", "a guard shot and killed the gunman" (not "the gunman's brother");
- the gerund of the self-killing: "the bomber blowing himself up".

And one told with a number, as the attackers' own loss: "losing five of their own fighters"
(:func:`own_losses`).

The victims of "killing the bomber as well as a passer-by" are read by
:mod:`~militancydb.nlp.casualties` (``figure_context.VERB_LEAD``).
"""

from __future__ import annotations

import re

from militancydb.nlp.figure import Casualty, group_of
from militancydb.nlp.numbers import words_value
from militancydb.nlp.rules import Rules

_WHO = (
    r"(?:the|an?)\s+(?:suicide\s+|lone\s+|would-be\s+)?(?:bomber|attacker|assailant|gunman)"
    r"\b(?!['\u2019-])"
)
_KILL = (
    r"(?:kill(?:ed|ing|s)?|shot\s+dead|shot\s+and\s+killed|shoot\s+and\s+kill"
    r"|shooting\s+and\s+killing|gunned\s+down)"
)
_ATTACKER_DIED = re.compile(
    # "killing the bomber", "shot and killed the gunman"
    r"(?<!\bwas )(?<!\bwere )\b"
    + _KILL
    + r"\s+"
    + _WHO
    # "killed four shoppers and the bomber": the last item of the object (one clause)
    # (not the subject of the next clause: "killed two guards and the gunman fled")
    + r"|\b"
    + _KILL
    + r"\s+[^.;:,()]{1,60}?\s(?:and|as\s+well\s+as|along\s+with)\s+"
    + _WHO
    + r"(?!\s+(?:\w+ed|fled|escaped|ran|got|took|made|was|were|is|had|has|then)\b)"
    # "the bomber blowing himself up"
    + r"|\bblowing\s+(?:himself|herself)\s+up\b",
    re.I,
)


def attacker_died(text: str) -> re.Match[str] | None:
    """Where ``text`` tells that one attacker died without a number (see the module
    docstring), else None."""
    return _ATTACKER_DIED.search(text)


#: "losing five of their own fighters": the attackers' dead, by a noun of their side (a
#: security noun gives the security forces' dead: "the police lost two of their own men" is
#: not read, the noun says neither side)
_OWN = re.compile(
    r"\blos(?:ing|t|es)\s+(?:(?:at\s+least|some|about|around)\s+)?(?P<n>\d+|[a-z]+(?:-[a-z]+)?)"
    r"\s+of\s+(?:their|its|his)\s+own\s+(?P<who>[\w-]+)\b",
    re.I,
)


def own_losses(r: Rules, sentence: str, found: list[Casualty]) -> list[Casualty]:
    """ "Militants attacked the post, killing a policeman and losing five of their own
    fighters": five attackers dead (a security noun: security forces' dead)."""
    out = list(found)
    for m in _OWN.finditer(sentence):
        if any(m.start() <= c.start < m.end() for c in out):
            continue
        group = group_of(r, m.group("who"))
        if group == "total":
            continue
        raw = m.group("n")
        n = int(raw) if raw.isdigit() else words_value(raw.replace("-", " ")) or 0
        if n <= 0:
            continue
        out.append(Casualty("killed", n, "exact", group, False, m.start("n"), m.end("who")))
    out.sort(key=lambda x: x.start)
    return out
