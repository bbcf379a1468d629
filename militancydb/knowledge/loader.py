"""Load the shipped knowledge into a database, and read the registries back out of it.

The database is the truth once loaded: users add and edit places, actors and the rest
through the services, and :func:`load_knowledge` reads whatever the database holds. Shipped
data is (re)loaded by ``militancydb init`` and ``militancydb knowledge load``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from militancydb.db.history import Editor

if TYPE_CHECKING:  # imported where used: reading a snapshot needs none of them (issue 15)
    from sqlalchemy.orm import Session

    from militancydb.knowledge import specs
    from militancydb.knowledge.actors import ActorRegistry
    from militancydb.knowledge.gazetteer import Gazetteer
    from militancydb.knowledge.shipped import ShippedKnowledge, SourceRecord
    from militancydb.knowledge.store import SyncCounts

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
    from sqlalchemy import select

    from militancydb.db.tables import Source
    from militancydb.knowledge.store import SyncCounts

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
    from militancydb.knowledge import specs
    from militancydb.knowledge.shipped import read_shipped
    from militancydb.knowledge.store import sync_records

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
    from sqlalchemy import select

    table: Any = spec.table
    return list(session.scalars(select(table).where(table.deleted.is_(False))))


def read_records(
    session: Session, spec: specs.Spec, aliases: dict[str, list[Any]] | None = None
) -> list[Any]:
    """Every live record of a kind, built from its row through the spec's field map."""
    from militancydb.knowledge.store import citations_by_entity

    cited = citations_by_entity(session, spec.entity)
    return [
        spec.from_row(row, cited.get(row.key, []), tuple((aliases or {}).get(row.key, [])))
        for row in _live(session, spec)
    ]


def load_gazetteer(session: Session) -> Gazetteer:
    """The gazetteer as the database holds it (deleted places left out)."""
    from sqlalchemy import select

    from militancydb.db.tables import PlaceAlias
    from militancydb.knowledge import specs
    from militancydb.knowledge.gazetteer import Gazetteer

    aliases: dict[str, list[Any]] = defaultdict(list)
    for a in session.scalars(select(PlaceAlias).order_by(PlaceAlias.id)):
        aliases[a.place_key].append((a.alias, a.kind))
    places = {p.key: p for p in read_records(session, specs.PLACE, aliases)}
    from militancydb.knowledge.place_files import read_city_districts
    from militancydb.knowledge.shipped import read_stoplist

    # the districts a city covers are not stored: they come with the shipped files
    places = read_city_districts(places, strict=False)
    return Gazetteer(places=places, stoplist=read_stoplist())


def load_registry(session: Session) -> ActorRegistry:
    """The actor registry as the database holds it (deleted records left out)."""
    from sqlalchemy import select

    from militancydb.db.tables import ActorAlias
    from militancydb.knowledge import specs
    from militancydb.knowledge.actor_records import AliasRecord
    from militancydb.knowledge.actors import ActorRegistry

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


def knowledge_from_files(shipped: ShippedKnowledge | None = None) -> Knowledge:
    """Both registries built straight from the shipped files, with no database (what
    ``militancydb init`` would load): extraction's cached lexicon and the benchmarks read
    them so. ``shipped`` is the files already read, if the caller has them."""
    from militancydb.knowledge.actors import ActorRegistry
    from militancydb.knowledge.gazetteer import Gazetteer
    from militancydb.knowledge.shipped import read_shipped

    k = shipped if shipped is not None else read_shipped()
    gaz = Gazetteer(places=dict(k.places), stoplist=k.stoplist)
    reg = ActorRegistry(
        actors=dict(k.actors),
        relations=list(k.relations),
        proclaimed=list(k.proclaimed),
        persons=dict(k.persons),
        memberships=list(k.memberships),
        events=list(k.events),
        territory=list(k.territory),
    )
    return Knowledge(gaz, reg)


class LazyKnowledge(Knowledge):
    """Knowledge read the first time a command looks at it (issue 15): a command whose
    options name no place and no actor reaches its query without reading the registries.
    ``load`` is called once, on the first use of :attr:`gazetteer` or :attr:`registry`;
    until then :meth:`exact_place` resolves a plain place name on ``session`` with one query."""

    def __init__(self, load: Callable[[], Knowledge], session: Session | None = None) -> None:
        self._load: Callable[[], Knowledge] | None = load
        self._held: Knowledge | None = None
        self._session = session

    def exact_place(
        self, text: str, *, kinds: frozenset[str], country: str | None = None
    ) -> str | None:
        """A place name resolved with one query while the registries are not read yet
        (:func:`militancydb.knowledge.names.exact_place`); ``None``: ask the gazetteer."""
        if self._held is not None or self._session is None:
            return None
        from militancydb.knowledge.names import exact_place

        return exact_place(self._session, text, kinds=kinds, country=country)

    @property
    def loaded(self) -> bool:
        """Whether the registries have been read."""
        return self._held is not None

    def _get(self) -> Knowledge:
        if self._held is None:
            assert self._load is not None
            self._held, self._load = self._load(), None
        return self._held

    @property
    def gazetteer(self) -> Gazetteer:
        return self._get().gazetteer

    @gazetteer.setter
    def gazetteer(self, value: Gazetteer) -> None:
        self._get().gazetteer = value

    @property
    def registry(self) -> ActorRegistry:
        return self._get().registry

    @registry.setter
    def registry(self, value: ActorRegistry) -> None:
        self._get().registry = value
