"""Tables of incidents and what hangs off them: casualties, actors, targets, tactics, ids."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from militancydb.db.base import Base, JSONType, utcnow
from militancydb.db.expressions import day_span

# --- incidents -----------------------------------------------------------------------------


class Operation(Base):
    """A named security campaign that incidents can belong to."""

    __tablename__ = "operations"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str | None] = mapped_column(String(60))
    area: Mapped[list[Any] | None] = mapped_column(JSONType)
    forces: Mapped[list[Any] | None] = mapped_column(JSONType)
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


#: The columns of ``ix_incidents_aggregates``: the filter's date range first, then what the
#: tallies group by -- day, kind, aggregate flag and province in that order, so that a
#: GROUP BY of them reads the index in its order and needs no sort (migration 0005_walk) --
#: and sum (tolls), then the other places, the date span and ``id`` (which a PostgreSQL
#: index does not hold otherwise; SQLite's holds it anyway).
AGGREGATES_INDEX = (
    "deleted",
    "date_start",
    "event_type",
    "aggregate",
    "admin1_name",
    "killed_best",
    "injured_best",
    "country",
    "admin1_now_name",
    "admin2_name",
    "date_end",
    "date_precision",
    "suicide",
    "id",
)


class Incident(Base):
    """One act of violence at one place and time."""

    __tablename__ = "incidents"
    __table_args__ = (
        # chosen from the query plans: docs/performance.md (migration 0003_perf)
        Index("ix_incidents_date_id", "date_start", "id"),
        Index("ix_incidents_admin1_date", "admin1_key", "date_start"),
        Index("ix_incidents_admin1_now_date", "admin1_now_key", "date_start"),
        Index("ix_incidents_admin2_date", "admin2_key", "date_start"),
        Index("ix_incidents_admin2_now_date", "admin2_now_key", "date_start"),
        Index("ix_incidents_event_type", "event_type"),
        Index("ix_incidents_aggregate", "aggregate"),
        Index("ix_incidents_deleted", "deleted"),
        Index(
            "ix_incidents_tally",
            "deleted",
            "date_start",
            "event_type",
            "killed_best",
            "injured_best",
            "latitude",
            "longitude",
        ),
        Index("ix_incidents_killed", "killed_best", "id"),
        Index("ix_incidents_injured", "injured_best", "id"),
        # covers the GROUP BYs of stats, trend and the reports' series (migration
        # 0004_aggregates; plans in docs/performance.md): no read of the wide rows
        Index("ix_incidents_aggregates", *AGGREGATES_INDEX),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))

    date_start: Mapped[dt.date] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10))

    country: Mapped[str] = mapped_column(String(2))
    admin1_key: Mapped[str | None] = mapped_column(String(60))
    admin1_name: Mapped[str | None] = mapped_column(String(200))
    admin1_now_key: Mapped[str | None] = mapped_column(String(60))
    admin1_now_name: Mapped[str | None] = mapped_column(String(200))
    admin2_key: Mapped[str | None] = mapped_column(String(100))
    admin2_name: Mapped[str | None] = mapped_column(String(200))
    admin2_now_key: Mapped[str | None] = mapped_column(String(100))
    admin2_now_name: Mapped[str | None] = mapped_column(String(200))
    place_key: Mapped[str | None] = mapped_column(String(100))
    place_name: Mapped[str | None] = mapped_column(String(300))
    place_detail: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[str] = mapped_column(String(10))

    event_type: Mapped[str] = mapped_column(String(40))
    #: the rule that typed the event (e.g. ``ucdp:sb-attack``); NULL when a person chose it
    event_type_rule: Mapped[str | None] = mapped_column(String(60))
    event_type_confidence: Mapped[str | None] = mapped_column(String(10))
    #: a yearly or country-wide aggregate of events rather than one incident
    #: (:func:`militancydb.domain.incident.is_aggregate`); lists and tallies leave it out
    aggregate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    suicide: Mapped[bool | None] = mapped_column(Boolean)
    summary: Mapped[str | None] = mapped_column(Text)
    review_status: Mapped[str] = mapped_column(String(20))
    operation_key: Mapped[str | None] = mapped_column(ForeignKey("operations.key"))

    # Totals over all casualty categories (denormalised from casualty_figures for filtering).
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_best: Mapped[int | None] = mapped_column(Integer)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_best: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)

    casualties: Mapped[list[CasualtyFigure]] = relationship(
        cascade="all, delete-orphan", order_by="CasualtyFigure.id"
    )
    actors: Mapped[list[IncidentActor]] = relationship(
        cascade="all, delete-orphan", order_by="IncidentActor.id"
    )
    targets: Mapped[list[IncidentTarget]] = relationship(
        cascade="all, delete-orphan", order_by="IncidentTarget.id"
    )
    tactics: Mapped[list[IncidentTactic]] = relationship(
        cascade="all, delete-orphan", order_by="IncidentTactic.id"
    )
    external_ids: Mapped[list[ExternalId]] = relationship(
        cascade="all, delete-orphan", order_by="ExternalId.id"
    )


#: The incidents whose date range is wide (``date_end`` far after ``date_start``) found
#: without reading the others: the last high-profile attack walks back by date a bounded
#: stretch and takes the wide ones from here (migration 0005_walk).
Index("ix_incidents_span", day_span(Incident.date_end, Incident.date_start))

#: Coverage's first and last incident entered by hand in a country, read from the country's
#: first (last) day on (migration 0007_tidy7; plans in docs/performance.md). On the
#: upper-cased code, which only that walk asks for (``analysis.coverage.manual_walk``): on
#: ``country`` itself SQLite took it for every query naming a country and a date range, and
#: the last high-profile attack, which reads ``ix_incidents_aggregates`` alone, became 15
#: times slower.
Index(
    "ix_incidents_country_date",
    func.upper(Incident.country),
    Incident.deleted,
    Incident.date_start,
    Incident.id,
)

#: The condition that an incident's date is a range (known to the week, month or year, or
#: with an end date after its start), not one known day: written as it is in the queries,
#: with no parameter, so that both backends prove that a query's condition is the index's.
RANGED = "date_precision <> 'day' OR (date_end IS NOT NULL AND date_end <> date_start)"

#: The incidents with a date range, by date (a few per cent of them): the last high-profile
#: attack reads those that may end after the attacks known to the day it found without
#: reading a year of every incident (migration 0006_answers).
RANGED_INDEX = Index(
    "ix_incidents_ranged",
    Incident.deleted,
    Incident.date_start,
    Incident.country,
    Incident.event_type,
    Incident.killed_best,
    Incident.id,  # PostgreSQL reads the ids from the index alone (SQLite's holds them anyway)
)


def declare_conditions() -> None:
    """Give :data:`RANGED_INDEX` its condition on SQLite (``WHERE`` :data:`RANGED`), for the
    schema made or compared from the models (``create_all``, the migrations' test). Called
    when the whole schema is asked for (``militancydb.db.tables.Base``), not when the module
    is imported: a dialect's option imports that dialect, SQLite's into every PostgreSQL
    command (issue 15). The same condition on PostgreSQL is the migration's (0006_answers);
    it is not declared here, where ``postgresql_where`` would import the PostgreSQL dialect
    into every SQLite command."""
    RANGED_INDEX.dialect_options["sqlite"]["where"] = text(RANGED)


class CasualtyFigure(Base):
    """Killed/injured/arrested in one category, as low/best/high (NULL = unknown)."""

    __tablename__ = "casualty_figures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    category: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(20))
    low: Mapped[int | None] = mapped_column(Integer)
    best: Mapped[int | None] = mapped_column(Integer)
    high: Mapped[int | None] = mapped_column(Integer)


class IncidentActor(Base):
    """An actor's part in an incident (perpetrator, target or party) and on what basis."""

    __tablename__ = "incident_actors"
    __table_args__ = (Index("ix_incident_actors_actor", "actor_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    actor_key: Mapped[str | None] = mapped_column(String(100))
    actor_name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    basis: Mapped[str] = mapped_column(String(40))
    confidence: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)


class IncidentTarget(Base):
    """What an incident was aimed at."""

    __tablename__ = "incident_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)


class IncidentTactic(Base):
    """A tactic or weapon used in an incident."""

    __tablename__ = "incident_tactics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    tactic: Mapped[str] = mapped_column(String(30))


class ExternalId(Base):
    """An incident's id in another dataset, and a hash of what that dataset last said."""

    __tablename__ = "external_ids"
    __table_args__ = (UniqueConstraint("system", "external_id", name="uq_external_ids"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    system: Mapped[str] = mapped_column(String(30))
    external_id: Mapped[str] = mapped_column(String(100))
    content_hash: Mapped[str | None] = mapped_column(String(64))


class IncidentLink(Base):
    """Two related incidents (parts of one coordinated attack, a follow-up, a duplicate)."""

    __tablename__ = "incident_links"
    __table_args__ = (UniqueConstraint("incident_id", "other_id", "relation"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    relation: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
