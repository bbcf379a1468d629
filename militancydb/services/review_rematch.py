"""Asking the matcher again about the candidates still waiting for a person.

A candidate keeps the held incidents the matcher named when it was queued. An incident
added since (another report of the same attack accepted, an import of a second dataset)
may be the candidate's event all the same; ``militancydb review list`` would not say so.
:func:`rematch` runs the matcher again for every pending candidate and stores what it finds
now (suggested incident, score, every incident advised merging or reviewing, with reasons)
in the place the queue reads. It decides nothing: no candidate is merged, accepted or
rejected, and a candidate decided meanwhile (accepted, merged, rejected, merged by the
matcher) is left as it is, by a write that names the pending status, so a decision made
while this runs is never overwritten.

Why a command of its own, not a step of ``review list``: the list is a read, open to every
reader of the API and the web pages, and a read does not write; and the matcher's query
for each candidate would make every look at a long queue as slow as re-matching all of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from militancydb.db.document_tables import ReviewCandidate
from militancydb.services.matching import find_matches
from militancydb.services.review_links import match_records, stored_incident_ids
from militancydb.services.review_proposal import match_candidate


@dataclass(frozen=True)
class Rematched:
    """What the matcher says now about one pending candidate, beside what it said before."""

    candidate_id: int
    before: tuple[int, ...]  # the incidents named before, best first
    now: tuple[int, ...]  # the incidents named now, best first
    suggested: int | None
    score: float | None
    stored: bool  # False: decided by a person meanwhile, left as it was

    @property
    def added(self) -> tuple[int, ...]:
        """Incidents named now and not before: held since the candidate was queued, or
        changed since to look like it."""
        return tuple(i for i in self.now if i not in self.before)

    @property
    def dropped(self) -> tuple[int, ...]:
        """Incidents named before and not now (deleted, or changed since)."""
        return tuple(i for i in self.before if i not in self.now)

    @property
    def changed(self) -> bool:
        return self.now != self.before

    def as_dict(self) -> dict[str, Any]:
        """For ``--format json`` and the API."""
        return {
            "candidate": self.candidate_id,
            "before": list(self.before),
            "now": list(self.now),
            "added": list(self.added),
            "dropped": list(self.dropped),
            "suggested_incident_id": self.suggested,
            "match_score": self.score,
            "stored": self.stored,
        }


@dataclass(frozen=True)
class RematchReport:
    """Every pending candidate looked at, and those that could not be (no date)."""

    candidates: list[Rematched]
    undated: list[int]

    @property
    def changed(self) -> list[Rematched]:
        return [r for r in self.candidates if r.changed and r.stored]

    def as_dict(self) -> dict[str, Any]:
        return {
            "looked_at": len(self.candidates),
            "changed": [r.as_dict() for r in self.changed],
            "decided_meanwhile": [r.candidate_id for r in self.candidates if not r.stored],
            "undated": self.undated,
        }


def rematch(session: Session) -> RematchReport:
    """Match every pending candidate again and store the answer (see the module
    docstring). A candidate with no date (waiting for a person to give one) cannot be
    matched and is listed as such."""
    pending = session.scalars(
        select(ReviewCandidate)
        .where(ReviewCandidate.status == "pending")
        .order_by(ReviewCandidate.id)
    ).all()
    out: list[Rematched] = []
    undated: list[int] = []
    for cand in pending:
        if not cand.proposal:
            undated.append(cand.id)
            continue
        before = tuple(stored_incident_ids(cand))
        matches = find_matches(session, match_candidate(cand.proposal))
        top = matches[0] if matches else None
        suggested = top.incident_id if top else None
        score = float(top.score.score) if top else None
        done = session.execute(
            update(ReviewCandidate)
            .where(ReviewCandidate.id == cand.id, ReviewCandidate.status == "pending")
            .values(
                suggested_incident_id=suggested,
                match_score=score,
                match_reasons=match_records(matches),
            )
            .execution_options(synchronize_session=False)
        )
        out.append(
            Rematched(
                cand.id,
                before,
                tuple(m.incident_id for m in matches),
                suggested,
                score,
                stored=getattr(done, "rowcount", 1) == 1,
            )
        )
    session.expire_all()
    return RematchReport(out, undated)
