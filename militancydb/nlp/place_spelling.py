"""Names spelled otherwise than the gazetteer spells them: looked up among the places of a
unit the text names (:func:`spelled_inside`), or among all names close in spelling or with
the same consonants (:func:`skeleton`, :func:`close_name`). Used by
:mod:`~militancydb.nlp.place_context` for containment and for names the index lacks.
"""

from __future__ import annotations

import datetime as dt
import re

from rapidfuzz import fuzz, process

from militancydb.knowledge.gazetteer import FUZZY_CUTOFF, Gazetteer, strip_generic
from militancydb.knowledge.place_tree import DISTRICT_KINDS, POINT_KINDS, PROVINCE_KINDS
from militancydb.knowledge.text import normalise
from militancydb.nlp.lexicon import Lexicon, NameHit, fold
from militancydb.nlp.place_resolve import fallback


def lies_in(gaz: Gazetteer, key: str, area: str, on: dt.date | None) -> bool:
    """Whether a place lies in an area: recorded so, or a town whose district the gazetteer
    estimates from its point (GeoNames gives a province only) in that district, or in that
    district's province ("Wana, South Waziristan": the text says which district)."""
    if gaz.within(key, area):
        return True
    p, a = gaz.places.get(key), gaz.places.get(area)
    if p is None or a is None or p.kind not in POINT_KINDS:
        return False
    parent = gaz.places.get(p.parent) if p.parent else None
    if parent is not None and parent.kind in DISTRICT_KINDS:
        return False  # its district is recorded, not estimated
    admin, unit = gaz.admin_of(key, on), gaz.admin_of(area, on)
    if area in (admin.district, admin.province):
        return True
    return (
        a.kind in DISTRICT_KINDS and unit.province is not None and unit.province == admin.province
    )


#: Kinds of place of one level: a name the text calls a district is looked for among
#: districts first.
KIND_GROUPS = (DISTRICT_KINDS, PROVINCE_KINDS, POINT_KINDS)
_INSIDE: dict[int, tuple[Gazetteer, dict[str, list[tuple[str, str]]]]] = {}
#: How close a name must be spelled to a place's name inside the unit the text names: looser
#: than the gazetteer's own cut-off, as the candidates are the few places of that unit
#: ("Panjawi District of Kandahar Province" is Panjwayi, "Shewak District" Shwak).
INSIDE_CUTOFF = 80.0


def _names_inside(gaz: Gazetteer) -> dict[str, list[tuple[str, str]]]:
    """(normalised name or alias, key) of the places recorded inside each unit; a town
    GeoNames places in a province only is listed under its province."""
    got = _INSIDE.get(id(gaz))
    if got is None or got[0] is not gaz:
        index: dict[str, list[tuple[str, str]]] = {}
        for key, p in gaz.places.items():
            if p.kind == "country":
                continue
            names = {strip_generic(normalise(n)) for n in (p.name, *(a for a, _ in p.aliases))}
            for area in gaz.ancestors(key):
                index.setdefault(area, []).extend((n, key) for n in names if n)
        got = (gaz, index)
        _INSIDE.clear()
        _INSIDE[id(gaz)] = got
    return got[1]


