"""The factors of a credibility assessment that read the claimant's existence, record, history
and attestation, one function each (see ``docs/claims.md``); the place factors (territory,
competing claims) are in :mod:`militancydb.claims.factors_place`.

Each takes the :class:`~militancydb.claims.credibility.Context` and returns a
:class:`~militancydb.domain.claim.Factor`: its points, the most it can add, and the reasons.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from militancydb.claims.context import Context
from militancydb.db.tables import Claim
from militancydb.domain.claim import Factor
from militancydb.domain.dates import earliest, latest
from militancydb.services.claimant_record import Record
from militancydb.services.claims import claim_day
from militancydb.services.claims_competing import Claimant, competitors

#: Below this many claims recorded in a country before a date, the absence of earlier
#: claims by one group says little (the database simply holds few claims).
SPARSE_CLAIMS = 10


def _names(items: list[int]) -> str:
    return ", ".join(f"#{i}" for i in items[:8]) + (" …" if len(items) > 8 else "")


def _contested(c: Context, rec: Record) -> set[int]:
    """Claim ids in the record whose incident another organisation had also claimed by the
    day of knowledge (:func:`militancydb.services.claims_competing.competitors`: a group
    the registry does not hold is another organisation). A claim that gives no day of its
    own was made by its incident's date (:meth:`Context.claim_known`)."""
    if not rec.claims:
        return set()
    same = c.kb.registry.same_organisation
    on = c.records.claims_on(rec.country)
    claimants: dict[int, set[Claimant]] = {}
    for item in rec.claims:
        if item.incident_id in claimants:
            continue
        claimants[item.incident_id] = {
            Claimant.of(o.claimant_key, o.claimant_name)
            for o in on.get(item.incident_id, ())
            if (o.made or item.date) <= c.day
        }
    out: set[int] = set()
    for item in rec.claims:
        me = Claimant(item.actor_key, "")
        others = {o for o in claimants[item.incident_id] if o.key not in rec.actors}
        if any(competitors(o, me, same) for o in others):
            out.add(item.claim_id or 0)
    return out


def f_existence(c: Context) -> Factor:
    actor = c.kb.registry.get(c.claim.claimant_key or "")
    if actor is None:
        return Factor(
            name="existence",
            label="Claimant exists",
            points=0,
            max_points=0,
            verdict="the claimant is not in the registry",
        )
    lo, hi = earliest(actor.founded), latest(actor.dissolved)
    if lo and c.day < lo:
        return Factor(
            name="existence",
            label="Claimant exists",
            points=-20,
            max_points=0,
            verdict=f"{actor.name} was founded in {actor.founded}, after the claim ({c.day})",
            evidence=c.cited(actor.sources),
        )
    if hi and c.day > hi:
        return Factor(
            name="existence",
            label="Claimant exists",
            points=-10,
            max_points=0,
            verdict=f"{actor.name} had been dissolved ({actor.dissolved}) before the claim",
            evidence=c.cited(actor.sources),
        )
    return Factor(
        name="existence",
        label="Claimant exists",
        points=0,
        max_points=0,
        verdict=f"{actor.name} existed on {c.day} (founded {actor.founded or 'date unknown'})",
    )


def _this_contested(c: Context) -> bool:
    """Whether another organisation also claimed this claim's incident (by the rule of
    :func:`militancydb.services.claims_competing.competitors`)."""
    if c.incident is None:
        return False
    rows = c.session.execute(
        select(Claim.claimant_key, Claim.claimant_name, Claim.claimed_at).where(
            Claim.incident_id == c.incident.id,
            Claim.kind == "claim",
            Claim.deleted.is_(False),
            Claim.id != c.claim.id,
        )
    ).all()
    me = Claimant.of(c.claim.claimant_key, c.claim.claimant_name)
    same = c.kb.registry.same_organisation
    day = c.incident.date_start
    return any(
        competitors(Claimant.of(k, name), me, same) and c.claim_known(at, day)
        for k, name, at in rows
    )


