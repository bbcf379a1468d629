"""Has a group become operational in a country?

The answer keeps three kinds of evidence apart, because they disagree: what the group
claimed through its own channels, what datasets and officials attributed to it, and what
was confirmed. A group's chapters count as the group; each incident says which chapter.

Verdict rules (``docs/analysis.md``), over the twelve months before the date:

- ``operational``: a confirmed attack, or two or more uncontested claims, or three or more
  attacks attributed by datasets or officials;
- ``emerging``: some attack or claim, but less than that (or only contested claims);
- ``no record``: nothing in the database.

The group's incidents are read in one query (the incident's date, place and toll, joined to
the group's perpetrator links), not as full incident rows; then the standing claims of every
claimant on those incidents (the group's own and its rivals', by the claims' incident index)
and the group's claims linked to no incident: not the group's thousands of claims of every
year and country.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy import Integer, any_, bindparam, column, func, select
from sqlalchemy.orm import Session

from militancydb.analysis.data import ATTACKS, select_columns, where_text
from militancydb.codebook import ClaimKind
from militancydb.db.tables import Claim, Incident, IncidentActor
from militancydb.domain.dates import earliest
from militancydb.knowledge.loader import Knowledge
from militancydb.services.actors import find_actor
from militancydb.services.claims_competing import Claimant, claimants_compete
from militancydb.services.incident_query import IncidentFilter

WINDOW_DAYS = 365


@dataclass(frozen=True)
class Evidence:
    """One incident in the answer, and how it is tied to the group."""

    incident_id: int
    date: dt.date
    where: str
    province: str | None
    chapter: str
    basis: str
    killed: int | None
    claim_id: int | None = None
    contested: bool = False


@dataclass
class YearCount:
    """Counts for one year."""

    year: int
    claimed: int = 0
    attributed: int = 0
    confirmed: int = 0


@dataclass
class OperationalAnswer:
    """The answer with its reasons and incidents."""

    actor: str
    actor_name: str
    country: str
    on: dt.date
    verdict: str
    reasons: list[str]
    first_attack: Evidence | None
    first_claim: Evidence | None
    claims: list[Evidence] = field(default_factory=list)
    attributed: list[Evidence] = field(default_factory=list)
    confirmed: list[Evidence] = field(default_factory=list)
    by_year: list[YearCount] = field(default_factory=list)
    by_province: dict[str, int] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)

    @property
    def incidents(self) -> list[int]:
        """Every incident the answer used."""
        ids = {e.incident_id for e in self.claims + self.attributed + self.confirmed}
        return sorted(ids)


@dataclass
class _Incident:
    """What the answer reads of one of the group's incidents."""

    id: int
    date: dt.date
    where: str
    province: str | None
    killed: int | None
    links: list[tuple[str, str]] = field(default_factory=list)  # (actor key, basis)


def _incidents(
    session: Session, family: set[str], country: str, day: dt.date
) -> dict[int, _Incident]:
    """The attacks in ``country`` up to ``day`` with a perpetrator link to the group (any
    basis), oldest first, with those links in their recorded order."""
    flt = IncidentFilter(date_to=day, country=country, event_types=ATTACKS)
    query = flt.apply(
        select_columns(
            Incident.id,
            Incident.date_start,
            Incident.place_name,
            Incident.admin2_name,
            Incident.admin1_name,
            Incident.country,
            Incident.killed_best,
            IncidentActor.actor_key,
            IncidentActor.basis,
            IncidentActor.id,
        ).join(IncidentActor, IncidentActor.incident_id == Incident.id)
    ).where(IncidentActor.actor_key.in_(sorted(family)), IncidentActor.role == "perpetrator")
    # sorted here, not by the database: an ORDER BY on the date leads SQLite to walk every
    # incident by date and probe its actors, instead of starting from the group's links;
    # read through Core (rows as tuples): the ORM's row handling cost as much CPU as the
    # query itself for the thousands of links of a large group
    found = sorted(session.connection().execute(query).all(), key=itemgetter(1, 0, 9))
    out: dict[int, _Incident] = {}
    places: dict[tuple[str | None, ...], str] = {}  # a group's attacks share few places
    for iid, date, place, district, province, ctry, killed, key, basis, _ in found:
        inc = out.get(iid)
        if inc is None:
            spot = (place, district, province, ctry)
            where = places.get(spot)
            if where is None:
                where = places[spot] = where_text(place, district, province, ctry)
            inc = out[iid] = _Incident(iid, date, where, province, killed)
        inc.links.append((key, basis))
    return out


