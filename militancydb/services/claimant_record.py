"""A claimant's record before a date: what it claimed through its own channels, what
datasets and officials attributed to it, and what was confirmed -- kept apart, because they
disagree (a dataset may attribute attacks to a group long before its first official claim in
a country). A group's chapters count as the group; each incident says which chapter."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, or_, select
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


#: what a record reads of an incident: id, day, province then and now, district, kind
_INCIDENT = (
    Incident.id,
    Incident.date_start,
    Incident.admin1_key,
    Incident.admin1_now_key,
    Incident.admin2_key,
    Incident.event_type,
)


@dataclass(frozen=True)
class RecordItem:
    """One incident in a record."""

    incident_id: int
    date: dt.date
    actor_key: str | None
    basis: str
    province: str | None
    district: str | None
    event_type: str
    claim_id: int | None = None
    #: the province the place belongs to now, where it has changed (FATA's agencies are in
    #: Khyber Pakhtunkhwa now): an incident is in a province by either
    province_now: str | None = None

    def in_province(self, province: str | None) -> bool:
        """Whether the incident was in the province, then or now (no province: the
        incidents whose province is unknown)."""
        if province is None:
            return self.province is None
        return province == self.province or province == self.province_now


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
            p = self.province
            # :meth:`RecordItem.in_province`, inlined: a group's record runs to 200,000 items
            return [i for i in items if i.province == p or i.province_now == p] if p else []
        return [i for i in items if i.district == self.district] if self.district else []

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


@dataclass(frozen=True)
class AttributedAttack:
    """An attack others attributed to an actor family, as :class:`LocalAttacks` keeps it."""

    incident_id: int
    date: dt.date
    tactics: frozenset[str]


@dataclass(frozen=True)
class ClaimOn:
    """A claim on an incident, as :meth:`RecordBooks.claims_on` keeps it."""

    claimant_key: str | None
    claimant_name: str
    #: the day it was made, if it says one it can be read by
    made: dt.date | None


class RecordBooks:
    """Group records read once per run and answered for each claim: a report's or a grading
    run's claims ask about the same groups, and each claim read its group's whole record
    afresh (at a million incidents, two hundred thousand rows for the largest group, a
    second or more a claim). :meth:`record` gives the record before a day; :meth:`similar`
    counts the attacks others attributed to a group in a province."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._attacks: dict[tuple[frozenset[str], str], list[AttributedAttack]] = {}
        self._links: dict[
            tuple[frozenset[str], str, bool], tuple[list[RecordItem], list[RecordItem]]
        ] = {}
        self._claims: dict[tuple[str, bool], list[tuple[RecordItem, dt.date]]] = {}
        self._claims_on: dict[str, dict[int, list[ClaimOn]]] = {}

    def record(
        self,
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
        """The record of ``actors`` (a group and its chapters) in a country before a day.
        With ``known_on`` (a date of knowledge), claims made after it are left out: a
        group's later admission of an earlier attack was not part of its record on that
        day."""
        rec = Record(actors, country, province, district, before)
        attributed, confirmed = self._read_links(actors, country, attacks_only)
        rec.attributed = _before(attributed, before, exclude_incident)
        rec.confirmed = _before(confirmed, before, exclude_incident)
        claims = self._read_claims(country, attacks_only)
        for item, made in claims[: bisect_left(claims, before, key=_claim_day)]:
            if item.incident_id == exclude_incident:
                continue
            if known_on is not None and made > known_on:
                continue
            rec.claims_by_anyone_in_country += 1
            if item.actor_key in actors:
                rec.claims.append(item)
        return rec

    def attacks(self, actors: frozenset[str], province: str) -> list[AttributedAttack]:
        """Every attack attributed (not claimed) to the actors in the province, any date."""
        key = (actors, province)
        if key not in self._attacks:
            self._attacks[key] = self._read_attacks(actors, province)
        return self._attacks[key]

    def _read_attacks(self, actors: frozenset[str], province: str) -> list[AttributedAttack]:
        from militancydb.db.tables import IncidentTactic

        rows = self.session.execute(
            select(Incident.id, Incident.date_start, IncidentTactic.tactic)
            .join(IncidentActor, IncidentActor.incident_id == Incident.id)
            .outerjoin(IncidentTactic, IncidentTactic.incident_id == Incident.id)
            .where(
                Incident.deleted.is_(False),
                or_(Incident.admin1_key == province, Incident.admin1_now_key == province),
                Incident.event_type.in_([t.value for t in ATTACK_EVENT_TYPES]),
                IncidentActor.actor_key.in_(actors),
                IncidentActor.role == "perpetrator",
                IncidentActor.basis != AttributionBasis.CLAIMED.value,
            )
        ).all()
        days: dict[int, dt.date] = {}
        tactics: dict[int, set[str]] = {}
        for iid, day, tactic in rows:
            days[iid] = day
            found = tactics.setdefault(iid, set())
            if tactic is not None:
                found.add(tactic)
        return [AttributedAttack(i, days[i], frozenset(tactics[i])) for i in days]

    def similar(
        self,
        actors: frozenset[str],
        *,
        province: str,
        before: dt.date,
        tactics: set[str],
        years: int = 5,
    ) -> int:
        """Attacks others (datasets, officials, investigations) attributed to the actors in
        a province over the years before a day, using any of the given tactics (all attacks
        when no tactic is given). The actors' own claims are left out: a record is not built
        from the claims it is meant to test."""
        since = before - dt.timedelta(days=365 * years)
        return sum(
            1
            for a in self.attacks(actors, province)
            if since <= a.date < before and (not tactics or not tactics.isdisjoint(a.tactics))
        )

    def claims_on(self, country: str) -> dict[int, list[ClaimOn]]:
        """Every claim (not a denial or a dispute; any status) on an incident in the
        country, by incident: who claimed, and the day it was made if it says one (read once
        a run: whether a group's earlier claims were contested asks it of each)."""
        if country not in self._claims_on:
            rows = self.session.execute(
                select(Claim.incident_id, Claim.claimant_key, Claim.claimant_name, Claim.claimed_at)
                .join(Incident, Incident.id == Claim.incident_id)
                .where(
                    Incident.country == country,
                    Claim.kind == ClaimKind.CLAIM.value,
                    Claim.deleted.is_(False),
                )
            ).all()
            found: dict[int, list[ClaimOn]] = {}
            for iid, key, name, claimed in rows:
                if iid is None:  # the join's condition; for the types
                    continue
                found.setdefault(iid, []).append(ClaimOn(key, name, _day_written(claimed)))
            self._claims_on[country] = found
        return self._claims_on[country]

    @staticmethod
    def _live(country: str, attacks_only: bool) -> list[ColumnElement[bool]]:
        live = [Incident.deleted.is_(False), Incident.country == country]
        if attacks_only:
            live.append(Incident.event_type.in_([t.value for t in ATTACK_EVENT_TYPES]))
        return live

    def _read_links(
        self, actors: frozenset[str], country: str, attacks_only: bool
    ) -> tuple[list[RecordItem], list[RecordItem]]:
        """The actors' perpetrator links in the country, every date, in date order: those
        others attributed (every basis but the actors' own claim) and those confirmed."""
        key = (actors, country, attacks_only)
        if key in self._links:
            return self._links[key]
        rows = self.session.execute(
            select(*_INCIDENT, IncidentActor.actor_key, IncidentActor.basis)
            .join(IncidentActor, IncidentActor.incident_id == Incident.id)
            .where(
                *self._live(country, attacks_only),
                IncidentActor.actor_key.in_(actors),
                IncidentActor.role == "perpetrator",
            )
        ).all()
        items = [
            RecordItem(iid, day, key or "", basis, a1, a2, etype, None, a1now)
            for iid, day, a1, a1now, a2, etype, key, basis in rows
        ]
        items.sort(key=_day)
        claimed, confirmed = AttributionBasis.CLAIMED.value, AttributionBasis.CONFIRMED.value
        split = (
            [i for i in items if i.basis != claimed],
            [i for i in items if i.basis == confirmed],
        )
        self._links[key] = split
        return split

    def _read_claims(self, country: str, attacks_only: bool) -> list[tuple[RecordItem, dt.date]]:
        """Every standing claim on an incident in the country (by anyone: how many there
        are says how much a group's lack of claims weighs), with the day it was made, in
        the order of its incident's date."""
        key = (country, attacks_only)
        if key in self._claims:
            return self._claims[key]
        rows = self.session.execute(
            select(Claim.id, Claim.claimant_key, Claim.claimed_at, *_INCIDENT)
            .join(Incident, Incident.id == Claim.incident_id)
            .where(
                *self._live(country, attacks_only),
                Claim.deleted.is_(False),
                Claim.kind == ClaimKind.CLAIM.value,
                Claim.status.not_in(["retracted", "rejected"]),
            )
        ).all()
        claims = [
            (
                # the key as stored: an unregistered claimant's (none) is nobody's family
                RecordItem(iid, day, key, "claimed", a1, a2, etype, cid, a1now),
                _made_on(claimed, day),
            )
            for cid, key, claimed, iid, day, a1, a1now, a2, etype in rows
        ]
        claims.sort(key=_claim_day)
        self._claims[key] = claims
        return claims


def _day_written(claimed_at: str | None) -> dt.date | None:
    """The day a claim says it was made (none when it says none or cannot be read)."""
    from militancydb.services.claims import claim_day

    try:
        return claim_day(claimed_at)
    except ValueError:
        return None


def _made_on(claimed_at: str | None, incident_day: dt.date) -> dt.date:
    """The day a claim was made (its first possible day), else its incident's day."""
    from militancydb.services.claims import claim_day

    try:
        return claim_day(claimed_at) or incident_day
    except ValueError:
        return incident_day


def _day(item: RecordItem) -> dt.date:
    return item.date


def _claim_day(entry: tuple[RecordItem, dt.date]) -> dt.date:
    return entry[0].date


def _before(items: list[RecordItem], day: dt.date, exclude: int | None) -> list[RecordItem]:
    """The items (in date order) dated before a day, but an excluded incident's."""
    head = items[: bisect_left(items, day, key=_day)]
    return head if exclude is None else [i for i in head if i.incident_id != exclude]
