"""Typed inputs and outputs of the matcher (see ``docs/matching.md``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Decision(StrEnum):
    """What the matcher advises for a pair."""

    MERGE = "merge"
    REVIEW = "review"
    DISTINCT = "distinct"


@dataclass(frozen=True)
class MatchCandidate:
    """What the matcher compares: one incident, held or proposed.

    Every field but ``date_start`` may be unknown (None or empty); an unknown field adds no
    points either way. ``external_ids`` are ``(system, id)`` pairs, e.g. ``("ucdp", "5524")``.
    """

    date_start: dt.date
    date_end: dt.date | None = None
    date_precision: str = "day"
    country: str | None = None
    admin1_key: str | None = None
    admin2_key: str | None = None
    place_key: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: str = "unknown"
    event_type: str | None = None
    tactics: frozenset[str] = frozenset()
    suicide: bool | None = None
    killed_low: int | None = None
    killed_best: int | None = None
    killed_high: int | None = None
    external_ids: frozenset[tuple[str, str]] = frozenset()
    source_urls: frozenset[str] = frozenset()
    #: the database id when the candidate is a held incident
    incident_id: int | None = None

    @property
    def last_day(self) -> dt.date:
        """The end of the date range (the start when no end is given)."""
        return self.date_end or self.date_start


@dataclass(frozen=True)
class MatchReason:
    """One factor of a score: its name, the points it gave and why."""

    factor: str
    points: int
    detail: str


@dataclass(frozen=True)
class MatchScore:
    """The comparison of two incidents."""

    score: int
    decision: Decision
    reasons: tuple[MatchReason, ...] = field(default_factory=tuple)

    def explain(self) -> str:
        """One line: the score, the decision and each factor's points."""
        parts = ", ".join(f"{r.factor} {r.points:+d} ({r.detail})" for r in self.reasons)
        return f"{self.score} {self.decision.value}: {parts}"


@dataclass(frozen=True)
class Match:
    """A held incident that may be the same event as the candidate."""

    incident_id: int
    score: MatchScore
