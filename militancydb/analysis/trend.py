"""Incidents, killed and injured by period and by a dimension, and how a period compares with
the one before and with the same period a year earlier ("the overall security situation was
much improved")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy.orm import Session

from militancydb.analysis.data import Row, load_rows
from militancydb.analysis.kinds import MIN_BASE, kind_of
from militancydb.analysis.periods import Grain, Period, change, period_of, previous, year_before
from militancydb.codebook import label
from militancydb.services.incident_query import IncidentFilter

Dimension = Literal[
    "province", "province_now", "district", "event_type", "tactic", "target", "actor", "all"
]
DIMENSIONS: tuple[str, ...] = (
    "province",
    "province_now",
    "district",
    "event_type",
    "tactic",
    "target",
    "actor",
    "all",
)


def groups_of(r: Row, by: str) -> list[str]:
    """The group(s) an incident falls in; multi-valued dimensions give several."""
    if by == "province":
        return [r.province_name or "(unknown)"]
    if by == "province_now":
        return [r.province_now_name or "(unknown)"]
    if by == "district":
        return [r.district_name or "(unknown)"]
    if by == "event_type":
        return [label(r.event_type)]
    if by == "tactic":
        return [label(t) for t in r.tactics] or ["(not recorded)"]
    if by == "target":
        return [label(t) for t in dict.fromkeys(r.targets)] or ["(not recorded)"]
    if by == "actor":
        return sorted({a.name for a in r.perpetrators()}) or ["(unattributed)"]
    return ["all"]


@dataclass
class Cell:
    """Counts for one group in one period."""

    incidents: int = 0
    killed: int = 0
    injured: int = 0
    #: incidents whose toll is known: sums leave unknown figures out, and a cell whose
    #: figures are all unknown reads "not recorded", not 0
    killed_known: int = 0
    injured_known: int = 0
    ids: list[int] = field(default_factory=list)

    def add(self, r: Row) -> None:
        self.incidents += 1
        if r.killed is not None:
            self.killed += r.killed
            self.killed_known += 1
        if r.injured is not None:
            self.injured += r.injured
            self.injured_known += 1
        self.ids.append(r.id)

    def value(self, metric: str) -> int | None:
        """``killed``, ``injured`` or ``incidents``; None when no figure is recorded."""
        if metric == "incidents":
            return self.incidents
        known = self.killed_known if metric == "killed" else self.injured_known
        return getattr(self, metric) if known else None


def aggregate(rows: list[Row], period: Period, by: str) -> dict[str, Cell]:
    """Counts per group within one period (by start date)."""
    out: dict[str, Cell] = defaultdict(Cell)
    for r in rows:
        if period.contains(r.date):
            for g in groups_of(r, by):
                out[g].add(r)
    return dict(out)


@dataclass(frozen=True)
class Comparison:
    """One group's figures in a period, the previous one and a year earlier."""

    group: str
    now: Cell
    before: Cell
    year_ago: Cell

    def change(self, metric: str = "killed") -> float | None:
        """Percentage change against the previous period."""
        return change(getattr(self.now, metric), getattr(self.before, metric))

    def change_year(self, metric: str = "killed") -> float | None:
        """Percentage change against the same period a year earlier."""
        return change(getattr(self.now, metric), getattr(self.year_ago, metric))


@dataclass
class TrendAnswer:
    """Comparison table, the series behind it, and a sentence."""

    period: Period
    previous: Period
    year_ago: Period
    by: str
    rows: list[Comparison]
    total: Comparison
    sentence: str
    series: dict[str, dict[str, Cell]] = field(default_factory=dict)
    #: aggregate records of the period (date coarser than a month, or no place), kept out
    #: of the tallies unless asked for
    aggregates: list[int] = field(default_factory=list)
    aggregate_killed: int = 0

    @property
    def incidents(self) -> list[int]:
        """Incidents in the period."""
        return sorted(self.total.now.ids)


