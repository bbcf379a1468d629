"""A claimant's record before a date: what it claimed through its own channels, what
datasets and officials attributed to it, and what was confirmed -- kept apart, because they
disagree (a dataset may attribute attacks to a group long before its first official claim in
a country). A group's chapters count as the group; each incident says which chapter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from militancydb.codebook import ATTACK_EVENT_TYPES, AttributionBasis, ClaimKind
from militancydb.db.tables import Claim, Incident, IncidentActor
from militancydb.knowledge.actors import ActorRegistry

#: Kinds of actor that claim in their parent's name (a province of the Islamic State, a
#: regional chapter). A *faction* claims under a name of its own and is a claimant of its own.
SPEAKS_FOR_PARENT = frozenset({"chapter"})


def claim_family(registry: ActorRegistry, key: str) -> set[str]:
    """The actor and the chapters that claim in its name (their chapters too): whose claims
    are the actor's claims. Factions, whatever their tie to the actor, are left out: a claim
    made under another group's name (Fedayeen-e-Islam, modelled as a faction of the TTP) is
    not the TTP's claim, and the TTP may deny what it claimed."""
    out = {key}
    todo = [key]
    while todo:
        k = todo.pop()
        for child in registry.children(k):
            a = registry.get(child)
            if a is not None and a.kind in SPEAKS_FOR_PARENT and child not in out:
                out.add(child)
                todo.append(child)
    return out


def speaks_for(registry: ActorRegistry, a: str, b: str) -> bool:
    """Whether a claim by ``a`` is a claim of ``b``'s organisation: the same actor, or one is
    a chapter (through chapters only) of the other."""
    return a in claim_family(registry, b) or b in claim_family(registry, a)


@dataclass(frozen=True)
class RecordItem:
    """One incident in a record."""

    incident_id: int
    date: dt.date
    actor_key: str
    basis: str
    province: str | None
    district: str | None
    event_type: str
    claim_id: int | None = None


@dataclass
class Record:
    """What is known of an actor family's activity in an area before a date."""

    actors: frozenset[str]
    country: str
    province: str | None
    district: str | None
    before: dt.date
    claims: list[RecordItem] = field(default_factory=list)
    attributed: list[RecordItem] = field(default_factory=list)
    confirmed: list[RecordItem] = field(default_factory=list)
    claims_by_anyone_in_country: int = 0

    def _in(self, items: list[RecordItem], level: str) -> list[RecordItem]:
        if level == "country":
            return items
        if level == "province":
            return [i for i in items if self.province and i.province == self.province]
        return [i for i in items if self.district and i.district == self.district]

    def count(self, kind: str, level: str) -> int:
        """Distinct incidents of a kind (claims, attributed, confirmed) at a level
        (country, province, district)."""
        items = {"claims": self.claims, "attributed": self.attributed, "confirmed": self.confirmed}[
            kind
        ]
        return len({i.incident_id for i in self._in(items, level)})

    def attributed_only(self, level: str = "country") -> int:
        """Incidents others attributed to the actor that it never claimed."""
        claimed = {i.incident_id for i in self._in(self.claims, level)}
        return len({i.incident_id for i in self._in(self.attributed, level)} - claimed)

    def first_claim(self) -> RecordItem | None:
        """The earliest official claim in the country."""
        return min(self.claims, key=lambda i: i.date) if self.claims else None


