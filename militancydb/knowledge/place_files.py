"""Read the shipped places: administrative units (``places/*.csv``), extra aliases
(``places/aliases_*.csv``), GeoNames towns and the localities the bundled UCDP file names."""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from militancydb.errors import KnowledgeDataError
from militancydb.knowledge import geometry
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.place_tree import DISTRICT_KINDS, PROVINCE_KINDS, PlaceRecord
from militancydb.knowledge.place_variants import with_variants
from militancydb.knowledge.shipped_common import (
    GEONAMES_SOURCE,
    UCDP_SOURCE,
    data_dir,
    data_files,
    read_date,
    split_keys,
)
from militancydb.knowledge.text import normalise, slug

# --- places --------------------------------------------------------------------------------


def read_admin_places() -> dict[str, PlaceRecord]:
    """Countries, provinces, districts and former units from ``places/*.csv``."""
    out: dict[str, PlaceRecord] = {}
    for f in data_files("places", ".csv"):
        if f.name.startswith(("aliases", "city_")):
            continue  # extra aliases: read_extra_aliases; cities' districts: read_city_districts
        reader = csv.DictReader(io.StringIO(f.read_text("utf-8")))
        for line, row in enumerate(reader, start=2):
            where = f"places/{f.name} line {line}"
            key = (row.get("key") or "").strip()
            if not key:
                raise KnowledgeDataError(f"{where}: no key")
            if key in out:
                raise KnowledgeDataError(f"{where}: key {key!r} is used twice")
            lat, lon = (row.get("lat") or "").strip(), (row.get("lon") or "").strip()
            aliases = tuple((a, "alias") for a in split_keys(row.get("aliases")))
            out[key] = PlaceRecord(
                key=key,
                kind=row["kind"].strip(),
                name=row["name"].strip(),
                country=key[:2],
                parent=(row.get("parent") or "").strip() or None,
                valid_from=read_date(row.get("valid_from"), where),
                valid_to=read_date(row.get("valid_to"), where),
                successors=split_keys(row.get("successor")),
                hq=(row.get("hq") or "").strip() or None,
                lat=float(lat) if lat else None,
                lon=float(lon) if lon else None,
                aliases=aliases,
                note=(row.get("note") or "").strip() or None,
                sources=split_keys(row.get("source")),
            )
    return out


def read_towns() -> dict[str, PlaceRecord]:
    """GeoNames towns (population >= 500), their province found by point-in-polygon."""
    out: dict[str, PlaceRecord] = {}
    for f in data_files("geonames", ".json"):
        for town in json.loads(f.read_text("utf-8")):
            lat, lon = float(town["latitude"]), float(town["longitude"])
            province = geometry.province_near_point(lat, lon)
            names = {n for n in town.get("alternatenames", []) if n and n != town["name"]}
            key = f"gn:{town['geonameid']}"
            out[key] = PlaceRecord(
                key=key,
                kind="town",
                name=town["name"],
                country=town["countrycode"],
                parent=province or town["countrycode"],
                lat=lat,
                lon=lon,
                population=int(town.get("population") or 0) or None,
                aliases=tuple((n, "alias") for n in sorted(names)),
                origin="geonames",
                note=f"geonameid={town['geonameid']}",
                sources=(GEONAMES_SOURCE,),
            )
    return out


def read_stoplist() -> frozenset[str]:
    """Words that are place names too and resolve only with context."""
    f = data_dir().joinpath("places", "stoplist.txt")
    if not f.is_file():
        return frozenset()
    words = (line.split("#")[0].strip() for line in f.read_text("utf-8").splitlines())
    return frozenset(normalise(w) for w in words if w)


def ucdp_rows() -> Iterable[dict[str, str]]:
    """Rows of the bundled UCDP GED file."""
    f = resources.files("militancydb.datasets").joinpath("ucdp-ged-pakistan-1989-2021.csv")
    yield from csv.DictReader(io.StringIO(f.read_text("utf-8")))


LOCALITY_SUFFIXES = (" town", " village", " city")


def resolve_ucdp_admin(gaz: Gazetteer, adm_1: str, adm_2: str) -> tuple[str | None, str | None]:
    """UCDP's adm_1/adm_2 strings as gazetteer keys (province, district-level unit)."""
    province = None
    if adm_1:
        r = gaz.resolve(adm_1, country="PK", kinds=PROVINCE_KINDS)
        province = r.key
    district = None
    if adm_2:
        r = gaz.resolve(adm_2, country="PK", kinds=DISTRICT_KINDS, within=province)
        district = r.key
    return province, district


