"""Where an incident happened: place names found through the gazetteer, the most specific
one of the incident's first sentences chosen, its province and district on the day.

Each name found in the text is resolved with the other names as context: a province or
district named in the same text narrows a town's candidates (``within``), the country named
or implied narrows them too, and nested candidates (the district and the town of one name)
give the town (``prefer="specific"``). The chosen place is the most specific one named in
the first sentence that has any; its precision is ``exact`` for a town or locality (``near``
when the text says "near X"), else the level of the unit.
"""

from __future__ import annotations

import datetime as dt
import re

from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.place_tree import DISTRICT_KINDS
from militancydb.knowledge.text import normalise
from militancydb.nlp import place_refine as refine
from militancydb.nlp.model import PlaceValue, Span
from militancydb.nlp.place_cues import (
    DIRECTION_BEFORE,
    LATER_CLAUSE,
    LOCATIVE_AFTER,
    LOCATIVE_BEFORE,
    afar,
    elsewhere,
    facility_name,
    journey_end,
    landmark_cue,
    office_of,
    one_clause,
    person_name,
    route_name,
    says_where,
)
from militancydb.nlp.place_detail import facility, locality
from militancydb.nlp.place_resolve import Resolved, fallback, level_of, resolve_hits

__all__ = ["Resolved", "fallback", "level_of", "locate", "resolve_hits", "stated_district"]


def stated_district(
    gaz: Gazetteer, town: Resolved, found: list[Resolved], on: dt.date | None
) -> str | None:
    """The district the text says a town lies in ("Thal, district of Kohat": a district
    named as the town's container in its sentence, in the town's province), when the
    gazetteer only estimates the town's district from its point; else None."""
    p = gaz.places[town.key]
    parent = gaz.places.get(p.parent) if p.parent else None
    if parent is not None and parent.kind in DISTRICT_KINDS:
        return None  # recorded, not estimated
    province = gaz.admin_of(town.key, on).province
    for r in found:
        if r.context and r.level == 2 and r.sentence == town.sentence:
            unit = gaz.admin_of(r.key, on)
            if unit.district and (province is None or unit.province == province):
                return unit.district
    return None


