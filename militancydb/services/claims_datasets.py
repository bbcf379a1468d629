"""Claims that come from imported datasets (the GTD's ``claimed``/``claimmode``/``claim2``/
``claim3``/``compclaim`` fields): stored in the same registry as the corpus, with the
dataset as their source, and matched to a claim already recorded for the same incident by
the same organisation rather than doubled. A claimant the actor registry does not hold is
recorded as an unregistered claim (no ``claimant_key``, the name as the dataset writes it;
:mod:`militancydb.services.claims_unregistered`), matched by that name compared normalised,
and taken over by the registry's entry once it has one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.codebook import ClaimKind
from militancydb.db.tables import Citation, Claim, Source
from militancydb.domain.claim import ClaimPublic
from militancydb.errors import FieldError, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.knowledge.text import normalise
from militancydb.services.claimant_record import speaks_for
from militancydb.services.claims import ENTITY, add_claim, change_claim, get_claim
from militancydb.services.history import Editor


@dataclass(frozen=True)
class DatasetClaim:
    """A claim as a dataset records it."""

    dataset: str  # e.g. "gtd"
    record_id: str  # the dataset's event id
    incident_id: int
    claimant: str  # the group as the dataset names it (resolved through the registry)
    source_key: str  # the key of the dataset's source record
    channel: str = "unknown"
    channel_name: str | None = None
    competing: bool | None = None  # the dataset's own "competing claims" flag
    #: The claimant already resolved by the caller (else ``claimant`` is resolved here).
    claimant_key: str | None = None
    status: str = "asserted"
    #: The new claim's stable reference (default ``dataset:DATASET:RECORD:CLAIMANT``).
    ref: str | None = None
    #: The new claim's note (default: says which dataset recorded it).
    note: str | None = None
    #: Where in the dataset (default ``DATASET RECORD``).
    locator: str | None = None
    #: The claimant is a group the actor registry does not hold: the claim is recorded by
    #: ``claimant`` as written, with no actor (an unregistered claim).
    unregistered: bool = False


def find_matching_claim(
    session: Session, kb: Knowledge, incident_id: int, claimant_key: str
) -> Claim | None:
    """A claim (kind ``claim``) already recorded for the incident by the same claimant (the
    claimant, a chapter or the parent it is a chapter of; a faction claiming under its own
    name is another claimant), the earliest first."""
    rows = session.scalars(
        select(Claim)
        .where(
            Claim.incident_id == incident_id,
            Claim.deleted.is_(False),
            Claim.kind == ClaimKind.CLAIM.value,
        )
        .order_by(Claim.id)
    ).all()
    for c in rows:
        if c.claimant_key and speaks_for(kb.registry, c.claimant_key, claimant_key):
            return c
    return None


def find_unregistered_claim(session: Session, incident_id: int, name: str) -> Claim | None:
    """A claim (kind ``claim``) already recorded for the incident by a group the registry
    does not hold, of this name compared normalised (case, accents, punctuation aside), the
    earliest first."""
    wanted = normalise(name)
    rows = session.scalars(
        select(Claim)
        .where(
            Claim.incident_id == incident_id,
            Claim.deleted.is_(False),
            Claim.kind == ClaimKind.CLAIM.value,
            Claim.claimant_key.is_(None),
        )
        .order_by(Claim.id)
    ).all()
    return next((c for c in rows if normalise(c.claimant_name) == wanted), None)


def record_dataset_claim(
    session: Session, dc: DatasetClaim, kb: Knowledge, editor: Editor
) -> tuple[ClaimPublic, bool]:
    """Store a dataset's claim, or cite the dataset on the matching recorded claim. Returns
    the claim and whether it was created (False: matched, the dataset added as a source)."""
    source = session.scalar(select(Source).where(Source.key == dc.source_key))
    if source is None:
        raise ValidationFailed([FieldError("source_key", f"no source with key {dc.source_key!r}")])
    key = dc.claimant_key
    if dc.unregistered:
        key = None
    elif key is None:
        r = kb.registry.resolve(dc.claimant, dataset=dc.dataset)
        if r.key is None:
            raise ValidationFailed(
                [FieldError("claimant", f"{dc.claimant!r}: {'; '.join(r.reasons)}")],
                "dataset claim",
            )
        key = r.key
    found = (
        find_matching_claim(session, kb, dc.incident_id, key)
        if key is not None
        else find_unregistered_claim(session, dc.incident_id, dc.claimant)
    )
    locator = dc.locator or f"{dc.dataset} {dc.record_id}"
    if found is not None:
        cited = session.scalar(
            select(Citation.id).where(
                Citation.entity_type == ENTITY,
                Citation.entity_id == str(found.id),
                Citation.source_id == source.id,
                Citation.locator == locator,
            )
        )
        if cited is not None:
            return get_claim(session, found.id), False

        def cite(row: Claim) -> None:
            session.add(
                Citation(
                    entity_type=ENTITY,
                    entity_id=str(row.id),
                    source_id=source.id,
                    locator=locator,
                )
            )
            session.flush()

        return change_claim(session, found.id, found.version, editor, cite)[1], False
    ref = dc.ref or f"dataset:{dc.dataset}:{dc.record_id}:{key or normalise(dc.claimant)}"
    existing = session.scalar(select(Claim.id).where(Claim.ref == ref))
    if existing is not None:
        return get_claim(session, existing), False
    note = dc.note
    if note is None:
        note = f"Recorded by the {dc.dataset.upper()} (event {dc.record_id}); no wording known."
        if dc.competing:
            note += " The dataset flags competing claims for this event."
    data = {
        "claimant": key or dc.claimant,
        "claimant_unregistered": key is None,
        "kind": "claim",
        "channel": dc.channel,
        "channel_name": dc.channel_name,
        "incident_id": dc.incident_id,
        "status": dc.status,
        "confidence": "medium",
        "note": note,
        "sources": [{"id": source.id, "locator": locator}],
    }
    return add_claim(session, data, kb, editor, ref=ref), True
