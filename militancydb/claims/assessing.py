"""Run and override credibility assessments; suggest incidents for unlinked claims.

The score itself is :func:`militancydb.claims.credibility.assess`; the result is kept
through :mod:`militancydb.services.assessments` (moved here from there so that the services
layer no longer calls up into the claims layer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from militancydb.claims.credibility import SCALE, assess, place_fits
from militancydb.claims.local_facts import FactBooks
from militancydb.claims.statement import read_statement
from militancydb.codebook import ATTACK_EVENT_TYPES
from militancydb.domain.claim import Assessment
from militancydb.errors import FieldError, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.services.assessments import current_grades, store_assessment
from militancydb.services.claims import claim_day, get_claim
from militancydb.services.claims_listing import ClaimFilter, list_claims
from militancydb.services.history import Editor
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import list_incidents

GRADES = tuple(g for g, _ in SCALE)


def run_assessment(session: Session, claim_id: int, kb: Knowledge, editor: Editor) -> Assessment:
    """Assess a claim now and keep the result."""
    return store_assessment(session, assess(session, claim_id, kb), editor)


@dataclass(frozen=True)
class AssessedAll:
    """What :func:`assess_all` did."""

    assessed: int
    already: int
    denials: int


#: Claims stored per commit in :func:`assess_all`: an interrupted run keeps what it did.
COMMIT_EVERY = 25


def assess_all(
    session: Session,
    kb: Knowledge,
    editor: Editor,
    flt: ClaimFilter | None = None,
    *,
    redo: bool = False,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> AssessedAll:
    """Assess and keep every claim of ``flt`` (denials are not graded) that has no stored
    assessment, or every one with ``redo``; committed every :data:`COMMIT_EVERY` claims, so
    that a run stopped half-way keeps its grades and the next run goes on from there.
    ``total`` is told how many claims will be assessed, ``progress`` each one done."""
    claims = list_claims(session, flt)
    graded = current_grades(session, (c.id for c in claims)) if not redo else {}
    todo = [c.id for c in claims if c.kind == "claim" and c.id not in graded]
    if total is not None:
        total(len(todo))
    books = FactBooks(session)
    for n, claim_id in enumerate(todo, 1):
        store_assessment(session, assess(session, claim_id, kb, books), editor)
        if progress is not None:
            progress(1)
        if n % COMMIT_EVERY == 0:
            session.commit()
    session.commit()
    denials = sum(1 for c in claims if c.kind != "claim")
    return AssessedAll(
        assessed=len(todo), already=len(claims) - len(todo) - denials, denials=denials
    )


def override_grade(
    session: Session, claim_id: int, grade: str, reason: str, kb: Knowledge, editor: Editor
) -> Assessment:
    """Set an analyst's grade, with the reason; the computed assessment is kept beside it."""
    errors = []
    if grade not in GRADES:
        errors.append(FieldError("grade", f"{grade!r}: use one of {', '.join(GRADES)}"))
    if not reason or not reason.strip():
        errors.append(FieldError("reason", "an override needs a reason"))
    if errors:
        raise ValidationFailed(errors, "override")
    computed = assess(session, claim_id, kb)
    a = computed.model_copy(
        update={
            "grade": grade,
            "is_override": True,
            "reason": reason.strip(),
            "computed_grade": computed.grade,
        }
    )
    return store_assessment(session, a, editor)


@dataclass(frozen=True)
class LinkSuggestion:
    """An incident a claim may be about, with the reasons."""

    incident_id: int
    score: float
    date: dt.date
    place: str
    reasons: tuple[str, ...]


def suggest_links(
    session: Session, claim_id: int, kb: Knowledge, *, days: int = 7, limit: int = 5
) -> list[LinkSuggestion]:
    """Attacks in the week before the claim that fit its date, place and targets."""
    claim = get_claim(session, claim_id)
    day = claim_day(claim.claimed_at)
    if day is None:
        raise ValidationFailed(
            [
                FieldError(
                    "claimed_at",
                    "the claim has no date: link it by hand with `claims link CLAIM INCIDENT`",
                )
            ]
        )
    flt = IncidentFilter(
        date_from=day - dt.timedelta(days=days),
        date_to=day,
        event_types=frozenset(t.value for t in ATTACK_EVENT_TYPES),
    )
    text = claim.english() or ""
    facts = read_statement(
        " ".join(
            x
            for x in (
                text,
                str(claim.asserted.get("place") or ""),
                str(claim.asserted.get("targets") or ""),
            )
            if x
        ),
        default_year=day.year,
    )
    g = kb.gazetteer
    named = [
        r.key
        for m in facts.places
        if (r := g.resolve(m.value, country="PK", on=day)).key is not None
    ]
    if claim.asserted.get("place"):
        r = g.resolve(str(claim.asserted["place"]), country="PK", on=day)
        if r.key:
            named.append(r.key)
    out = []
    for inc in list_incidents(session, flt).data:
        score, reasons = 0.0, []
        gap = (day - inc.date_start).days
        score += 3 if gap <= 1 else 2 if gap <= 3 else 1
        reasons.append(f"{gap} day(s) before the claim")
        fits = [k for k in named if place_fits(g, k, inc)]
        if fits:
            score += 3
            reasons.append(f"place named in the claim fits ({', '.join(fits)})")
        elif named:
            score -= 2
        said = set(facts.targets)
        if said & {t.type for t in inc.targets}:
            score += 2
            reasons.append(
                f"targets fit ({', '.join(sorted(said & {t.type for t in inc.targets}))})"
            )
        if claim.asserted.get("killed") and inc.totals.killed_best:
            n = int(claim.asserted["killed"])
            if abs(n - inc.totals.killed_best) <= max(3, inc.totals.killed_best // 3):
                score += 1
                reasons.append("death toll close")
        where = ", ".join(x for x in (inc.location.place_name, inc.location.province_name) if x)
        out.append(LinkSuggestion(inc.id, score, inc.date_start, where, tuple(reasons)))
    out.sort(key=lambda s: (-s.score, -s.date.toordinal()))
    return out[:limit]
