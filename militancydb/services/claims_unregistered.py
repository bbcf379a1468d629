"""Claims by groups the actor registry does not hold: kept by the name as written, with no
actor (``claimant_key`` empty; ``unregistered`` on the claim's public form), until the
registry has an entry for the group. Then :func:`take_over_claims` gives that actor the
claims of the name: each claim's claimant becomes the actor through the claim's versioned
edit (the change log keeps the name as written, who and when), and the incident each claim
is linked to has its claimed attribution by the name replaced by the actor's, through the
incident's own versioned edit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from militancydb.codebook import AttributionBasis, ClaimKind
from militancydb.db.tables import Claim
from militancydb.domain.claim import ClaimPublic
from militancydb.errors import ClaimNotFound, FieldError, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.knowledge.text import normalise
from militancydb.services.claims import change_claim, claimed_by, claimed_link
from militancydb.services.claims_listing import ClaimFilter, list_claims
from militancydb.services.history import Editor


def unregistered_claims(session: Session, name: str | None = None) -> list[ClaimPublic]:
    """The claims (not deleted) whose claimant the registry does not hold, by claim date;
    with ``name``, those of that name (compared normalised: case, diacritics and
    punctuation folded)."""
    return list_claims(session, ClaimFilter(unregistered=True, claimant_name=name))


def take_over_claims(
    session: Session, name: str, actor: str, kb: Knowledge, editor: Editor
) -> list[ClaimPublic]:
    """Link every unregistered claim of ``name`` to the registry actor ``actor`` (a key or
    a name the registry resolves to one actor), with history (see the module docstring).
    Returns the claims as they are after. Raises :class:`ClaimNotFound` when no
    unregistered claim has that name, :class:`ValidationFailed` when ``actor`` is not one
    registry actor."""
    r = kb.registry.resolve(actor)
    if r.key is None:
        opts = ", ".join(m.key for m in r.alternatives)
        raise ValidationFailed(
            [
                FieldError(
                    "actor",
                    f"{actor!r}: {'; '.join(r.reasons)}" + (f" ({opts})" if opts else ""),
                )
            ]
        )
    key, actor_name = r.key, kb.registry.actors[r.key].name
    claims = unregistered_claims(session, name)
    if not claims:
        raise ClaimNotFound(
            f"no unregistered claim by {name!r}; `militancydb claims list --unregistered` "
            "shows them"
        )
    out = []
    for held in claims:
        written = held.claimant_name
        why = Editor(
            editor.user,
            f"claimant {written!r} (unregistered) taken over by registry actor {key}"
            + (f": {editor.reason}" if editor.reason else ""),
            editor.import_run_id,
        )

        def apply(row: Claim) -> None:
            row.claimant_key = key
            row.claimant_name = actor_name

        row, after = change_claim(session, held.id, held.version, why, apply)
        if row.incident_id is not None and row.kind == ClaimKind.CLAIM.value:
            _reattribute(session, row, written, kb, why)
        out.append(after)
    return out


def _reattribute(
    session: Session, claim: Claim, written: str, kb: Knowledge, editor: Editor
) -> None:
    """The incident's claimed attribution by the name as written becomes the actor's (its
    role and confidence kept, the note the claim's); with none by the name, the actor's is
    added, unless the incident has it already."""
    from militancydb.services.incidents import create_input, get_incident, update_incident

    inc = get_incident(session, claim.incident_id or 0, include_deleted=True)
    if inc.deleted:
        return
    by_name = normalise(written)
    new = claimed_link(claim)
    has_actor = any(claimed_by(a, claim) for a in inc.actors)
    actors = []
    changed = False
    for a, link in zip(inc.actors, create_input(inc)["actors"], strict=True):
        named = (
            not a.actor_key
            and a.basis == AttributionBasis.CLAIMED.value
            and normalise(a.actor_name) == by_name
        )
        if not named:
            actors.append(link)
            continue
        changed = True
        if not has_actor:  # the name's link becomes the actor's (once)
            actors.append({**link, "actor": claim.claimant_key, "note": new["note"]})
            has_actor = True
    if not has_actor:
        actors.append(new)
        changed = True
    if changed:
        update_incident(
            session,
            inc.id,
            {"actors": actors},
            expected_version=inc.version,
            kb=kb,
            editor=editor,
            strict_actors=False,
        )
