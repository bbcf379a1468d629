"""Has a group become operational in a country?

The answer keeps three kinds of evidence apart, because they disagree: what the group
claimed through its own channels, what datasets and officials attributed to it, and what
was confirmed. A group's chapters count as the group; each incident says which chapter.

Verdict rules (``docs/analysis.md``), over the twelve months before the date:

- ``operational``: a confirmed attack, or two or more uncontested claims, or three or more
  attacks attributed by datasets or officials;
- ``emerging``: some attack or claim, but less than that (or only contested claims);
- ``no record``: nothing in the database.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from militancydb.analysis.data import ATTACKS, Row, load_rows
from militancydb.knowledge.loader import Knowledge
from militancydb.services.actors import find_actor
from militancydb.services.claims import ClaimFilter, claim_day, competing_claims, list_claims
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


def _chapter(r: Row, family: set[str], names: dict[str, str]) -> str:
    keys = [a.key for a in r.perpetrators() if a.key in family]
    return ", ".join(sorted({names.get(k or "", k or "") for k in keys}))


def operational(
    session: Session, kb: Knowledge, actor: str, country: str, on: dt.date | None = None
) -> OperationalAnswer:
    """Answer "has ``actor`` become operational in ``country`` by ``on``?"."""
    day = on or dt.date.today()
    a = find_actor(kb.registry, actor, day)
    family = set(kb.registry.family(a.key))
    names = {k: kb.registry.actors[k].name for k in family}
    rows = load_rows(
        session,
        IncidentFilter(
            date_to=day,
            country=country,
            actors=frozenset(family),
            roles=frozenset({"perpetrator"}),
            event_types=ATTACKS,
        ),
    )
    contested_ids = {
        g.incident_id
        for g in competing_claims(session, kb, date_to=day)
        if any(c.claimant_key in family for c in g.claims)
    }
    claims = [
        c
        for c in list_claims(session, ClaimFilter(date_to=day, claimants=frozenset(family)))
        if c.kind == "claim" and c.status not in ("retracted", "rejected")
    ]
    by_id = {r.id: r for r in rows}
    claim_ev = []
    for c in claims:
        r = by_id.get(c.incident_id or -1)
        if r is None:
            continue  # unlinked, or in another country
        claim_ev.append(
            Evidence(
                r.id,
                r.date,
                r.where,
                r.province_name,
                names.get(c.claimant_key or "", c.claimant_name),
                "claimed",
                r.killed,
                c.id,
                r.id in contested_ids,
            )
        )
    attributed: list[Evidence] = []
    confirmed: list[Evidence] = []
    for r in rows:
        for link in r.perpetrators():
            if link.key not in family or link.basis == "claimed":
                continue
            ev = Evidence(
                r.id,
                r.date,
                r.where,
                r.province_name,
                _chapter(r, family, names),
                link.basis,
                r.killed,
            )
            (confirmed if link.basis == "confirmed" else attributed).append(ev)
            break
    claim_ev.sort(key=lambda e: (e.date, e.incident_id))
    attributed.sort(key=lambda e: (e.date, e.incident_id))
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
    provinces = Counter(
        e.province or "(unknown)"
        for e in {e.incident_id: e for e in claim_ev + attributed + confirmed}.values()
    )
    window = day - dt.timedelta(days=WINDOW_DAYS)
    recent_claims = list(
        {e.incident_id: e for e in claim_ev if e.date > window and not e.contested}.values()
    )
    recent_contested = list(
        {e.incident_id: e for e in claim_ev if e.date > window and e.contested}.values()
    )
    recent_attr = [e for e in attributed if e.date > window]
    recent_conf = [e for e in confirmed if e.date > window]
    reasons = [
        f"in the 12 months to {day}: {len(recent_claims)} attack(s) claimed uncontested and "
        f"{len(recent_contested)} claimed but contested, through the group's own channels; "
        f"{len(recent_attr)} attack(s) attributed by datasets or officials; "
        f"{len(recent_conf)} confirmed",
    ]
    if recent_conf or len(recent_claims) >= 2 or len(recent_attr) >= 3:
        verdict = "operational"
    elif claim_ev or attributed or confirmed:
        verdict = "emerging"
        if recent_contested and not recent_claims:
            reasons.append("its recent claims are all contested by another organisation")
    else:
        verdict = "no record"
    all_attacks = sorted(claim_ev + attributed + confirmed, key=lambda e: (e.date, e.incident_id))
    first_attack = all_attacks[0] if all_attacks else None
    first_claim = claim_ev[0] if claim_ev else None
    disagreements = []
    if first_claim and attributed and attributed[0].date < first_claim.date:
        before = [e for e in attributed if e.date < first_claim.date]
        disagreements.append(
            f"datasets or officials attribute {len(before)} attack(s) to the group before its "
            f"first own claim in {country} ({first_claim.date}); the earliest on "
            f"{before[0].date} in {before[0].where} (incident {before[0].incident_id})"
        )
    if attributed and not claim_ev:
        disagreements.append(f"{len(attributed)} attack(s) attributed to it, none claimed by it")
    unclaimed = {e.incident_id for e in attributed} - {e.incident_id for e in claim_ev}
    if claim_ev and unclaimed:
        disagreements.append(f"{len(unclaimed)} attributed attack(s) it never claimed")
    if first_claim:
        reasons.append(
            f"first own claim in {country}: {first_claim.date}, {first_claim.where} "
            f"(claim {first_claim.claim_id}"
            + (", contested" if first_claim.contested else "")
            + ")"
        )
    else:
        reasons.append(f"no claim by the group in {country} is recorded")
    if first_attack:
        reasons.append(
            f"first attack linked to it in {country}: {first_attack.date}, "
            f"{first_attack.where} ({first_attack.basis})"
        )
    unlinked = [
        c for c in claims if c.incident_id is None and (claim_day(c.claimed_at) or day) <= day
    ]
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
        by_year=[years[y] for y in sorted(years)],
        by_province=dict(provinces.most_common()),
        disagreements=disagreements,
    )
