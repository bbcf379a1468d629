"""A group's incidents by year, kept apart by how the group is tied to them: as the
perpetrator (attributed by datasets or officials, suspected or confirmed), by its own claim
only, or in another role (a target or a party). A claim is what a group says, not what it
did; counting claimed-only incidents as its attacks would overstate (or, when others claim
its attacks, understate) what is known of it.

Counted in the database: one pass groups the group's links by incident (its strongest tie to
each), a second counts incidents and sums the killed by year and tie.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Integer, case, cast, extract, func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident, IncidentActor
from militancydb.domain.counting import PERPETRATION

TIES = ("perpetrator", "claimed", "other")
TIE_LABELS = {
    "perpetrator": "as perpetrator (attributed, suspected or confirmed)",
    "claimed": "claimed by it, no attribution",
    "other": "as target or party",
}


@dataclass(frozen=True)
class ActivityYear:
    """One year of a group's incidents by tie: counts, and killed (None: none recorded)."""

    year: int
    incidents: dict[str, int]
    killed: dict[str, int | None]

    def count(self, tie: str) -> int:
        return self.incidents.get(tie, 0)


def actor_activity(session: Session, actor_keys: Iterable[str]) -> list[ActivityYear]:
    """The incidents of ``actor_keys`` (a group and its chapters) by year and tie."""
    keys = sorted(set(actor_keys))
    if not keys:
        return []
    perpetrated = (IncidentActor.role == "perpetrator") & IncidentActor.basis.in_(PERPETRATION)
    claimed = (IncidentActor.role == "perpetrator") & (IncidentActor.basis == "claimed")
    rank = func.max(case((perpetrated, 2), (claimed, 1), else_=0))
    per_incident = (
        select(
            cast(extract("year", Incident.date_start), Integer).label("year"),
            Incident.killed_best.label("killed"),
            rank.label("tie"),
        )
        .join(IncidentActor, IncidentActor.incident_id == Incident.id)
        .where(IncidentActor.actor_key.in_(keys), Incident.deleted.is_(False))
        .group_by(Incident.id, Incident.date_start, Incident.killed_best)
        .subquery()
    )
    rows = session.execute(
        select(
            per_incident.c.year,
            per_incident.c.tie,
            func.count(),
            func.sum(per_incident.c.killed),
        )
        .group_by(per_incident.c.year, per_incident.c.tie)
        .order_by(per_incident.c.year)
    ).all()
    names = {2: "perpetrator", 1: "claimed", 0: "other"}
    years: dict[int, tuple[dict[str, int], dict[str, int | None]]] = {}
    for year, tie, n, killed in rows:
        counts, dead = years.setdefault(int(year), ({}, {}))
        counts[names[int(tie)]] = int(n)
        dead[names[int(tie)]] = None if killed is None else int(killed)
    return [ActivityYear(y, c, k) for y, (c, k) in sorted(years.items())]
