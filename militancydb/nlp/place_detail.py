"""The place detail of an incident: what its text says below the place resolved.

Two kinds of detail, both kept as the text writes them:

- a **locality the gazetteer lacks**, named with a unit word ("in Quetta's Baleli area",
  "near Gulbaz Dehqan village", "in the Drazanda tehsil of D.I. Khan", "the general area
  Mullazai of Tank District", "the village of Shaldalo", "in mountainous Dogdara area", "a
  house in Darai Nashtar of North Waziristan"): a reader's town, though no
  coordinates come with it; the place resolved (its district or town) stays the incident's
  place;
- a **building or spot** ("a mosque", "a police check post", "the Kabul-Jalalabad
  highway").

:func:`locality` finds the first; :func:`facility` the second. A name the gazetteer resolved
is no locality of this kind (it is the place itself), nor is a name made of words that are
no place ("Police Lines", "Civil Hospital").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_UNIT = (
    r"(?:area|village|town|city|tehsil|sub-?division|locality|neighbou?rhood|bazaar|chowk"
    r"|goth|mohallah|union council|valley|region)"
)
_WORD = r"[A-Z][\w-]*(?:['\u2019](?!s\b)\w+)?"
_NAME = r"((?:" + _WORD + r"\s+){0,2}" + _WORD + r")"
_LOCALITY = re.compile(
    # "in Miranzai area", "Quetta's Baleli area", "near Gulbaz Dehqan village"
    r"(?:\b(?:in|at|near|of|from|outside|inside|around|on|through|along|across|within)\s+"
    r"(?:the\s+)?(?:[a-z]+\s+){0,2}?|['\u2019]s\s+)" + _NAME + r"\s+((?i:" + _UNIT + r"))\b"
    # "the general area Mullazai", "the village of Shaldalo"
    r"|\bgeneral\s+area\s+(?:of\s+)?" + _NAME + r"()"
    r"|\b(?:village|locality|town)\s+of\s+" + _NAME + r"()"
    # "Regi Shino Khel, a suburban area of Kohat district"
    r"|" + _NAME + r",\s+(?:a|an|the)\s+(?:[a-z-]+\s+)?"
    r"(?:area|village|town|suburb|locality|neighbou?rhood)\s+(?:of|in|near)\b()"
    # "in the limits of Parova Police Station", "the jurisdiction of Lachi police station"
    r"|\b(?:limits|jurisdiction|precincts?)\s+of\s+(?:the\s+)?"
    + _NAME
    + r"\s+(?i:police\s+station)\b()"
    # "a house in Darai Nashtar of North Waziristan": a name inside the place named after it
    r"|\b(?:in|at)\s+" + _NAME + r"\s+of\s+(?=[A-Z])()"
)
#: Words that make a capitalised phrase no locality ("Police Lines area", "the Civil
#: Hospital area", "the Frontier Corps area"); months and days are no places either.
_NOT_LOCALITY = frozenset(
    """the a an this that police army frontier corps civil hospital district province city
    cantonment cantt saddar sadar bazaar market main old new city's provincial federal
    capital government national local tribal border security northern southern eastern
    western central upper lower north south east west january february march april may june
    july august september october november december monday tuesday wednesday thursday
    friday saturday sunday""".split()
)
_FACILITY = re.compile(
    r"\b(?:at|near|outside|inside|in|on)\s+(?:an?|the)\s+((?:[\w'-]+\s+){0,4}?"
    r"(?:mosque|imambargah|shrine|church|market|bazaar|school|college|university|hospital|"
    r"check ?post|checkpoint|police station|station|camp|base|office|compound|hotel|"
    r"airport|court|rally|procession|funeral|madrass?a|seminary|bus stand|bus station|"
    r"bank|park|square|road|highway|bridge|village|house|residence|cantonment|gate)s?)\b",
    re.I,
)


def facility(text: str) -> str | None:
    """The first building or spot a sentence names ("a police check post")."""
    m = _FACILITY.search(text)
    return m.group(1) if m else None


def locality(texts: Iterable[tuple[int, str]], resolved: Iterable[tuple[int, int]]) -> str | None:
    """The first locality the sentences name that the gazetteer did not resolve (see the
    module docstring), with its unit word as written ("Baleli area"); ``texts`` are (offset,
    text) in the order to read them, ``resolved`` the spans of the names resolved."""
    spans = list(resolved)
    for offset, text in texts:
        for m in _LOCALITY.finditer(text):
            g = next(n for n in (1, 3, 5, 7, 9, 11) if m.group(n))
            name, unit = m.group(g), m.group(g + 1)
            start, end = offset + m.start(g), offset + m.end(g)
            # a name resolved is the place itself; one resolved inside a longer name ("Dir"
            # in "Dir Duni area") leaves the longer one a locality
            if any(start <= a and b >= end and a < end for a, b in spans):
                continue
            words = [w.lower().strip("'\u2019") for w in name.split()]
            if words[0] in _NOT_LOCALITY or words[-1] in _NOT_LOCALITY:
                continue
            return f"{name} {unit}" if unit else name
    return None
