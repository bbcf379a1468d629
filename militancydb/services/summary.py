"""A short description of what a database holds (printed by ``militancydb init`` and
``militancydb summary``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Actor, Claim, Incident, Place
from militancydb.services.stats import incident_stats


@dataclass(frozen=True)
class Largest:
    """One of the deadliest incidents."""

    id: int
    date: dt.date
    precision: str
    place: str
    event_type: str
    killed: int
    perpetrators: str


@dataclass(frozen=True)
class Summary:
    """Headline facts about a database."""

    incidents: int
    first: dt.date | None
    last: dt.date | None
    killed: int
    places: int
    actors: int
    claims: int
    by_province: list[tuple[str, int, int]]
    largest: list[Largest]


def database_summary(session: Session, top: int = 5) -> Summary:
    """Counts, the span of dates, killed by province and the deadliest incidents."""
    live = Incident.deleted.is_(False)
    n, first, last, killed = session.execute(
        select(
            func.count(Incident.id),
            func.min(Incident.date_start),
            func.max(Incident.date_start),
            func.coalesce(func.sum(Incident.killed_best), 0),
        ).where(live)
    ).one()
    rows = incident_stats(session, period="all", by="province")
    by_province = sorted(((r.group, r.incidents, r.killed) for r in rows), key=lambda r: -r[2])
    largest = []
    for inc in session.scalars(
        select(Incident)
        .where(live, Incident.killed_best.is_not(None))
        .order_by(Incident.killed_best.desc(), Incident.date_start)
        .limit(top)
    ):
        perps = ", ".join(a.actor_name for a in inc.actors if a.role == "perpetrator")
        where = ", ".join(x for x in (inc.place_name, inc.admin1_name) if x)
        largest.append(
            Largest(
                inc.id,
                inc.date_start,
                inc.date_precision,
                where,
                inc.event_type,
                inc.killed_best or 0,
                perps,
            )
        )
    return Summary(
        incidents=n,
        first=first,
        last=last,
        killed=int(killed or 0),
        places=session.scalar(select(func.count()).select_from(Place)) or 0,
        actors=session.scalar(select(func.count()).select_from(Actor)) or 0,
        claims=session.scalar(select(func.count()).select_from(Claim)) or 0,
        by_province=by_province,
        largest=largest,
    )
