"""Value types of the actor registry: actors, relations, people, territory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from militancydb.domain.dates import earliest, in_span, latest


class Span:
    """A record that holds over a period: from ``start`` to ``end`` (partial dates, either
    unknown)."""

    start: str | None
    end: str | None

    def active_on(self, day: dt.date) -> bool:
        """Whether the record held on ``day`` (had begun and not ended)."""
        return in_span(day, self.start, self.end)


@dataclass(frozen=True)
class AliasRecord:
    """A name of an actor. ``kind``: name, acronym, dataset, script, shared (a name another
    actor keeps; read only with an incident's place, see ``knowledge/actor_places.py``)."""

    name: str
    kind: str = "name"
    lang: str | None = None
    dataset: str | None = None


@dataclass(frozen=True)
class ProclaimedRecord(Span):
    """Territory an actor proclaims, over a period."""

    key: str
    actor: str
    places: tuple[str, ...]
    start: str | None = None
    end: str | None = None
    confidence: str = "medium"
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorRecord:
    """A group, chapter, faction, alliance, state force or foreign force."""

    key: str
    name: str
    kind: str
    family: str
    parent: str | None = None
    founded: str | None = None
    dissolved: str | None = None
    countries: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    aliases: tuple[AliasRecord, ...] = ()
    unverified: bool = False
    note: str | None = None
    origin: str = "shipped"
    sources: tuple[str, ...] = ()

    def existed_on(self, day: dt.date) -> bool:
        """Whether the actor existed on ``day`` (unknown founding counts as existing)."""
        lo, hi = earliest(self.founded), latest(self.dissolved)
        return (lo is None or lo <= day) and (hi is None or day <= hi)


@dataclass(frozen=True)
class RelationRecord(Span):
    """A dated relation between two actors."""

    key: str
    type: str
    source_actor: str
    target_actor: str
    start: str | None = None
    end: str | None = None
    confidence: str = "medium"
    partial: bool = False
    note: str | None = None
    sources: tuple[str, ...] = ()

    def begun_by(self, day: dt.date) -> bool:
        """Whether the relation (or event) had happened by ``day``."""
        lo = earliest(self.start)
        return lo is None or lo <= day


@dataclass(frozen=True)
class MembershipRecord(Span):
    """A person's role in an actor over a period."""

    key: str
    person: str
    actor: str
    role: str
    start: str | None = None
    end: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonEventRecord:
    """Something that happened to a person (killed, captured, defected, ...)."""

    key: str
    person: str
    type: str
    date: str | None = None
    place: str | None = None
    by: str | None = None
    actor: str | None = None
    how: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonRecord:
    """A leader, commander, spokesman or member."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    note: str | None = None
    unverified: bool = False
    origin: str = "shipped"
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class TerritoryRecord(Span):
    """An actor's hold on a place over a period."""

    key: str
    actor: str
    place: str
    status: str
    start: str | None = None
    end: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
