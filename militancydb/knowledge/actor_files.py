"""Read the shipped actor registry files (``actors/*.yaml``): actors, relations, people,
territory, and extra aliases of registered actors."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from militancydb.errors import KnowledgeDataError
from militancydb.knowledge import specs
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
from militancydb.knowledge.shipped_common import data_files, read_date, read_yaml, split_keys

if TYPE_CHECKING:
    from militancydb.knowledge.shipped import ShippedKnowledge

# --- actors --------------------------------------------------------------------------------


def read_actor_files() -> list[tuple[str, dict[str, Any]]]:
    """The parsed ``actors/*.yaml`` files."""
    return [(f"actors/{f.name}", read_yaml(f) or {}) for f in data_files("actors", ".yaml")]


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
    for where, doc in files:
        for raw in doc.get("aliases") or []:
            key = str(raw.get("actor", ""))
            if key not in into.actors:
                raise KnowledgeDataError(
                    f"{where}: alias {raw.get('name')!r} of unknown actor {key!r}"
                )
            a = into.actors[key]
            alias = _alias(raw)
            sources = tuple(dict.fromkeys((*a.sources, *split_keys(raw.get("sources")))))
            into.actors[key] = replace(a, aliases=(*a.aliases, alias), sources=sources)


def _alias(raw: Any) -> AliasRecord:
    if isinstance(raw, str):
        return AliasRecord(raw)
    return AliasRecord(
        str(raw["name"]), raw.get("kind", "name"), raw.get("lang"), raw.get("dataset")
    )


def _actor(raw: dict[str, Any], where: str) -> tuple[ActorRecord, list[ProclaimedRecord]]:
    key = str(raw["key"])
    here = f"{where} actor {key}"
    proclaimed = []
    for p in raw.get("proclaimed_territory") or []:
        start = read_date(p.get("from"), here)
        proclaimed.append(
            specs.PROCLAIMED.from_yaml(
                p,
                here,
                key=f"{key}:{start or ''}:{'+'.join(split_keys(p.get('places')))}",
                actor=key,
                confidence=p.get("confidence") or ("low" if p.get("unverified") else "medium"),
            )
        )
    aliases = tuple(_alias(a) for a in raw.get("aliases") or [])
    actor: ActorRecord = specs.ACTOR.from_yaml(raw, here, aliases=aliases)
    return actor, proclaimed


def _relation(raw: dict[str, Any], where: str) -> RelationRecord:
    here = f"{where} relation {raw.get('type')} {raw.get('from')}->{raw.get('to')}"
    start = read_date(raw.get("start"), here)
    key = f"{raw['type']}:{raw['from']}:{raw['to']}:{start or ''}"
    relation: RelationRecord = specs.RELATION.from_yaml(raw, here, key=key)
    return relation


def _person(
    raw: dict[str, Any], where: str
) -> tuple[PersonRecord, list[MembershipRecord], list[PersonEventRecord]]:
    key = str(raw["key"])
    here = f"{where} person {key}"
    memberships = []
    for m in raw.get("memberships") or []:
        start = read_date(m.get("from"), here)
        role = m.get("role", "member")
        memberships.append(
            specs.MEMBERSHIP.from_yaml(
                m, here, key=f"{key}:{m['actor']}:{role}:{start or ''}", person=key
            )
        )
    events = []
    for e in raw.get("events") or []:
        date = read_date(e.get("date"), here)
        events.append(
            specs.PERSON_EVENT.from_yaml(e, here, key=f"{key}:{e['type']}:{date or ''}", person=key)
        )
    person: PersonRecord = specs.PERSON.from_yaml(raw, here)
    return person, memberships, events


def _territory(raw: dict[str, Any], where: str) -> TerritoryRecord:
    here = f"{where} territory {raw.get('actor')} {raw.get('place')}"
    start = read_date(raw.get("from"), here)
    key = f"{raw['actor']}:{raw['place']}:{raw['status']}:{start or ''}"
    territory: TerritoryRecord = specs.TERRITORY.from_yaml(raw, here, key=key)
    return territory
