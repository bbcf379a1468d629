"""Store and read credibility assessments of claims.

Every run of the assessment is stored (method, grade, score, every factor). An analyst can
override the grade with a reason; the override is stored beside the computed assessment,
which stays visible. The current grade of a claim is its latest override, else its latest
computed assessment. Running the assessment is :mod:`militancydb.claims.assessing` (the
claims layer, above this one, which scores and then stores through here).
"""

from __future__ import annotations

from collections.abc import Iterable

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


def _public(row: ClaimAssessment) -> Assessment:
    stored = list(row.factors or [])
    flags: list[str] = next((x["flags"] for x in stored if "flags" in x), [])
    factors = [Factor.model_validate(x) for x in stored if "flags" not in x]
    return Assessment(
        claim_id=row.claim_id,
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


def assessments(session: Session, claim_id: int) -> list[Assessment]:
    """Every stored assessment of a claim, oldest first."""
    get_claim(session, claim_id)
    return [
        _public(row)
        for row in session.scalars(
            select(ClaimAssessment)
            .where(ClaimAssessment.claim_id == claim_id)
            .order_by(ClaimAssessment.id)
        )
    ]


def _current(stored: list[Assessment]) -> Assessment | None:
    overrides = [a for a in stored if a.is_override]
    if overrides:
        return overrides[-1]
    return stored[-1] if stored else None


def current_grade(session: Session, claim_id: int) -> Assessment | None:
    """The latest override, else the latest computed assessment (None: never assessed)."""
    return _current(assessments(session, claim_id))


#: Claim ids per query when many claims' grades are read at once.
CHUNK = 500


def current_grades(session: Session, claim_ids: Iterable[int]) -> dict[int, Assessment]:
    """:func:`current_grade` of many claims in a few queries (a report's claims): claim id
    -> its current grade; a claim never assessed, or not found, is not in the result."""
    ids = sorted(set(claim_ids))
    stored: dict[int, list[Assessment]] = {}
    for start in range(0, len(ids), CHUNK):
        rows = session.scalars(
            select(ClaimAssessment)
            .where(ClaimAssessment.claim_id.in_(ids[start : start + CHUNK]))
            .order_by(ClaimAssessment.id)
        )
        for row in rows:
            stored.setdefault(row.claim_id, []).append(_public(row))
    return {cid: a for cid, items in stored.items() if (a := _current(items)) is not None}
