"""The factors that weigh a claim against the place of its attack: whether it lies inside a
territory the claimant has proclaimed, and whether other groups claimed the same attack with a
stronger record there. The other factors are in :mod:`militancydb.claims.factors`."""

from __future__ import annotations

from sqlalchemy import select

from militancydb.claims.context import Context
from militancydb.db.tables import Claim
from militancydb.domain.claim import Factor
from militancydb.domain.incident import IncidentPublic
from militancydb.services.claims_competing import Claimant, competitors


def f_territory(c: Context) -> Factor:
    reg = c.kb.registry
    inc = c.incident
    label = "Proclaimed territory"
    if inc is None:
        return Factor(
            name="territory", label=label, points=0, max_points=3, verdict="no incident linked"
        )
    keys = set(c.family) | set(reg.ancestors(c.claim.claimant_key or ""))
    # in a fixed order: a set's order changes from run to run, and the verdict lists them
    standing = [p for k in sorted(keys) for p in reg.proclaimed_on(k, c.day)]
    # as of the claim's day: a proclamation is read only when a source published by then
    # reports it (one known only from later or undated sources is hindsight)
    procs = [p for p in standing if c.fact_known(p.sources)]
    if not procs:
        later = len(standing) - len(procs)
        return Factor(
            name="territory",
            label=label,
            points=0,
            max_points=3,
            verdict="no proclaimed territory recorded for the claimant"
            + (
                f" that a source published by {c.day} reports ({later} known only from "
                "later or undated sources, not weighed)"
                if later
                else ""
            ),
        )
    g = c.kb.gazetteer
    where = inc.location.district or inc.location.province or inc.location.country
    inside = [p for p in procs if any(g.within(where, place) for place in p.places)]
    if inside:
        described = []
        for p in inside:
            owner = reg.get(p.actor)
            described.append(
                f"{owner.name if owner else p.actor} ({', '.join(p.places)}, since {p.start}; "
                f"{p.confidence} confidence)"
            )
        place = inc.location.district_name or inc.location.province_name
        return Factor(
            name="territory",
            label=label,
            points=3,
            max_points=3,
            verdict=f"{place} lies inside the territory proclaimed by "
            + "; and by ".join(described),
            evidence=[s for p in inside for s in c.cited(p.sources)],
        )
    unknown = len(standing) - len(procs)
    outside = f"{where} lies outside every territory the claimant proclaims" + (
        " that a source published by then reports" if unknown else ""
    )
    return Factor(
        name="territory",
        label=label,
        # a proclamation known only from later or undated sources may cover the place: the
        # claimant's territory is then not fully known on the day, and no penalty follows
        points=0 if unknown else -8,
        max_points=3,
        verdict=outside
        + ": "
        + "; ".join(f"{', '.join(p.places)}" for p in procs)
        + (
            f" ({unknown} more proclaimed, known only from later or undated sources: not "
            "weighed, so the place is not held against the claim)"
            if unknown
            else ""
        ),
        evidence=[s for p in procs for s in c.cited(p.sources)],
    )


def _strength(c: Context, family: frozenset[str], inc: IncidentPublic) -> tuple[int, int]:
    province = inc.location.province or ""
    same = c.records.similar(
        family, province=province, before=inc.date_start, tactics=set(inc.tactics)
    )
    anything = c.records.similar(family, province=province, before=inc.date_start, tactics=set())
    return same, anything


def clearly_stronger(theirs: tuple[int, int], mine: tuple[int, int]) -> bool:
    """Whether a competitor's local record clearly outweighs the claimant's: at least two
    similar attacks and more than the claimant's, or at least two attacks in all and twice
    the claimant's. A margin of one attack is not clear."""
    similar = theirs[0] >= 2 and theirs[0] > mine[0]
    overall = theirs[1] >= 2 and theirs[1] >= 2 * max(mine[1], 1)
    return similar or overall


