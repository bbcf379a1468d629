"""Claims of responsibility (and denials): record, link to incidents, change status (listing
and competing claims: :mod:`militancydb.services.claims_listing`, whose names are offered here
too). A claim can be recorded before its incident is known and linked later; linking a
claim adds a ``claimed`` attribution of the claimant to the incident. Every change is kept in
the change log (entity ``claim``) and edits carry the version they were made against."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from militancydb.codebook import ActorRole, AttributionBasis, ClaimKind, ClaimStatus
from militancydb.db.engine import MAX_ID
from militancydb.db.tables import Citation, Claim, Incident, utcnow
from militancydb.domain.claim import ClaimCreate, ClaimPublic
from militancydb.errors import ClaimNotFound, FieldError, IncidentNotFound, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.knowledge.text import normalise
from militancydb.services import history
from militancydb.services.claims_listing import (
    ENTITY,
    ClaimFilter,
    CompetingGroup,
    claim_day,
    claim_public,
    competing_claims,
    list_claims,
)
from militancydb.services.history import Editor
from militancydb.services.incident_rows import resolve_sources
from militancydb.services.incidents import pydantic_errors

if TYPE_CHECKING:
    from militancydb.domain.incident_out import IncidentActorOut

# reading claims lives in ``claims_listing``; its names are offered here too
__all__ = [
    "ENTITY",
    "ClaimFilter",
    "CompetingGroup",
    "add_claim",
    "change_claim",
    "claimed_by",
    "claimed_link",
    "claim_day",
    "competing_claims",
    "get_claim",
    "link_claim",
    "list_claims",
    "set_claim_status",
]


def _snapshot(p: ClaimPublic) -> dict[str, Any]:
    return p.model_dump(mode="json")


def _load(session: Session, claim_id: int) -> Claim:
    c = session.get(Claim, claim_id) if 0 < claim_id <= MAX_ID else None
    if c is None:
        raise ClaimNotFound(f"no claim with id {claim_id}; `militancydb claims list` shows them")
    return c


def get_claim(session: Session, claim_id: int) -> ClaimPublic:
    """One claim with its sources."""
    return claim_public(session, _load(session, claim_id))


def add_claim(
    session: Session,
    data: ClaimCreate | dict[str, Any],
    kb: Knowledge,
    editor: Editor,
    *,
    ref: str | None = None,
) -> ClaimPublic:
    """Record a claim. The claimant must resolve to one registry actor, or be marked
    unregistered (``claimant_unregistered``: a group the registry does not hold, kept by the
    name as written, no actor made); the incident, if given, must exist (the claim is
    linked to it)."""
    if isinstance(data, dict):
        try:
            data = ClaimCreate.model_validate(data)
        except ValidationError as exc:
            raise ValidationFailed(pydantic_errors(exc), "claim") from exc
    errors: list[FieldError] = []
    key, name = _claimant(data, kb, errors)
    if data.incident_id is not None and session.get(Incident, data.incident_id) is None:
        errors.append(FieldError("incident_id", f"no incident {data.incident_id}"))
    # a claim dated before its attack is kept (it is evidence) and flagged by the assessment
    citations = resolve_sources(session, data.sources, errors)
    if errors:
        raise ValidationFailed(errors, "claim")
    now = utcnow()
    row = Claim(
        version=1,
        created_at=now,
        created_by=editor.user,
        updated_at=now,
        updated_by=editor.user,
        incident_id=data.incident_id,
        claimant_key=key,
        claimant_name=name,
        kind=data.kind.value,
        channel=data.channel.value,
        channel_name=data.channel_name,
        claimed_at=data.claimed_at,
        languages=list(data.languages),
        statement_text=data.statement_text,
        statement_language=data.statement_language,
        translation=data.translation,
        summary=data.summary,
        asserted=data.asserted.model_dump(exclude_none=True),
        status=data.status.value,
        confidence=data.confidence.value,
        note=data.note,
        ref=ref,
    )
    session.add(row)
    session.flush()
    for c in citations:
        session.add(Citation(entity_type=ENTITY, entity_id=str(row.id), **c))
    session.flush()
    if row.incident_id is not None and row.kind == ClaimKind.CLAIM.value:
        _attribute(session, row, kb, editor)
    public = claim_public(session, row)
    history.record(
        session,
        entity_type=ENTITY,
        entity_id=row.id,
        version=1,
        action="create",
        before=None,
        after=_snapshot(public),
        editor=editor,
        at=now,
    )
    session.flush()
    return public


def _claimant(data: ClaimCreate, kb: Knowledge, errors: list[FieldError]) -> tuple[str | None, str]:
    """The claimant's registry key and name; for a claimant marked unregistered, no key and
    the name as written (refused when the registry resolves the name: the claim is then
    that actor's). A problem is added to ``errors``."""
    r = kb.registry.resolve(data.claimant, on=claim_day(data.claimed_at))
    if data.claimant_unregistered:
        if r.key is not None:
            errors.append(
                FieldError(
                    "claimant",
                    f"{data.claimant!r} is the registry's {r.key} "
                    f"({kb.registry.actors[r.key].name}); record the claim by it (leave "
                    "claimant_unregistered out)",
                )
            )
        return None, data.claimant
    if r.key is None:
        opts = ", ".join(m.key for m in r.alternatives)
        errors.append(
            FieldError(
                "claimant",
                f"{data.claimant!r}: {'; '.join(r.reasons)}"
                + (f" ({opts})" if opts else "")
                + "; a group the registry does not hold is kept by its name with "
                "claimant_unregistered (--unregistered)",
            )
        )
        return None, data.claimant
    return r.key, kb.registry.actors[r.key].name


def claimed_by(a: IncidentActorOut, claim: Claim) -> bool:
    """Whether an incident's actor link ``a`` is the claimed attribution of ``claim``'s
    claimant: its registry key, or for an unregistered claimant its name (compared
    normalised, as the registry compares names)."""
    if a.basis != AttributionBasis.CLAIMED.value:
        return False
    if claim.claimant_key is not None:
        return a.actor_key == claim.claimant_key
    return not a.actor_key and normalise(a.actor_name) == normalise(claim.claimant_name)


def claimed_link(claim: Claim) -> dict[str, Any]:
    """The ``claimed`` attribution a claim gives its incident (an incident's actor link, as
    :func:`~militancydb.services.incidents.update_incident` takes it): the claimant's key,
    or an unregistered claimant's name."""
    note = f"claim {claim.id}"
    if claim.claimant_key is None:
        note += " (unregistered: no registry actor)"
    if claim.confidence == "low":
        note += " (claim reported by a single weak source)"
    return {
        "actor": claim.claimant_key or claim.claimant_name,
        "role": ActorRole.PERPETRATOR.value,
        "basis": AttributionBasis.CLAIMED.value,
        "confidence": claim.confidence,
        "note": note,
    }


def _attribute(session: Session, claim: Claim, kb: Knowledge, editor: Editor) -> None:
    """Give the incident a ``claimed`` attribution of the claimant (once), through the
    incident's own versioned edit, so its history and as-of views show it. An unregistered
    claimant is attributed by its name (as the review queue keeps a group the registry does
    not know), never as a new actor."""
    from militancydb.services.incidents import create_input, get_incident, update_incident

    inc = get_incident(session, claim.incident_id or 0, include_deleted=True)
    if inc.deleted or any(claimed_by(a, claim) for a in inc.actors):
        return
    actors = create_input(inc)["actors"] + [claimed_link(claim)]
    update_incident(
        session,
        inc.id,
        {"actors": actors},
        expected_version=inc.version,
        kb=kb,
        editor=Editor(editor.user, reason=f"claim {claim.id} by {claim.claimant_name} recorded"),
        strict_actors=False,
    )


def change_claim(
    session: Session,
    claim_id: int,
    expected_version: int,
    editor: Editor,
    apply: Callable[[Claim], None],
) -> tuple[Claim, ClaimPublic]:
    """Apply a change to a claim last seen at ``expected_version``, with its history."""
    row = _load(session, claim_id)
    history.check_version(ENTITY, str(claim_id), row.version, expected_version)
    before = claim_public(session, row)
    version = history.bump_version(
        session,
        row,
        Claim.id,
        expected=before.version,
        entity=ENTITY,
        values={"updated_at": utcnow(), "updated_by": editor.user},
    )
    apply(row)
    session.flush()
    after = claim_public(session, row)
    history.record(
        session,
        entity_type=ENTITY,
        entity_id=row.id,
        version=version,
        action="update",
        before=_snapshot(before),
        after=_snapshot(after),
        editor=editor,
    )
    session.flush()
    return row, after


def link_claim(
    session: Session,
    claim_id: int,
    incident_id: int,
    *,
    expected_version: int,
    editor: Editor,
    kb: Knowledge | None = None,
) -> ClaimPublic:
    """Link a claim to an incident (refused if the claim changed since ``expected_version``);
    a claim (not a denial) adds a ``claimed`` attribution to the incident."""
    if not 0 < incident_id <= MAX_ID or session.get(Incident, incident_id) is None:
        raise IncidentNotFound(f"no incident with id {incident_id}")

    def apply(row: Claim) -> None:
        row.incident_id = incident_id

    row, after = change_claim(session, claim_id, expected_version, editor, apply)
    if row.kind == ClaimKind.CLAIM.value:
        from militancydb.knowledge.loader import load_knowledge

        _attribute(session, row, kb or load_knowledge(session), editor)
    return after


def set_claim_status(
    session: Session, claim_id: int, status: str, *, expected_version: int, editor: Editor
) -> ClaimPublic:
    """Mark a claim disputed, retracted, confirmed or rejected."""
    try:
        value = ClaimStatus(status).value
    except ValueError:
        choices = ", ".join(s.value for s in ClaimStatus)
        raise ValidationFailed(
            [FieldError("status", f"{status!r}: use one of {choices}")]
        ) from None

    def apply(row: Claim) -> None:
        row.status = value

    return change_claim(session, claim_id, expected_version, editor, apply)[1]
