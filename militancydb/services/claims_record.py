"""A group's record of claims: how many it made, how many were contested, denied by its own
leadership, retracted, confirmed or shown false by what was later established, by year and
country, and the channels it used (``militancydb claims record``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.codebook import ClaimKind, ClaimStatus
from militancydb.db.tables import Claim, EstablishedResponsibility, Incident
from militancydb.knowledge.actors import ActorRegistry
from militancydb.services.claimant_record import claim_family, speaks_for
from militancydb.services.claims import claim_day

OUTCOMES = ("made", "contested", "denied_by_own", "retracted", "confirmed", "shown_false")


@dataclass
class RecordRow:
    """The counts for one year and country."""

    year: int | None
    country: str | None
    made: int = 0
    contested: int = 0
    denied_by_own: int = 0
    retracted: int = 0
    confirmed: int = 0
    shown_false: int = 0
    denials: int = 0


@dataclass
class GroupRecord:
    """A group's (and its chapters') record of claims up to a date."""

    actor: str
    actor_name: str
    on: dt.date | None
    rows: list[RecordRow] = field(default_factory=list)
    channels: Counter[str] = field(default_factory=Counter)
    claims: list[int] = field(default_factory=list)
    #: Claims by its factions under their own names (not counted above), by faction name.
    factions: Counter[str] = field(default_factory=Counter)

    def total(self, outcome: str) -> int:
        return sum(int(getattr(r, outcome)) for r in self.rows)


def _established_on(text: str | None) -> dt.date | None:
    return claim_day(text) if text else None


def group_record(
    session: Session, registry: ActorRegistry, actor: str, on: dt.date | None = None
) -> GroupRecord:
    """The record of ``actor`` (a registry key) and its chapters, as known on ``on``: a claim
    counts as *contested* when another organisation (a group the registry does not hold
    among them) claimed the same incident or disputed it, or its status is disputed;
    *denied by its own* when the group, or a parent it is a chapter of, denied an incident
    one of them claimed; *confirmed* or *shown false* when established responsibility
    (dated on or before ``on``) names it or another actor. Its factions claim under names
    of their own: their claims are counted apart (``factions``), not as its own
    (:func:`~militancydb.services.claimant_record.claim_family`)."""
    fam = claim_family(registry, actor)
    own_parents = [
        p for p in registry.ancestors(actor) if speaks_for(registry, actor, p)
    ]  # the parents it speaks for (a chapter's): their denial is its own leadership's
    factions = registry.family(actor) - fam
    rec = GroupRecord(actor, registry.actors[actor].name, on)
    rows = session.execute(
        select(Claim, Incident.country, Incident.date_start)
        .outerjoin(Incident, Incident.id == Claim.incident_id)
        .where(Claim.deleted.is_(False))
        .order_by(Claim.id)
    ).all()
    by_incident: dict[int, list[Claim]] = {}
    for c, _, _ in rows:
        day = claim_day(c.claimed_at)
        if on is not None and day is not None and day > on:
            continue
        if c.incident_id is not None:
            by_incident.setdefault(c.incident_id, []).append(c)
    established: dict[int, list[EstablishedResponsibility]] = {}
    for e in session.scalars(select(EstablishedResponsibility)):
        when = _established_on(e.established_on)
        if on is not None and (when is None or when > on):
            continue
        established.setdefault(e.incident_id, []).append(e)
    table: dict[tuple[int | None, str | None], RecordRow] = {}
    for c, country, inc_day in rows:
        if c.claimant_key in factions and c.kind == ClaimKind.CLAIM.value:
            if on is None or (claim_day(c.claimed_at) or inc_day or on) <= on:
                rec.factions[c.claimant_name] += 1
        if c.claimant_key not in fam:
            continue
        day = claim_day(c.claimed_at) or inc_day
        if on is not None and day is not None and day > on:
            continue
        year = day.year if day else None
        row = table.setdefault((year, country), RecordRow(year, country))
        rec.channels[c.channel_name or c.channel] += 1
        if c.kind == ClaimKind.DENIAL.value:
            row.denials += 1
            continue
        if c.kind != ClaimKind.CLAIM.value:
            continue
        rec.claims.append(c.id)
        row.made += 1
        others = by_incident.get(c.incident_id or -1, [])
        rivals = [
            o
            for o in others
            # a group the registry does not hold is another organisation (as in
            # services.claims_competing): its claim contests the group's
            if (
                o.claimant_key is None
                or (
                    o.claimant_key not in fam
                    and not speaks_for(registry, o.claimant_key, c.claimant_key or "")
                )
            )
            and o.kind in (ClaimKind.CLAIM.value, ClaimKind.DISPUTE.value)
        ]
        if rivals or c.status == ClaimStatus.DISPUTED.value:
            row.contested += 1
        if any(
            o.kind == ClaimKind.DENIAL.value
            and (o.claimant_key in fam or o.claimant_key in own_parents)
            for o in others
        ):
            row.denied_by_own += 1
        if c.status == ClaimStatus.RETRACTED.value or any(
            o.kind == ClaimKind.RETRACTION.value and o.claimant_key == c.claimant_key
            for o in others
        ):
            row.retracted += 1
        verdict = verdict_on(
            registry, c.claimant_key or "", established.get(c.incident_id or -1, [])
        )
        if verdict is True:
            row.confirmed += 1
        elif verdict is False:
            row.shown_false += 1
    rec.rows = sorted(table.values(), key=lambda r: (r.year or 0, r.country or ""))
    return rec


def verdict_on(
    registry: ActorRegistry, claimant: str, found: list[EstablishedResponsibility]
) -> bool | None:
    """Whether established responsibility confirms (True) or contradicts (False) a claim by
    ``claimant``; None when nothing was established. A finding about the claimant's own
    organisation (a chapter or parent) counts as about the claimant."""
    if not found:
        return None
    same = [e for e in found if registry.same_organisation(e.actor_key, claimant)]
    if any(e.finding == "responsible" for e in same):
        return True
    if any(e.finding == "not_responsible" for e in same):
        return False
    if any(e.finding == "responsible" for e in found):
        return False
    return None
