"""How each kind of knowledge record maps to its table, its snapshot and its citations.

One :class:`Spec` per entity type drives both the loading of shipped data
(:mod:`militancydb.knowledge.store`) and user edits (:mod:`militancydb.services.knowledge`),
so that a record looks the same in the change log whichever way it arrived.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from militancydb.db.tables import (
    Actor,
    ActorRelation,
    Base,
    LocalFact,
    Membership,
    Person,
    PersonEvent,
    Place,
    ProclaimedTerritory,
    TerritoryControl,
)
from militancydb.knowledge.actor_records import (
    ActorRecord,
    MembershipRecord,
    PersonEventRecord,
    PersonRecord,
    ProclaimedRecord,
    RelationRecord,
    TerritoryRecord,
)
from militancydb.knowledge.place_tree import PlaceRecord


@dataclass(frozen=True)
class Spec:
    """Mapping of one record type to storage."""

    entity: str
    table: type[Base]
    columns: Callable[[Any], dict[str, Any]]
    aliases: Callable[[Any], list[dict[str, Any]]] | None = None


def place_columns(p: PlaceRecord) -> dict[str, Any]:
    """Columns of a place row."""
    return {
        "key": p.key,
        "kind": p.kind,
        "name": p.name,
        "country": p.country,
        "parent_key": p.parent,
        "valid_from": p.valid_from,
        "valid_to": p.valid_to,
        "successors": ";".join(p.successors) or None,
        "hq": p.hq,
        "latitude": p.lat,
        "longitude": p.lon,
        "population": p.population,
        "note": p.note,
    }


def place_aliases(p: PlaceRecord) -> list[dict[str, Any]]:
    """Alias rows of a place (without ids)."""
    seen: set[str] = set()
    out = []
    for alias, kind in p.aliases:
        if alias not in seen and alias != p.name:
            seen.add(alias)
            out.append({"alias": alias, "kind": kind})
    return out


def actor_columns(a: ActorRecord) -> dict[str, Any]:
    """Columns of an actor row."""
    return {
        "key": a.key,
        "name": a.name,
        "kind": a.kind,
        "family": a.family,
        "parent_key": a.parent,
        "founded": a.founded,
        "dissolved": a.dissolved,
        "countries": list(a.countries),
        "areas": list(a.areas),
        "unverified": a.unverified,
        "note": a.note,
    }


def actor_aliases(a: ActorRecord) -> list[dict[str, Any]]:
    """Alias rows of an actor (without ids)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for al in a.aliases:
        k = (al.name, al.kind)
        if k not in seen:
            seen.add(k)
            out.append({"alias": al.name, "kind": al.kind, "lang": al.lang, "dataset": al.dataset})
    return out


def relation_columns(r: RelationRecord) -> dict[str, Any]:
    """Columns of a relation row."""
    return {
        "key": r.key,
        "type": r.type,
        "from_key": r.source_actor,
        "to_key": r.target_actor,
        "start": r.start,
        "end": r.end,
        "confidence": r.confidence,
        "partial": r.partial,
        "note": r.note,
    }


def proclaimed_columns(p: ProclaimedRecord) -> dict[str, Any]:
    """Columns of a proclaimed-territory row."""
    return {
        "key": p.key,
        "actor_key": p.actor,
        "start": p.start,
        "end": p.end,
        "places": list(p.places),
        "confidence": p.confidence,
        "note": p.note,
    }


def person_columns(p: PersonRecord) -> dict[str, Any]:
    """Columns of a person row."""
    return {
        "key": p.key,
        "name": p.name,
        "aliases": list(p.aliases),
        "note": p.note,
        "unverified": p.unverified,
    }


def membership_columns(m: MembershipRecord) -> dict[str, Any]:
    """Columns of a membership row."""
    return {
        "key": m.key,
        "person_key": m.person,
        "actor_key": m.actor,
        "role": m.role,
        "start": m.start,
        "end": m.end,
        "note": m.note,
    }


def event_columns(e: PersonEventRecord) -> dict[str, Any]:
    """Columns of a person-event row."""
    return {
        "key": e.key,
        "person_key": e.person,
        "type": e.type,
        "date": e.date,
        "place_key": e.place,
        "by_actor_key": e.by,
        "actor_key": e.actor,
        "how": e.how,
        "note": e.note,
    }


def territory_columns(t: TerritoryRecord) -> dict[str, Any]:
    """Columns of a territory-control row."""
    return {
        "key": t.key,
        "actor_key": t.actor,
        "place_key": t.place,
        "status": t.status,
        "start": t.start,
        "end": t.end,
        "note": t.note,
    }


def local_fact_columns(f: dict[str, Any]) -> dict[str, Any]:
    """Columns of a local-fact row (from its shipped dict)."""
    places = f.get("applies_to") or ([f["province"]] if f.get("province") else [])
    return {
        "key": local_fact_key(f),
        "country": f.get("country", "PK"),
        "category": f["category"],
        "kind": f.get("kind") or f.get("level") or "title",
        "name": f["name"],
        "aliases": list(f.get("aliases") or []),
        "level": f.get("level"),
        "places": list(places),
        "valid_from": _s(f.get("valid_from")),
        "valid_to": _s(f.get("valid_to")),
        "periods": [
            {
                "from": _s(p.get("from") or p.get("valid_from")),
                "to": _s(p.get("to") or p.get("valid_to")),
            }
            for p in f.get("periods") or []
        ],
        "part_of": f.get("part_of"),
        "only_in": list(f.get("only_in") or []),
        "note": f.get("note"),
    }


def local_fact_key(f: dict[str, Any]) -> str:
    """A stable key for a local fact: country, category, name and place."""
    where = f.get("province") or ""
    return f"{f.get('country', 'PK')}:{f['category']}:{f['name']}:{where}".rstrip(":")


def _s(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


PLACE = Spec("place", Place, place_columns, place_aliases)
ACTOR = Spec("actor", Actor, actor_columns, actor_aliases)
RELATION = Spec("relation", ActorRelation, relation_columns)
PROCLAIMED = Spec("proclaimed", ProclaimedTerritory, proclaimed_columns)
PERSON = Spec("person", Person, person_columns)
MEMBERSHIP = Spec("membership", Membership, membership_columns)
PERSON_EVENT = Spec("person_event", PersonEvent, event_columns)
TERRITORY = Spec("territory", TerritoryControl, territory_columns)
LOCAL_FACT = Spec("local_fact", LocalFact, local_fact_columns)

SPECS: dict[str, Spec] = {
    s.entity: s
    for s in (
        PLACE,
        ACTOR,
        RELATION,
        PROCLAIMED,
        PERSON,
        MEMBERSHIP,
        PERSON_EVENT,
        TERRITORY,
        LOCAL_FACT,
    )
}
