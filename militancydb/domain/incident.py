"""Input and output schemas of incidents (kept apart from the ORM tables).

- :class:`IncidentCreate`: what a user or an importer hands in.
- :class:`IncidentUpdate`: the same fields, all optional (a list replaces the whole list).
- :class:`IncidentPublic`: what the services return and what the change log stores.
- :class:`IncidentList`: ``data`` plus ``count``.

Invariants checked here: low <= best <= high for every figure, no negative counts, unknown is
``None`` (never 0), one figure per (category, outcome), dates not before 1947 nor in the
future, end not before start, coordinates on the globe.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from militancydb.codebook import (
    ActorRole,
    AttributionBasis,
    CasualtyCategory,
    Confidence,
    DatePrecision,
    EventType,
    GeoPrecision,
    Outcome,
    ReviewStatus,
    Tactic,
    TargetType,
)

Count = Annotated[int, Field(ge=0, le=100_000)]
EARLIEST = dt.date(1947, 1, 1)


class Strict(BaseModel):
    """Base of input schemas: unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CasualtyIn(Strict):
    """A casualty figure: how many people of one category suffered one outcome."""

    category: CasualtyCategory
    outcome: Outcome = Outcome.KILLED
    low: Count | None = None
    best: Count | None = None
    high: Count | None = None

    @model_validator(mode="after")
    def _ordered(self) -> CasualtyIn:
        values = [v for v in (self.low, self.best, self.high) if v is not None]
        if values != sorted(values):
            raise ValueError(
                f"low <= best <= high does not hold ({self.low}, {self.best}, {self.high})"
            )
        return self


class ActorIn(Strict):
    """An actor's part in an incident; ``actor`` is a registry key or a name to resolve."""

    actor: str = Field(min_length=1, max_length=300)
    role: ActorRole = ActorRole.PERPETRATOR
    basis: AttributionBasis = AttributionBasis.SUSPECTED
    confidence: Confidence | None = None
    note: str | None = Field(default=None, max_length=2000)


class TargetIn(Strict):
    """A target of an incident."""

    type: TargetType
    description: str | None = Field(default=None, max_length=1000)


class SourceIn(Strict):
    """A source given inline (``key`` refers to an existing source instead)."""

    id: int | None = Field(default=None, gt=0)
    key: str | None = Field(default=None, max_length=200)
    publisher: str | None = Field(default=None, max_length=300)
    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, max_length=10)
    language: str | None = Field(default=None, max_length=10)
    excerpt: str | None = Field(default=None, max_length=5000)
    locator: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _something(self) -> SourceIn:
        if not (self.id or self.key or self.publisher or self.url or self.title):
            raise ValueError("a source needs an id or key, or at least a publisher, title or url")
        return self


class LinkIn(Strict):
    """A related incident."""

    incident_id: int = Field(gt=0)
    relation: str = Field(default="related", max_length=40)
    note: str | None = None


class LocationFields(Strict):
    """Where an incident happened, as the user gives it (names or gazetteer keys)."""

    country: str = Field(default="PK", pattern=r"^[A-Z]{2}$")
    province: str | None = Field(default=None, max_length=200)
    district: str | None = Field(default=None, max_length=200)
    place: str | None = Field(default=None, max_length=300)
    place_detail: str | None = Field(default=None, max_length=1000)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    geo_precision: GeoPrecision | None = None


AGGREGATE_DATE_PRECISIONS = frozenset({"year"})
AGGREGATE_GEO_PRECISIONS = frozenset({"country", "unknown"})


def is_aggregate(date_precision: str, geo_precision: str | None) -> bool:
    """Whether an incident is an aggregate of events rather than one incident: dated only to
    a year (coarser than a month) or placed nowhere more exact than its country (UCDP's
    yearly and country-wide summary events). Aggregates are kept and counted, but lists of
    incidents and monthly or district tallies leave them out unless asked."""
    return (
        date_precision in AGGREGATE_DATE_PRECISIONS
        or (geo_precision or "unknown") in AGGREGATE_GEO_PRECISIONS
    )


class IncidentCreate(LocationFields):
    """A new incident."""

    date_start: dt.date
    date_end: dt.date | None = None
    date_precision: DatePrecision = DatePrecision.DAY
    event_type: EventType
    #: the rule that typed the event (an importer's rule id, e.g. ``ucdp:sb-attack``);
    #: None when a person chose the type
    event_type_rule: str | None = Field(default=None, max_length=60)
    event_type_confidence: Confidence | None = None
    tactics: list[Tactic] = Field(default_factory=list)
    suicide: bool | None = None
    targets: list[TargetIn] = Field(default_factory=list)
    casualties: list[CasualtyIn] = Field(default_factory=list)
    actors: list[ActorIn] = Field(default_factory=list)
    summary: str | None = Field(default=None, max_length=10_000)
    operation: str | None = Field(default=None, max_length=100)
    review_status: ReviewStatus = ReviewStatus.DRAFT
    sources: list[SourceIn] = Field(default_factory=list)
    external_ids: dict[str, str] = Field(default_factory=dict)
    related: list[LinkIn] = Field(default_factory=list)

    @field_validator("date_end")
    @classmethod
    def _end_after_start(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("date_start")
        if value is not None and start is not None and value < start:
            raise ValueError(f"date_end {value} is before date_start {start}")
        return value

    @field_validator("date_start", "date_end")
    @classmethod
    def _plausible(cls, value: dt.date | None) -> dt.date | None:
        if value is None:
            return value
        if value < EARLIEST:
            raise ValueError(f"{value} is before {EARLIEST}; militancydb records start in 1947")
        if value > dt.date.today() + dt.timedelta(days=1):
            raise ValueError(f"{value} is in the future")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> IncidentCreate:
        seen: set[tuple[str, str]] = set()
        for c in self.casualties:
            k = (c.category.value, c.outcome.value)
            if k in seen:
                raise ValueError(f"two casualty figures for {k[0]} {k[1]}; give one")
            seen.add(k)
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        return self


class IncidentUpdate(Strict):
    """Changes to an incident: only the fields given change; a list replaces the whole list."""

    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: DatePrecision | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    province: str | None = None
    district: str | None = None
    place: str | None = None
    place_detail: str | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    geo_precision: GeoPrecision | None = None
    event_type: EventType | None = None
    event_type_rule: str | None = Field(default=None, max_length=60)
    event_type_confidence: Confidence | None = None
    tactics: list[Tactic] | None = None
    suicide: bool | None = None
    targets: list[TargetIn] | None = None
    casualties: list[CasualtyIn] | None = None
    actors: list[ActorIn] | None = None
    summary: str | None = Field(default=None, max_length=10_000)
    operation: str | None = None
    review_status: ReviewStatus | None = None
    sources: list[SourceIn] | None = None
    external_ids: dict[str, str] | None = None
    related: list[LinkIn] | None = None


# --- output --------------------------------------------------------------------------------


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
