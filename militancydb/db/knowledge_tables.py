"""Tables of the knowledge base: places, actors, relations, people, territory."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from militancydb.db.base import Base, JSONType

# --- knowledge: places ---------------------------------------------------------------------


class Place(Base):
    """A unit of the gazetteer: country, province, district, agency, town or locality."""

    __tablename__ = "places"
    __table_args__ = (Index("ix_places_parent", "parent_key"),)

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2))
    parent_key: Mapped[str | None] = mapped_column(String(100))
    valid_from: Mapped[str | None] = mapped_column(String(10))
    valid_to: Mapped[str | None] = mapped_column(String(10))
    successors: Mapped[str | None] = mapped_column(String(400))
    hq: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(30), default="user")
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class PlaceAlias(Base):
    """Another name or spelling of a place."""

    __tablename__ = "place_aliases"
    __table_args__ = (
        UniqueConstraint("place_key", "alias"),
        Index("ix_place_aliases_norm", "norm"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    place_key: Mapped[str] = mapped_column(ForeignKey("places.key"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    norm: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="alias")
    lang: Mapped[str | None] = mapped_column(String(10))


# --- knowledge: actors ---------------------------------------------------------------------


class Actor(Base):
    """A group, chapter, faction, alliance, state force or foreign force."""

    __tablename__ = "actors"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30))
    family: Mapped[str] = mapped_column(String(30))
    parent_key: Mapped[str | None] = mapped_column(String(100))
    founded: Mapped[str | None] = mapped_column(String(10))
    dissolved: Mapped[str | None] = mapped_column(String(10))
    countries: Mapped[list[Any] | None] = mapped_column(JSONType)
    areas: Mapped[list[Any] | None] = mapped_column(JSONType)
    unverified: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(30), default="user")
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class ActorAlias(Base):
    """Another name of an actor (acronyms match exactly; names are normalised and fuzzy)."""

    __tablename__ = "actor_aliases"
    __table_args__ = (
        UniqueConstraint("actor_key", "alias", "kind"),
        Index("ix_actor_aliases_norm", "norm"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_key: Mapped[str] = mapped_column(ForeignKey("actors.key"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    norm: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="name")
    lang: Mapped[str | None] = mapped_column(String(10))
    dataset: Mapped[str | None] = mapped_column(String(30))


class ActorRelation(Base):
    """A dated relation between two actors: pledge, merger, split, alliance, rivalry, ..."""

    __tablename__ = "actor_relations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    type: Mapped[str] = mapped_column(String(30))
    from_key: Mapped[str] = mapped_column(String(100), index=True)
    to_key: Mapped[str] = mapped_column(String(100), index=True)
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    confidence: Mapped[str] = mapped_column(String(10), default="medium")
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(30), default="user")
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class ProclaimedTerritory(Base):
    """Territory an actor (a chapter or 'province') proclaims as its own, dated."""

    __tablename__ = "proclaimed_territory"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    actor_key: Mapped[str] = mapped_column(String(100), index=True)
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    places: Mapped[list[Any]] = mapped_column(JSONType)
    note: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str] = mapped_column(String(10), default="medium")
    origin: Mapped[str] = mapped_column(String(30), default="user")
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Person(Base):
    """A leader, commander, spokesman or member of an actor."""

    __tablename__ = "persons"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[list[Any] | None] = mapped_column(JSONType)
    note: Mapped[str | None] = mapped_column(Text)
    unverified: Mapped[bool] = mapped_column(Boolean, default=False)
    origin: Mapped[str] = mapped_column(String(30), default="user")
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Membership(Base):
    """A person's role in an actor over a period."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    person_key: Mapped[str] = mapped_column(ForeignKey("persons.key"), index=True)
    actor_key: Mapped[str] = mapped_column(String(100), index=True)
    role: Mapped[str] = mapped_column(String(30))
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(30), default="user")
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class PersonEvent(Base):
    """What happened to a person: killed, captured, defected, surrendered, appointed, ..."""

    __tablename__ = "person_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    person_key: Mapped[str] = mapped_column(ForeignKey("persons.key"), index=True)
    type: Mapped[str] = mapped_column(String(30))
    date: Mapped[str | None] = mapped_column(String(10))
    place_key: Mapped[str | None] = mapped_column(String(100))
    by_actor_key: Mapped[str | None] = mapped_column(String(100))
    actor_key: Mapped[str | None] = mapped_column(String(100))
    how: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(30), default="user")
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class TerritoryControl(Base):
    """An actor's hold on a place over a period: controls, contested or lost."""

    __tablename__ = "territory_control"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    actor_key: Mapped[str] = mapped_column(String(100), index=True)
    place_key: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(30), default="user")
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