def f_record(c: Context, flags: list[str]) -> tuple[Factor, Factor, Record]:
    inc = c.incident
    country = inc.location.country if inc else "PK"
    before = inc.date_start if inc else c.day
    province = inc.location.province if inc else None
    district = inc.location.district if inc else None
    rec = c.records.record(
        c.family,
        country=country,
        before=before,
        province=province,
        district=district,
        exclude_incident=inc.id if inc else None,
        known_on=c.day,
    )
    contested = _contested(c, rec)
    uncontested = [i for i in rec.claims if (i.claim_id or 0) not in contested]
    n_att = rec.count("attributed", "country")
    name = c.claim.claimant_name
    points = 0.0
    parts = []
    if not uncontested:
        weak = rec.claims_by_anyone_in_country < SPARSE_CLAIMS
        points -= 3 if weak else 8
        # the flag says what the data say: an earlier uncontested claim is missing; whether
        # this claim is uncontested itself is a separate fact, stated as such
        if _this_contested(c):
            flag = (
                f"no earlier uncontested claim by {name} (or its chapters) in {country} "
                f"recorded in the database, and this claim is contested by another organisation"
            )
        else:
            flag = (
                f"first uncontested claim by {name} (or its chapters) in {country} recorded "
                f"in the database"
            )
        flags.append(flag)
        parts.append(
            flag
            + (f"; {len(rec.claims)} earlier contested claim(s)" if rec.claims else "")
            + (
                f" (the database holds {rec.claims_by_anyone_in_country or 'no'} claim(s) by "
                f"any group in {country} before this date, so this weighs little)"
                if weak
                else ""
            )
        )
    else:
        points += 4
        parts.append(
            f"{len(uncontested)} earlier uncontested claim(s) in {country} "
            f"(first on {min(i.date for i in uncontested)})"
        )
    if n_att >= 3:
        points += 6
    elif n_att >= 1:
        points += 2
    else:
        points -= 6
    parts.append(
        f"{n_att} earlier attack(s) attributed to it by datasets or officials, "
        f"{rec.attributed_only()} of them never claimed; "
        f"{rec.count('confirmed', 'country')} confirmed"
    )
    record = Factor(
        name="record",
        label=f"Record in {country} before {before}",
        points=points,
        max_points=10,
        verdict="; ".join(parts),
        incidents=sorted({i.incident_id for i in rec.attributed + rec.claims}),
        evidence=[f"attributed: {_names(sorted({i.incident_id for i in rec.attributed}))}"]
        if rec.attributed
        else [],
    )
    local_pts = 0.0
    n_prov = rec.count("attributed", "province") + len(
        [i for i in uncontested if i.in_province(province)]
    )
    n_dist = rec.count("attributed", "district") + len(
        [i for i in uncontested if i.district == district]
    )
    pname = inc.location.province_name if inc else None
    if province is None:
        verdict = "no incident linked: local record not assessed"
    elif n_prov == 0:
        local_pts = -5
        verdict = f"no attack by {name} in {pname} is recorded before {before}"
    else:
        local_pts = 4 + (2 if n_dist else 0)
        verdict = f"{n_prov} earlier attack(s) in {pname}" + (
            f", {n_dist} in {inc.location.district_name}" if n_dist and inc else ""
        )
    local = Factor(
        name="local", label="Local record", points=local_pts, max_points=6, verdict=verdict
    )
    return record, local, rec


def f_history(c: Context) -> Factor:
    label = "Past claims retracted or disputed"
    # the three columns read, not whole claim records: a group's claims run to thousands
    rows = c.session.execute(
        select(Claim.id, Claim.claimed_at, Claim.status).where(
            Claim.claimant_key.in_(c.family), Claim.id != c.claim.id, Claim.deleted.is_(False)
        )
    ).all()
    past = [r for r in rows if (claim_day(r.claimed_at) or dt.date.max) < c.day]
    bad = [r for r in past if r.status in ("retracted", "rejected")]
    disputed = [r for r in past if r.status == "disputed"]
    points = max(-15.0, -5.0 * len(bad)) + max(-3.0, -1.0 * len(disputed))
    verdict = (
        f"{len(past)} earlier claim(s) recorded: {len(bad)} retracted or rejected, "
        f"{len(disputed)} disputed"
    )
    return Factor(
        name="history",
        label=label,
        points=points,
        max_points=0,
        verdict=verdict,
        evidence=[f"claim {r.id} ({r.status})" for r in bad + disputed],
    )


def f_attestation(c: Context) -> Factor:
    """How well the claim itself is attested: a claim known from a single weak report, with
    no wording and no channel, is weak evidence whatever else fits."""
    label = "How the claim is attested"
    n = len(c.claim.sources)
    known = [x for x in (c.claim.statement_text, c.claim.channel != "unknown") if x]
    if c.claim.confidence == "low":
        return Factor(
            name="attestation",
            label=label,
            points=-10,
            max_points=2,
            verdict=f"recorded with low confidence that the claim was made ({n} source(s)"
            + ("" if known else "; no wording or channel reported")
            + ")",
        )
    if c.claim.confidence == "high":
        return Factor(
            name="attestation",
            label=label,
            points=2,
            max_points=2,
            verdict=f"well attested ({n} source(s))",
        )
    return Factor(
        name="attestation",
        label=label,
        points=0,
        max_points=2,
        verdict=f"attested by {n} source(s)"
        + ("" if known else "; no wording or channel reported"),
    )
