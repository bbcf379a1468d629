"""Input and output schemas of incidents (kept apart from the ORM tables).

- :class:`IncidentCreate`: what a user or an importer hands in.
- :class:`IncidentUpdate`: the same fields, all optional (a list replaces the whole list).
- :class:`IncidentPublic`: what the services return and what the change log stores.
- :class:`IncidentList`: ``data`` plus ``count``.

The output schemas live in :mod:`militancydb.domain.incident_out`; this module offers their
names too.

Invariants checked here: low <= best <= high for every figure, no negative counts, unknown is
``None`` (never 0), one figure per (category, outcome), dates not before 1947 nor in the
future, end not before start, coordinates on the globe. Types are strict at this boundary
(:mod:`militancydb.domain.limits`): ``true`` is not a count, an integer is not a date, a
source URL is http(s). The same tactic or target twice is kept once; the same actor twice
in the same role on the same basis is refused.

**Parts not above totals.** A category's figure (civilians killed, police injured, ...)
whose lowest value is above the highest value of the total for the same outcome is refused
("a part cannot exceed the whole"). Input that a person gives is checked; an importer
validates with the context ``{"dataset": True}``: a dataset's figures are kept as the
dataset gives them, and the importer reports the contradiction as a warning of the import
(see docs/importers.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
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
from militancydb.domain.incident_out import (
    Casualty,
    CitationOut,
    IncidentActorOut,
    IncidentList,
    IncidentPublic,
    Location,
    TargetOut,
    Totals,
)
from militancydb.domain.limits import (
    ACTOR_NAME,
    DESCRIPTION,
    NOTE,
    PLACE_DETAIL,
    PLACE_NAME,
    SUMMARY,
    Count,
    Day,
    HttpUrl,
    RecordId,
    clip,
)

__all__ = [
    "AGGREGATE_DATE_PRECISIONS",
    "AGGREGATE_GEO_PRECISIONS",
    "EARLIEST",
    "ActorIn",
    "Casualty",
    "CasualtyIn",
    "CitationOut",
    "CountryCode",
    "IncidentActorOut",
    "IncidentCreate",
    "IncidentList",
    "IncidentPublic",
    "IncidentUpdate",
    "Latitude",
    "LinkIn",
    "Location",
    "LocationFields",
    "Longitude",
    "PlaceName",
    "SourceIn",
    "Strict",
    "TargetIn",
    "TargetOut",
    "Totals",
    "actors_once",
    "is_aggregate",
    "parts_above_totals",
]

EARLIEST = dt.date(1947, 1, 1)
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False, strict=True)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False, strict=True)]
PlaceName = Annotated[str, Field(min_length=1, max_length=PLACE_NAME)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


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

    actor: str = Field(min_length=1, max_length=ACTOR_NAME)
    role: ActorRole = ActorRole.PERPETRATOR
    basis: AttributionBasis = AttributionBasis.SUSPECTED
    confidence: Confidence | None = None
    note: str | None = Field(default=None, max_length=NOTE)


class TargetIn(Strict):
    """A target of an incident."""

    type: TargetType
    description: str | None = Field(default=None, max_length=DESCRIPTION)


class SourceIn(Strict):
    """A source given inline (``key`` refers to an existing source instead)."""

    id: RecordId | None = None
    key: str | None = Field(default=None, max_length=200)
    publisher: str | None = Field(default=None, max_length=300)
    title: str | None = Field(default=None, max_length=2000)
    url: HttpUrl | None = None
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

    incident_id: RecordId
    relation: str = Field(default="related", max_length=40)
    note: str | None = Field(default=None, max_length=NOTE)


class LocationFields(Strict):
    """Where an incident happened, as the user gives it (names or gazetteer keys)."""

    country: CountryCode = "PK"
    province: PlaceName | None = None
    district: PlaceName | None = None
    place: PlaceName | None = None
    place_detail: str | None = Field(default=None, max_length=PLACE_DETAIL)
    latitude: Latitude | None = None
    longitude: Longitude | None = None
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

    date_start: Day
    date_end: Day | None = None
    date_precision: DatePrecision = DatePrecision.DAY
    event_type: EventType
    #: the rule that typed the event (an importer's rule id, e.g. ``ucdp:sb-attack``);
    #: None when a person chose the type
    event_type_rule: str | None = Field(default=None, max_length=60)
    event_type_confidence: Confidence | None = None
    tactics: list[Tactic] = Field(default_factory=list)
    suicide: StrictBool | None = None
    targets: list[TargetIn] = Field(default_factory=list)
    casualties: list[CasualtyIn] = Field(default_factory=list)
    actors: list[ActorIn] = Field(default_factory=list)
    summary: str | None = Field(default=None, max_length=SUMMARY)
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

    @field_validator("tactics")
    @classmethod
    def _tactics_once(cls, value: list[Tactic]) -> list[Tactic]:
        return list(dict.fromkeys(value))

    @field_validator("targets")
    @classmethod
    def _targets_once(cls, value: list[TargetIn]) -> list[TargetIn]:
        return list({(t.type, t.description): t for t in value}.values())

    @field_validator("actors")
    @classmethod
    def _actors_once(cls, value: list[ActorIn]) -> list[ActorIn]:
        return actors_once(value)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> IncidentCreate:
        seen: set[tuple[str, str]] = set()
        for c in self.casualties:
            k = (c.category.value, c.outcome.value)
            if k in seen:
                raise ValueError(f"two casualty figures for {k[0]} {k[1]}; give one")
            seen.add(k)
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        if not (info.context or {}).get("dataset"):
            problems = parts_above_totals(self.casualties)
            if problems:
                raise ValueError("; ".join(problems))
        return self


def actors_once(actors: list[ActorIn]) -> list[ActorIn]:
    """The actors with exact repeats dropped; the same actor twice in one role on one basis
    with different details (confidence, note) is refused: which is meant cannot be known. One
    actor may be both claimed and attributed by a dataset: those are two links."""
    out: dict[tuple[str, str, str], ActorIn] = {}
    for a in actors:
        key = (" ".join(a.actor.casefold().split()), a.role.value, a.basis.value)
        if key in out and out[key] != a:
            raise ValueError(
                f"actor {clip(a.actor)} is given twice as {a.role.value} ({a.basis.value}) "
                "with different details; give it once"
            )
        out.setdefault(key, a)
    return list(out.values())


def parts_above_totals(casualties: list[CasualtyIn]) -> list[str]:
    """Figures of a category that are surely above the total of the same outcome: the part's
    lowest value (low, else best) above the total's highest (high, else best)."""
    totals = {c.outcome: c for c in casualties if c.category is CasualtyCategory.TOTAL}
    problems = []
    for c in casualties:
        total = totals.get(c.outcome)
        if c.category is CasualtyCategory.TOTAL or total is None:
            continue
        floor = c.low if c.low is not None else c.best
        ceiling = total.high if total.high is not None else total.best
        if floor is not None and ceiling is not None and floor > ceiling:
            problems.append(
                f"{c.category.value} {c.outcome.value} ({floor}) is above the total "
                f"{c.outcome.value} ({ceiling}): a part cannot exceed the whole; correct one "
                "of the two figures"
            )
    return problems


class IncidentUpdate(Strict):
    """Changes to an incident: only the fields given change; a list replaces the whole list."""

    date_start: Day | None = None
    date_end: Day | None = None
    date_precision: DatePrecision | None = None
    country: CountryCode | None = None
    province: PlaceName | None = None
    district: PlaceName | None = None
    place: PlaceName | None = None
    place_detail: str | None = Field(default=None, max_length=PLACE_DETAIL)
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    geo_precision: GeoPrecision | None = None
    event_type: EventType | None = None
    event_type_rule: str | None = Field(default=None, max_length=60)
    event_type_confidence: Confidence | None = None
    tactics: list[Tactic] | None = None
    suicide: StrictBool | None = None
    targets: list[TargetIn] | None = None
    casualties: list[CasualtyIn] | None = None
    actors: list[ActorIn] | None = None
    summary: str | None = Field(default=None, max_length=SUMMARY)
    operation: str | None = Field(default=None, max_length=100)
    review_status: ReviewStatus | None = None
    sources: list[SourceIn] | None = None
    external_ids: dict[str, str] | None = None
    related: list[LinkIn] | None = None
