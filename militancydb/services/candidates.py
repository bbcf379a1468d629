"""The review queue as people read it: one line per candidate, and one candidate beside the
incident the matcher suggests. Decisions are made by :mod:`militancydb.services.review`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.document_tables import Document, ReviewCandidate
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import NotFound
from militancydb.nlp.model import (
    ActorValue,
    ClaimValue,
    DateValue,
    Extracted,
    Figure,
    Labelled,
    PlaceValue,
    Span,
)
from militancydb.services.incidents import get_incident
from militancydb.services.review import get_candidate, list_candidates
from militancydb.services.review_twins import Twin, pending_twins


def figure_text(f: dict[str, Any] | None) -> str:
    """An extracted casualty figure: ``12``, ``12 (10–15)`` or ``≥10``; a dash when none."""
    if not f:
        return "–"
    lo, best, hi = f.get("low"), f.get("best"), f.get("high")
    if best is None:
        return "–" if lo is None else f"≥{lo}"
    return str(best) if lo in (None, best) and hi in (None, best) else f"{best} ({lo}–{hi})"


@dataclass(frozen=True)
class QueueItem:
    """One candidate as a line of the queue."""

    id: int
    document_id: int
    status: str
    date: str | None
    place: str | None
    event_type: str | None
    killed: str
    suggested_id: int | None
    score: float | None
    #: other pending candidates that may be the same event (:mod:`.review_twins`)
    twins: tuple[Twin, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document": self.document_id,
            "status": self.status,
            "date": self.date,
            "place": self.place,
            "event_type": self.event_type,
            "killed": self.killed,
            "suggested_incident_id": self.suggested_id,
            "match_score": self.score,
            "pending_twins": [t.as_dict() for t in self.twins],
        }


def queue_item(c: ReviewCandidate) -> QueueItem:
    """One candidate as a line of the queue (what was extracted, and the suggested match)."""
    data = c.data or {}
    loc = data.get("location") or {}
    return QueueItem(
        id=c.id,
        document_id=c.document_id,
        status=c.status,
        date=(data.get("date") or {}).get("date"),
        place=loc.get("city") or loc.get("district_name") or loc.get("province_name"),
        event_type=(data.get("event_type") or {}).get("value"),
        killed=figure_text(data.get("killed")),
        suggested_id=c.suggested_incident_id,
        score=c.match_score,
    )


def queue(session: Session, status: str | None = "pending") -> list[QueueItem]:
    """The queue's lines, oldest first (every status when ``status`` is None), each pending
    one with the other pending candidates that may be the same event."""
    items = [queue_item(c) for c in list_candidates(session, status)]
    twins = pending_twins(session, [i.id for i in items if i.status == "pending"])
    return [replace(i, twins=tuple(twins.get(i.id, ()))) for i in items]


@dataclass(frozen=True)
class CandidateView:
    """A candidate, its document, and the suggested incident as it stands now."""

    item: QueueItem
    candidate: ReviewCandidate
    document: Document
    suggested: IncidentPublic | None

    @property
    def suggested_id(self) -> int | None:
        return self.item.suggested_id

    @property
    def extracted(self) -> dict[str, Any]:
        return dict(self.candidate.data or {})

    def to_json(self) -> dict[str, Any]:
        c, doc = self.candidate, self.document
        return {
            **self.item.to_json(),
            "document": {
                "id": doc.id,
                "path": doc.source_path,
                "title": doc.title,
                "url": doc.url,
                "published": doc.published,
                "language": doc.language,
            },
            "extracted": c.data,
            "proposal": c.proposal,
            "match_reasons": c.match_reasons,
            "suggested_incident": (
                self.suggested.model_dump(mode="json") if self.suggested is not None else None
            ),
            "decided_by": c.decided_by,
            "decided_at": c.decided_at.isoformat() if c.decided_at else None,
            "reason": c.reason,
            "incident_id": c.incident_id,
        }


def candidate_view(session: Session, candidate_id: int) -> CandidateView:
    """One candidate beside its suggested match (None when the matcher suggested none or the
    incident is gone)."""
    c, doc = get_candidate(session, candidate_id)
    suggested = None
    if c.suggested_incident_id is not None:
        try:
            suggested = get_incident(session, c.suggested_incident_id)
        except NotFound:
            suggested = None
    twins = pending_twins(session, [c.id]).get(c.id, []) if c.status == "pending" else []
    return CandidateView(replace(queue_item(c), twins=tuple(twins)), c, doc, suggested)


def _span(d: dict[str, Any] | None, doc: str) -> Span | None:
    return None if d is None else Span(doc, int(d["start"]), int(d["end"]), str(d["text"]))


def _figure(d: dict[str, Any] | None, doc: str) -> Figure | None:
    if d is None:
        return None
    spans = tuple(s for s in (_span(x, doc) for x in d.get("spans", [])) if s is not None)
    return Figure(d.get("low"), d.get("best"), d.get("high"), spans)


def _labelled(d: dict[str, Any] | None, doc: str) -> Labelled | None:
    return None if d is None else Labelled(str(d["value"]), _span(d.get("span"), doc))


def extracted_of(c: ReviewCandidate) -> Extracted:
    """The extraction a candidate holds, as the pipeline gave it (its stored
    :meth:`~militancydb.nlp.model.Extracted.as_dict`, read back), for the GTD and ACLED
    shapes of :mod:`militancydb.nlp.shapes`."""
    data, doc = c.data or {}, str(c.document_id)
    date, loc = data.get("date"), data.get("location")
    place = None
    if loc is not None:
        fields = {k: v for k, v in loc.items() if k != "span"}
        place = PlaceValue(**fields, span=_span(loc.get("span"), doc))
    event_type = _labelled(data.get("event_type"), doc) or Labelled("unknown", None)
    return Extracted(
        doc=doc,
        date=None
        if date is None
        else DateValue(date["date"], date["precision"], date["rule"], _span(date.get("span"), doc)),
        location=place,
        event_type=event_type,
        tactics=[x for x in (_labelled(t, doc) for t in data.get("tactics", [])) if x],
        suicide=_labelled(data.get("suicide"), doc),
        targets=[x for x in (_labelled(t, doc) for t in data.get("targets", [])) if x],
        killed=_figure(data.get("killed"), doc),
        injured=_figure(data.get("injured"), doc),
        attackers_killed=_figure(data.get("attackers_killed"), doc),
        perpetrators=[
            ActorValue(
                p.get("key"),
                p["name"],
                p["basis"],
                _span(p.get("span"), doc) or Span(doc, 0, 0, ""),
            )
            for p in data.get("perpetrators", [])
        ],  # fmt: skip
        claims=[
            ClaimValue(
                cl.get("claimant"),
                cl["claimant_name"],
                cl["kind"],
                cl["channel"],
                cl.get("channel_name"),
                cl["statement_text"],
                _span(cl.get("span"), doc) or Span(doc, 0, 0, ""),
            )
            for cl in data.get("claims", [])
        ],  # fmt: skip
        no_claim=_span(data.get("no_claim"), doc),
        sentences=[s for s in (_span(x, doc) for x in data.get("sentences", [])) if s],
    )


def with_documents(
    session: Session, status: str | None = "pending"
) -> list[tuple[ReviewCandidate, Document]]:
    """The queue's candidates (oldest first; all when ``status`` is None), each with its
    document."""
    rows = list_candidates(session, status)
    ids = {c.document_id for c in rows}
    docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(ids)))}
    return [(c, docs[c.document_id]) for c in rows]
