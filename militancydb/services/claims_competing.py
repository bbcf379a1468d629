"""Whether an incident's claims compete: the rule :func:`competing_claims` and the GTD
export's ``compclaim`` share.

Two claims compete when their claimants are different organisations. A claimant is the
registry actor (its key) or, for a group the registry does not hold, the name as written
compared in its normalised form (case, accents and punctuation aside), so "Jaish Al-Adl" and
"jaish al adl" are one claimant. Two registry actors of which one is a chapter (or parent)
of the other are one organisation; an unregistered name is a different organisation from
every registry actor and from every other name (the registry cannot say it is a chapter of
anyone, and the claim says it is not the other group's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from militancydb.knowledge.text import normalise


@dataclass(frozen=True)
class Claimant:
    """Who made a claim: a registry key, else the normalised name as written."""

    key: str | None
    name: str

    @classmethod
    def of(cls, key: str | None, name: str) -> Claimant:
        return cls(key, "" if key else normalise(name))


def competitors(a: Claimant, b: Claimant, same_organisation: Callable[[str, str], bool]) -> bool:
    """Whether two claimants are different organisations (see the module docstring)."""
    if a.key is None or b.key is None:
        return a != b
    return not same_organisation(a.key, b.key)


def claimants_compete(
    claimants: Iterable[Claimant], same_organisation: Callable[[str, str], bool]
) -> bool:
    """Whether at least two of the claimants are different organisations."""
    distinct = sorted(set(claimants), key=lambda c: (c.key or "", c.name))
    for n, a in enumerate(distinct):
        for b in distinct[n + 1 :]:
            if competitors(a, b, same_organisation):
                return True
    return False
