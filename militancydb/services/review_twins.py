"""Pending candidates that may be one event: two reports of one attack queued before either
was accepted (ingested in the same run, or one after the other), which the matcher cannot
find against the held incidents because neither is held yet.

The project's matcher scores every two pending candidates with the same rules it uses
against held incidents (:func:`militancydb.matching.score.score_pair`, the date window, place,
type, figures and shared sources); a pair it does not call distinct is listed on both
candidates, best first. Two incidents extracted from one document are never paired: the
extractor told them apart. Computed when the queue is read, so a candidate accepted,
merged or rejected since drops out at once; accepting one then finds the other's incident
as a held match (:mod:`militancydb.services.review_rematch`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from militancydb.db.document_tables import ReviewCandidate
from militancydb.matching import Decision, MatchCandidate
from militancydb.matching.score import score_pair, within_window
from militancydb.matching.settings import MatchRules, configured_rules
from militancydb.services.review import list_candidates
from militancydb.services.review_proposal import match_candidate


@dataclass(frozen=True)
class Twin:
    """Another pending candidate that may be the same event, with the matcher's answer."""

    candidate_id: int
    score: int
    decision: str  # merge | review
    reasons: str

    def as_dict(self) -> dict[str, Any]:
        """For ``--format json`` and the API."""
        return {
            "candidate_id": self.candidate_id,
            "score": self.score,
            "decision": self.decision,
            "reasons": self.reasons,
        }


def pending_twins(
    session: Session, ids: Iterable[int] | None = None, rules: MatchRules | None = None
) -> dict[int, list[Twin]]:
    """For each pending candidate (those of ``ids`` only, when given), the other pending
    candidates that may be the same event, best first (see the module docstring)."""
    rules = rules or configured_rules()
    views = _views(list_candidates(session, "pending"))
    views.sort(key=lambda v: v[1].date_start)
    reach = dt.timedelta(days=rules.window_days + max(rules.slack_days.values(), default=0))
    found: dict[int, list[Twin]] = {}
    for n, (a, va) in enumerate(views):
        for b, vb in views[n + 1 :]:
            if vb.date_start - va.date_start > reach * 2:
                break  # sorted by their first day: later ones are further still
            if a.document_id == b.document_id or not within_window(va, vb, rules):
                continue
            s = score_pair(va, vb, rules)
            if s.decision is Decision.DISTINCT:
                continue
            found.setdefault(a.id, []).append(Twin(b.id, s.score, s.decision.value, s.explain()))
            found.setdefault(b.id, []).append(Twin(a.id, s.score, s.decision.value, s.explain()))
    wanted = None if ids is None else set(ids)
    return {
        cid: sorted(twins, key=lambda t: (-t.score, t.candidate_id))
        for cid, twins in found.items()
        if wanted is None or cid in wanted
    }


def _views(cands: list[ReviewCandidate]) -> list[tuple[ReviewCandidate, MatchCandidate]]:
    """The candidates with a proposal (a date), each with the matcher's view of it."""
    return [(c, match_candidate(c.proposal)) for c in cands if c.proposal]
