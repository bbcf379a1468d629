"""Extracted incidents in GTD's and ACLED's shapes, through the codebook crosswalk.

GTD: the fields of its codebook (``iyear`` ... ``claimed``) with its labels; ``nkill`` is
victims plus attackers, as GTD counts; ``gname`` is "Unknown" when no perpetrator is named;
``claimed`` is 1 when a group claimed, 0 when the text says none did, -9 when it does not
say. ACLED: ``event_date``, ``event_type``/``sub_event_type`` (the tactic's pairing first,
else the event type's), ``actor1``, ``admin1``/``admin2``, ``location``, ``geo_precision``
(1 town, 2 district or near a town, 3 province or country) and ``fatalities``.
"""

from __future__ import annotations

from typing import Any

from militancydb.codebook.crosswalk import acled_types, to_theirs
from militancydb.codebook.vocab import ATTACK_EVENT_TYPES
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.nlp.model import Extracted, Figure

COUNTRY_NAMES = {"PK": "Pakistan", "AF": "Afghanistan", "IN": "India", "IR": "Iran"}


def _best(f: Figure | None) -> int | None:
    if f is None:
        return None
    return f.best if f.best is not None else f.low


def _gtd_label(table: str, values: list[str]) -> str:
    for v in values:
        p = to_theirs("gtd", table, v)
        if p is not None:
            return p.theirs
    return "Unknown"


def _perpetrator(inc: Extracted) -> str:
    return inc.perpetrators[0].name if inc.perpetrators else "Unknown"


def _country(inc: Extracted, gaz: Gazetteer) -> str | None:
    code = inc.location.country if inc.location else None
    if code is None:
        return None
    p = gaz.places.get(code)
    return p.name if p else COUNTRY_NAMES.get(code, code)


def to_gtd(inc: Extracted, gaz: Gazetteer) -> dict[str, Any]:
    """One incident as a GTD row (see the module docstring)."""
    y = m = d = None
    if inc.date:
        parts = inc.date.date.split("-")
        y = int(parts[0])
        m = int(parts[1]) if inc.date.precision in ("day", "days", "month") else 0
        d = int(parts[2]) if inc.date.precision in ("day", "days") else 0
    tactics = [t.value for t in inc.tactics]
    victims, attackers = _best(inc.killed), _best(inc.attackers_killed)
    nkill = None if victims is None and attackers is None else (victims or 0) + (attackers or 0)
    loc = inc.location
    claimed = 1 if any(c.kind == "claim" for c in inc.claims) else (0 if inc.no_claim else -9)
    return {
        "iyear": y,
        "imonth": m,
        "iday": d,
        "country_txt": _country(inc, gaz),
        "provstate": loc.province_name if loc else None,
        "city": (loc.city or loc.district_name) if loc else None,
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "attacktype1_txt": _gtd_label("attacktype1", tactics),
        "targtype1_txt": _gtd_label("targtype1", [t.value for t in inc.targets]),
        "weaptype1_txt": _gtd_label("weaptype1", tactics),
        "suicide": 1 if inc.suicide else 0,
        "nkill": nkill,
        "nwound": _best(inc.injured),
        "nkillter": attackers,
        "gname": _perpetrator(inc),
        "claimed": claimed,
    }


def _acled_actor1(inc: Extracted, gaz: Gazetteer) -> str | None:
    """The perpetrator; for an attack by militants nobody is named for, ACLED's own label
    "Unidentified Armed Group (Country)"; else nothing."""
    if inc.perpetrators:
        return _perpetrator(inc)
    country = _country(inc, gaz)
    if inc.event_type.value in ATTACK_EVENT_TYPES and country:
        return f"Unidentified Armed Group ({country})"
    return None


def to_acled(inc: Extracted, gaz: Gazetteer) -> dict[str, Any]:
    """One incident as an ACLED row (see the module docstring)."""
    types = acled_types(
        inc.event_type.value, [t.value for t in inc.tactics], [t.value for t in inc.targets]
    )
    loc = inc.location
    precision = None
    if loc:
        precision = {"exact": 1, "near": 2, "district": 2}.get(loc.precision, 3)
    victims, attackers = _best(inc.killed), _best(inc.attackers_killed)
    fatalities = (
        None if victims is None and attackers is None else (victims or 0) + (attackers or 0)
    )
    year = int(inc.date.date[:4]) if inc.date else None
    return {
        "event_date": inc.date.date if inc.date else None,
        "year": year,
        "event_type": types[0] if types else None,
        "sub_event_type": types[1] if types else None,
        "actor1": _acled_actor1(inc, gaz),
        "country": _country(inc, gaz),
        "admin1": loc.province_name if loc else None,
        "admin2": loc.district_name if loc else None,
        "location": (loc.city or loc.district_name or loc.province_name) if loc else None,
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "geo_precision": precision,
        "fatalities": fatalities,
    }
