"""Place names read with the words around them.

- **Containment**: "Maywand District of Kandahar Province", "the Shikarpur area of Kandahar
  City", "Delaram, Farah Province", "Panjwai district in Kandahar", "Regi, a suburban area
  of Kohat district" name the first place inside the second; the possessive "North
  Waziristan's Mir Ali tehsil", "Balochistan's Barkhan district" names the second inside
  the first. The container is then context, not the incident's place: of its
  candidates, the one that contains the other is taken (Kandahar the province, not the
  city). When the inner name's place does not lie inside the container, it is looked up
  again inside it (another place of that name there, or a spelling the gazetteer knows
  differently); failing that, it is not a place of this text and the container stands.
- **Regions in lower case**: "Pakistan's tribal areas", "the tribal belt" name the Tribal
  Areas; "the Afghan capital", "Afghanistan's capital" name Kabul, "the Pakistani capital"
  Islamabad (``_REGIONS``).
- **Names the index lacks**: a capitalised name the text marks as a place ("in Greshk",
  "Greshk District", "the Zarai area") that no gazetteer name matched exactly is looked up
  among the gazetteer's names spelled close to it (Greshk is Gereshk; the gazetteer's own
  fuzzy cut-off, over the names of the same first letter), else whose consonants are the
  same (:func:`skeleton`: Najrab is Nijrab, Gorbaz Gurbuz). Only a name of one place, or
  one the resolver settles, is taken, and at most a few per incident. A longer capitalised
  name around a name the index did match ("Nadar Shah Kot District" around "Shah Kot") is
  looked up the same way; when it stands for another place, it replaces the shorter one. A
  name the text puts just before "in" or "of" and a province or district it names ("the
  wheat fields of Saddha in Kurram Agency") is looked up among that unit's places only.
- **A landmark is no container**: "east of Kabul in Sarobi" names Sarobi, not a Kabul
  inside Sarobi; and a container's first word the index lacks ("Salar district in Maydan
  Wardag province", where "Wardag" is found) does not break the containment.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from militancydb.knowledge.gazetteer import Gazetteer, Prefer
from militancydb.knowledge.place_tree import DISTRICT_KINDS, POINT_KINDS, PROVINCE_KINDS
from militancydb.knowledge.text import normalise
from militancydb.nlp.lexicon import Lexicon, NameHit
from militancydb.nlp.place_cues import DIRECTION_BEFORE
from militancydb.nlp.place_resolve import Resolved, level_of
from militancydb.nlp.place_spelling import (
    KIND_GROUPS,
    close_name,
    lies_in,
    skeleton,
    spelled_inside,
)

__all__ = ["apply_containment", "lies_in", "skeleton", "spelled_inside", "unknown_places"]

_CONTAINS = re.compile(
    # "the Koti Sangi area of Kabul": a longer name's last words before the unit word
    r"^(?:\s+[A-Z][\w'-]+(?=\s+(?:district|area|village|town|valley|tehsil)\b)){0,2}"
    r"(?:\s+(?:district|area|village|town|city|region|valley|tehsil|agency|sub-district|"
    r"bazaar|locality))?\s*(?:,|\s+of|\s+in)\s+(?:the\s+)?"
    # "Khakrez district of southern Kandahar province", "in the restive Kurram district"
    r"(?:(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central|"
    r"restive|troubled|volatile|neighbouring|neighboring|remote)\s+)?"
    # the first word of a container whose name was found without it ("Salar district in
    # Maydan Wardag province": "Wardag" found), after "of" or "in" only
    r"(?:(?<=of |in )(?-i:[A-Z][a-z'-]+)\s+)?$"
    # "Thal, district of Kohat", "Panjway (Qandahar province)"
    r"|^,\s+(?:a\s+|the\s+)?(?:district|tehsil|sub-?division|town|village|area)\s+(?:of|in)\s+$"
    r"|^(?:\s+(?:district|area|village|town|city|tehsil))?\s*\(\s*(?:in\s+)?$"
    # "Regi, a suburban area of Kohat district", "Paghman, a town west of Kabul"
    r"|^(?:\s+[A-Z][\w'-]+){0,2}(?:\s+(?:district|area|village|town|tehsil))?,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:area|suburb|village|town|locality|neighbou?rhood|part|tehsil|sub-?division|city)"
    r"\s+(?:of|in)\s+(?:the\s+)?$",
    re.I,
)
#: "northern Balkh province, in the district of Dawlat Abad", "Kandahar, in the Panjwai
#: district": the second name lies in the first.
_CONTAINS_AFTER = re.compile(
    r"^(?:\s+(?:province|district))?,\s+in\s+(?:the\s+)?(?:(?:district|area|village|town|"
    r"tehsil)\s+of\s+)?$",
    re.I,
)
#: "North Waziristan's Mir Ali tehsil", "Pakistan's troubled Balochistan province": the
#: second name lies in the first.
_POSSESSIVE = re.compile(r"^['\u2019]s\s+(?:[a-z-]+\s+){0,2}$")
_UNIT_WORDS = (
    r"District|district|Province|province|village|Village|area|town|City|city|valley|Valley"
)
_NAMED_UNIT = re.compile(
    r"(?<![\w'-])((?:[A-Z][\w'\u2019-]+\s+){0,2}[A-Z][\w'\u2019-]+)\s+(?:" + _UNIT_WORDS + r")\b"
)
_AFTER_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|outside|inside|into|around|through)|\b(?:north|south|east|west|northeast|"
    r"northwest|southeast|southwest|outskirts|suburbs|vicinity|area|district|province|city|"
    r"town|village|capital|parts)\s+of)\s+(?:the\s+)?"
    r"((?:[A-Z][\w'\u2019-]+)(?:\s+[A-Z][\w'\u2019-]+){0,2})"
    r"(?=\s*(?:[,.;:()]|$|\s+[a-z]))"
)
#: A capitalised name just before "in" or "of" and a unit the text names ("Saddha in ").
_BEFORE_UNIT = re.compile(
    r"(?<=[a-z] )((?:[A-Z][\w'\u2019-]+)(?:\s+(?!"
    + _UNIT_WORDS
    + r"|Agency|Tehsil)[A-Z][\w'\u2019-]+){0,2})"
    r"(?:\s+(?:village|area|town))?\s+(?:in|of)\s+(?:the\s+)?$"
)
# (the unit words are no part of the name: "the Mosakehl District of Khost Province" is
# looked up as a district, by ``_NAMED_UNIT``)
#: Regions written in lower case: the tribal areas are the gazetteer's "Tribal Areas" (FATA;
#: after the merger of 31 May 2018 its successor, Khyber Pakhtunkhwa, on the day).
_REGIONS: tuple[tuple[re.Pattern[str], str, str, Prefer], ...] = (
    (
        re.compile(r"\btribal (?:areas?|belt|regions?|agenc(?:y|ies))\b", re.I),
        "Tribal Areas",
        "PK",
        "admin",
    ),
    # a country's capital named by its role: "the Afghan capital", "Afghanistan's capital"
    (
        re.compile(r"\b(?:the Afghan [Cc]apital|Afghan Capital|Afghanistan['\u2019]s capital)\b"),
        "Kabul",
        "AF",
        "specific",
    ),
    (
        re.compile(r"\b(?:the Pakistani capital|Pakistan['\u2019]s capital)\b(?! city of)"),
        "Islamabad",
        "PK",
        "specific",
    ),
)
#: The unit word after a name ("Gorbaz District", "Shindad town") says which kind of place.
_UNIT_KINDS = {
    "district": DISTRICT_KINDS,
    "province": PROVINCE_KINDS,
    "village": POINT_KINDS,
    "town": POINT_KINDS,
    "city": POINT_KINDS,
}
_NOT_A_PLACE = {
    "the", "a", "an", "afghanistan", "pakistan", "taliban", "police", "province", "district",
    "city", "town", "village", "area", "islamic", "state", "national", "army", "government",
    "north", "south", "east", "west", "central", "eastern", "western", "northern", "southern",
    "upper", "lower", "new", "old", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "us", "u", "s", "un", "nato",
    "mr", "mrs", "dr", "gen", "general", "colonel", "commander", "haji", "mullah", "maulana",
    "khasadar", "khassadar", "khasadars", "khassadars", "levies", "rangers", "constabulary",
}  # fmt: skip
#: Most look-ups of names the index lacks per incident.
MAX_LOOKUPS = 4


def _admin_keys(gaz: Gazetteer, r: Resolved) -> list[str]:
    keys = [r.key, *sorted(k for k in r.hit.keys if k != r.key)]
    return [k for k in keys if k in gaz.places]


def apply_containment(
    gaz: Gazetteer, found: list[Resolved], texts: dict[int, tuple[int, str]], on: dt.date | None
) -> list[Resolved]:
    """The resolved names with containment applied (see the module docstring)."""
    out = list(found)
    drop: set[int] = set()
    for a in range(len(out) - 1):
        first, second = out[a], out[a + 1]
        if first.sentence != second.sentence or a in drop:
            continue
        offset, text = texts[first.sentence]
        between = text[first.hit.end - offset : second.hit.start - offset]
        if DIRECTION_BEFORE.search(
            text[max(0, first.hit.start - offset - 30) : first.hit.start - offset]
        ):
            continue  # "east of Kabul in Sarobi": a landmark and the scene, not one in the other
        if _CONTAINS.match(between):
            _contain(gaz, out, drop, a, a + 1, on)
        elif _CONTAINS_AFTER.match(between) and first.level < second.level + 1:
            _contain(gaz, out, drop, a + 1, a, on, keep=True)
        elif _POSSESSIVE.match(between):
            # a possessive is looser ("Khyber Agency's Jamrud area" where the gazetteer
            # puts Jamrud in the district that followed the agency): no name is dropped
            _contain(gaz, out, drop, a + 1, a, on, keep=True)
    return [r for n, r in enumerate(out) if n not in drop]


def _contain(
    gaz: Gazetteer,
    out: list[Resolved],
    drop: set[int],
    i: int,
    o: int,
    on: dt.date | None,
    *,
    keep: bool = False,
) -> None:
    """Name ``out[i]`` lies in name ``out[o]`` (see the module docstring); ``keep``: when
    it does not, both stand."""
    inner, outer = out[i], out[o]
    holders = [k for k in _admin_keys(gaz, outer) if k != inner.key]
    holder = next((k for k in holders if lies_in(gaz, inner.key, k, on)), None)
    if holder is None:
        areas = [k for k in holders if gaz.places[k].kind in PROVINCE_KINDS | DISTRICT_KINDS]
        for area in areas:
            res = gaz.resolve(inner.hit.text, on=on, within=area, prefer="specific")
            key = res.key if res.key and res.key != area else None
            if key is None or not lies_in(gaz, key, area, on):
                kind = gaz.places[inner.key].kind
                same = next((ks for ks in KIND_GROUPS if kind in ks), None)
                key = spelled_inside(gaz, inner.hit.text, area, on, same)
            if key is not None and key != area and lies_in(gaz, key, area, on):
                out[i] = replace(inner, key=key, level=level_of(gaz, key))
                holder = area
                break
    if holder is None and keep:
        return
    if holder is None:
        drop.add(i)  # not a place inside the one the text names: the container stands
        return
    out[o] = replace(outer, key=holder, level=level_of(gaz, holder), context=True)


def _part_of(gaz: Gazetteer, h: NameHit, start: int, end: int) -> bool:
    """A place name found inside a longer capitalised name ("Shah Kot" in "Nadar Shah Kot
    District"): the longer name is looked up too, and stands for the place if it is one."""
    inside = start <= h.start and h.end <= end and h.end - h.start < end - start
    return inside and all(k in gaz.places for k in h.keys)


def _held_names(
    gaz: Gazetteer, taken: list[NameHit], offset: int, text: str
) -> dict[tuple[int, int], str]:
    """The spans of ``text`` (one sentence at ``offset``) of names it puts just before a
    province or district it names ("the wheat fields of Saddha in Kurram Agency"), each
    with that unit: they are looked up inside it only."""
    held: dict[tuple[int, int], str] = {}
    for h in taken:
        unit = next(iter(h.keys)) if len(h.keys) == 1 else None
        if unit is None or unit not in gaz.places or not offset <= h.start <= offset + len(text):
            continue
        if gaz.places[unit].kind not in PROVINCE_KINDS | DISTRICT_KINDS:
            continue
        base = max(0, h.start - offset - 60)
        before = _BEFORE_UNIT.search(text[base : h.start - offset])
        if before:
            held[(base + before.start(1), base + before.end(1))] = unit
    return held


def unknown_places(
    lex: Lexicon,
    texts: dict[int, tuple[int, str]],
    taken: list[NameHit],
    on: dt.date | None,
    country: str | None,
) -> list[tuple[int, NameHit]]:
    """Names the text marks as places that no indexed name matched, resolved by the
    gazetteer (see the module docstring)."""
    gaz = lex.gazetteer
    out: list[tuple[int, NameHit]] = []
    tried: set[str] = set()
    lookups = 0
    # the provinces and districts the text names (one place each): a name the index lacks
    # is looked for among their places
    units = [
        k
        for h in taken
        if len(h.keys) == 1
        and (k := next(iter(h.keys))) in gaz.places
        and gaz.places[k].kind in PROVINCE_KINDS | DISTRICT_KINDS
    ]
    for i, (offset, text) in sorted(texts.items()):
        for rx, name, in_country, prefer in _REGIONS:
            for m in rx.finditer(text):
                start, end = offset + m.start(), offset + m.end()
                res = gaz.resolve(name, on=on, country=in_country, prefer=prefer)
                over = [h for h in taken if h.start < end and start < h.end]
                # a country's name inside the phrase ("Afghanistan's capital") is no clash
                if res.key and all(
                    all(gaz.places[k].kind == "country" for k in h.keys if k in gaz.places)
                    for h in over
                ):
                    hit = NameHit(frozenset({res.key}), start, end, m.group())
                    out.append((i, hit))
                    taken = [*taken, hit]
        spans = [m.span(1) for rx in (_NAMED_UNIT, _AFTER_LOCATIVE) for m in rx.finditer(text)]
        held = _held_names(gaz, taken, offset, text)
        spans += list(held)
        for s, e in sorted(set(spans)):
            unit = re.match(r"\s+(\w+)", text[e : e + 12])
            kinds = _UNIT_KINDS.get(unit.group(1).lower()) if unit else None
            start, end = offset + s, offset + e
            words = text[s:e].split()
            while words and normalise(words[0]) in _NOT_A_PLACE:
                words.pop(0)
            if not words:
                continue
            first = start + text[s:e].index(words[0])
            inner = [h for h in taken if h.start < end and first < h.end]
            # a name found that runs into the unit word ("Kot district" in "Shahwali Kot
            # district") is part of the longer name too
            whole = end + unit.end() if unit and kinds else end
            if inner and not all(_part_of(gaz, h, first, whole) for h in inner):
                continue  # a name already found, or an actor's
            name = " ".join(words)
            n = normalise(name)
            if len(n) < 4 or n in tried or n in gaz.stoplist or n in _NOT_A_PLACE:
                continue
            tried.add(n)
            if lookups >= MAX_LOOKUPS:
                return out
            lookups += 1
            if (s, e) in held:
                inside = spelled_inside(gaz, name, held[(s, e)], on, POINT_KINDS)
                key = (
                    inside
                    if inside is not None and lies_in(gaz, inside, held[(s, e)], on)
                    else None
                )
            else:
                key = close_name(lex, n, on, country, kinds)
            if key is None:
                # a spelling the gazetteer lacks of a place inside a unit the text names
                # ("Maqur district" of "Badghis province" is Muqur)
                for area in units:
                    inside = spelled_inside(gaz, name, area, on, kinds)
                    if inside is not None and (kinds is None or gaz.places[inside].kind in kinds):
                        key = inside
                        break
            if key is None or gaz.places[key].kind == "country":
                continue
            # a name spelled close to a place outside every district the text names is
            # weak evidence against the text's own ("the Pathan Kot area" in a report from
            # Tank district is not Thakot of Battagram)
            districts = [k for k in units if gaz.places[k].kind in DISTRICT_KINDS]
            if (
                districts
                and gaz.places[key].kind in POINT_KINDS
                and not any(lies_in(gaz, key, k, on) for k in districts)
            ):
                continue
            if any(key in h.keys for h in inner):
                continue  # the shorter name found already stands for it
            hit = NameHit(frozenset({key}), first, end, name)
            out.append((i, hit))
            taken = [*taken, hit]
    return out
