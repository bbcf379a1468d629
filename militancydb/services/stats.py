"""Counts of incidents, killed and injured by period and by group (province, event type,
actor), computed in SQL so that they work the same on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Integer, case, cast, extract, func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident, IncidentActor
from militancydb.services.incident_query import IncidentFilter

Period = Literal["year", "month", "all"]
GroupBy = Literal["province", "province_now", "district", "event_type", "actor", "none"]


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

    @property
    def injured_or_none(self) -> int | None:
        """Injured, or None when no incident of the cell records injuries."""
        return None if self.injured_unknown == self.incidents else self.injured

    @property
    def killed_or_none(self) -> int | None:
        """Killed, or None when no incident of the cell records deaths."""
        return None if self.killed_unknown == self.incidents else self.killed


def incident_stats(
    session: Session,
    flt: IncidentFilter | None = None,
    *,
    period: Period = "year",
    by: GroupBy = "province",
) -> list[StatRow]:
    """Incidents, killed (best) and injured (best) per period and group.

    Sums leave unknown figures out (they are not 0); ``killed_unknown`` and
    ``injured_unknown`` count the incidents whose figures are unknown, and a cell where all
    are unknown reads "not recorded". Grouping by actor counts an incident once for each of its
    perpetrators, so those totals can exceed the incident count.
    """
    flt = flt or IncidentFilter()
    year = cast(extract("year", Incident.date_start), Integer)
    month = cast(extract("month", Incident.date_start), Integer)
    group_col: Any
    if by == "province":
        group_col = func.coalesce(Incident.admin1_name, "(unknown)")
    elif by == "province_now":
        group_col = func.coalesce(Incident.admin1_now_name, "(unknown)")
    elif by == "district":
        group_col = func.coalesce(Incident.admin2_name, "(unknown)")
    elif by == "event_type":
        group_col = Incident.event_type
    elif by == "actor":
        group_col = func.coalesce(IncidentActor.actor_name, "(none)")
    else:
        group_col = func.coalesce(None, "all")
    cols: list[Any] = [
        year.label("y"),
        month.label("m"),
        group_col.label("g"),
        func.count(Incident.id).label("n"),
        func.coalesce(func.sum(Incident.killed_best), 0).label("k"),
        func.coalesce(func.sum(Incident.injured_best), 0).label("i"),
        func.sum(case((Incident.killed_best.is_(None), 1), else_=0)).label("ku"),
        func.sum(case((Incident.injured_best.is_(None), 1), else_=0)).label("iu"),
    ]
    query = select(*cols)
    if by == "actor":
        query = query.outerjoin(
            IncidentActor,
            (IncidentActor.incident_id == Incident.id) & (IncidentActor.role == "perpetrator"),
        )
    query = flt.apply(query.select_from(Incident))
    query = query.group_by("y", "m", "g")
    rows = session.execute(query).all()
    merged: dict[tuple[str, str], list[int]] = {}
    for y, m, g, n, k, i, ku, iu in rows:
        label = "all" if period == "all" else (str(y) if period == "year" else f"{y}-{m:02d}")
        acc = merged.setdefault((label, str(g)), [0, 0, 0, 0, 0])
        acc[0] += n
        acc[1] += int(k)
        acc[2] += int(i)
        acc[3] += int(ku or 0)
        acc[4] += int(iu or 0)
    return [
        StatRow(p, g, *values)
        for (p, g), values in sorted(merged.items(), key=lambda kv: (kv[0][0], -kv[1][0]))
    ]
