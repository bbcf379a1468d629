"""Place names found in a text resolved to places of the gazetteer, each with the others as
context (see :func:`resolve_hits`); :mod:`~militancydb.nlp.places` chooses the incident's
place among them.

A name of several places is read as the text says it: a province or district named in the
same text narrows a town's candidates, the country named or implied narrows them too, and
nested candidates (the district and the town of one name) give the town; a name the text
follows with its unit word ("Sari Pul province", "Spin Boldak district") or puts after one
("the district of Jaghatu") is that unit where the name has one, and the same name bare
elsewhere in the text ("a bomb in Kandahar" over "in southern Kandahar province") is the
same unit when the text states only one kind for it. A name still left open is read by the
units the text's other names may stand for (:func:`among_named`), a name called a district
is never a town of that name outside its districts, and a bare province-and-capital name is
the province when its sentence names another district of it
(:func:`provinces_over_capitals`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from militancydb.knowledge.gazetteer import Gazetteer, strip_generic
from militancydb.knowledge.place_tree import DISTRICT_KINDS, POINT_KINDS, PROVINCE_KINDS
from militancydb.knowledge.text import normalise
from militancydb.nlp.lexicon import NameHit


@dataclass(frozen=True)
class Resolved:
    """A name found in the text and the place it stands for."""

    key: str
    hit: NameHit
    sentence: int
    level: int  # 0 country, 1 province, 2 district, 3 town or locality
    context: bool = False  # names a unit another name of the text lies in ("of X Province")


def _level(kind: str) -> int:
    if kind in POINT_KINDS:
        return 3
    if kind in DISTRICT_KINDS:
        return 2
    if kind in PROVINCE_KINDS:
        return 1
    return 0


def level_of(gaz: Gazetteer, key: str) -> int:
    """0 country, 1 province, 2 district, 3 town or locality."""
    return _level(gaz.places[key].kind)


#: The kinds of place a unit word says ("Sari Pul province", "the district of Jaghatu").
UNIT_WORDS: dict[str, frozenset[str]] = {
    "province": PROVINCE_KINDS,
    "district": DISTRICT_KINDS,
    "distt": DISTRICT_KINDS,
    "agency": DISTRICT_KINDS,
    "city": POINT_KINDS,
    "town": POINT_KINDS,
}
_UNIT_AFTER = re.compile(r"[ \t]+(province|district|distt|agency|city|town)\b", re.I)
_SCENE_BEFORE = re.compile(r"\b(?i:in|at|near|outside|inside)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}$")
_UNIT_BEFORE = re.compile(r"\b(province|district|city|town)\s+of\s+(?:the\s+)?$", re.I)


def stated_kinds(doc: str, h: NameHit) -> frozenset[str]:
    """The kinds of place the text's unit word says a name is ("Spin Boldak district", "the
    district of Jaghatu", a name found with its unit: "Kandahar province"); none if no
    unit word stands with it."""
    last = h.text.rsplit(None, 1)[-1].lower() if h.text else ""
    if last in UNIT_WORDS:
        return UNIT_WORDS[last]
    if doc:
        after = _UNIT_AFTER.match(doc, h.end)
        if after:
            return UNIT_WORDS[after.group(1).lower()]
        before = _UNIT_BEFORE.search(doc[max(0, h.start - 30) : h.start])
        if before:
            return UNIT_WORDS[before.group(1).lower()]
    return frozenset()


def stated_units(gaz: Gazetteer, hits: list[tuple[int, NameHit]], doc: str) -> dict[NameHit, str]:
    """The place each name stands for where the text says its unit: a name with its unit
    word that has one candidate of that kind, and the same name bare elsewhere when the text
    states a province for it and no other kind ("a bomb in Kandahar" in a report that says
    "in southern Kandahar province"; a name told both as a city and as a province stays
    ambiguous)."""
    told: dict[NameHit, str] = {}
    by_name: dict[str, set[str]] = {}  # a name -> the places (or kinds) the text says it is
    stated = [(h, k) for _, h in hits if (k := stated_kinds(doc, h))]
    if not stated:
        return told
    for h, kinds in stated:
        cands = [k for k in h.keys if k in gaz.places and gaz.places[k].kind in kinds]
        if len(cands) == 1 and kinds is PROVINCE_KINDS:
            # (a district keeps its town of the same name: the town is the more specific)
            told[h] = cands[0]
        said = cands[0] if len(cands) == 1 else "/".join(sorted(kinds))
        by_name.setdefault(strip_generic(normalise(h.text)), set()).add(said)
    for _, h in hits:
        keys = by_name.get(strip_generic(normalise(h.text)), set())
        if h in told or len(keys) != 1 or (key := next(iter(keys))) not in h.keys:
            continue
        # (only a name told as a scene: "a bomb in Kandahar", not "the Kandahar department")
        if gaz.places[key].kind in PROVINCE_KINDS and _SCENE_BEFORE.search(
            doc[max(0, h.start - 40) : h.start]
        ):
            told[h] = key
    return told


#: A linking vowel after a name: the name is the first word of an Urdu or Persian compound.
_COMPOUND_AFTER = re.compile(r"-(?:i|e|ul|ud|ur|us)-[A-Z]")


def resolve_hits(
    gaz: Gazetteer,
    hits: list[tuple[int, NameHit]],
    on: dt.date | None,
    country: str | None,
    doc: str = "",
) -> list[Resolved]:
    """Resolve every hit with the others as context (see the module docstring). A name
    inside a longer name found (``place_context.unknown_places``) is not a place itself, nor
    is one read across a comma ("in Paghman District, west of ..." is not "District West"),
    nor the first word of a compound name the gazetteer lacks ("Gulistan-i-Johar", a quarter
    of Karachi, is not Farah's Gulistan).
    ``doc``, the text, gives the unit words around the names (:func:`stated_units`)."""
    hits = [
        (i, h)
        for i, h in hits
        if not re.search(r"[,;:]", h.text)
        and not _COMPOUND_AFTER.match(doc, h.end)
        and not any(
            o is not h
            and o.start <= h.start
            and h.end <= o.end
            and o.end - o.start > h.end - h.start
            for _, o in hits
        )
    ]
    single = [(i, h, next(iter(h.keys))) for i, h in hits if len(h.keys) == 1]
    countries = {gaz.places[k].country for _, _, k in single}
    if country is None and len(countries) == 1:
        country = next(iter(countries))
    areas = [k for _, _, k in single if gaz.places[k].kind in PROVINCE_KINDS | DISTRICT_KINDS]
    told = stated_units(gaz, hits, doc)
    out: list[Resolved] = []
    for i, h in hits:
        key: str | None = next(iter(h.keys)) if len(h.keys) == 1 else told.get(h)
        if key is None:
            tries = [(country, w) for w in [*areas, None]] + ([(None, None)] if country else [])
            for country_hint, within in tries:
                r = gaz.resolve(
                    h.text, on=on, country=country_hint, within=within, prefer="specific"
                )
                if r.key and r.key in h.keys:
                    key = r.key
                    break
                if r.status == "ambiguous":
                    inside = [m.key for m in r.alternatives if m.key in h.keys]
                    if within is not None and inside:
                        key = inside[0]
                        break
            if key is None:
                told_as = _told_kind(gaz, h, doc, on)
                key = among_named(gaz, told_as, hits, on) or fallback(gaz, told_as, countries)
        if key is None:
            continue
        wider = [
            a
            for a in areas
            if a != key and _level(gaz.places[a].kind) < _level(gaz.places[key].kind)
        ]
        if wider and h not in told and not any(gaz.within(key, a) for a in wider):
            # a name of several places: the one inside a province or district the text names
            bare = strip_generic(normalise(h.text))  # "Arghandab District" -> "arghandab"
            for area, name in ((a, n) for a in wider for n in dict.fromkeys((h.text, bare))):
                r = gaz.resolve(name, on=on, country=country, within=area, prefer="specific")
                if r.key and r.key != key and gaz.within(r.key, area):
                    key = r.key
                    break
        out.append(Resolved(key, h, i, _level(gaz.places[key].kind)))
    return provinces_over_capitals(gaz, out, doc, on)


def provinces_over_capitals(
    gaz: Gazetteer, found: list[Resolved], doc: str, on: dt.date | None
) -> list[Resolved]:
    """A bare name of a province and of its capital town ("In Khost, ...") stands for the
    province when its sentence names another district of that province ("In Khost, a complex
    in Domanda District was attacked"): the district, not the capital, is then the scene. Not
    when the text calls it a city or town ("Kandahar City"), nor when the district named is
    the capital's own."""
    out = list(found)
    for n, r in enumerate(out):
        if r.level != 3 or stated_kinds(doc, r.hit):
            continue
        provinces = [
            k
            for k in r.hit.keys
            if k in gaz.places and gaz.places[k].kind in PROVINCE_KINDS and gaz.within(r.key, k)
        ]
        if len(provinces) != 1:
            continue
        own = gaz.admin_of(r.key, on).district
        if any(
            o.level == 2
            and o.sentence == r.sentence
            and o.key != own
            and gaz.within(o.key, provinces[0])
            for o in found
        ):
            out[n] = replace(r, key=provinces[0], level=1)
    return out


def _told_kind(gaz: Gazetteer, h: NameHit, doc: str, on: dt.date | None) -> NameHit:
    """A name the text calls a district ("in Qarabagh District") stands for one of its
    candidates of that kind or a town inside one of them, never a namesake town elsewhere
    (Herat's Qarah Bagh is no "Qarabagh District"); unchanged when no candidate is."""
    kinds = stated_kinds(doc, h) if doc else frozenset()
    if kinds is not DISTRICT_KINDS:
        return h
    units = [k for k in h.keys if k in gaz.places and gaz.places[k].kind in DISTRICT_KINDS]
    if not units:
        return h
    keep = [
        k
        for k in h.keys
        if k in units
        or any(gaz.within(k, u) for u in units)
        # (a town whose district the gazetteer estimates from its point)
        or (k in gaz.places and gaz.admin_of(k, on).district in units)
    ]
    return replace(h, keys=frozenset(keep))


def among_named(
    gaz: Gazetteer, h: NameHit, hits: list[tuple[int, NameHit]], on: dt.date | None
) -> str | None:
    """A name of several places the resolver leaves ambiguous: the one that lies inside a
    province or district another name of the text may stand for, even a name of several
    places itself ("east of Kabul in Sarobi": Kabul's Surobi, not Paktika's), the most
    specific when those lie one inside another; None when none does or several unrelated
    ones do."""
    units = {
        k
        for _, o in hits
        if strip_generic(normalise(o.text)) != strip_generic(normalise(h.text))
        for k in o.keys
        if k in gaz.places and gaz.places[k].kind in PROVINCE_KINDS | DISTRICT_KINDS
    }
    inside = [
        k for k in h.keys if k in gaz.places and any(k != u and gaz.within(k, u) for u in units)
    ]
    if not inside:
        return None
    deepest = [k for k in inside if not any(o != k and gaz.within(o, k) for o in inside)]
    if len(deepest) == 1 and all(k == deepest[0] or gaz.within(deepest[0], k) for k in inside):
        return deepest[0]
    # several inside one unit (Kabul's Surobi district and the town Sarobi): the resolver's
    # choice inside that unit
    common = [u for u in units if all(k != u and gaz.within(k, u) for k in inside)]
    if len(common) == 1:
        r = gaz.resolve(h.text, on=on, within=common[0], prefer="specific")
        if r.key in inside:
            return r.key
    return None


def fallback(gaz: Gazetteer, h: NameHit, countries: set[str]) -> str | None:
    """A name of several places the resolver leaves ambiguous: the one in the country the
    text's other names are in (failing that, in the country of the place whose own name,
    not an alias, is the text's spelling: "Kalat" the Pakistani district, "Qalat" the
    Afghan town), and of those the administrative unit (a district outweighs villages of
    its name), else the most populous town (a counted town outweighs uncounted localities
    of its name in another country); None if that still leaves several."""
    keys = [k for k in h.keys if k in gaz.places]
    local = [k for k in keys if gaz.places[k].country in countries] or keys
    if len({gaz.places[k].country for k in local}) > 1:
        said = strip_generic(normalise(h.text))
        own = {gaz.places[k].country for k in local if normalise(gaz.places[k].name) == said}
        if len(own) == 1:
            local = [k for k in local if gaz.places[k].country in own]
    admin = [k for k in local if gaz.places[k].kind in PROVINCE_KINDS | DISTRICT_KINDS]
    if len(admin) == 1:
        return admin[0]
    if len({gaz.places[k].country for k in local}) > 1:
        # a town with a population outweighs localities of its name in another country
        # that no source counts (a village UCDP names once)
        big = max(local, key=lambda k: gaz.places[k].population or 0)
        others = [k for k in local if gaz.places[k].country != gaz.places[big].country]
        if not gaz.places[big].population or any(
            gaz.places[k].kind != "locality" or gaz.places[k].population for k in others
        ):
            return None
        local = [k for k in local if gaz.places[k].country == gaz.places[big].country]
    towns = sorted(
        (k for k in local if gaz.places[k].kind in POINT_KINDS),
        key=lambda k: -(gaz.places[k].population or 0),
    )
    if towns and (len(towns) == 1 or (gaz.places[towns[0]].population or 0) > 0):
        return towns[0]
    return None