def f_competition(c: Context, flags: list[str]) -> Factor:
    """Other organisations' claims on the same incident, as of the claim's day (the rule of
    :func:`militancydb.services.claims_competing.competitors`, which ``claims competing``
    uses too): −10 when one has a clearly stronger local record, +4 when the claimant's is
    not empty and at least as strong as every competitor's.

    A competitor the registry does not hold (an unregistered claim, a different normalised
    name) is listed with its name, but its local record cannot be weighed: the record
    counts attacks attributed to a registry actor and its chapters, and it has none. It
    neither costs nor gives points. Not a cost: an unknown record is no evidence that the
    group is stronger, and the calibration (docs/claims.md, "Calibration, in short") shows
    rival claims and newly named groups already pushing right claims into "doubtful"
    (Wagah, Data Darbar). Not a gain: the +4 says the claimant's record is at least as
    strong as *every* competitor's, which cannot be shown against one whose record is
    unknown, and the held-out misses are claims believed too readily (graded likely, shown
    false), so a bonus nothing supports would widen them. With such a competitor the +4 is
    therefore withheld, and the −10 rests on the registry actors alone."""
    label = "Competing claims"
    inc = c.incident
    if inc is None:
        return Factor(
            name="competition", label=label, points=0, max_points=4, verdict="no incident linked"
        )
    reg = c.kb.registry
    me = Claimant.of(c.claim.claimant_key, c.claim.claimant_name)
    others = [
        o
        for o in c.session.scalars(
            select(Claim)
            .where(
                Claim.incident_id == inc.id,
                Claim.kind == "claim",
                Claim.deleted.is_(False),
                Claim.id != c.claim.id,
            )
            .order_by(Claim.id)
        )
        if competitors(Claimant.of(o.claimant_key, o.claimant_name), me, reg.same_organisation)
        # a competing claim made after this one was not known when it was made
        and c.claim_known(o.claimed_at, inc.date_start)
    ]
    if not others:
        return Factor(
            name="competition",
            label=label,
            points=0,
            max_points=4,
            verdict="no other organisation claimed this incident",
        )
    mine = _strength(c, c.family, inc)
    notes, points = [], 0.0
    stronger = []
    records: list[tuple[int, int] | None] = []  # None: a record that cannot be weighed
    for o in others:
        made = f"claim {o.id} by {o.claimant_name}"
        made += f" via {o.channel.replace('_', ' ')}"
        made += f" on {o.claimed_at}" if o.claimed_at else ""
        if o.claimant_key is None:
            records.append(None)
            notes.append(
                f"{made}: a group the actor registry does not hold (unregistered), so its "
                "local record cannot be weighed (no actor to count attacks of): listed, "
                "neither held against the claim nor for it"
            )
            continue
        theirs = _strength(c, frozenset(reg.family(o.claimant_key)), inc)
        records.append(theirs)
        weight = " (reported by a single weak source: listed, not weighed)"
        notes.append(
            f"{made}: {theirs[0]} similar attack(s) and {theirs[1]} attack(s) in all in "
            f"{inc.location.province_name} in the five years before"
            + (weight if o.confidence == "low" else "")
        )
        if o.confidence != "low" and clearly_stronger(theirs, mine):
            stronger.append(o.claimant_name)
    notes.insert(0, f"{c.claim.claimant_name}: {mine[0]} similar attack(s), {mine[1]} in all")
    names = ", ".join(
        dict.fromkeys(
            o.claimant_name + (" (unregistered)" if o.claimant_key is None else "") for o in others
        )
    )
    if stronger:
        points = -10
        flags.append(
            f"competing claim by {names}; {', '.join(stronger)} with a clearly stronger local "
            "record"
        )
    else:
        flags.append(f"competing claim by {names}")
        if (
            mine > (0, 0)
            and None not in records
            and all(not clearly_stronger(r, mine) for r in records if r is not None)
        ):
            points = 4
    return Factor(
        name="competition", label=label, points=points, max_points=4, verdict="; ".join(notes)
    )