def spelled_inside(
    gaz: Gazetteer,
    name: str,
    area: str,
    on: dt.date | None,
    kinds: frozenset[str] | None = None,
) -> str | None:
    """The one place inside ``area`` (a province or district) whose name is spelled close to
    ``name`` (:data:`INSIDE_CUTOFF`), else None: the text says where the place is, so a
    spelling the gazetteer lacks is looked for among that unit's places only. Of several
    spelled as close, the one of ``kinds`` when only one is (the district Dawlatabad, not
    its town, for a name the text calls a district)."""
    target = strip_generic(normalise(name))
    if len(target) < 4:
        return None
    index = _names_inside(gaz)
    pool = list(index.get(area, []))
    a = gaz.places.get(area)
    if a is not None and a.kind in DISTRICT_KINDS and a.parent:
        # towns GeoNames places in the province only: those the district's point estimate
        # puts in it (checked below, for the best match only)
        pool += [(n, k) for n, k in index.get(a.parent, []) if gaz.places[k].kind == "town"]
    if not pool:
        return None
    scored = process.extract(
        target, [n for n, _ in pool], scorer=fuzz.ratio, score_cutoff=INSIDE_CUTOFF, limit=5
    )
    if not scored:
        return None
    top = scored[0][1]
    keys = {pool[j][1] for _, score, j in scored if score == top}
    keys = {k for k in keys if lies_in(gaz, k, area, on)}
    if len(keys) > 1 and kinds:
        keys = {k for k in keys if gaz.places[k].kind in kinds}
    return next(iter(keys)) if len(keys) == 1 else None


_INDEXES: dict[int, tuple[Lexicon, dict[str, list[str]], dict[str, set[str]]]] = {}
_VOWELS = re.compile(r"[aeiouyhw]")
_SOUNDS = (("q", "k"), ("ph", "f"), ("x", "ks"))


def skeleton(name: str) -> str:
    """A name's consonants, the letters English transliterations of Pashto, Dari and Urdu
    names agree on: vowels, h, w and y dropped, q as k, doubled letters single, spaces
    gone ("Najrab" and "Nijrab" are "njrb"; "Charbolak" and "Chahar Bolak" "crblk")."""
    out = re.sub(r"[^a-z]", "", normalise(name))
    for a, b in _SOUNDS:
        out = out.replace(a, b)
    out = _VOWELS.sub("", out)
    return re.sub(r"(.)\1+", r"\1", out)


def _indexes(lex: Lexicon) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """The lexicon's place phrases by first letter (a fuzzy look-up reads one list), and
    its place keys by :func:`skeleton` (skeletons of four letters or more)."""
    got = _INDEXES.get(id(lex))
    if got is None or got[0] is not lex:
        groups: dict[str, list[str]] = {}
        bones: dict[str, set[str]] = {}
        for phrase, keys in lex.places.items():
            groups.setdefault(phrase[:1], []).append(phrase)
            sk = skeleton(phrase)
            if len(sk) >= 4:
                bones.setdefault(sk, set()).update(keys)
        got = (lex, groups, bones)
        _INDEXES.clear()
        _INDEXES[id(lex)] = got
    return got[1], got[2]


def close_name(
    lex: Lexicon,
    norm: str,
    on: dt.date | None,
    country: str | None,
    kinds: frozenset[str] | None = None,
) -> str | None:
    """The place a name stands for when a gazetteer name is spelled close to it (the
    gazetteer's own cut-off), else one with its consonants; of several places of that name,
    the one of the kind the text says ("District") and in the country, chosen as for any
    name of several places (:func:`~militancydb.nlp.place_resolve.fallback`)."""
    gaz = lex.gazetteer
    target = fold(strip_generic(norm))
    if len(target) < 5:
        return None
    groups, bones = _indexes(lex)
    found = process.extractOne(
        target, groups.get(target[:1], []), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
    )
    if found is not None:
        keys = set(lex.places[found[0]])
        res = gaz.resolve(found[0], on=on, country=country, prefer="specific")
        if res.key in keys and (kinds is None or gaz.places[res.key].kind in kinds):
            return res.key
    else:
        if len(skeleton(target)) < 4:
            return None
        keys = set(bones.get(skeleton(target), set()))
    if country:
        keys = {k for k in keys if gaz.places[k].country == country} or keys
    if kinds:
        keys = {k for k in keys if gaz.places[k].kind in kinds} or keys
    if len(keys) == 1:
        return next(iter(keys))
    countries = {country} if country else {gaz.places[k].country for k in keys}
    return fallback(gaz, NameHit(frozenset(keys), 0, len(norm), norm), countries)
