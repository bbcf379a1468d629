"""The held incidents a review candidate may duplicate, as the matcher found them.

:func:`match_records` turns the matcher's answer for a candidate (every held incident it
advised merging or reviewing, best first) into what the candidate stores
(``match_reasons``): incident id, score, advice and each factor's points.
:func:`possible_duplicates` reads them back with what is held now about each incident
(date, place, type, dead; whether it was deleted since), for ``militancydb review list`` and
``show``. A candidate stored before every match was kept has its one suggested incident and
the matcher's line of reasons; it is read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.document_tables import ReviewCandidate
from militancydb.db.incident_tables import Incident
from militancydb.matching import Decision, Match

#: What the matcher's advice means for a candidate.
MEANING = {
    Decision.MERGE.value: "same event (merge advised)",
    Decision.REVIEW.value: "possible duplicate",
}


@dataclass(frozen=True)
class LinkedIncident:
    """A held incident the candidate may duplicate, with the matcher's score and reasons."""

    incident_id: int
    score: float | None
    decision: str  # merge | review | "" (not recorded)
    reasons: str
    held: bool  # False: the incident is gone or deleted since
    date: str | None = None
    place: str | None = None
    province: str | None = None
    event_type: str | None = None
    killed: int | None = None
    version: int | None = None  # the incident's version now (a merge names the one seen)

    @property
    def meaning(self) -> str:
        """ "possible duplicate" or "same event (merge advised)"."""
        return MEANING.get(self.decision, "possible duplicate")

    def as_dict(self) -> dict[str, Any]:
        """For ``--format json``."""
        return {
            "incident_id": self.incident_id,
            "score": self.score,
            "decision": self.decision or None,
            "meaning": self.meaning,
            "reasons": self.reasons,
            "held": self.held,
            "date": self.date,
            "place": self.place,
            "province": self.province,
            "event_type": self.event_type,
            "killed": self.killed,
            "version": self.version,
        }


def match_records(matches: list[Match]) -> list[dict[str, Any]]:
    """What a candidate stores of the matcher's answer (best first)."""
    return [
        {
            "incident_id": m.incident_id,
            "score": m.score.score,
            "decision": m.score.decision.value,
            "reasons": m.score.explain(),
            "factors": [
                {"factor": r.factor, "points": r.points, "detail": r.detail}
                for r in m.score.reasons
            ],
        }
        for m in matches
    ]


def _stored(cand: ReviewCandidate) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n, item in enumerate(cand.match_reasons or []):
        if isinstance(item, dict) and "incident_id" in item:
            out.append(item)
        elif isinstance(item, str) and n == 0 and cand.suggested_incident_id is not None:
            # an older candidate: the suggested incident and the matcher's line
            head = re.match(r"^(-?\d+)\s+(\w+):", item)
            out.append(
                {
                    "incident_id": cand.suggested_incident_id,
                    "score": cand.match_score,
                    "decision": head.group(2) if head else "",
                    "reasons": item,
                }
            )
    return out


def known_incident_ids(cand: ReviewCandidate) -> set[int]:
    """The held incidents the matcher named when the candidate was queued (or last
    re-matched)."""
    return set(stored_incident_ids(cand))


def stored_incident_ids(cand: ReviewCandidate) -> list[int]:
    """:func:`known_incident_ids` in the order stored: best first."""
    return [int(m["incident_id"]) for m in _stored(cand)]


def possible_duplicates(session: Session, cand: ReviewCandidate) -> list[LinkedIncident]:
    """The held incidents the candidate may duplicate (see the module docstring)."""
    return possible_duplicates_of(session, [cand])[cand.id]


def possible_duplicates_of(
    session: Session, cands: list[ReviewCandidate]
) -> dict[int, list[LinkedIncident]]:
    """:func:`possible_duplicates` of several candidates, the incidents read in one query."""
    stored = {c.id: _stored(c) for c in cands}
    ids = sorted({int(s["incident_id"]) for found in stored.values() for s in found})
    rows = (
        {i.id: i for i in session.scalars(select(Incident).where(Incident.id.in_(ids)))}
        if ids
        else {}
    )
    return {cid: [_linked(s, rows) for s in found] for cid, found in stored.items()}


def _linked(s: dict[str, Any], rows: dict[int, Incident]) -> LinkedIncident:
    row = rows.get(int(s["incident_id"]))
    alive = row is not None and not row.deleted
    return LinkedIncident(
        incident_id=int(s["incident_id"]),
        score=float(s["score"]) if s.get("score") is not None else None,
        decision=str(s.get("decision") or ""),
        reasons=str(s.get("reasons") or ""),
        held=alive,
        date=row.date_start.isoformat() if row is not None else None,
        place=(row.place_name or row.admin2_name) if row is not None else None,
        province=row.admin1_name if row is not None else None,
        event_type=row.event_type if row is not None else None,
        killed=row.killed_best if row is not None else None,
        version=row.version if row is not None else None,
    )