#: what :func:`_claims_on` reads of a claim: (claim id, incident id, claimant key,
#: claimant name, claimed at, status)
ClaimRow = tuple[int, int | None, str | None, str, str | None, str]

#: a standing claim: not deleted, a claim (not a denial or a dispute), not retracted
_STANDING = (
    Claim.deleted.is_(False),
    Claim.kind == ClaimKind.CLAIM.value,
    Claim.status != "retracted",
)


def _contested_among(
    claimants: dict[int, list[tuple[str | None, str]]],
    family: set[str],
    same: Callable[[str, str], bool],
) -> set[int]:
    """Of incidents and the claimants of their standing claims, those the group claimed and
    another organisation claimed too (:func:`~militancydb.services.claims_competing.
    claimants_compete`)."""
    return {
        iid
        for iid, who in claimants.items()
        if any(key in family for key, _ in who)
        and claimants_compete((Claimant.of(key, name) for key, name in who), same)
    }


def contested(session: Session, kb: Knowledge, family: set[str], day: dt.date) -> set[int]:
    """The incidents up to ``day`` that the group claimed and another organisation claimed
    too: those of :func:`~militancydb.services.claims.competing_claims` with a claim by the
    group, by the same rule (:func:`~militancydb.services.claims_competing.claimants_compete`:
    a group the registry does not hold competes by its name as written), found from the
    claims' incidents and claimants alone (not every claim read in full with its incident
    and citations, a third of the answer's time at 1,000,000). Only the incidents with a
    standing claim by the group are read (the claimant index): every claim up to the day was
    read before, 127 ms of CPU at 1,000,000 incidents with their 31,760 claims.
    :func:`operational` finds the same among its incidents alone (:func:`_claims_on`)."""
    theirs = select(Claim.incident_id).where(*_STANDING, Claim.claimant_key.in_(sorted(family)))
    rows = session.execute(
        select(Claim.incident_id, Claim.claimant_key, Claim.claimant_name)
        .join(Incident, Incident.id == Claim.incident_id)
        .where(
            *_STANDING,
            Incident.deleted.is_(False),
            Incident.date_start <= day,
            Claim.incident_id.in_(theirs),
        )
    )
    claimants: dict[int, list[tuple[str | None, str]]] = defaultdict(list)
    for iid, key, name in rows:
        if iid is not None:  # the join's condition; for the types
            claimants[iid].append((key, name))
    return _contested_among(claimants, family, kb.registry.same_organisation)


@dataclass(frozen=True)
class _Claim:
    """What the answer reads of one of the group's claims."""

    id: int
    incident_id: int | None
    claimant_key: str | None
    claimant_name: str


_COLUMNS = (
    Claim.id,
    Claim.incident_id,
    Claim.claimant_key,
    Claim.claimant_name,
    Claim.claimed_at,
    Claim.status,
)


@lru_cache(maxsize=2)
def _on_incidents(dialect: str) -> Any:
    """The standing claims of every claimant on the incidents given as ONE parameter
    ``ids`` (an array on PostgreSQL, a JSON array read by ``json_each`` on SQLite), through
    the claims' incident index: built once, where an expanding ``IN`` is built anew for each
    list of ids and costs a bound parameter per incident."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        wanted: Any = Claim.incident_id == any_(bindparam("ids", type_=ARRAY(Integer)))
    else:
        each = select(column("value", Integer)).select_from(func.json_each(bindparam("ids")))
        wanted = Claim.incident_id.in_(each)
    return select(*_COLUMNS).where(*_STANDING, wanted)


def _ids_param(dialect: str, ids: list[int]) -> list[int] | str:
    return ids if dialect == "postgresql" else json.dumps(ids)


def _claims_on(
    session: Session, family: set[str], incidents: dict[int, _Incident]
) -> tuple[list[ClaimRow], list[ClaimRow]]:
    """The standing claims of every claimant on ``incidents``, and the group's standing
    claims linked to no incident: every claim the answer can use. A claim on another
    incident is never in it (:func:`_claim_evidence` keeps those on the group's attacks
    in the country up to the day; :func:`contested` is asked of those alone), so the
    group's thousands of claims of every year and country are not read (read and dated
    one by one, they were most of the answer's time at 1,000,000 incidents)."""
    conn = session.connection()
    on: list[ClaimRow] = []
    if incidents:
        dialect = conn.dialect.name
        ids = _ids_param(dialect, sorted(incidents))
        on = [tuple(r) for r in conn.execute(_on_incidents(dialect), {"ids": ids})]
    unlinked = conn.execute(
        select(*_COLUMNS).where(
            *_STANDING, Claim.incident_id.is_(None), Claim.claimant_key.in_(sorted(family))
        )
    )
    return on, [tuple(r) for r in unlinked]  # type: ignore[misc]


