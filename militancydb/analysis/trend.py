"""Incidents, killed and injured by period and by a dimension, and how a period compares with
the one before and with the same period a year earlier ("the overall security situation was
much improved").

The tallies are computed in SQL (:mod:`militancydb.analysis.tallies`): one GROUP BY over the
periods of the series and the two compared with, and the ids of the incidents behind the
three compared periods' cells; the cells of the series carry counts only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import false
from sqlalchemy.orm import Session

from militancydb.analysis import tallies
from militancydb.analysis.data import Row, select_columns
from militancydb.analysis.kinds import MIN_BASE, kind_of_type
from militancydb.analysis.periods import Grain, Period, change, period_of, previous, year_before
from militancydb.analysis.tallies import Cell
from militancydb.codebook import label
from militancydb.db.tables import Incident
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


def _series(period: Period, grain: Grain, n: int) -> list[Period]:
    """The ``n`` periods up to and including ``period``, oldest first."""
    first = period
    for _ in range(n - 1):
        first = previous(first, grain)
    out = []
    p = first
    while p.start <= period.start:
        out.append(p)
        p = period_of(p.end + dt.timedelta(days=1), grain)
    return out


def _kinds(event_types: set[str]) -> int:
    """How many kinds of violence these event types belong to."""
    return len({kind_of_type(t) for t in event_types})


def _apart(session: Session, flt: IncidentFilter, period: Period) -> tuple[list[int], int]:
    """The aggregate records of the period: their ids and their killed."""
    query = IncidentFilter(
        **{**flt.__dict__, "date_from": period.start, "date_to": period.end}
    ).apply(
        select_columns(Incident.id, Incident.killed_best).where(Incident.aggregate.is_not(false()))
    )
    # sorted here: an ORDER BY would read the year's rows by the date index, not the
    # covering one that holds the aggregate flag
    rows = sorted(
        session.execute(query.add_columns(Incident.date_start)).all(), key=lambda r: (r[2], r[0])
    )
    return [r[0] for r in rows], sum(r[1] or 0 for r in rows)


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
    series = _series(period, grain, series_periods)
    compared = list({p.label: p for p in (period, prev, ago)}.values())
    every = list({p.label: p for p in [*series, *compared]}.values())
    agg = include_aggregates
    cells = tallies.counts(session, flt, every, by, include_aggregates=agg)
    if by in tallies.SINGLE_VALUED:  # a period's total is the sum of its groups
        totals = {p.label: tallies.total_of(cells[p.label]) for p in compared}
        types = tallies.add_ids(
            session, flt, compared, by, cells, include_aggregates=agg, totals=totals
        )
        totals_cells = {label: {"all": c} for label, c in totals.items()}
    else:
        tallies.add_ids(session, flt, compared, by, cells, include_aggregates=agg)
        totals_cells = tallies.counts(session, flt, compared, "all", include_aggregates=agg)
        types = tallies.add_ids(session, flt, compared, "all", totals_cells, include_aggregates=agg)
    now, before, year = (cells[p.label] for p in (period, prev, ago))
    comparisons = [
        Comparison(g, now.get(g, Cell()), before.get(g, Cell()), year.get(g, Cell()))
        for g in sorted(set(now) | set(before) | set(year))
    ]
    comparisons.sort(key=lambda c: (-c.now.killed, -c.now.incidents, c.group))
    total = Comparison(
        "all", *(totals_cells[p.label].get("all", Cell()) for p in (period, prev, ago))
    )
    # groups in a fixed order (a GROUP BY's order differs between SQLite and PostgreSQL)
    series_cells = {p.label: dict(sorted(cells[p.label].items())) for p in series}
    kinds = _kinds(types.get(period.label, set()) | types.get(prev.label, set()))
    sentence = _verdict(total, period.label, kinds)
    apart, killed_apart = ([], 0) if agg else _apart(session, flt, period)
    if apart:
        sentence += (
            f"; plus {len(apart)} aggregate record(s), {killed_apart} killed, not placed in a "
            "period or place (--include-aggregates counts them in)"
        )
    return TrendAnswer(
        period, prev, ago, by, comparisons, total, sentence, series_cells, apart, killed_apart
    )
