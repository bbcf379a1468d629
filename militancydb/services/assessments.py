"""Run, store and override credibility assessments; suggest incidents for unlinked claims.

Every run of the assessment is stored (method, grade, score, every factor). An analyst can
override the grade with a reason; the override is stored beside the computed assessment,
which stays visible. The current grade of a claim is its latest override, else its latest
computed assessment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.claims.credibility import SCALE, assess, place_fits
from militancydb.claims.statement import read_statement
from militancydb.codebook import ATTACK_EVENT_TYPES
from militancydb.db.tables import ClaimAssessment, utcnow
from militancydb.domain.claim import Assessment, Factor
from militancydb.errors import FieldError, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import claim_day, get_claim
from militancydb.services.history import Editor
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import list_incidents

GRADES = tuple(g for g, _ in SCALE)


def _store(session: Session, a: Assessment, editor: Editor) -> Assessment:
    row = ClaimAssessment(
        claim_id=a.claim_id,
        at=utcnow(),
        user=editor.user,
        method=a.method,
        grade=a.grade,
        score=a.score,
        factors=[f.model_dump() for f in a.factors] + [{"flags": a.flags}],
        is_override=a.is_override,
        computed_grade=a.computed_grade,
        reason=a.reason,
    )
    session.add(row)
    session.flush()
    return a.model_copy(update={"at": row.at, "user": row.user})


def run_assessment(session: Session, claim_id: int, kb: Knowledge, editor: Editor) -> Assessment:
    """Assess a claim now and keep the result."""
    return _store(session, assess(session, claim_id, kb), editor)


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
    return _store(session, a, editor)


def assessments(session: Session, claim_id: int) -> list[Assessment]:
    """Every stored assessment of a claim, oldest first."""
    get_claim(session, claim_id)
    out = []
    for row in session.scalars(
        select(ClaimAssessment)
        .where(ClaimAssessment.claim_id == claim_id)
        .order_by(ClaimAssessment.id)
    ):
        stored = list(row.factors or [])
        flags: list[str] = next((x["flags"] for x in stored if "flags" in x), [])
        factors = [Factor.model_validate(x) for x in stored if "flags" not in x]
        out.append(
            Assessment(
                claim_id=claim_id,
                grade=row.grade,
                score=row.score or 0.0,
                method=row.method,
                factors=factors,
                flags=flags,
                is_override=row.is_override,
                computed_grade=row.computed_grade,
                reason=row.reason,
                at=row.at,
                user=row.user,
            )
        )
    return out


def current_grade(session: Session, claim_id: int) -> Assessment | None:
    """The latest override, else the latest computed assessment (None: never assessed)."""
    stored = assessments(session, claim_id)
    overrides = [a for a in stored if a.is_override]
    if overrides:
        return overrides[-1]
    return stored[-1] if stored else None


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