def actor_record(
    session: Session,
    actors: frozenset[str],
    *,
    country: str,
    before: dt.date,
    province: str | None = None,
    district: str | None = None,
    attacks_only: bool = True,
    exclude_incident: int | None = None,
    known_on: dt.date | None = None,
) -> Record:
    """The record of ``actors`` (a group and its chapters) in a country before a day. With
    ``known_on`` (a date of knowledge), claims made after it are left out: a group's later
    admission of an earlier attack was not part of its record on that day."""
    rec = Record(actors, country, province, district, before)
    live = [Incident.deleted.is_(False), Incident.country == country, Incident.date_start < before]
    if exclude_incident is not None:
        live.append(Incident.id != exclude_incident)
    if attacks_only:
        live.append(Incident.event_type.in_([t.value for t in ATTACK_EVENT_TYPES]))
    rows = session.execute(
        select(
            Incident.id,
            Incident.date_start,
            Incident.admin1_key,
            Incident.admin1_now_key,
            Incident.admin2_key,
            Incident.event_type,
            IncidentActor.actor_key,
            IncidentActor.basis,
        )
        .join(IncidentActor, IncidentActor.incident_id == Incident.id)
        .where(*live, IncidentActor.actor_key.in_(actors), IncidentActor.role == "perpetrator")
    ).all()
    # the enum values read once: an enum member's ``.value`` is a property, and a group's
    # record at a million incidents runs to tens of thousands of rows
    confirmed_basis = AttributionBasis.CONFIRMED.value
    claimed_basis = AttributionBasis.CLAIMED.value
    for iid, day, a1, a1now, a2, etype, key, basis in rows:
        prov = a1 if province in (a1, None) else a1now
        item = RecordItem(iid, day, key or "", basis, prov, a2, etype)
        if basis == confirmed_basis:
            rec.confirmed.append(item)
        if basis != claimed_basis:
            rec.attributed.append(item)
    claim_rows = session.execute(
        select(
            Claim.id,
            Claim.claimant_key,
            Claim.claimed_at,
            Incident.id,
            Incident.date_start,
            Incident.admin1_key,
            Incident.admin1_now_key,
            Incident.admin2_key,
            Incident.event_type,
        )
        .join(Incident, Incident.id == Claim.incident_id)
        .where(
            *live,
            Claim.deleted.is_(False),
            Claim.kind == ClaimKind.CLAIM.value,
            Claim.status.not_in(["retracted", "rejected"]),
        )
    ).all()
    for cid, key, claimed, iid, day, a1, a1now, a2, etype in claim_rows:
        if known_on is not None and _made_on(claimed, day) > known_on:
            continue
        rec.claims_by_anyone_in_country += 1
        if key in actors:
            prov = a1 if province in (a1, None) else a1now
            rec.claims.append(RecordItem(iid, day, key, "claimed", prov, a2, etype, cid))
    return rec


def _made_on(claimed_at: str | None, incident_day: dt.date) -> dt.date:
    """The day a claim was made (its first possible day), else its incident's day."""
    from militancydb.services.claims import claim_day

    try:
        return claim_day(claimed_at) or incident_day
    except ValueError:
        return incident_day


def similar_attacks(
    session: Session,
    actors: frozenset[str],
    *,
    province: str,
    before: dt.date,
    tactics: set[str],
    years: int = 5,
) -> int:
    """Attacks others (datasets, officials, investigations) attributed to the actors in a
    province over the years before a day, using any of the given tactics (all attacks when
    no tactic is given). The actors' own claims are left out: a record is not built from
    the claims it is meant to test."""
    from militancydb.db.tables import IncidentTactic

    since = before - dt.timedelta(days=365 * years)
    query = (
        select(Incident.id)
        .join(IncidentActor, IncidentActor.incident_id == Incident.id)
        .where(
            Incident.deleted.is_(False),
            Incident.date_start < before,
            Incident.date_start >= since,
            or_(Incident.admin1_key == province, Incident.admin1_now_key == province),
            Incident.event_type.in_([t.value for t in ATTACK_EVENT_TYPES]),
            IncidentActor.actor_key.in_(actors),
            IncidentActor.role == "perpetrator",
            IncidentActor.basis != AttributionBasis.CLAIMED.value,
        )
    )
    if tactics:
        query = query.join(IncidentTactic, IncidentTactic.incident_id == Incident.id).where(
            IncidentTactic.tactic.in_(tactics)
        )
    return len(set(session.scalars(query)))
