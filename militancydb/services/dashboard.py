"""Figures of the dashboard, computed in SQL over the same search as the incident list:
counts and killed by event type and by month, and the placed incidents for the map."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import extract, func, select
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


def dashboard(session: Session, q: IncidentQuery) -> Dashboard:
    """Tallies by event type and month, and up to :data:`MAX_POINTS` map points (the most
    deadly first when there are more)."""
    killed = func.sum(Incident.killed_best)
    injured = func.sum(Incident.injured_best)
    n, k, i = session.execute(
        apply_query(q, select(func.count(Incident.id), killed, injured))
    ).one()
    total = Tally("all", "All incidents", int(n), _opt(k), _opt(i))
    by_type = [
        Tally(et, _label(et), int(c), _opt(kk), _opt(ii))
        for et, c, kk, ii in session.execute(
            apply_query(
                q, select(Incident.event_type, func.count(Incident.id), killed, injured)
            ).group_by(Incident.event_type)
        )
    ]
    by_type.sort(key=lambda t: (-t.incidents, t.key))
    year = extract("year", Incident.date_start)
    month = extract("month", Incident.date_start)
    by_month = [
        Tally(f"{int(y):04d}-{int(m):02d}", f"{int(y):04d}-{int(m):02d}", int(c), _opt(kk), None)
        for y, m, c, kk in session.execute(
            apply_query(q, select(year, month, func.count(Incident.id), killed))
            .group_by(year, month)
            .order_by(year, month)
        )
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
    ).where(Incident.latitude.is_not(None), Incident.longitude.is_not(None))
    n_placed = session.scalar(select(func.count()).select_from(placed.subquery())) or 0
    rows = session.execute(
        placed.order_by(Incident.killed_best.desc().nulls_last(), Incident.id).limit(MAX_POINTS)
    ).all()
    points = [
        MapPoint(r[0], float(r[1] or 0.0), float(r[2] or 0.0), r[3], r[4].isoformat(), r[5], r[6])
        for r in rows
    ]
    return Dashboard(total, by_type, by_month, points, max(0, int(n_placed) - len(points)))
