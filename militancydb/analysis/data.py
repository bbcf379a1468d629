"""Light incident rows for analysis: what the questions and reports read, loaded in a few
queries (no per-incident objects), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from militancydb.codebook import ATTACK_EVENT_TYPES, SECURITY_CATEGORIES
from militancydb.db.tables import (
    CasualtyFigure,
    Incident,
    IncidentActor,
    IncidentTactic,
    IncidentTarget,
)
from militancydb.domain.counting import ATTRIBUTED, PERPETRATION, is_aggregate
from militancydb.domain.dates import latest
from militancydb.services.incident_query import IncidentFilter

ATTACKS = frozenset(t.value for t in ATTACK_EVENT_TYPES)
SECURITY = frozenset(c.value for c in SECURITY_CATEGORIES)


def where_text(place: str | None, district: str | None, province: str | None, country: str) -> str:
    """Place, district and province, for text (the country when none is known)."""
    parts = [place, district, province]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or country


def last_day(date: dt.date, date_end: dt.date | None, precision: str) -> dt.date:
    """The latest day an incident can have happened, given its date precision."""
    if date_end:
        return date_end
    if precision == "month":
        day = latest(date.strftime("%Y-%m"))
        return day or date
    if precision == "year":
        return dt.date(date.year, 12, 31)
    if precision == "week":
        return date + dt.timedelta(days=6)
    return date


@dataclass(frozen=True)
class ActorLink:
    """An actor's part in an incident."""

    key: str | None
    name: str
    role: str
    basis: str


@dataclass(frozen=True)
class Row:
    """One incident, as analysis needs it."""

    id: int
    date: dt.date
    date_end: dt.date | None
    precision: str
    country: str
    province: str | None
    province_name: str | None
    province_now: str | None
    province_now_name: str | None
    district: str | None
    district_name: str | None
    place_name: str | None
    latitude: float | None
    longitude: float | None
    event_type: str
    killed: int | None
    killed_low: int | None
    killed_high: int | None
    injured: int | None
    suicide: bool | None
    tactics: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    actors: tuple[ActorLink, ...] = ()
    figures: dict[tuple[str, str], int | None] = field(default_factory=dict)
    summary: str | None = None
    geo_precision: str | None = None
    aggregate: bool = False

    def perpetration(self) -> list[ActorLink]:
        """Perpetrators attributed by datasets or officials, suspected or confirmed (not
        claimants)."""
        return [a for a in self.perpetrators() if a.basis in PERPETRATION]

    def claimants(self) -> list[ActorLink]:
        """Actors who claimed the incident."""
        return [a for a in self.perpetrators() if a.basis == "claimed"]

    def basis_of(self, keys: frozenset[str] | set[str]) -> str | None:
        """How the incident is tied to any of the actors: ``confirmed``, ``attributed``,
        ``suspected``, ``claimed`` (strongest first), or None."""
        bases = {a.basis for a in self.perpetrators() if a.key in keys}
        if "confirmed" in bases:
            return "confirmed"
        if bases & ATTRIBUTED:
            return "attributed"
        if "suspected" in bases:
            return "suspected"
        return "claimed" if "claimed" in bases else None

    @property
    def is_attack(self) -> bool:
        """Violence by militants (not an operation, drone strike or clash)."""
        return self.event_type in ATTACKS

    @property
    def where(self) -> str:
        """Place, district and province, for text."""
        return where_text(self.place_name, self.district_name, self.province_name, self.country)

    @property
    def last_day(self) -> dt.date:
        """The latest day the incident can have happened, given its date precision."""
        return last_day(self.date, self.date_end, self.precision)

    def perpetrators(self) -> list[ActorLink]:
        """Actors linked as perpetrators."""
        return [a for a in self.actors if a.role == "perpetrator"]

    def figure(self, category: str, outcome: str = "killed") -> int | None:
        """The best figure of one category (None: not recorded)."""
        return self.figures.get((category, outcome))

    def killed_in(self, categories: frozenset[str] | set[str]) -> int | None:
        """Killed across categories (None when none of them is recorded)."""
        values = [
            v
            for (c, o), v in self.figures.items()
            if o == "killed" and c in categories and v is not None
        ]
        return sum(values) if values else None


#: The incident columns a :class:`Row` is made of (read with Core, no ORM objects).
ROW_COLUMNS = (
    Incident.id,
    Incident.date_start,
    Incident.date_end,
    Incident.date_precision,
    Incident.country,
    Incident.admin1_key,
    Incident.admin1_name,
    Incident.admin1_now_key,
    Incident.admin1_now_name,
    Incident.admin2_key,
    Incident.admin2_name,
    Incident.place_name,
    Incident.latitude,
    Incident.longitude,
    Incident.event_type,
    Incident.killed_best,
    Incident.killed_low,
    Incident.killed_high,
    Incident.injured_best,
    Incident.suicide,
    Incident.summary,
    Incident.geo_precision,
    Incident.aggregate,
)


def select_columns(*columns: Any) -> Select[Any]:
    """A select of these columns, typed as any select (the filter applies to it)."""
    return select(*columns)