def read_ucdp_localities(gaz: Gazetteer) -> dict[str, PlaceRecord]:
    """Villages, valleys and localities the UCDP file names, with its coordinates."""
    groups: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in ucdp_rows():
        name = row["where_coordinates"].strip()
        if row["where_prec"] not in ("1", "2") or not name or not row["latitude"]:
            continue
        groups[(name, row["adm_1"], row["adm_2"])].append(
            (float(row["latitude"]), float(row["longitude"]))
        )
    out: dict[str, PlaceRecord] = {}
    for (name, adm_1, adm_2), points in sorted(groups.items()):
        lat = statistics.median(p[0] for p in points)
        lon = statistics.median(p[1] for p in points)
        province, district = resolve_ucdp_admin(gaz, adm_1, adm_2)
        existing = gaz.resolve(name, country="PK", near=(lat, lon))
        if existing.key is not None:
            p = gaz.places[existing.key]
            if p.is_admin or p.lat is None or p.lon is None:
                continue  # the name is an administrative unit
            if abs(p.lat - lat) < 0.15 and abs(p.lon - lon) < 0.15:
                continue  # already a GeoNames town here
        short = name
        for suffix in LOCALITY_SUFFIXES:
            if short.lower().endswith(suffix):
                short = short[: -len(suffix)]
        parent = district or province or "PK"
        key = f"ucdp:{slug(short)}:{slug(parent)}"
        if key in out:
            continue
        out[key] = PlaceRecord(
            key=key,
            kind="locality",
            name=short,
            country="PK",
            parent=parent,
            lat=round(lat, 5),
            lon=round(lon, 5),
            aliases=((name, "alias"),) if short != name else (),
            origin="ucdp",
            note=f"named in UCDP GED where_coordinates ({len(points)} events)",
            sources=(UCDP_SOURCE,),
        )
    return out


def read_extra_aliases(places: dict[str, PlaceRecord]) -> dict[str, PlaceRecord]:
    """Add the aliases of ``places/aliases_*.csv`` (``key,alias,source,note``) to their
    places, with their sources; an alias of an unknown key is an error."""
    out = dict(places)
    for f in data_files("places", ".csv"):
        if not f.name.startswith("aliases"):
            continue
        reader = csv.DictReader(io.StringIO(f.read_text("utf-8")))
        for line, row in enumerate(reader, start=2):
            key = (row.get("key") or "").strip()
            alias = (row.get("alias") or "").strip()
            if key not in out:
                raise KnowledgeDataError(f"places/{f.name} line {line}: no place {key!r}")
            if not alias:
                raise KnowledgeDataError(f"places/{f.name} line {line}: empty alias")
            p = out[key]
            sources = tuple(dict.fromkeys((*p.sources, *split_keys(row.get("source")))))
            out[key] = replace(p, aliases=(*p.aliases, (alias, "alias")), sources=sources)
    return out


def read_city_districts(
    places: dict[str, PlaceRecord], *, strict: bool = True
) -> dict[str, PlaceRecord]:
    """Record the districts of ``places/city_districts.csv`` (``key,districts,source,note``)
    as the ``spans`` of their cities (see :mod:`~militancydb.knowledge.place_tree`); an
    unknown city or district is an error (``strict=False``, for a gazetteer read back from a
    database where a user deleted places: the row is skipped)."""
    out = dict(places)
    f = data_dir().joinpath("places", "city_districts.csv")
    if not f.is_file():
        return out
    reader = csv.DictReader(io.StringIO(f.read_text("utf-8")))
    for line, row in enumerate(reader, start=2):
        where = f"places/city_districts.csv line {line}"
        key = (row.get("key") or "").strip()
        districts = split_keys(row.get("districts"))
        unknown = [d for d in districts if d not in out or out[d].kind not in DISTRICT_KINDS]
        if not strict and (key not in out or unknown):
            continue
        if key not in out:
            raise KnowledgeDataError(f"{where}: no place {key!r}")
        if len(districts) < 2 or unknown:
            raise KnowledgeDataError(
                f"{where}: a city of several districts needs two district keys or more "
                f"(unknown or not a district: {unknown or districts})"
            )
        p = out[key]
        sources = tuple(dict.fromkeys((*p.sources, *split_keys(row.get("source")))))
        out[key] = replace(p, spans=districts, sources=sources)
    return out


@lru_cache(maxsize=1)
def read_places() -> tuple[dict[str, PlaceRecord], frozenset[str]]:
    """All shipped places (admin units, towns, UCDP localities) and the stop-list."""
    stoplist = read_stoplist()
    places = {**read_admin_places(), **read_towns()}
    base = Gazetteer(places=dict(places), stoplist=stoplist)
    places.update(read_ucdp_localities(base))
    places = read_extra_aliases(places)  # after the localities, so they can take aliases
    places = read_city_districts(places)
    places = with_variants(places)  # run-together and split spellings (place_variants)
    return places, stoplist
