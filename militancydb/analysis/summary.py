"""A short description of what a database holds (printed by ``militancydb init`` and
``militancydb summary``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.analysis.stats import incident_stats
from militancydb.db.tables import Actor, Claim, Incident, Place
from militancydb.domain.counting import PERPETRATION, is_aggregate


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
    #: aggregate records (date coarser than a month, or no place): counted in the totals,
    #: never listed as "largest incidents"
    aggregates: int = 0
    aggregate_killed: int = 0
    largest_aggregates: list[Largest] = field(default_factory=list)


def _largest(inc: Incident) -> Largest:
    perps = ", ".join(
        a.actor_name for a in inc.actors if a.role == "perpetrator" and a.basis in PERPETRATION
    )
    where = ", ".join(x for x in (inc.place_name, inc.admin1_name) if x)
    return Largest(
        inc.id,
        inc.date_start,
        inc.date_precision,
        where,
        inc.event_type,
        inc.killed_best or 0,
        perps,
    )


def _aggregate(inc: Incident) -> bool:
    return is_aggregate(
        inc.date_precision,
        inc.date_start,
        inc.date_end,
        inc.geo_precision,
        getattr(inc, "aggregate", None),
    )


def database_summary(session: Session, top: int = 5) -> Summary:
    """Counts, the span of dates, killed by province and the deadliest incidents; aggregate
    records are counted apart and never listed among the deadliest incidents."""
    live = Incident.deleted.is_(False)
    n, first, last, killed = session.execute(
        select(
            func.count(Incident.id),
            func.min(Incident.date_start),
            func.max(Incident.date_start),
            func.coalesce(func.sum(Incident.killed_best), 0),
        ).where(live)
    ).one()
    rows = incident_stats(session, period="all", by="province", by_kind=False)
    by_province = sorted(((r.group, r.incidents, r.killed) for r in rows), key=lambda r: -r[2])
    largest: list[Largest] = []
    aggregates: list[Largest] = []
    n_agg = killed_agg = 0
    for inc in session.scalars(
        select(Incident)
        .where(live)
        .order_by(Incident.killed_best.desc().nulls_last(), Incident.date_start, Incident.id)
    ):
        if _aggregate(inc):
            n_agg += 1
            killed_agg += inc.killed_best or 0
            if len(aggregates) < top and inc.killed_best is not None:
                aggregates.append(_largest(inc))
        elif len(largest) < top and inc.killed_best is not None:
            largest.append(_largest(inc))
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
        aggregates=n_agg,
        aggregate_killed=killed_agg,
        largest_aggregates=aggregates,
    )
