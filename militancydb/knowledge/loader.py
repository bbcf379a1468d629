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
    ActorAlias,
    PlaceAlias,
    Source,
)
from militancydb.knowledge import specs
from militancydb.knowledge.actor_records import (
    AliasRecord,
)
from militancydb.knowledge.actors import ActorRegistry
from militancydb.knowledge.gazetteer import Gazetteer
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


def _live(session: Session, spec: specs.Spec) -> list[Any]:
    """The rows of a record kind that are not deleted."""
    table: Any = spec.table
    return list(session.scalars(select(table).where(table.deleted.is_(False))))


def read_records(
    session: Session, spec: specs.Spec, aliases: dict[str, list[Any]] | None = None
) -> list[Any]:
    """Every live record of a kind, built from its row through the spec's field map."""
    cited = citations_by_entity(session, spec.entity)
    return [
        spec.from_row(row, cited.get(row.key, []), tuple((aliases or {}).get(row.key, [])))
        for row in _live(session, spec)
    ]


def load_gazetteer(session: Session) -> Gazetteer:
    """The gazetteer as the database holds it (deleted places left out)."""
    aliases: dict[str, list[Any]] = defaultdict(list)
    for a in session.scalars(select(PlaceAlias).order_by(PlaceAlias.id)):
        aliases[a.place_key].append((a.alias, a.kind))
    places = {p.key: p for p in read_records(session, specs.PLACE, aliases)}
    from militancydb.knowledge.shipped import read_stoplist

    return Gazetteer(places=places, stoplist=read_stoplist())


def load_registry(session: Session) -> ActorRegistry:
    """The actor registry as the database holds it (deleted records left out)."""
    aliases: dict[str, list[Any]] = defaultdict(list)
    for a in session.scalars(select(ActorAlias).order_by(ActorAlias.id)):
        aliases[a.actor_key].append(AliasRecord(a.alias, a.kind, a.lang, a.dataset))
    return ActorRegistry(
        actors={a.key: a for a in read_records(session, specs.ACTOR, aliases)},
        relations=read_records(session, specs.RELATION),
        proclaimed=read_records(session, specs.PROCLAIMED),
        persons={p.key: p for p in read_records(session, specs.PERSON)},
        memberships=read_records(session, specs.MEMBERSHIP),
        events=read_records(session, specs.PERSON_EVENT),
        territory=read_records(session, specs.TERRITORY),
    )


@dataclass
class Knowledge:
    """The gazetteer and the actor registry, as services need them."""

    gazetteer: Gazetteer
    registry: ActorRegistry


def load_knowledge(session: Session) -> Knowledge:
    """Both registries, read from the database."""
    return Knowledge(load_gazetteer(session), load_registry(session))