def load_rows(session: Session, flt: IncidentFilter | None = None) -> list[Row]:
    """Incidents matching the filter, oldest first, with tactics, targets, actors, figures.

    One query for the incidents and one per child table; the child tables are read for the
    filter's incidents by a sub-select (no list of ids sent back to the database), or on
    PostgreSQL by their ids as one array (see :data:`ARRAY_IDS`)."""
    flt = flt or IncidentFilter()
    incidents = session.execute(
        flt.apply(select_columns(*ROW_COLUMNS)).order_by(Incident.date_start, Incident.id)
    ).all()
    if not incidents:
        return []
    if session.get_bind().dialect.name == "postgresql" and len(incidents) <= ARRAY_IDS:
        ids = [i.id for i in incidents]
        return _rows(session, incidents, _by_array(), {"ids": ids})
    wanted = flt.apply(select(Incident.id)).scalar_subquery()
    return _rows(session, incidents, _children(lambda c: c.in_(wanted)), {})


#: Up to this many incidents, :func:`load_rows` on PostgreSQL reads their child rows by
#: their ids sent as one array: with the sub-select of the filter PostgreSQL 15 hashed the
#: whole child table (a parallel scan of 650,000 targets, 100-400 ms at 1,000,000 incidents)
#: for the 2,156 incidents of a month, where the array makes it probe ``incident_id``'s
#: index; as one bound parameter each (SQLAlchemy's expanding ``IN``) the ids cost more
#: client CPU than the probes saved.
ARRAY_IDS = 20000


@lru_cache(maxsize=1)
def _by_array() -> tuple[Any, ...]:
    from sqlalchemy import Integer, any_
    from sqlalchemy.dialects.postgresql import ARRAY

    ids: Any = bindparam("ids", type_=ARRAY(Integer))
    return _children(lambda c: c == any_(ids))


def _children(which: Callable[[Any], Any]) -> tuple[Any, ...]:
    """The reads of tactics, targets, actors and figures of the incidents ``which`` picks
    (a condition on the child's ``incident_id``), in their recorded order."""
    reads = (
        select(IncidentTactic.incident_id, IncidentTactic.tactic)
        .where(which(IncidentTactic.incident_id))
        .order_by(IncidentTactic.id),
        select(IncidentTarget.incident_id, IncidentTarget.target_type)
        .where(which(IncidentTarget.incident_id))
        .order_by(IncidentTarget.id),
        select(
            IncidentActor.incident_id,
            IncidentActor.actor_key,
            IncidentActor.actor_name,
            IncidentActor.role,
            IncidentActor.basis,
        )
        .where(which(IncidentActor.incident_id))
        .order_by(IncidentActor.id),
        select(
            CasualtyFigure.incident_id,
            CasualtyFigure.category,
            CasualtyFigure.outcome,
            CasualtyFigure.best,
        )
        .where(which(CasualtyFigure.incident_id))
        .order_by(CasualtyFigure.id),
    )
    return reads


def _rows(
    session: Session,
    incidents: Sequence[Any],
    children: tuple[Any, ...],
    params: dict[str, Any],
) -> list[Row]:
    """The rows of ``incidents`` with what ``children`` (see :func:`_children`) reads."""
    tactics: dict[int, list[str]] = defaultdict(list)
    targets: dict[int, list[str]] = defaultdict(list)
    actors: dict[int, list[ActorLink]] = defaultdict(list)
    figures: dict[int, dict[tuple[str, str], int | None]] = defaultdict(dict)
    read_tactics, read_targets, read_actors, read_figures = children
    conn = session.connection()  # Core reads: no ORM entities (a third of each call's cost)
    for iid, t in conn.execute(read_tactics, params):
        tactics[iid].append(t)
    for iid, t in conn.execute(read_targets, params):
        targets[iid].append(t)
    for iid, key, name, role, basis in conn.execute(read_actors, params):
        actors[iid].append(ActorLink(key, name, role, basis))
    for iid, cat, outcome, best in conn.execute(read_figures, params):
        figures[iid][(cat, outcome)] = best
    return rows_with_children(incidents, tactics, targets, actors, figures)


def rows_with_children(
    incidents: Sequence[Any],
    tactics: dict[int, list[str]],
    targets: dict[int, list[str]],
    actors: dict[int, list[ActorLink]],
    figures: dict[int, dict[tuple[str, str], int | None]],
) -> list[Row]:
    """The rows of ``incidents`` with their child rows."""
    return [
        Row(
            id=i.id,
            date=i.date_start,
            date_end=i.date_end,
            precision=i.date_precision,
            country=i.country,
            province=i.admin1_key,
            province_name=i.admin1_name,
            province_now=i.admin1_now_key,
            province_now_name=i.admin1_now_name,
            district=i.admin2_key,
            district_name=i.admin2_name,
            place_name=i.place_name,
            latitude=i.latitude,
            longitude=i.longitude,
            event_type=i.event_type,
            killed=i.killed_best,
            killed_low=i.killed_low,
            killed_high=i.killed_high,
            injured=i.injured_best,
            suicide=i.suicide,
            tactics=tuple(tactics[i.id]),
            targets=tuple(targets[i.id]),
            actors=tuple(actors[i.id]),
            figures=figures[i.id],
            summary=i.summary,
            geo_precision=i.geo_precision,
            aggregate=is_aggregate(
                i.date_precision, i.date_start, i.date_end, i.geo_precision, i.aggregate
            ),
        )
        for i in incidents
    ]
