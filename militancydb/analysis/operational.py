"""Has a group become operational in a country?

The answer keeps three kinds of evidence apart, because they disagree: what the group
claimed through its own channels, what datasets and officials attributed to it, and what
was confirmed. A group's chapters count as the group; each incident says which chapter.

Verdict rules (``docs/analysis.md``), over the twelve months before the date:

- ``operational``: a confirmed attack, or two or more uncontested claims, or three or more
  attacks attributed by datasets or officials;
- ``emerging``: some attack or claim, but less than that (or only contested claims);
- ``no record``: nothing in the database.

What it reads, and how, is in :mod:`militancydb.analysis.operational_reads`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain

from sqlalchemy.orm import Session

from militancydb.analysis.operational_reads import (
    GroupClaim,
    GroupIncident,
    claims_on,
    contested_among,
    group_incidents,
    made_by,
)
from militancydb.knowledge.loader import Knowledge
from militancydb.services.actors import find_actor

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


def _claim_evidence(
    rows: dict[int, GroupIncident],
    claims: list[GroupClaim],
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
    rows: dict[int, GroupIncident], names: dict[str, str]
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
    rows = group_incidents(session, family, country, day)
    standing, unlinked_rows = claims_on(session, family, rows)
    claimants: dict[int, list[tuple[str | None, str]]] = defaultdict(list)
    for _, iid, key, name, _, _ in standing:
        if iid is not None:  # the ids asked for; for the types
            claimants[iid].append((key, name))
    contested_ids = contested_among(claimants, family, kb.registry.same_organisation)
    claims = made_by(chain(standing, unlinked_rows), family, rows, day)
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
