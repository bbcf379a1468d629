"""Tallies in SQL: incidents, killed and injured grouped by period and by a dimension, on
SQLite and PostgreSQL alike, with only the counts (and, where footnotes need them, the ids)
brought into Python.

Incidents are grouped by day and group in SQL and the days put into the periods asked for
(periods of one grain, so disjoint) in Python; a dimension is a column of the incident or,
for the multi-valued ones (tactic, target, actor), a join to the child table. The
semantics are those of counting the light rows of :mod:`militancydb.analysis.data` one by
one: an incident in several groups counts in each; sums leave unknown figures out and
``*_known`` say how many incidents record them."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, literal, or_, select
from sqlalchemy.orm import Session

from militancydb.analysis.periods import Period
from militancydb.codebook import label
from militancydb.db.expressions import id_list, parse_id_list
from militancydb.db.tables import Incident, IncidentActor, IncidentTactic, IncidentTarget
from militancydb.services.incident_query import IncidentFilter

#: What a group reads when the incident has no value for the dimension.
MISSING = {
    "province": "(unknown)",
    "province_now": "(unknown)",
    "district": "(unknown)",
    "tactic": "(not recorded)",
    "target": "(not recorded)",
    "actor": "(unattributed)",
}


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

    def value(self, metric: str) -> int | None:
        """``killed``, ``injured`` or ``incidents``; None when no figure is recorded."""
        if metric == "incidents":
            return self.incidents
        known = self.killed_known if metric == "killed" else self.injured_known
        return getattr(self, metric) if known else None

    def merge(self, n: int, k: int, i: int, kk: int, ik: int) -> None:
        self.incidents += n
        self.killed += k
        self.injured += i
        self.killed_known += kk
        self.injured_known += ik


def bucketer(periods: Sequence[Period]) -> Callable[[dt.date], str | None]:
    """The label of the period a day falls in (None: none of them); periods are disjoint."""
    ordered = sorted(periods, key=lambda p: p.start)
    starts = [p.start for p in ordered]

    def of(day: dt.date) -> str | None:
        i = bisect.bisect_right(starts, day) - 1
        return ordered[i].label if i >= 0 and ordered[i].contains(day) else None

    return of


def grouped(query: Select[Any], by: str) -> tuple[Select[Any], Any]:
    """``query`` (over incidents) joined to what dimension ``by`` needs, and the group
    column (a code or a name; NULL where the incident has no value). ``event_code`` groups
    by the event type's code (``event_type`` by its label)."""
    if by == "province":
        return query, Incident.admin1_name
    if by == "province_now":
        return query, Incident.admin1_now_name
    if by == "district":
        return query, Incident.admin2_name
    if by in ("event_type", "event_code"):
        return query, Incident.event_type
    if by == "tactic":  # every tactic row (as the light rows list them)
        t = IncidentTactic
        return query.outerjoin(t, t.incident_id == Incident.id), t.tactic
    if by == "target":  # each kind of target once per incident
        sub = select(IncidentTarget.incident_id, IncidentTarget.target_type).distinct().subquery()
        return query.outerjoin(sub, sub.c.incident_id == Incident.id), sub.c.target_type
    if by == "actor":  # each perpetrator's name once per incident (any basis)
        sub = (
            select(IncidentActor.incident_id, IncidentActor.actor_name)
            .where(IncidentActor.role == "perpetrator")
            .distinct()
            .subquery()
        )
        return query.outerjoin(sub, sub.c.incident_id == Incident.id), sub.c.actor_name
    return query, literal("all")


def group_label(by: str, value: str | None) -> str:
    """The label a group is shown under (codes as labels, missing values named)."""
    if by == "event_code":
        return str(value)
    if not value:
        return MISSING.get(by, "all")
    if by in ("event_type", "tactic", "target"):
        return label(value)
    return str(value)


