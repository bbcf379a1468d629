"""Read the shipped actor registry files (``actors/*.yaml``): actors, relations, people,
territory, and extra aliases of registered actors."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from militancydb.errors import KnowledgeDataError
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
from militancydb.knowledge.shipped_common import _date, _files, _keys, _yaml

if TYPE_CHECKING:
    from militancydb.knowledge.shipped import ShippedKnowledge

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
    for where, doc in files:
        for raw in doc.get("aliases") or []:
            key = str(raw.get("actor", ""))
            if key not in into.actors:
                raise KnowledgeDataError(
                    f"{where}: alias {raw.get('name')!r} of unknown actor {key!r}"
                )
            a = into.actors[key]
            alias = AliasRecord(
                str(raw["name"]), raw.get("kind", "name"), raw.get("lang"), raw.get("dataset")
            )
            sources = tuple(dict.fromkeys((*a.sources, *_keys(raw.get("sources")))))
            into.actors[key] = replace(a, aliases=(*a.aliases, alias), sources=sources)


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