def _made_by(
    claims: Iterable[ClaimRow], family: set[str], incidents: dict[int, _Incident], day: dt.date
) -> list[_Claim]:
    """Of ``claims``, the group's made up to ``day`` (the claim's own day, else its
    incident's), not retracted or rejected, by that day and then by id: as
    :func:`~militancydb.services.claims.list_claims` lists them (the day as
    :func:`~militancydb.services.claims.claim_day` reads it, the claims read first
    by :func:`_claims_on`). Each distinct ``claimed_at`` is read once."""
    days: dict[str, dt.date | None] = {}
    kept = []
    for cid, iid, key, name, claimed_at, status in claims:
        if key not in family or status == "rejected":
            continue
        if claimed_at:
            made = days.get(claimed_at)
            if made is None:
                made = days[claimed_at] = earliest(claimed_at[:10])
        else:
            made = None
        if made is None:  # no day of its own: its incident's (none for an unlinked claim)
            inc = incidents.get(iid) if iid is not None else None
            made = inc.date if inc is not None else None
        if made is not None and made <= day:
            kept.append((made, cid, _Claim(cid, iid, key, name)))
    kept.sort(key=itemgetter(0, 1))
    return [c for _, _, c in kept]


def _claim_evidence(
    rows: dict[int, _Incident],
    claims: list[_Claim],
    names: dict[str, str],
    contested_ids: set[int],
) -> list[Evidence]:
    out = []
    for c in claims:
        r = rows.get(c.incident_id or -1)
        if r is None:
            continue  # unlinked, or in another country
        out.append(
            Evidence(
                r.id,
                r.date,
                r.where,
                r.province,
                names.get(c.claimant_key or "", c.claimant_name),
                "claimed",
                r.killed,
                c.id,
                r.id in contested_ids,
            )
        )
    out.sort(key=lambda e: (e.date, e.incident_id))
    return out


def _perpetration_evidence(
    rows: dict[int, _Incident], names: dict[str, str]
) -> tuple[list[Evidence], list[Evidence]]:
    """Attributed (sorted by date) and confirmed evidence: each incident once, on the basis
    of its first non-claim link to the group."""
    attributed: list[Evidence] = []
    confirmed: list[Evidence] = []
    chapters: dict[tuple[tuple[str, str], ...], str] = {}  # by the links: few differ
    for r in rows.values():
        basis = next((b for _, b in r.links if b != "claimed"), None)
        if basis is None:
            continue
        links = tuple(r.links)
        chapter = chapters.get(links)
        if chapter is None:
            chapter = chapters[links] = ", ".join(
                sorted({names.get(k or "", k or "") for k, _ in r.links})
            )
        ev = Evidence(r.id, r.date, r.where, r.province, chapter, basis, r.killed)
        (confirmed if basis == "confirmed" else attributed).append(ev)
    attributed.sort(key=lambda e: (e.date, e.incident_id))
    return attributed, confirmed


def _by_year(
    claim_ev: list[Evidence], attributed: list[Evidence], confirmed: list[Evidence]
) -> list[YearCount]:
    years: dict[int, YearCount] = {}
    claimed_years: dict[int, set[int]] = {}
    for e in claim_ev:  # incidents, not claims: two chapters claiming one attack count once
        claimed_years.setdefault(e.date.year, set()).add(e.incident_id)
    for y, ids in claimed_years.items():
        years.setdefault(y, YearCount(y)).claimed = len(ids)
    for e in attributed:
        years.setdefault(e.date.year, YearCount(e.date.year)).attributed += 1
    for e in confirmed:
        years.setdefault(e.date.year, YearCount(e.date.year)).confirmed += 1
    return [years[y] for y in sorted(years)]


