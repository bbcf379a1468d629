"""Claims of an attack at another place than the incident's.

A report often tells, beside its own attack, that a group claimed another one somewhere else
("Also Thursday, the Taliban claimed responsibility for a deadly attack on security forces a
day earlier in the eastern city of Lahore", in a report of a Peshawar bombing; "The Taliban's
spokesman claimed the attacks in Kabul", in a report of a Kandahar roadside bomb). Such a
claim is not the incident's: :func:`claimed_elsewhere` finds the sentences whose claim names
the attack's place, and that place is neither the incident's nor around or inside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from militancydb.knowledge.place_tree import PlaceTree
from militancydb.nlp.lexicon import NameHit
from militancydb.nlp.model import PlaceValue
from militancydb.nlp.text import Sentence

#: A claim, then the attack, then where it was, in one clause: the words before a place name
#: (not "claimed the attack, saying it avenged the army's violence in the NWFP").
_CLAIM_AT = re.compile(
    r"\bclaim\w*\b[^.;]{0,120}?\b(?:attacks?|bombings?|blasts?|explosions?|assaults?"
    r"|strikes?)\b[^.;,]{0,80}?\b(?:in|at|near)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?$",
    re.I,
)


def claimed_elsewhere(
    sents: Sequence[Sentence],
    places: Sequence[tuple[int, NameHit]],
    idx: Sequence[int],
    location: PlaceValue | None,
    tree: PlaceTree,
) -> frozenset[int]:
    """The sentences of an incident (``idx``) that claim an attack at a place (one of
    ``places``, the names found with their sentence) that is not the incident's
    ``location`` nor a place around or inside it (see the module docstring)."""
    if location is None:
        return frozenset()
    here = [k for k in (location.place, location.district, location.province) if k]
    if not here:
        return frozenset()
    chosen = set(idx)
    out: set[int] = set()
    for i, h in places:
        if i not in chosen:
            continue
        s = sents[i]
        if not _CLAIM_AT.search(s.text[max(0, h.start - s.start - 240) : h.start - s.start]):
            continue
        if any(k == j or tree.within(k, j) or tree.within(j, k) for k in h.keys for j in here):
            continue
        out.add(i)
    return frozenset(out)
