"""Figures of the dashboard, computed in SQL over the same search as the incident list:
counts and killed by event type and by month, and the placed incidents for the map."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from militancydb.codebook import EventType
from militancydb.codebook.terms import TERMS
from militancydb.db.tables import Incident
from militancydb.services.incident_search import IncidentQuery, apply_query

MAX_POINTS = 3000


@dataclass(frozen=True)
class Tally:
    """Incidents and people killed and injured in one group (None: no figure recorded)."""

    key: str
    label: str
    incidents: int
    killed: int | None
    injured: int | None


@dataclass(frozen=True)
class MapPoint:
    """A placed incident for the map."""

    id: int
    latitude: float
    longitude: float
    killed: int | None
    date: str
    event_type: str
    place: str | None


@dataclass(frozen=True)
class Dashboard:
    """The dashboard's figures for one search."""

    total: Tally
    by_event_type: list[Tally]
    by_month: list[Tally]
    points: list[MapPoint]
    points_left_out: int


def _label(code: str) -> str:
    term = TERMS[EventType].get(code)
    return term.label if term is not None else code


def _opt(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


def _add(a: int | None, b: int | None) -> int | None:
    return a if b is None else (b if a is None else a + b)


def dashboard(session: Session, q: IncidentQuery) -> Dashboard:
    """Tallies by event type and month, and up to :data:`MAX_POINTS` map points (the most
    deadly first when there are more).

    One GROUP BY (day, event type) pass over the matching incidents gives every
    tally and the number of placed incidents; the totals and the two tallies are summed
    from its groups in Python (a sum of no figures stays None, as SQL's SUM). A second
    query reads the map points."""
    is_placed = and_(Incident.latitude.is_not(None), Incident.longitude.is_not(None))
    # grouped by day (the order of ix_incidents_tally: no sort, no per-row date function),
    # then summed by month in Python
    groups = session.execute(
        apply_query(
            q,
            select(
                Incident.date_start,
                Incident.event_type,
                func.count(Incident.id),
                func.sum(Incident.killed_best),
                func.sum(Incident.injured_best),
                func.sum(case((is_placed, 1), else_=0)),
            ),
        ).group_by(Incident.date_start, Incident.event_type)
    ).all()
    n, k, i, n_placed = 0, None, None, 0
    types: dict[str, tuple[int, int | None, int | None]] = {}
    months: dict[tuple[int, int], tuple[int, int | None]] = {}
    for day, et, c, kk, ii, pl in groups:
        c, kk, ii = int(c), _opt(kk), _opt(ii)
        n, k, i, n_placed = n + c, _add(k, kk), _add(i, ii), n_placed + int(pl or 0)
        tc, tk, ti = types.get(et, (0, None, None))
        types[et] = (tc + c, _add(tk, kk), _add(ti, ii))
        mc, mk = months.get((day.year, day.month), (0, None))
        months[(day.year, day.month)] = (mc + c, _add(mk, kk))
    total = Tally("all", "All incidents", n, k, i)
    by_type = [Tally(et, _label(et), c, kk, ii) for et, (c, kk, ii) in types.items()]
    by_type.sort(key=lambda t: (-t.incidents, t.key))
    by_month = [
        Tally(f"{y:04d}-{m:02d}", f"{y:04d}-{m:02d}", c, kk, None)
        for (y, m), (c, kk) in sorted(months.items())
    ]
    placed = apply_query(
        q,
        select(
            Incident.id,
            Incident.latitude,
            Incident.longitude,
            Incident.killed_best,
            Incident.date_start,
            Incident.event_type,
            Incident.place_name,
        ),
    ).where(is_placed)
    rows = session.execute(
        placed.order_by(Incident.killed_best.desc().nulls_last(), Incident.id).limit(MAX_POINTS)
    ).all()
    points = [
        MapPoint(r[0], float(r[1] or 0.0), float(r[2] or 0.0), r[3], r[4].isoformat(), r[5], r[6])
        for r in rows
    ]
    return Dashboard(total, by_type, by_month, points, max(0, n_placed - len(points)))
