"""Filters over incidents, applied in SQL (the live database) or in Python (a past day's
snapshots from the change log). Both read the same :class:`IncidentFilter`; a test checks
they agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, exists, or_, select

from militancydb.codebook import EventType
from militancydb.codebook.terms import TERMS
from militancydb.db.tables import Incident, IncidentActor, IncidentTactic

if TYPE_CHECKING:  # the pydantic models are not needed to build a query (issue 15)
    from militancydb.domain.incident import IncidentPublic


def event_type_family(code: str) -> set[str]:
    """An event type and every narrower type under it (``security_operation`` includes
    ``military_operation``, ...)."""
    out = {code}
    changed = True
    while changed:
        changed = False
        for child, term in TERMS[EventType].items():
            if term.parent in out and child not in out:
                out.add(child)
                changed = True
    return out


@dataclass(frozen=True)
class IncidentFilter:
    """What to select. Keys are already resolved (province and district keys, actor keys
    including chapters); empty means no restriction."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    provinces: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    event_types: frozenset[str] = frozenset()
    tactics: frozenset[str] = frozenset()
    min_killed: int | None = None
    include_deleted: bool = False
    ids: frozenset[int] = field(default_factory=frozenset)

    def apply(self, query: Select[Any]) -> Select[Any]:
        """Add the filter's conditions to a select over incidents."""
        if not self.include_deleted:
            query = query.where(Incident.deleted.is_(False))
        if self.ids:
            query = query.where(Incident.id.in_(self.ids))
        if self.date_from:
            query = query.where(Incident.date_start >= self.date_from)
        if self.date_to:
            query = query.where(Incident.date_start <= self.date_to)
        if self.country:
            query = query.where(Incident.country == self.country)
        if self.provinces:
            query = query.where(
                or_(
                    Incident.admin1_key.in_(self.provinces),
                    Incident.admin1_now_key.in_(self.provinces),
                )
            )
        if self.districts:
            query = query.where(
                or_(
                    Incident.admin2_key.in_(self.districts),
                    Incident.admin2_now_key.in_(self.districts),
                )
            )
        if self.event_types:
            query = query.where(Incident.event_type.in_(self.event_types))
        if self.min_killed is not None:
            query = query.where(Incident.killed_best >= self.min_killed)
        if self.actors:
            cond = [
                IncidentActor.incident_id == Incident.id,
                IncidentActor.actor_key.in_(self.actors),
            ]
            if self.roles:
                cond.append(IncidentActor.role.in_(self.roles))
            query = query.where(exists(select(IncidentActor.id).where(*cond)))
        if self.tactics:
            query = query.where(
                exists(
                    select(IncidentTactic.id).where(
                        IncidentTactic.incident_id == Incident.id,
                        IncidentTactic.tactic.in_(self.tactics),
                    )
                )
            )
        return query

    def matches(self, i: IncidentPublic) -> bool:
        """The same conditions, on an incident's public form."""
        loc = i.location
        checks = [
            self.include_deleted or not i.deleted,
            not self.ids or i.id in self.ids,
            self.date_from is None or i.date_start >= self.date_from,
            self.date_to is None or i.date_start <= self.date_to,
            self.country is None or loc.country == self.country,
            not self.provinces or bool({loc.province, loc.province_now} & self.provinces),
            not self.districts or bool({loc.district, loc.district_now} & self.districts),
            not self.event_types or i.event_type in self.event_types,
            self.min_killed is None
            or (i.totals.killed_best is not None and i.totals.killed_best >= self.min_killed),
            not self.actors
            or any(
                a.actor_key in self.actors and (not self.roles or a.role in self.roles)
                for a in i.actors
            ),
            not self.tactics or bool(set(i.tactics) & self.tactics),
        ]
        return all(checks)
