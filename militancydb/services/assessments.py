"""Store and read credibility assessments of claims.

Every run of the assessment is stored (method, grade, score, every factor). An analyst can
override the grade with a reason; the override is stored beside the computed assessment,
which stays visible. The current grade of a claim is its latest override, else its latest
computed assessment. Running the assessment is :mod:`militancydb.claims.assessing` (the
claims layer, above this one, which scores and then stores through here).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import ClaimAssessment, utcnow
from militancydb.domain.claim import Assessment, Factor
from militancydb.services.claims import get_claim
from militancydb.services.history import Editor


def store_assessment(session: Session, a: Assessment, editor: Editor) -> Assessment:
    """Keep one assessment (computed or an override), made by ``editor``."""
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
