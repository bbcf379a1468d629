"""Which actor a name shared by several means, read with the incident's date and place.

Some names belong to more than one actor: "Jundallah" is the Iranian Baloch group the
registry gives the name to, and also what the news calls the Pakistani TTP-linked group
that claimed attacks in Karachi and Peshawar. The registry keeps such a name with one actor
(its *keeper*) and lists it on the others as a ``shared`` alias, which plain resolution
ignores (:mod:`~militancydb.knowledge.actors`). Extraction knows where and when the incident
happened, and :func:`choose_by_place` uses it, in this order:

1. actors that existed on the incident's day (when that leaves one, it is the answer);
2. actors whose areas of operation contain the incident's province (or lie within it); an
   actor that lists no area in that country but operates in it counts as operating all
   over it;
3. actors that operate in the incident's country;
4. when the place does not decide, the keeper of the name (the fixed choice);
5. otherwise nothing: the name stays ambiguous and is kept as written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from militancydb.knowledge.actors import SHARED, ActorRegistry
from militancydb.knowledge.text import normalise


@dataclass(frozen=True)
class PlacedChoice:
    """The actor a shared name was read as (``key`` None: still ambiguous), the rule that
    decided (``only``, ``date``, ``province``, ``country``, ``keeper``, ``ambiguous``) and
    the actors that were left when it decided."""

    key: str | None
    rule: str
    left: tuple[str, ...]


def _fold(text: str) -> str:
    """A name compared across the linking vowel of Urdu compounds (-e-/-i-)."""
    return " ".join("e" if w == "i" else w for w in normalise(text).split(" "))


def _within(area: str, province: str) -> bool:
    """Whether an area of operation and the incident's province overlap: the same key, or
    one is a unit inside the other (place keys extend their parent's: ``PK-KP-peshawar``)."""
    return area == province or province.startswith(area + "-") or area.startswith(province + "-")


def _operates_in(reg: ActorRegistry, key: str, province: str, country: str) -> bool:
    """Whether the actor's areas of operation contain the province; an actor that lists no
    area in the province's country but operates in that country counts as operating all
    over it (the Afghan Taliban lists only Balochistan, its leaders' refuge, as an area)."""
    actor = reg.actors[key]
    if any(_within(a, province) for a in actor.areas):
        return True
    listed = any(a.split("-")[0] == country for a in actor.areas)
    return country in actor.countries and not listed


def keeps(reg: ActorRegistry, key: str, name: str) -> bool:
    """Whether the actor keeps ``name``: it is its name or an alias not marked shared."""
    actor = reg.actors[key]
    folded = _fold(name)
    kept = [actor.name, *(a.name for a in actor.aliases if a.kind != SHARED)]
    return any(_fold(n) == folded for n in kept)


def choose_by_place(
    reg: ActorRegistry,
    name: str,
    keys: Iterable[str],
    *,
    on: dt.date | None,
    country: str | None,
    province: str | None,
) -> PlacedChoice:
    """The actor ``name`` stands for among ``keys`` (the actors that go by it) for an
    incident on ``on`` in ``province`` of ``country`` (see the module docstring)."""
    left = sorted(k for k in set(keys) if k in reg.actors)
    if len(left) <= 1:
        return PlacedChoice(left[0] if left else None, "only", tuple(left))
    if on is not None:
        existed = [k for k in left if reg.actors[k].existed_on(on)]
        if len(existed) == 1:
            return PlacedChoice(existed[0], "date", tuple(existed))
        left = existed or left
    if province:
        where = country or province.split("-")[0]
        inside = [k for k in left if _operates_in(reg, k, province, where)]
        if len(inside) == 1:
            return PlacedChoice(inside[0], "province", tuple(inside))
        left = inside or left
    if country:
        local = [k for k in left if country in reg.actors[k].countries]
        if len(local) == 1:
            return PlacedChoice(local[0], "country", tuple(local))
        left = local or left
    keepers = [k for k in left if keeps(reg, k, name)]
    if len(keepers) == 1:
        return PlacedChoice(keepers[0], "keeper", tuple(left))
    return PlacedChoice(None, "ambiguous", tuple(left))
