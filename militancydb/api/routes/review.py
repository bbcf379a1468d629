"""``/api/v1/review``: the review queue of incidents extracted from documents: list, show,
and decide (accept, merge into an incident, reject, undo an automatic merge), through the
same services as ``militancydb review``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from militancydb.api.deps import ContextDep, KnowledgeDep, Reader, SessionDep, Writer, editor_of
from militancydb.errors import FieldError, ValidationFailed
from militancydb.services import review as review_service
from militancydb.services.candidates import candidate_view, queue
from militancydb.services.review_rematch import rematch

router = APIRouter(prefix="/api/v1/review", tags=["review"])

CandidateId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("", summary="The review queue")
def review_list(
    session: SessionDep,
    _: Reader,
    status: Annotated[str, Query(max_length=20, description="pending (default), … or all")] = (
        "pending"
    ),
) -> dict[str, Any]:
    """Candidates with their suggested match, oldest first."""
    items = queue(session, None if status == "all" else status)
    return {"data": [i.to_json() for i in items], "count": len(items)}


@router.get("/{candidate_id}", summary="One candidate beside its suggested match")
def review_show(
    candidate_id: CandidateId, session: SessionDep, kb: KnowledgeDep, _: Reader
) -> dict[str, Any]:
    """A candidate: what was extracted (with the words it came from), the incident it would
    create, and the incident the matcher suggests, with the score and its reasons."""
    return candidate_view(session, candidate_id).to_json()


class Decision(BaseModel):
    """A person's decision on a candidate."""

    incident_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    reason: str | None = Field(default=None, max_length=2000)
    date: str | None = Field(default=None, max_length=10, description="accept: YYYY-MM-DD")
    new: bool = Field(
        default=False,
        description="accept: another event, even if it looks like an incident accepted since",
    )
    expected_version: int | None = Field(
        default=None,
        ge=1,
        le=2_147_483_647,
        description="merge (required): the incident's version you saw; 409 if it changed since",
    )


@router.post("/{candidate_id}/accept", summary="Accept: create the incident")
def review_accept(
    candidate_id: CandidateId,
    session: SessionDep,
    kb: KnowledgeDep,
    principal: Writer,
    ctx: ContextDep,
    body: Decision | None = None,
) -> dict[str, Any]:
    """Create the candidate's incident (and its claims) through the one write path."""
    changes = {"date_start": body.date} if body is not None and body.date else None
    made = review_service.accept(
        session, candidate_id, kb, editor_of(principal, ctx), changes,
        new=body is not None and body.new,
    )  # fmt: skip
    return {"candidate": candidate_id, "incident": made.model_dump(mode="json")}


@router.post("/{candidate_id}/merge", summary="Merge into an incident")
def review_merge(
    candidate_id: CandidateId,
    body: Decision,
    session: SessionDep,
    kb: KnowledgeDep,
    principal: Writer,
    ctx: ContextDep,
) -> dict[str, Any]:
    """Add the candidate's document to ``incident_id`` (default: the suggested match), last
    seen at ``expected_version`` (409 ``stale_edit`` if the incident changed since)."""
    target = body.incident_id or candidate_view(session, candidate_id).suggested_id
    if target is None:
        raise ValidationFailed([FieldError("incident_id", "no suggested match; name one")])
    if body.expected_version is None:
        why = (
            "give the version of the incident you saw (its `version`): the merge is refused "
            "if the incident changed since"
        )
        raise ValidationFailed([FieldError("expected_version", why)])
    merged = review_service.merge(
        session, candidate_id, target, kb, editor_of(principal, ctx),
        expected_version=body.expected_version,
    )  # fmt: skip
    return {"candidate": candidate_id, "incident": merged.model_dump(mode="json")}


@router.post("/rematch", summary="Ask the matcher again about the pending candidates")
def review_rematch(session: SessionDep, _: Writer) -> dict[str, Any]:
    """Match every pending candidate again against the incidents held now and store the
    suggestions (``militancydb review rematch``); decides nothing."""
    return rematch(session).as_dict()


@router.post("/{candidate_id}/undo", summary="Take back an automatic merge")
def review_undo(
    candidate_id: CandidateId,
    session: SessionDep,
    kb: KnowledgeDep,
    principal: Writer,
    ctx: ContextDep,
) -> dict[str, Any]:
    """The incident's sources and casualty figures as before the matcher's merge (read from
    the change log), and the candidate back in the queue (``militancydb review undo``);
    refused, nothing changed, if the incident was edited after the merge."""
    restored = review_service.undo(session, candidate_id, kb, editor_of(principal, ctx))
    return {"candidate": candidate_id, "incident": restored.model_dump(mode="json")}


@router.post("/{candidate_id}/reject", summary="Reject, saying why")
def review_reject(
    candidate_id: CandidateId,
    body: Decision,
    session: SessionDep,
    principal: Writer,
    ctx: ContextDep,
) -> dict[str, Any]:
    """Reject a candidate; the reason is required and kept."""
    cand = review_service.reject(
        session, candidate_id, body.reason or "", editor_of(principal, ctx)
    )
    return {"candidate": cand.id, "status": cand.status, "reason": cand.reason}
