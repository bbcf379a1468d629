"""Province boundaries (Natural Earth 1:10m admin-1, public domain) and point-in-polygon.

The shipped files are Natural Earth's features unmodified. Two corrections are applied on
load, by rule:

- Pakistan: features are keyed by ``iso_3166_2`` (``PK-TA`` is the former FATA, which Natural
  Earth still draws as its own unit; ``PK-GB`` is named "Northern Areas" there).
- Afghanistan: four features carry wrong codes in the original. The loader keys every Afghan
  feature by its GeoNames name (``gn_name``) through :data:`AF_GN_NAME_TO_ISO` when the name is
  listed there, else by ``iso_3166_2``. That turns the feature with gn_name "Panjshir" (coded
  AF-PAR) into AF-PAN, "Wilayat-e Daykundi" (coded AF-URU) into AF-DAY, and swaps the codes of
  Paktika and Paktia back (AF-PKA is Paktika, AF-PIA is Paktia).

Full-precision polygons are used for point-in-polygon; :func:`simplified` gives light
versions for maps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # shapely is imported when a polygon is first needed, not with the module
    from shapely.geometry.base import BaseGeometry
    from shapely.prepared import PreparedGeometry

AF_GN_NAME_TO_ISO: dict[str, str] = {
    "Panjshir": "AF-PAN",
    "Wilayat-e Daykundi": "AF-DAY",
    "Wilayat-e Paktika": "AF-PKA",
    "Wilayat-e Paktiya": "AF-PIA",
}

BOUNDARY_FILES = ("naturalearth-admin1-pakistan.geojson", "naturalearth-admin1-afghanistan.geojson")


@dataclass(frozen=True)
class Boundary:
    """One province polygon, keyed by our place key."""

    key: str
    name: str
    geometry: BaseGeometry
    prepared: PreparedGeometry


def _feature_key(props: dict[str, Any]) -> str:
    iso = str(props["iso_3166_2"])
    if iso.startswith("AF-"):
        return AF_GN_NAME_TO_ISO.get(str(props.get("gn_name")), iso)
    return iso


@lru_cache(maxsize=1)
def boundaries() -> tuple[Boundary, ...]:
    """Every shipped province polygon."""
    from shapely.geometry import shape
    from shapely.prepared import prep

    folder = resources.files("militancydb.knowledge").joinpath("data", "boundaries")
    out = []
    for name in BOUNDARY_FILES:
        data = json.loads(folder.joinpath(name).read_text("utf-8"))
        for feature in data["features"]:
            props = feature["properties"]
            geom = shape(feature["geometry"])
            out.append(Boundary(_feature_key(props), str(props["name"]), geom, prep(geom)))
    return tuple(out)


def province_at_point(lat: float, lon: float) -> str | None:
    """The key of the province polygon containing the point (None: outside all of them)."""
    from shapely.geometry import Point

    point = Point(lon, lat)
    for b in boundaries():
        if b.prepared.contains(point):
            return b.key
    return None


def province_near_point(lat: float, lon: float, max_km: float = 15.0) -> str | None:
    """Like :func:`province_at_point`, but a point just outside every polygon (a border town,
    a coordinate rounded off the coast) takes the nearest province within ``max_km``."""
    from shapely.geometry import Point

    inside = province_at_point(lat, lon)
    if inside is not None:
        return inside
    point = Point(lon, lat)
    best: tuple[float, str] | None = None
    for b in boundaries():
        d = b.geometry.distance(point) * 111.0  # degrees to km, good enough at this scale
        if d <= max_km and (best is None or d < best[0]):
            best = (d, b.key)
    return best[1] if best else None


def simplified(tolerance: float = 0.02) -> dict[str, BaseGeometry]:
    """Lightened polygons for drawing maps, keyed by place key."""
    return {b.key: b.geometry.simplify(tolerance, preserve_topology=True) for b in boundaries()}
