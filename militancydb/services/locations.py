"""Turn the location a user or an importer gives into gazetteer keys, at the time and today.

An incident stores its province and district twice: as they were on the incident's date
(a 2016 attack in Khyber Agency is in FATA) and as they are today (district Khyber, Khyber
Pakhtunkhwa), so that reports can use either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from militancydb.domain.limits import clip
from militancydb.errors import FieldError
from militancydb.knowledge.gazetteer import Gazetteer, PlaceResolution
from militancydb.knowledge.place_tree import DISTRICT_KINDS, POINT_KINDS, PROVINCE_KINDS


@dataclass(frozen=True)
class ResolvedLocation:
    """Gazetteer keys and names of an incident's location."""

    admin1_key: str | None = None
    admin1_name: str | None = None
    admin1_now_key: str | None = None
    admin1_now_name: str | None = None
    admin2_key: str | None = None
    admin2_name: str | None = None
    admin2_now_key: str | None = None
    admin2_now_name: str | None = None
    place_key: str | None = None
    place_name: str | None = None
    latitude: float | None = None
    longitude: float | None = None


def _explain(field: str, r: PlaceResolution) -> FieldError:
    if r.status == "ambiguous":
        options = "; ".join(f"{m.key} ({m.reasons[-1]})" for m in r.alternatives[:6])
        return FieldError(field, f"{clip(r.query)} is ambiguous: {options}. Use one of these keys.")
    hint = ""
    if r.alternatives:
        hint = " Close: " + ", ".join(m.key for m in r.alternatives[:5]) + "."
    why = "; ".join(r.reasons)
    return FieldError(
        field,
        f"{clip(r.query)} is not in the gazetteer ({why}).{hint} "
        "Check the spelling, use a key from `militancydb places resolve`, or add the place.",
    )


def resolve_location(
    gaz: Gazetteer,
    *,
    day: dt.date,
    country: str,
    province: str | None,
    district: str | None,
    place: str | None,
    latitude: float | None,
    longitude: float | None,
    errors: list[FieldError],
    geo_precision: str | None = None,
) -> ResolvedLocation:
    """Resolve the location fields; problems are appended to ``errors`` (none raised)."""
    near = (latitude, longitude) if latitude is not None and longitude is not None else None
    province_key = district_key = place_key = None
    if province:
        r = gaz.resolve(province, on=day, country=country, kinds=PROVINCE_KINDS)
        province_key = r.key
        if province_key is None:
            errors.append(_explain("province", r))
    if district:
        r = gaz.resolve(
            district, on=day, country=country, kinds=DISTRICT_KINDS, within=province_key, near=near
        )
        district_key = r.key
        if district_key is None:
            errors.append(_explain("district", r))
    if place:
        r = gaz.resolve(
            place,
            on=day,
            country=country,
            within=district_key or province_key,
            near=near,
            prefer="specific",
        )
        place_key = r.key
        if place_key is None:
            errors.append(_explain("place", r))
    return locate(
        gaz,
        day=day,
        province_key=province_key,
        district_key=district_key,
        place_key=place_key,
        latitude=latitude,
        longitude=longitude,
        point_precise=geo_precision in (None, "exact", "near", "district"),
    )


def locate(
    gaz: Gazetteer,
    *,
    day: dt.date,
    province_key: str | None,
    district_key: str | None,
    place_key: str | None,
    latitude: float | None,
    longitude: float | None,
    point_precise: bool = True,
) -> ResolvedLocation:
    """Fill in the province and district (at the time and today) from whatever is known.

    The most specific thing known decides: a district gives its province; a town or
    locality gives its district; coordinates alone give the province by point-in-polygon
    and the district by the nearest headquarters -- but only when they mark the place
    itself (``point_precise``), not a stand-in such as the centre of the country.
    """
    today = dt.date.today()
    at = now = None
    place = gaz.get(place_key) if place_key else None
    if district_key:
        at, now = gaz.admin_of(district_key, day), gaz.admin_of(district_key, today)
    elif place is not None and (place.kind in POINT_KINDS or place.kind in DISTRICT_KINDS):
        at, now = gaz.admin_of(place.key, day), gaz.admin_of(place.key, today)
    elif latitude is not None and longitude is not None and province_key is None and point_precise:
        at = gaz.admin_of_point(latitude, longitude, day)
        now = gaz.admin_of_point(latitude, longitude, today)
    a1 = at.province if at else None
    a2 = at.district if at else None
    n1 = now.province if now else None
    n2 = now.district if now else None
    if province_key and not a1:
        a1 = gaz.at_date(province_key, day)
    if province_key and not n1:
        n1 = gaz.today(province_key)
    if place is not None and place.kind in PROVINCE_KINDS and not a1:
        a1, n1 = gaz.at_date(place.key, day), gaz.today(place.key)
    lat, lon = latitude, longitude
    if lat is None and place is not None and place.lat is not None:
        lat, lon = place.lat, place.lon

    def name(key: str | None) -> str | None:
        p = gaz.get(key) if key else None
        return p.name if p else None

    return ResolvedLocation(
        admin1_key=a1,
        admin1_name=name(a1),
        admin1_now_key=n1,
        admin1_now_name=name(n1),
        admin2_key=a2,
        admin2_name=name(a2),
        admin2_now_key=n2,
        admin2_now_name=name(n2),
        place_key=place_key,
        place_name=place.name if place else None,
        latitude=lat,
        longitude=lon,
    )
