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
the group's perpetrator links), not as full incident rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import itemgetter

from sqlalchemy import select
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


def contested(session: Session, kb: Knowledge, family: set[str], day: dt.date) -> set[int]:
    """The incidents up to ``day`` that the group claimed and another organisation claimed
    too: those of :func:`~militancydb.services.claims.competing_claims` with a claim by the
    group, by the same rule (:func:`~militancydb.services.claims_competing.claimants_compete`:
    a group the registry does not hold competes by its name as written), found from the
    claims' incidents and claimants alone (not every claim read in full with its incident
    and citations, a third of the answer's time at 1,000,000). Only the incidents with a
    standing claim by the group are read (the claimant index): every claim up to the day was
    read before, 127 ms of CPU at 1,000,000 incidents with their 31,760 claims."""
    standing = (
        Claim.deleted.is_(False),
        Claim.kind == ClaimKind.CLAIM.value,
        Claim.status != "retracted",
    )
    theirs = select(Claim.incident_id).where(*standing, Claim.claimant_key.in_(sorted(family)))
    rows = session.execute(
        select(Claim.incident_id, Claim.claimant_key, Claim.claimant_name)
        .join(Incident, Incident.id == Claim.incident_id)
        .where(
            *standing,
            Incident.deleted.is_(False),
            Incident.date_start <= day,
            Claim.incident_id.in_(theirs),
        )
    )
    claimants: dict[int, list[tuple[str | None, str]]] = defaultdict(list)
    for iid, key, name in rows:
        if iid is not None:  # the join's condition; for the types
            claimants[iid].append((key, name))
    same = kb.registry.same_organisation
    return {
        iid
        for iid, who in claimants.items()
        if any(key in family for key, _ in who)
        and claimants_compete((Claimant.of(key, name) for key, name in who), same)
    }


@dataclass(frozen=True)
class _Claim:
    """What the answer reads of one of the group's claims."""

    id: int
    incident_id: int | None
    claimant_key: str | None
    claimant_name: str


def _claims(session: Session, family: set[str], day: dt.date) -> list[_Claim]:
    """The group's claims made up to ``day`` (the claim's own day, else its incident's), not
    retracted or rejected, by that day and then by id: the claims
    :func:`~militancydb.services.claims.list_claims` lists for the group up to the day,
    read as the columns the answer uses (not every claim in full with its citations
    and the claims service's models: a third of the answer's time at 1,000,000 incidents,
    and of ``ask operational``'s imports)."""
    rows = session.connection().execute(
        select(
            Claim.id,
            Claim.incident_id,
            Claim.claimant_key,
            Claim.claimant_name,
            Claim.claimed_at,
            Incident.date_start,
        )
        .outerjoin(Incident, Incident.id == Claim.incident_id)
        .where(
            Claim.deleted.is_(False),
            Claim.kind == ClaimKind.CLAIM.value,
            Claim.status.not_in(("retracted", "rejected")),
            Claim.claimant_key.in_(sorted(family)),
        )
    )
    kept = []
    for cid, iid, key, name, claimed_at, incident_day in rows:
        # the day a claim was made, as :func:`~militancydb.services.claims.claim_day` reads it
        made = (earliest(claimed_at[:10]) if claimed_at else None) or incident_day
        if made is not None and made <= day:
            kept.append((made, cid, _Claim(cid, iid, key, name)))
    kept.sort(key=lambda k: (k[0], k[1]))
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
    contested_ids = contested(session, kb, family, day)
    claims = _claims(session, family, day)
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