def counts(
    session: Session,
    flt: IncidentFilter,
    periods: Sequence[Period],
    by: str,
    *,
    include_aggregates: bool = False,
) -> dict[str, dict[str, Cell]]:
    """Counts per period label and group, in one GROUP BY by day, kind, aggregate flag and
    group: the leading columns of the covering index ``ix_incidents_aggregates`` in its
    order, so that grouping by province reads the index with no sort; days are put into
    periods, and kinds merged, in Python."""
    if not periods:
        return {}
    of = bucketer(periods)
    query, g = grouped(select().select_from(Incident), by)
    query = query.add_columns(
        Incident.date_start,
        g,
        Incident.aggregate,
        func.count(),
        func.coalesce(func.sum(Incident.killed_best), 0),
        func.coalesce(func.sum(Incident.injured_best), 0),
        func.count(Incident.killed_best),
        func.count(Incident.injured_best),
    )
    query = _window(flt, periods).apply(query)
    # aggregate records are left out here, not by a WHERE: SQLite, told the flag's value,
    # no longer sees that the index's order is the GROUP BY's and sorts every incident
    keys = (Incident.date_start, Incident.event_type, Incident.aggregate, g)
    out: dict[str, dict[str, Cell]] = {p.label: {} for p in periods}
    for day, value, agg, n, k, i, kk, ik in session.execute(query.group_by(*keys)):
        p = of(day)
        if p is not None and (include_aggregates or not agg):
            cell = out[p].setdefault(group_label(by, value), Cell())
            cell.merge(int(n), int(k), int(i), int(kk), int(ik))
    return out


#: Dimensions that put each incident in exactly one group: a period's total is the sum of
#: its groups (for tactic, target and actor an incident may count in several).
SINGLE_VALUED = frozenset({"province", "province_now", "district", "event_type", "event_code"})


def total_of(cells: dict[str, Cell]) -> Cell:
    """The counts of a period's total from its groups under a single-valued dimension
    (without ids: :func:`add_ids` gives them)."""
    total = Cell()
    for c in cells.values():
        total.merge(c.incidents, c.killed, c.injured, c.killed_known, c.injured_known)
    return total


def add_ids(
    session: Session,
    flt: IncidentFilter,
    periods: Sequence[Period],
    by: str,
    cells: dict[str, dict[str, Cell]],
    *,
    include_aggregates: bool = False,
    totals: dict[str, Cell] | None = None,
) -> dict[str, set[str]]:
    """Fill in the ids of the incidents behind each cell of these periods, oldest first
    (by day, then id), and, when ``totals`` is given (a single-valued dimension), those of
    each period's total. Returns the event types of each period's incidents (by period
    label; what :func:`event_types` reads, without another pass).

    One GROUP BY by day, kind, aggregate flag and group, the order of the covering index
    ``ix_incidents_aggregates`` as in :func:`counts`, each group's ids as one text
    (:class:`~militancydb.db.expressions.id_list`): a row per incident cost more than the
    database's reading them (issue 15). Aggregate records are left out here, not by a
    WHERE, for the same reason as in :func:`counts`. Sorted in Python: an ORDER BY would make
    the database read the rows by the date index instead of the covering one."""
    if not periods:
        return {}
    of = bucketer(periods)
    query, g = grouped(select().select_from(Incident), by)
    query = query.add_columns(
        Incident.date_start, Incident.event_type, Incident.aggregate, g, id_list(Incident.id)
    )
    query = query.where(or_(*(Incident.date_start.between(p.start, p.end) for p in periods)))
    query = _window(flt, periods).apply(query)
    keys = (Incident.date_start, Incident.event_type, Incident.aggregate, g)
    # (period, group) -> day -> ids; a day's ids may come in several groups of the query
    # (one per kind and flag), so they are sorted once all are read
    found: dict[tuple[str, str], dict[dt.date, list[int]]] = {}
    everyone: dict[str, dict[dt.date, list[int]]] = {}
    types: dict[str, set[str]] = {}
    labels: dict[Any, str] = {}
    for day, event_type, agg, value, text in session.execute(query.group_by(*keys)):
        p = of(day)
        if p is None or (agg and not include_aggregates):
            continue
        ids = parse_id_list(text)
        if value not in labels:
            labels[value] = group_label(by, value)
        found.setdefault((p, labels[value]), {}).setdefault(day, []).extend(ids)
        if totals is not None:
            everyone.setdefault(p, {}).setdefault(day, []).extend(ids)
        types.setdefault(p, set()).add(event_type)
    for (p, label_), days in found.items():
        cells[p][label_].ids.extend(_by_day(days))
    if totals is not None:
        for p, days in everyone.items():
            totals[p].ids.extend(_by_day(days))
    return types


def _by_day(days: dict[dt.date, list[int]]) -> list[int]:
    """The ids, oldest day first, each day's in id order."""
    return [iid for day in sorted(days) for iid in sorted(days[day])]


def _window(flt: IncidentFilter, periods: Iterable[Period]) -> IncidentFilter:
    """The filter with its dates replaced by the span of the periods."""
    ps = list(periods)
    span = {"date_from": min(p.start for p in ps), "date_to": max(p.end for p in ps)}
    return IncidentFilter(**{**flt.__dict__, **span})