def _verdict(c: Comparison, what: str, kinds: int = 1) -> str:
    """The sentence; a judgement of the situation only on one kind of violence (``kinds``
    is how many kinds the two periods' incidents belong to) and a base of ``MIN_BASE``."""
    now, before = c.now.killed, c.before.killed
    pct = c.change()
    if pct is not None and before < MIN_BASE:
        return (
            f"{now} killed in {c.now.incidents} incident(s) in {what}, against {before} the "
            f"period before: too small a base for a percentage or a judgement (under "
            f"{MIN_BASE}; docs/analysis.md)"
        )
    if pct is None:
        if c.before.incidents == 0:
            return (
                f"{now} killed in {c.now.incidents} incident(s) in {what}; none the period before"
            )
        return (
            f"{now} killed in {c.now.incidents} incident(s) in {what}; no deaths recorded "
            "the period before"
        )
    direction = "fewer" if now < before else "more" if now > before else "as many"
    strength = ""
    if abs(pct) >= 40:
        strength = "much "
    mood = "improved" if now < before else "worsened" if now > before else "unchanged"
    if kinds > 1 and mood != "unchanged":
        return (
            f"{now} killed in {c.now.incidents} incident(s) in {what}: {abs(pct):.0f}% "
            f"{direction} than the period before ({before}), summing {kinds} kinds of violence "
            "(attacks, operations, strikes, clashes ...): no judgement of the security "
            "situation on unlike kinds; compare one kind with --event-type"
        )
    return (
        f"{now} killed in {c.now.incidents} incident(s) in {what}: {abs(pct):.0f}% {direction}"
        f" than the period before ({before}); the situation {strength}{mood}"
        if mood != "unchanged"
        else f"{now} killed in {what}, as many as before"
    )


def trend(
    session: Session,
    flt: IncidentFilter,
    period: Period,
    grain: Grain,
    by: str = "province",
    *,
    series_periods: int = 12,
    include_aggregates: bool = False,
) -> TrendAnswer:
    """Compare a period with the previous one and with a year earlier, by a dimension, and
    give the series of the ``series_periods`` periods up to it. Aggregate records (a date
    coarser than a month, or no place) are kept out of the tallies and stated apart, unless
    ``include_aggregates``."""
    prev, ago = previous(period, grain), year_before(period, grain)
    start = min(ago.start, prev.start)
    first = period
    for _ in range(series_periods - 1):
        first = previous(first, grain)
    start = min(start, first.start)
    base = IncidentFilter(**{**flt.__dict__, "date_from": start, "date_to": period.end})
    loaded = load_rows(session, base)
    rows = [r for r in loaded if include_aggregates or not r.aggregate]
    apart = [
        r for r in loaded if r.aggregate and not include_aggregates and period.contains(r.date)
    ]
    now, before, year = (aggregate(rows, p, by) for p in (period, prev, ago))
    comparisons = [
        Comparison(g, now.get(g, Cell()), before.get(g, Cell()), year.get(g, Cell()))
        for g in sorted(set(now) | set(before) | set(year))
    ]
    comparisons.sort(key=lambda c: (-c.now.killed, -c.now.incidents, c.group))
    totals = [aggregate(rows, p, "all").get("all", Cell()) for p in (period, prev, ago)]
    total = Comparison("all", *totals)
    series: dict[str, dict[str, Cell]] = {}
    p = first
    while p.start <= period.start:
        series[p.label] = aggregate(rows, p, by)
        p = period_of(p.end + dt.timedelta(days=1), grain)
    kinds = {kind_of(r) for r in rows if period.contains(r.date) or prev.contains(r.date)}
    sentence = _verdict(total, period.label, len(kinds))
    killed_apart = sum(r.killed or 0 for r in apart)
    if apart:
        sentence += (
            f"; plus {len(apart)} aggregate record(s), {killed_apart} killed, not placed in a "
            "period or place (--include-aggregates counts them in)"
        )
    return TrendAnswer(
        period,
        prev,
        ago,
        by,
        comparisons,
        total,
        sentence,
        series,
        [r.id for r in apart],
        killed_apart,
    )
