"""A short description of what a database holds (printed by ``militancydb init`` and
``militancydb summary``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Actor, Claim, Incident, Place
from militancydb.domain.counting import PERPETRATION


@dataclass(frozen=True)
class Largest:
    """One of the deadliest incidents."""

    id: int
    date: dt.date
    precision: str
    place: str
    event_type: str
    killed: int
    #: attributed or confirmed perpetrators (never claimants)
    perpetrators: str
    #: organisations that claimed the incident, kept apart from its perpetrators
    claimants: str = ""


@dataclass(frozen=True)
class ProvinceTotal:
    """Incidents and killed in one province (at the time of the incident) of one country."""

    country: str
    province: str
    incidents: int
    killed: int


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
    by_province: list[ProvinceTotal]
    largest: list[Largest]
    #: aggregate records (date coarser than a month, or no place): counted in the totals,
    #: never listed as "largest incidents"
    aggregates: int = 0
    aggregate_killed: int = 0
    largest_aggregates: list[Largest] = field(default_factory=list)


def _largest(inc: Incident, claimants: list[str]) -> Largest:
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
        ", ".join(dict.fromkeys(claimants)),
    )


def _deadliest(session: Session, aggregate: bool, top: int) -> list[Largest]:
    """The ``top`` deadliest incidents (or aggregate records), with their claimants."""
    incidents = session.scalars(
        select(Incident)
        .where(
            Incident.deleted.is_(False),
            Incident.aggregate.is_(aggregate),
            Incident.killed_best.is_not(None),
        )
        .order_by(Incident.killed_best.desc(), Incident.date_start, Incident.id)
        .limit(top)
    ).all()
    claimants: dict[int, list[str]] = {}
    if incidents:
        for iid, name in session.execute(
            select(Claim.incident_id, Claim.claimant_name)
            .where(
                Claim.incident_id.in_([i.id for i in incidents]),
                Claim.kind == "claim",
                Claim.deleted.is_(False),
            )
            .order_by(Claim.incident_id, Claim.claimed_at, Claim.id)
        ):
            claimants.setdefault(iid or 0, []).append(name)
    return [_largest(i, claimants.get(i.id, [])) for i in incidents]


def database_summary(session: Session, top: int = 5) -> Summary:
    """Counts, the span of dates, killed by country and province and the deadliest
    incidents, all computed in SQL; aggregate records (the stored ``aggregate`` flag) are
    counted apart and never listed among the deadliest incidents."""
    live = Incident.deleted.is_(False)
    n, first, last, killed = session.execute(
        select(
            func.count(Incident.id),
            func.min(Incident.date_start),
            func.max(Incident.date_start),
            func.coalesce(func.sum(Incident.killed_best), 0),
        ).where(live)
    ).one()
    province = func.coalesce(Incident.admin1_name, "(unknown)")
    by_province = [
        ProvinceTotal(country, name, int(count), int(dead or 0))
        for country, name, count, dead in session.execute(
            select(
                Incident.country,
                province,
                func.count(Incident.id),
                func.coalesce(func.sum(Incident.killed_best), 0),
            )
            .where(live)
            .group_by(Incident.country, province)
        )
    ]
    by_province.sort(key=lambda p: (-p.killed, -p.incidents, p.country, p.province))
    n_agg, killed_agg = session.execute(
        select(func.count(Incident.id), func.coalesce(func.sum(Incident.killed_best), 0)).where(
            live, Incident.aggregate.is_(True)
        )
    ).one()
    return Summary(
        incidents=n,
        first=first,
        last=last,
        killed=int(killed or 0),
        places=session.scalar(select(func.count()).select_from(Place)) or 0,
        actors=session.scalar(select(func.count()).select_from(Actor)) or 0,
        claims=session.scalar(select(func.count()).select_from(Claim)) or 0,
        by_province=by_province,
        largest=_deadliest(session, False, top),
        aggregates=int(n_agg),
        aggregate_killed=int(killed_agg or 0),
        largest_aggregates=_deadliest(session, True, top),
    )
