"""Read the knowledge the package ships: sources, places, actors, people, territory.

Files live in ``militancydb/knowledge/data`` (formats in its README). Towns come from the
shipped GeoNames extract (CC BY 4.0); localities named by the bundled UCDP file (its
``where_coordinates`` with exact or near precision) are added with UCDP's coordinates and the
district UCDP gives. Reading is pure: nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from militancydb.errors import KnowledgeDataError
from militancydb.knowledge.actor_files import parse_actors, read_actor_files
from militancydb.knowledge.actor_records import (
    ActorRecord,
    MembershipRecord,
    PersonEventRecord,
    PersonRecord,
    ProclaimedRecord,
    RelationRecord,
    TerritoryRecord,
)
from militancydb.knowledge.place_files import (
    read_admin_places,
    read_places,
    read_stoplist,
    read_towns,
    read_ucdp_localities,
    resolve_ucdp_admin,
    ucdp_rows,
)
from militancydb.knowledge.place_tree import PlaceRecord
from militancydb.knowledge.shipped_common import (
    BUILTIN_SOURCES,
    GEONAMES_SOURCE,
    NATURAL_EARTH_SOURCE,
    UCDP_SOURCE,
    data_dir,
    data_files,
    read_date,
    read_yaml,
)

__all__ = [
    "GEONAMES_SOURCE",
    "NATURAL_EARTH_SOURCE",
    "UCDP_SOURCE",
    "ShippedKnowledge",
    "SourceRecord",
    "data_dir",
    "parse_actors",
    "read_actor_files",
    "read_admin_places",
    "read_local_facts",
    "read_places",
    "read_shipped",
    "read_sources",
    "read_stoplist",
    "read_towns",
    "read_ucdp_localities",
    "resolve_ucdp_admin",
    "ucdp_rows",
]


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


# --- sources -------------------------------------------------------------------------------


def read_sources() -> dict[str, SourceRecord]:
    """Every shipped source, keyed by id (ids must be unique across files)."""
    out: dict[str, SourceRecord] = {}
    for raw in BUILTIN_SOURCES:
        out[raw["id"]] = _source(raw, "built-in")
    for f in data_files("sources", ".yaml"):
        for raw in read_yaml(f) or []:
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
        published=read_date(raw.get("date") or raw.get("published"), f"{where} {raw['id']}"),
        accessed=read_date(raw.get("accessed"), f"{where} {raw['id']}"),
        licence=raw.get("licence"),
        kind=raw.get("kind", "article"),
        note=raw.get("note"),
    )


def read_local_facts() -> list[dict[str, Any]]:
    """The reference of local facts (``local_facts/*.yaml``), one dict per entry."""
    out: list[dict[str, Any]] = []
    for f in data_files("local_facts", ".yaml"):
        doc = read_yaml(f) or {}
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
