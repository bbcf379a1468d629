"""Counts of incidents, killed and injured by period, kind of violence and group (province,
event type, actor), computed in SQL (one GROUP BY) so that they work the same on SQLite and
PostgreSQL.

Figures are given **by kind**, as every answer gives them (``analysis/kinds.py``,
``docs/event-types.md``): attacks by militants, security-force operations, drone and air
strikes, cross-border fire, inter-group clashes and other fighting each have their own
rows; **aggregate records** (a date coarser than a month, or no place: rows that stand for
several events) have rows of their own, never counted as single incidents of a kind. By
actor, **perpetration** (attributed by datasets or officials, suspected or confirmed) is kept
apart from **claims**: a claim alone does not make an attack the claimant's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from militancydb.analysis.kinds import KINDS, kind_of_type
from militancydb.db.tables import Incident, IncidentActor
from militancydb.domain.counting import PERPETRATION
from militancydb.services.incident_query import IncidentFilter

Period = Literal["year", "month", "all"]
GroupBy = Literal["province", "province_now", "district", "event_type", "actor", "none"]

AGGREGATE = "aggregate"
#: The kinds in the order rows are given, with their labels.
KIND_LABELS: dict[str, str] = {
    **{k.key: k.many for k in KINDS},
    AGGREGATE: "aggregate records (date coarser than a month, or no place)",
}
#: The basis of an actor row: what the actor did by attribution, or what it claimed.
PERPETRATED, CLAIMED = "perpetration", "claimed"
NOTE = (
    "Counted apart by kind of violence (docs/event-types.md); aggregate records (a date "
    "coarser than a month, or no place: rows that stand for several events) are counted in "
    "rows of their own, not as incidents of a kind. By actor, perpetration (attributed by "
    "datasets or officials, suspected or confirmed) is counted apart from claims."
)


@dataclass(frozen=True)
class StatRow:
    """One cell of a stats table."""

    period: str
    group: str
    incidents: int
    killed: int
    injured: int
    killed_unknown: int
    injured_unknown: int = 0
    #: kind of violence (a key of ``KIND_LABELS``; ``aggregate`` for aggregate records)
    kind: str = "other"
    #: by actor: ``perpetration`` or ``claimed``; otherwise empty
    basis: str = ""

    @property
    def kind_label(self) -> str:
        """The kind in words."""
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def injured_or_none(self) -> int | None:
        """Injured, or None when no incident of the cell records injuries."""
        return None if self.injured_unknown == self.incidents else self.injured

    @property
    def killed_or_none(self) -> int | None:
        """Killed, or None when no incident of the cell records deaths."""
        return None if self.killed_unknown == self.incidents else self.killed


def _group_column(by: GroupBy) -> Any:
    """The column grouped by, as stored (a missing place is named in Python: grouping by an
    expression would keep the database from reading the index in its order)."""
    if by == "province":
        return Incident.admin1_name
    if by == "province_now":
        return Incident.admin1_now_name
    if by == "district":
        return Incident.admin2_name
    if by == "event_type":
        return Incident.event_type
    return literal("all")


#: What a group reads when the incident has no place of that level.
_MISSING_PLACE = "(unknown)"


def _actor_links(basis: str) -> Any:
    """Each actor once per incident, on one basis (perpetration, or claims)."""
    cond = (
        IncidentActor.basis.in_(sorted(PERPETRATION))
        if basis == PERPETRATED
        else IncidentActor.basis == "claimed"
    )
    return (
        select(IncidentActor.incident_id, IncidentActor.actor_name)
        .where(IncidentActor.role == "perpetrator", cond)
        .distinct()
        .subquery()
    )


def _query(flt: IncidentFilter, by: GroupBy, basis: str) -> Any:
    """Per day, event type, aggregate flag and group: the columns the covering index
    ``ix_incidents_aggregates`` holds in its order, so the database reads the index only
    and groups without computing a month or a kind per row (those are made of the few
    result rows in Python)."""
    links = _actor_links(basis) if by == "actor" else None
    if links is not None:
        none = "(none)" if basis == PERPETRATED else None
        group: Any = func.coalesce(links.c.actor_name, none)
    else:
        group = _group_column(by)
    query = select(
        Incident.date_start,
        Incident.event_type,
        Incident.aggregate,
        group.label("g"),
        func.count(),  # count(*): the id would be read from each index entry
        func.coalesce(func.sum(Incident.killed_best), 0),
        func.coalesce(func.sum(Incident.injured_best), 0),
        func.count(Incident.killed_best),
        func.count(Incident.injured_best),
    ).select_from(Incident)
    if links is not None:
        join = links.c.incident_id == Incident.id
        query = query.outerjoin(links, join) if basis == PERPETRATED else query.join(links, join)
    return flt.apply(query).group_by(
        Incident.date_start, Incident.event_type, Incident.aggregate, group
    )


def _period(day: dt.date, period: Period) -> str:
    if period == "all":
        return "all"
    return str(day.year) if period == "year" else f"{day.year}-{day.month:02d}"


def incident_stats(
    session: Session,
    flt: IncidentFilter | None = None,
    *,
    period: Period = "year",
    by: GroupBy = "province",
    by_kind: bool = True,
) -> list[StatRow]:
    """Incidents, killed (best) and injured (best) per period, kind and group.

    Sums leave unknown figures out (they are not 0); ``killed_unknown`` and
    ``injured_unknown`` count the incidents whose figures are unknown, and a cell where all
    are unknown reads "not recorded". Grouping by actor gives each actor's perpetration
    (``(none)``: incidents without an attributed, suspected or confirmed perpetrator) and,
    apart, its claims; an incident counts once for each actor, so those totals can exceed
    the incident count. ``by_kind=False`` merges the kinds (and aggregate records) into one
    row per group, for a total that names no kind (the database summary's).
    """
    flt = flt or IncidentFilter()
    bases = [PERPETRATED, CLAIMED] if by == "actor" else [""]
    merged: dict[tuple[str, str, str, str], list[int]] = {}
    for basis in bases:
        for day, event_type, agg, g, n, k, i, kk, ik in session.execute(_query(flt, by, basis)):
            kind = (AGGREGATE if agg else kind_of_type(event_type)) if by_kind else "all"
            if g is None and by in ("province", "province_now", "district"):
                g = _MISSING_PLACE
            acc = merged.setdefault((_period(day, period), kind, basis, str(g)), [0, 0, 0, 0, 0])
            for j, v in enumerate((n, k, i, n - kk, n - ik)):
                acc[j] += int(v or 0)
    order = {k: n for n, k in enumerate(KIND_LABELS)}
    rows = sorted(
        merged.items(),
        key=lambda kv: (
            kv[0][0],
            order.get(kv[0][1], -1),
            kv[0][2] != PERPETRATED,
            -kv[1][0],
            kv[0][3],
        ),
    )
    return [
        StatRow(p, g, v[0], v[1], v[2], v[3], v[4], kind=kind, basis=basis)
        for (p, kind, basis, g), v in rows
    ]
