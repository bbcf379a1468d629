"""Checks that what a person gives as an incident's location holds together.

- **Country**: the code must be a country the gazetteer holds (``PK``, ``AF``); ``XX`` is
  refused with the list.
- **Coordinates inside the country and province**: where the shipped boundaries cover the
  country, the point must lie inside the country and within :data:`TOLERANCE_KM` of the
  incident's province (on its date or today; FATA's polygon counts for today's Khyber
  Pakhtunkhwa). A point outside is refused, naming where it lies: London coordinates on a
  Sindh incident, or latitude and longitude swapped, are caught before they are stored.

Importers do not come through here: a dataset's coordinates are kept as it gives them (the
importers check them against the region themselves and warn).
"""

from __future__ import annotations

from militancydb.errors import FieldError
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.geometry import boundaries, province_near_point
from militancydb.services.locations import ResolvedLocation

#: How far outside a province's polygon a point may lie and still count as inside it (the
#: polygons are Natural Earth's 1:10m lines; border towns and rounded coordinates fall just
#: outside them).
TOLERANCE_KM = 20.0
KM_PER_DEGREE = 111.0


def country_errors(gaz: Gazetteer, country: str) -> list[FieldError]:
    """The country code is one the gazetteer holds."""
    known = sorted({p.country for p in gaz.places.values() if p.country})
    if known and country not in known:
        return [
            FieldError(
                "country",
                f"{country!r} is not a country militancydb knows; use one of "
                f"{', '.join(known)} (ISO 3166 codes)",
            )
        ]
    return []


def point_errors(
    gaz: Gazetteer,
    *,
    country: str,
    latitude: float | None,
    longitude: float | None,
    location: ResolvedLocation,
) -> list[FieldError]:
    """The point lies in the country and near the province recorded (see the module
    docstring); empty when it does or when no boundary covers the country."""
    if latitude is None or longitude is None:
        return []
    shapes = [b for b in boundaries() if b.key.startswith(f"{country}-")]
    if not shapes:
        return []
    from shapely.geometry import Point  # numpy and shapely only when a point is checked

    point = Point(longitude, latitude)
    where = f"({latitude}, {longitude})"
    found = province_near_point(latitude, longitude, max_km=TOLERANCE_KM)
    if found is None or not found.startswith(f"{country}-"):
        lies = f"in {_name(gaz, found)}" if found else "outside every province militancydb has"
        return [
            FieldError(
                "latitude",
                f"{where} lies {lies}, not in {country}: check the coordinates (latitude "
                "first, then longitude, in decimal degrees) or the country",
            )
        ]
    expected = {k for k in (location.admin1_key, location.admin1_now_key) if k}
    if not expected:
        return []
    mine = [b for b in shapes if b.key in expected or gaz.today(b.key) in expected]
    if not mine:
        return []
    km = min(b.geometry.distance(point) for b in mine) * KM_PER_DEGREE
    if km <= TOLERANCE_KM:
        return []
    return [
        FieldError(
            "latitude",
            f"{where} lies in {_name(gaz, found)}, about {km:.0f} km outside "
            f"{location.admin1_name or location.admin1_key}, the incident's province: check "
            "the coordinates or the province",
        )
    ]


def _name(gaz: Gazetteer, key: str | None) -> str:
    place = gaz.get(key) if key else None
    return f"{place.name} [{key}]" if place else str(key)
