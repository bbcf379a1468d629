"""Factors that read the claim's statement against the incident record and the reference
of local facts, and the time from attack to claim (see ``docs/claims.md``)."""

from __future__ import annotations

from militancydb.claims.context import Context
from militancydb.claims.local_facts import FactBook
from militancydb.claims.statement import read_statement
from militancydb.codebook import TERMS, TargetType
from militancydb.codebook import label as code_label
from militancydb.domain.claim import Factor
from militancydb.domain.incident import IncidentPublic
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.services.claims import claim_day


def _target_family(code: str) -> set[str]:
    out = {code}
    parent = TERMS[TargetType].get(code)
    while parent is not None and parent.parent:
        out.add(parent.parent)
        parent = TERMS[TargetType].get(parent.parent)
    return out


def place_fits(g: Gazetteer, key: str, inc: IncidentPublic) -> bool:
    """Whether a place a statement names and the incident's place lie one in the other."""
    loc = inc.location
    where = [k for k in (loc.place, loc.district, loc.province) if k]
    if not where:
        return True
    admin = g.admin_of(key, inc.date_start)
    named = {key, admin.district, admin.province} - {None}
    for w in where:
        if w in named or g.within(w, key) or g.within(key, w):
            return True
    # a town named in the statement lies in the incident's district
    return bool(loc.district and admin.district == loc.district)


def f_consistency(c: Context, flags: list[str]) -> Factor:
    inc = c.incident
    label = "Statement against the incident record"
    text = c.claim.english()
    if not text and not any(c.claim.asserted.values()):
        return Factor(
            name="consistency",
            label=label,
            points=0,
            max_points=10,
            verdict="no statement text or assertions recorded to compare",
        )
    points, notes = 0.0, []
    facts = c.facts
    claim_day_ = claim_day(c.claim.claimed_at)
    impossible: list[str] = [d.problem for d in facts.dates if d.problem]
    after_claim = [
        d for d in facts.dates if d.date and claim_day_ and d.date > claim_day_ and not d.problem
    ]
    impossible += [
        f"the statement dates the attack {d.date}, after the claim itself ({claim_day_})"
        for d in after_claim
    ]
    for problem in impossible[:2]:  # at most two impossible dates weigh
        points -= 7.5
        notes.append(f"impossible date: {problem}")
        flags.append(f"impossible date in the statement: {problem}")
    if inc is None:
        return Factor(
            name="consistency",
            label=label,
            points=points,
            max_points=10,
            verdict="; ".join(notes) or "no incident linked: only the text was read",
        )
    good_dates = [d for d in facts.dates if d.date and d not in after_claim and not d.problem]
    if good_dates:
        if any(abs((d.date - inc.date_start).days) <= 1 for d in good_dates if d.date):
            points += 2
            notes.append(f"date fits ({good_dates[0].text})")
        else:
            points -= 10
            notes.append(
                f"the statement's date ({good_dates[0].text}) is not the incident's "
                f"({inc.date_start})"
            )
    g = c.kb.gazetteer
    place_pts = 0.0
    seen: set[str] = set()
    for m in facts.places:
        r = g.resolve(m.value, country=inc.location.country, on=inc.date_start)
        if r.key is None or r.key in seen:
            continue
        seen.add(r.key)
        if place_fits(g, r.key, inc):
            place_pts = min(place_pts + 2, 3)
            notes.append(f"place fits ({m.value})")
        else:
            place_pts -= 10
            notes.append(
                f"names {m.value} ({g.describe(r.key)}), but the incident was in "
                f"{inc.location.district_name or inc.location.province_name}"
            )
    points += place_pts
    said = set(facts.targets)
    if c.claim.asserted.get("targets"):
        said |= set(read_statement(str(c.claim.asserted["targets"])).targets)
    recorded = {x for t in inc.targets for x in _target_family(t.type)} - {"unknown"}
    if said and recorded:
        said_fam = {x for t in said for x in _target_family(t)}
        if said_fam & recorded:
            points += 3
            notes.append(f"targets fit ({', '.join(sorted(said & recorded or said))})")
        else:
            points -= 8
            named = ", ".join(sorted(code_label(t) for t in said))
            recorded_names = ", ".join(sorted(code_label(t.type) for t in inc.targets))
            msg = (
                f"target mismatch: the statement names {named}; "
                f"the incident record has {recorded_names}"
            )
            notes.append(msg)
            flags.append(msg)
    tolls = list(facts.killed)
    if c.claim.asserted.get("killed") is not None:
        tolls.append(int(c.claim.asserted["killed"]))
    hi = inc.totals.killed_high or inc.totals.killed_best
    lo = inc.totals.killed_low or inc.totals.killed_best
    for n in tolls[:1]:
        if hi is None or lo is None:
            continue
        if n > 2 * max(hi, 1):
            points -= 6
            notes.append(f"claims {n} killed; the record has {lo}–{hi}: exaggerated")
        elif n < lo / 2:
            points -= 3
            notes.append(f"claims {n} killed; the record has {lo}–{hi}")
        else:
            points += 2
            notes.append(f"toll fits ({n}; record {lo}–{hi})")
    return Factor(
        name="consistency",
        label=label,
        points=points,
        max_points=10,
        verdict="; ".join(notes) or "nothing in the statement to compare",
    )


def f_local_facts(c: Context, book: FactBook, flags: list[str]) -> Factor:
    label = "Local facts named in the statement"
    mentions = c.facts.institutions + [m for m in c.facts.titles if m.kind == "minister"]
    findings = [book.check(m, c.day, c.kb.gazetteer) for m in mentions]
    for m in c.facts.titles:
        if m.kind == "title_place":
            f = book.check_title_place(m, c.day, c.kb.gazetteer)
            if f is not None:
                findings.append(f)
    if not findings:
        return Factor(
            name="local_facts",
            label=label,
            points=0,
            max_points=3,
            verdict="the statement names no institution or title to check",
        )
    wrong = [f for f in findings if not f.ok]
    for f in wrong:
        flags.append(f.message)
    if wrong:
        return Factor(
            name="local_facts",
            label=label,
            points=max(-25.0, -12.0 * len(wrong)),
            max_points=3,
            verdict="; ".join(f.message for f in wrong),
            evidence=[f"quoted: “{f.mention.text}”" for f in wrong],
        )
    return Factor(
        name="local_facts",
        label=label,
        points=3,
        max_points=3,
        verdict="; ".join(f.message for f in findings),
    )


def f_timing(c: Context, flags: list[str]) -> Factor:
    label = "Time from attack to claim"
    inc = c.incident
    made = claim_day(c.claim.claimed_at)
    if inc is None or made is None or (c.claim.claimed_at and len(c.claim.claimed_at) < 10):
        return Factor(
            name="timing",
            label=label,
            points=0,
            max_points=1,
            verdict="claim date or incident unknown (or known only to the month)",
        )
    delay = (made - inc.date_start).days
    if delay < 0:
        flags.append(f"the claim ({made}) predates the attack ({inc.date_start})")
        return Factor(
            name="timing",
            label=label,
            points=-30,
            max_points=1,
            verdict=f"claimed {-delay} day(s) before the attack: impossible",
        )
    if delay > 7:
        return Factor(
            name="timing",
            label=label,
            points=-5,
            max_points=1,
            verdict=f"claimed {delay} days after the attack",
        )
    return Factor(
        name="timing",
        label=label,
        points=1 if delay <= 1 else 0,
        max_points=1,
        verdict=f"claimed {delay} day(s) after the attack",
    )
