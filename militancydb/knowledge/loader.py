"""Load the shipped knowledge into a database, and read the registries back out of it.

The database is the truth once loaded: users add and edit places, actors and the rest
through the services, and :func:`load_knowledge` reads whatever the database holds. Shipped
data is (re)loaded by ``militancydb init`` and ``militancydb knowledge load``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.history import Editor
from militancydb.db.tables import (
    Actor,
    ActorAlias,
    ActorRelation,
    Membership,
    Person,
    PersonEvent,
    Place,
    PlaceAlias,
    ProclaimedTerritory,
    Source,
    TerritoryControl,
)
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
from militancydb.knowledge.actors import ActorRegistry
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.place_tree import PlaceRecord
from militancydb.knowledge.shipped import ShippedKnowledge, SourceRecord, read_shipped
from militancydb.knowledge.store import SyncCounts, citations_by_entity, sync_records

SHIPPED_EDITOR = Editor(user="militancydb (shipped data)", reason="load shipped knowledge")


@dataclass
class LoadReport:
    """What loading the shipped knowledge did, per entity type."""

    counts: dict[str, SyncCounts] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        """Records created or updated."""
        return sum(c.created + c.updated for c in self.counts.values())


def sync_sources(session: Session, sources: dict[str, SourceRecord]) -> SyncCounts:
    """Insert shipped sources that are missing, update those that changed."""
    counts = SyncCounts()
    existing = {s.key: s for s in session.scalars(select(Source).where(Source.key.is_not(None)))}
    for rec in sources.values():
        values = {
            "publisher": rec.publisher,
            "title": rec.title,
            "url": rec.url,
            "published": rec.published,
            "accessed": rec.accessed,
            "licence": rec.licence,
            "kind": rec.kind,
            "note": rec.note,
        }
        row = existing.get(rec.key)
        if row is None:
            session.add(Source(key=rec.key, **values))
            counts.created += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            counts.updated += 1
        else:
            counts.unchanged += 1
    session.flush()
    return counts


def load_shipped(
    session: Session, shipped: ShippedKnowledge | None = None, editor: Editor = SHIPPED_EDITOR
) -> LoadReport:
    """Make the database hold the shipped knowledge (idempotent)."""
    shipped = shipped or read_shipped()
    report = LoadReport()
    report.counts["source"] = sync_sources(session, shipped.sources)

    def run(spec: specs.Spec, records: Any, sources_of: Any = lambda r: r.sources) -> None:
        report.counts[spec.entity] = sync_records(
            session,
            spec,
            records,
            key_of=lambda r: r.key if not isinstance(r, dict) else specs.local_fact_key(r),
            sources_of=sources_of,
            editor=editor,
        )

    run(specs.PLACE, shipped.places.values())
    run(specs.ACTOR, shipped.actors.values())
    run(specs.RELATION, shipped.relations)
    run(specs.PROCLAIMED, shipped.proclaimed)
    run(specs.PERSON, shipped.persons.values())
    run(specs.MEMBERSHIP, shipped.memberships)
    run(specs.PERSON_EVENT, shipped.events)
    run(specs.TERRITORY, shipped.territory)
    run(specs.LOCAL_FACT, shipped.local_facts, lambda f: list(f.get("sources") or []))
    session.flush()
    return report


# --- reading back --------------------------------------------------------------------------


def load_gazetteer(session: Session) -> Gazetteer:
    """The gazetteer as the database holds it (deleted places left out)."""
    aliases: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a in session.scalars(select(PlaceAlias).order_by(PlaceAlias.id)):
        aliases[a.place_key].append((a.alias, a.kind))
    cited = citations_by_entity(session, "place")
    places = {}
    for p in session.scalars(select(Place).where(Place.deleted.is_(False))):
        places[p.key] = PlaceRecord(
            key=p.key,
            kind=p.kind,
            name=p.name,
            country=p.country,
            parent=p.parent_key,
            valid_from=p.valid_from,
            valid_to=p.valid_to,
            successors=tuple(s for s in (p.successors or "").split(";") if s),
            hq=p.hq,
            lat=p.latitude,
            lon=p.longitude,
            population=p.population,
            aliases=tuple(aliases.get(p.key, [])),
            origin=p.origin,
            note=p.note,
            sources=tuple(cited.get(p.key, [])),
        )
    from militancydb.knowledge.shipped import read_stoplist

    return Gazetteer(places=places, stoplist=read_stoplist())


def load_registry(session: Session) -> ActorRegistry:
    """The actor registry as the database holds it (deleted records left out)."""
    aliases: dict[str, list[AliasRecord]] = defaultdict(list)
    for a in session.scalars(select(ActorAlias).order_by(ActorAlias.id)):
        aliases[a.actor_key].append(AliasRecord(a.alias, a.kind, a.lang, a.dataset))

    def cites(entity: str) -> dict[str, list[str]]:
        return citations_by_entity(session, entity)

    c_actor, c_rel, c_pro = cites("actor"), cites("relation"), cites("proclaimed")
    c_person, c_mem, c_ev, c_ter = (
        cites("person"),
        cites("membership"),
        cites("person_event"),
        cites("territory"),
    )
    live = Actor.deleted.is_(False)
    actors = {
        a.key: ActorRecord(
            key=a.key,
            name=a.name,
            kind=a.kind,
            family=a.family,
            parent=a.parent_key,
            founded=a.founded,
            dissolved=a.dissolved,
            countries=tuple(a.countries or ()),
            areas=tuple(a.areas or ()),
            aliases=tuple(aliases.get(a.key, [])),
            unverified=a.unverified,
            note=a.note,
            origin=a.origin,
            sources=tuple(c_actor.get(a.key, [])),
        )
        for a in session.scalars(select(Actor).where(live))
    }
    relations = [
        RelationRecord(
            key=r.key,
            type=r.type,
            source_actor=r.from_key,
            target_actor=r.to_key,
            start=r.start,
            end=r.end,
            confidence=r.confidence,
            partial=r.partial,
            note=r.note,
            sources=tuple(c_rel.get(r.key, [])),
        )
        for r in session.scalars(select(ActorRelation).where(ActorRelation.deleted.is_(False)))
    ]
    proclaimed = [
        ProclaimedRecord(
            key=p.key,
            actor=p.actor_key,
            places=tuple(p.places or ()),
            start=p.start,
            end=p.end,
            confidence=p.confidence,
            note=p.note,
            sources=tuple(c_pro.get(p.key, [])),
        )
        for p in session.scalars(
            select(ProclaimedTerritory).where(ProclaimedTerritory.deleted.is_(False))
        )
    ]
    persons = {
        p.key: PersonRecord(
            key=p.key,
            name=p.name,
            aliases=tuple(p.aliases or ()),
            note=p.note,
            unverified=p.unverified,
            origin=p.origin,
            sources=tuple(c_person.get(p.key, [])),
        )
        for p in session.scalars(select(Person).where(Person.deleted.is_(False)))
    }
    memberships = [
        MembershipRecord(
            key=m.key,
            person=m.person_key,
            actor=m.actor_key,
            role=m.role,
            start=m.start,
            end=m.end,
            note=m.note,
            sources=tuple(c_mem.get(m.key, [])),
        )
        for m in session.scalars(select(Membership).where(Membership.deleted.is_(False)))
    ]
    events = [
        PersonEventRecord(
            key=e.key,
            person=e.person_key,
            type=e.type,
            date=e.date,
            place=e.place_key,
            by=e.by_actor_key,
            actor=e.actor_key,
            how=e.how,
            note=e.note,
            sources=tuple(c_ev.get(e.key, [])),
        )
        for e in session.scalars(select(PersonEvent).where(PersonEvent.deleted.is_(False)))
    ]
    territory = [
        TerritoryRecord(
            key=t.key,
            actor=t.actor_key,
            place=t.place_key,
            status=t.status,
            start=t.start,
            end=t.end,
            note=t.note,
            sources=tuple(c_ter.get(t.key, [])),
        )
        for t in session.scalars(
            select(TerritoryControl).where(TerritoryControl.deleted.is_(False))
        )
    ]
    return ActorRegistry(
        actors=actors,
        relations=relations,
        proclaimed=proclaimed,
        persons=persons,
        memberships=memberships,
        events=events,
        territory=territory,
    )


@dataclass
class Knowledge:
    """The gazetteer and the actor registry, as services need them."""

    gazetteer: Gazetteer
    registry: ActorRegistry


def load_knowledge(session: Session) -> Knowledge:
    """Both registries, read from the database."""
    return Knowledge(load_gazetteer(session), load_registry(session))