def _verdict(
    day: dt.date, claim_ev: list[Evidence], attributed: list[Evidence], confirmed: list[Evidence]
) -> tuple[str, list[str]]:
    """The verdict and its first reasons, over the twelve months before ``day``."""
    window = day - dt.timedelta(days=WINDOW_DAYS)
    recent_claims = {e.incident_id for e in claim_ev if e.date > window and not e.contested}
    recent_contested = {e.incident_id for e in claim_ev if e.date > window and e.contested}
    recent_attr = [e for e in attributed if e.date > window]
    recent_conf = [e for e in confirmed if e.date > window]
    reasons = [
        f"in the 12 months to {day}: {len(recent_claims)} attack(s) claimed uncontested and "
        f"{len(recent_contested)} claimed but contested, through the group's own channels; "
        f"{len(recent_attr)} attack(s) attributed by datasets or officials; "
        f"{len(recent_conf)} confirmed",
    ]
    if recent_conf or len(recent_claims) >= 2 or len(recent_attr) >= 3:
        return "operational", reasons
    if claim_ev or attributed or confirmed:
        if recent_contested and not recent_claims:
            reasons.append("its recent claims are all contested by another organisation")
        return "emerging", reasons
    return "no record", reasons


def _disagreements(country: str, claim_ev: list[Evidence], attributed: list[Evidence]) -> list[str]:
    out = []
    first_claim = claim_ev[0] if claim_ev else None
    if first_claim and attributed and attributed[0].date < first_claim.date:
        before = [e for e in attributed if e.date < first_claim.date]
        out.append(
            f"datasets or officials attribute {len(before)} attack(s) to the group before its "
            f"first own claim in {country} ({first_claim.date}); the earliest on "
            f"{before[0].date} in {before[0].where} (incident {before[0].incident_id})"
        )
    if attributed and not claim_ev:
        out.append(f"{len(attributed)} attack(s) attributed to it, none claimed by it")
    unclaimed = {e.incident_id for e in attributed} - {e.incident_id for e in claim_ev}
    if claim_ev and unclaimed:
        out.append(f"{len(unclaimed)} attributed attack(s) it never claimed")
    return out


def _firsts(country: str, first_claim: Evidence | None, first_attack: Evidence | None) -> list[str]:
    out = []
    if first_claim:
        out.append(
            f"first own claim in {country}: {first_claim.date}, {first_claim.where} "
            f"(claim {first_claim.claim_id}"
            + (", contested" if first_claim.contested else "")
            + ")"
        )
    else:
        out.append(f"no claim by the group in {country} is recorded")
    if first_attack:
        out.append(
            f"first attack linked to it in {country}: {first_attack.date}, "
            f"{first_attack.where} ({first_attack.basis})"
        )
    return out


def operational(
    session: Session, kb: Knowledge, actor: str, country: str, on: dt.date | None = None
) -> OperationalAnswer:
    """Answer "has ``actor`` become operational in ``country`` by ``on``?"."""
    day = on or dt.date.today()
    a = find_actor(kb.registry, actor, day)
    family = set(kb.registry.family(a.key))
    names = {k: kb.registry.actors[k].name for k in family}
    rows = _incidents(session, family, country, day)
    standing, unlinked_rows = _claims_on(session, family, rows)
    claimants: dict[int, list[tuple[str | None, str]]] = defaultdict(list)
    for _, iid, key, name, _, _ in standing:
        if iid is not None:  # the ids asked for; for the types
            claimants[iid].append((key, name))
    contested_ids = _contested_among(claimants, family, kb.registry.same_organisation)
    claims = _made_by(chain(standing, unlinked_rows), family, rows, day)
    claim_ev = _claim_evidence(rows, claims, names, contested_ids)
    attributed, confirmed = _perpetration_evidence(rows, names)
    provinces = Counter(
        e.province or "(unknown)"
        for e in {e.incident_id: e for e in claim_ev + attributed + confirmed}.values()
    )
    verdict, reasons = _verdict(day, claim_ev, attributed, confirmed)
    all_attacks = sorted(claim_ev + attributed + confirmed, key=lambda e: (e.date, e.incident_id))
    first_attack = all_attacks[0] if all_attacks else None
    first_claim = claim_ev[0] if claim_ev else None
    reasons += _firsts(country, first_claim, first_attack)
    unlinked = [c for c in claims if c.incident_id is None]  # :func:`_claims`: made by the day
    if unlinked:
        reasons.append(f"{len(unlinked)} claim(s) not linked to any incident are not counted")
    return OperationalAnswer(
        actor=a.key,
        actor_name=a.name,
        country=country,
        on=day,
        verdict=verdict,
        reasons=reasons,
        first_attack=first_attack,
        first_claim=first_claim,
        claims=claim_ev,
        attributed=attributed,
        confirmed=confirmed,
        by_year=_by_year(claim_ev, attributed, confirmed),
        by_province=dict(provinces.most_common()),
        disagreements=_disagreements(country, claim_ev, attributed),
    )