def locate(
    gaz: Gazetteer,
    found: list[Resolved],
    sentence_text: dict[int, tuple[int, str]],
    doc: str,
    on: dt.date | None,
    *,
    filed: tuple[int, int] | None = None,
) -> PlaceValue | None:
    """The incident's place from the resolved names of its sentences (``sentence_text``
    maps a sentence index to its offset and text, for the place detail). A name inside
    ``filed``, the report's dateline, is where it was filed from: it is the incident's place
    only when the body names no other place that can be the scene, below the country (see
    :mod:`~militancydb.nlp.datelines`)."""
    if not found:
        return None

    def dateline(r: Resolved) -> bool:
        return filed is not None and filed[0] <= r.hit.start < filed[1]

    # a town or village of another country than every province and district its sentence
    # names is a namesake, not the scene ("Lala" of Kashmir in "Kajaki District of Helmand
    # Province"); countries do not count ("the border into Pakistan" from Spin Boldak)
    units: dict[int, set[str]] = {}
    for r in found:
        if r.level in (1, 2):
            units.setdefault(r.sentence, set()).add(gaz.places[r.key].country)

    provinces: dict[int, set[str]] = {}
    for r in found:
        if r.level == 1:
            provinces.setdefault(r.sentence, set()).add(gaz.places[r.key].country)

    districts: dict[int, set[str]] = {}
    for r in found:
        if r.level == 2:
            districts.setdefault(r.sentence, set()).add(r.key)

    # the same across the text for a town the text spells other than by its own name (an
    # alias or a derived spelling): of another country than every province and district the
    # report names, a country it does not name ("the Qala-e-Naw area in Wazir Abad" with
    # Kabul's Dehsabz named later is not Punjab's Wazirabad; "Kabul" is Kabul)
    everywhere = set().union(*units.values()) if units else set()
    said = {gaz.places[r.key].country for r in found if r.level == 0}

    def namesake(r: Resolved) -> bool:
        there = units.get(r.sentence, set())
        if r.level == 3 and len(there) == 1 and gaz.places[r.key].country not in there:
            return True
        country = gaz.places[r.key].country
        if (
            r.level == 3
            and normalise(r.hit.text) != normalise(gaz.places[r.key].name)
            and len(everywhere) == 1
            and country not in everywhere | said
            # (and no other name of the text in its country: "in Kabul ... in Jalalabad ...
            # trained in Kashmir" keeps Kabul however Kashmir is read)
            and not any(
                o.level > 0
                and normalise(o.hit.text) != normalise(r.hit.text)
                and gaz.places[o.key].country == country
                for o in found
            )
        ):
            return True
        # a locality recorded in another district than the one its sentence names ("in Dogar
        # Umarzai area in Bannu district": Kurram's Dogar is a part of another name)
        if r.level == 3 and (named := districts.get(r.sentence)):
            admin = gaz.admin_of(r.key, on)
            if admin.method == "registry" and not any(
                admin.district == k or gaz.within(r.key, k) for k in named
            ):
                return True
        # a district of another country than every province its sentence names ("the
        # Bolan area near Lashkargah city, Helmand Province")
        wide = provinces.get(r.sentence, set())
        return r.level == 2 and len(wide) == 1 and gaz.places[r.key].country not in wide

    found = [r for r in found if not namesake(r)] or found

    def person(r: Resolved) -> bool:  # "Malik Khan Asghar": a person's name, no place
        offset, text = sentence_text[r.sentence]
        return r.level == 3 and person_name(text, r.hit.start - offset)

    found = [r for r in found if not person(r)]
    if not found:
        return None

    def aside(r: Resolved) -> bool:  # a hospital's town, an origin, a company
        offset, text = sentence_text[r.sentence]
        return elsewhere(text, r.hit.start - offset, r.hit.end - offset)

    def building_or_route(r: Resolved) -> bool:  # "Bakhtar Cinema", "the Kabul-Kandahar road"
        offset, text = sentence_text[r.sentence]
        return facility_name(text, r.hit.start - offset, r.hit.end - offset)

    # the dateline's place stands only when the body names no scene of its own (a hospital's
    # town or a victim's home town is none)
    if any(
        r.level > 0 and not dateline(r) and not aside(r) and not building_or_route(r) for r in found
    ):
        found = [r for r in found if not dateline(r)]
    below_country = [r for r in found if r.level > 0]
    # the first sentence naming a place below the country (a dateline "PAKISTAN." names
    # none), not counting places named as a hospital's town, an origin, a company, or in a
    # building's or a road's name
    scene = [r for r in below_country if not aside(r) and not building_or_route(r)]
    first = min(r.sentence for r in (scene or below_country or found))
    pool = [r for r in found if r.sentence == first]

    def locative(r: Resolved) -> bool:
        offset, text = sentence_text[r.sentence]
        before, after = text[: r.hit.start - offset], text[r.hit.end - offset :]
        if DIRECTION_BEFORE.search(before) or facility_name(
            text, r.hit.start - offset, r.hit.end - offset
        ):
            return False  # "east of Kabul" is somewhere else; "Bakhtar Cinema" a building
        if (
            aside(r)
            or journey_end(text, r.hit.start - offset)
            or office_of(text, r.hit.end - offset)
        ):
            return False
        return bool(
            LOCATIVE_BEFORE.search(before) or LOCATIVE_AFTER.match(after) or not before.strip()
        )

    def reference(r: Resolved) -> bool:
        """A place named just after another as its landmark ("in Logar Province near
        Kabul", "Datta Khel village outside of Miranshah"): the first is the scene."""
        offset, text = sentence_text[r.sentence]
        if not landmark_cue(text[: r.hit.start - offset]):
            return False
        return any(
            o.sentence == r.sentence
            and 0 <= r.hit.start - o.hit.end <= 40
            and o.level > 0
            and one_clause(text[o.hit.end - offset : r.hit.start - offset])
            and locative(o)  # "in Logar Province", not a road's end ("the Kabul-Kandahar road")
            for o in found
            if o is not r
        )

    def later_clause(r: Resolved) -> bool:
        """A place told after "while" or "whereas" in its sentence: another event's ("two
        policemen were martyred in Tank, while forces killed four militants in Bannu")."""
        offset, text = sentence_text[r.sentence]
        return bool(LATER_CLAUSE.search(text[: r.hit.start - offset]))

    def rank(r: Resolved) -> tuple[bool, bool, bool, int, int]:
        return (
            not r.context,
            not later_clause(r),
            locative(r) and not reference(r),
            r.level,
            -r.hit.start,
        )

    # a later sentence that says where the attack took place decides when the first names
    # no place as where things happened ("The Ghazni police chief was attacked while
    # travelling from Ghazni to Kabul. The attack took place in Saydabad District ...")
    def said_where(r: Resolved) -> bool:
        offset, text = sentence_text[r.sentence]
        return says_where(text[: r.hit.start - offset], text[r.hit.end - offset :])

    stated = [r for r in scene if r.sentence > first and said_where(r)]
    if stated and not any(locative(r) for r in pool):
        first = min(r.sentence for r in stated)
        pool = [r for r in found if r.sentence == first]

    best = max(pool, key=rank)

    # a more specific place named later inside the chosen unit refines it
    def route(r: Resolved) -> bool:  # a road's end is not inside the place it crosses
        offset, text = sentence_text[r.sentence]
        return route_name(text, r.hit.start - offset, r.hit.end - offset)

    # (a building named for a town is in that town: "Panjgur Airport in Baluchistan")
    def heading(r: Resolved) -> bool:  # "travelling to Parachinar": not where it happened
        offset, text = sentence_text[r.sentence]
        return journey_end(text, r.hit.start - offset)

    def distant(r: Resolved) -> bool:  # "70 km from Miranshah": measured from, not there
        offset, text = sentence_text[r.sentence]
        return afar(text, r.hit.start - offset)

    refining = [
        r for r in found if not aside(r) and not route(r) and not heading(r) and not distant(r)
    ]

    def refines(r: Resolved, unit: Resolved) -> bool:
        # inside it as recorded, or a town whose district the gazetteer estimates from its
        # point ("in Akora Khattak area of the district" after "Nowshera district")
        if r.level <= unit.level:
            return False
        if gaz.within(r.key, unit.key):
            return True
        if unit.level != 2 or r.level != 3:
            return False
        town, area = gaz.places[r.key], gaz.places[unit.key]
        if town.parent is None or town.parent != area.parent:
            return False  # recorded in another province (or nowhere): no estimate needed
        return gaz.admin_of(r.key, on).district == unit.key

    inside = [r for r in refining if refines(r, best)]
    while inside:
        best = max(inside, key=rank)
        inside = [r for r in refining if refines(r, best)]
    # a headline's town named later as the landmark of a place in its district
    best = refine.landmark_of(gaz, best, refining, sentence_text, on) or best
    p = gaz.places[best.key]
    admin = gaz.admin_of(best.key, on)
    province = admin.province if best.level >= 1 else None
    district = admin.district if best.level >= 2 else None
    if best.level == 3:
        district = stated_district(gaz, best, found, on) or district
    city: str | None = None
    place: str | None = None
    if best.level == 3:
        city, place = p.name, p.key
        if p.kind != "town":  # a quarter of a town named with it: the town is the city
            towns = [
                r.key
                for r in found
                if gaz.places[r.key].kind == "town"
                and not aside(r)  # "the bodies were moved to the Saidu Sharif hospital"
                and (
                    gaz.within(best.key, r.key)  # a city of several districts
                    or (
                        admin.district is not None
                        and gaz.admin_of(r.key, on).district == admin.district
                    )
                )
            ]
            if towns:
                city = gaz.places[towns[0]].name
    elif best.level == 2 and p.hq and p.hq.casefold() == best.hit.text.casefold():
        city = p.hq  # "Peshawar" names the district and its headquarters town
    elif capital := refine.capital_of(gaz, best, sentence_text, on):
        city, place = gaz.places[capital].name, capital  # "in the provincial capital"
        district = district or gaz.admin_of(capital, on).district
    else:
        city = refine.possessive_town(gaz, best, found, sentence_text, on)  # "Karachi's Korangi"
    offset, text = sentence_text[best.sentence]
    local = best.hit.start - offset
    near = bool(
        re.search(r"\b(?:near|outside|close to|outskirts of)\s+(?:the\s+)?$", text[:local], re.I)
    )
    precision = {3: "near" if near else "exact", 2: "district", 1: "province"}.get(
        best.level, "country"
    )
    # a locality the gazetteer lacks ("Quetta's Baleli area"), first of the sentence chosen,
    # else a building or spot of that sentence ("a police check post")
    order = [(offset, text)] + [v for k, v in sorted(sentence_text.items()) if k != best.sentence]
    # the names that stand for the place chosen or a unit around it or inside it are no
    # locality of their own ("Peshawar city"); another place resolved may be one
    around = {best.key, province, district, admin.district, admin.province}
    same = [
        (r.hit.start, r.hit.end)
        for r in found
        if r.key in around or gaz.within(best.key, r.key) or gaz.within(r.key, best.key)
    ]
    detail = locality(order, same) or facility(text)
    return PlaceValue(
        country=p.country,
        province=province,
        province_name=gaz.places[province].name if province in gaz.places else None,
        district=district,
        district_name=gaz.places[district].name if district in gaz.places else None,
        place=place,
        city=city,
        place_detail=detail,
        latitude=p.lat,
        longitude=p.lon,
        precision=precision,
        span=Span(doc, best.hit.start, best.hit.end, best.hit.text),
    )
