"""Output schemas of incidents: :class:`IncidentPublic` (what the services return and what
the change log stores), its parts (location, figures, actors, targets, citations) and
:class:`IncidentList` (``data`` plus ``count``). :mod:`militancydb.domain.incident` offers
these names too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from militancydb.codebook import ActorRole


class Casualty(BaseModel):
    """A stored casualty figure."""

    category: str
    outcome: str
    low: int | None = None
    best: int | None = None
    high: int | None = None


class IncidentActorOut(BaseModel):
    """A stored actor link."""

    actor_key: str | None
    actor_name: str
    role: str
    basis: str
    confidence: str | None = None
    note: str | None = None


class TargetOut(BaseModel):
    """A stored target."""

    type: str
    description: str | None = None


class CitationOut(BaseModel):
    """A source cited for a record."""

    source_id: int
    source_key: str | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    locator: str | None = None
    excerpt: str | None = None


class Location(BaseModel):
    """Where an incident happened: at the time, and in today's units."""

    country: str
    province: str | None = None
    province_name: str | None = None
    province_now: str | None = None
    province_now_name: str | None = None
    district: str | None = None
    district_name: str | None = None
    district_now: str | None = None
    district_now_name: str | None = None
    place: str | None = None
    place_name: str | None = None
    place_detail: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: str


class Totals(BaseModel):
    """Killed and injured over all categories."""

    killed_low: int | None = None
    killed_best: int | None = None
    killed_high: int | None = None
    injured_low: int | None = None
    injured_best: int | None = None
    injured_high: int | None = None


class IncidentPublic(BaseModel):
    """An incident as the services return it, and as the change log stores it."""

    id: int
    version: int
    deleted: bool = False
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    date_start: dt.date
    date_end: dt.date | None = None
    date_precision: str
    location: Location
    event_type: str
    event_type_rule: str | None = None
    event_type_confidence: str | None = None
    #: a yearly or country-wide aggregate of events, not one incident (see is_aggregate)
    aggregate: bool = False
    tactics: list[str] = Field(default_factory=list)
    suicide: bool | None = None
    targets: list[TargetOut] = Field(default_factory=list)
    casualties: list[Casualty] = Field(default_factory=list)
    totals: Totals = Field(default_factory=Totals)
    actors: list[IncidentActorOut] = Field(default_factory=list)
    summary: str | None = None
    operation: str | None = None
    review_status: str
    sources: list[CitationOut] = Field(default_factory=list)
    external_ids: dict[str, str] = Field(default_factory=dict)
    related: list[dict[str, Any]] = Field(default_factory=list)

    def perpetrators(self) -> list[IncidentActorOut]:
        """The actors linked as perpetrators."""
        return [a for a in self.actors if a.role == ActorRole.PERPETRATOR]

    def figure(self, category: str, outcome: str = "killed") -> Casualty | None:
        """The figure for one category and outcome, if recorded."""
        for c in self.casualties:
            if c.category == category and c.outcome == outcome:
                return c
        return None


class IncidentList(BaseModel):
    """A page of incidents."""

    data: list[IncidentPublic]
    count: int
