"""Claims of responsibility (and denials): record, list, link to incidents, find competing
claims. A claim can be recorded before its incident is known and linked later; linking a
claim adds a ``claimed`` attribution of the claimant to the incident. Every change is kept in
the change log (entity ``claim``) and edits carry the version they were made against."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.codebook import ActorRole, AttributionBasis, ClaimKind, ClaimStatus
from militancydb.db.engine import MAX_ID
from militancydb.db.tables import Citation, Claim, Incident, utcnow
from militancydb.domain.claim import ClaimCreate, ClaimPublic
from militancydb.errors import ClaimNotFound, FieldError, IncidentNotFound, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.services import history
from militancydb.services.history import Editor
from militancydb.services.incident_rows import resolve_sources
from militancydb.services.incidents import pydantic_errors

ENTITY = "claim"


def _public(session: Session, c: Claim) -> ClaimPublic:
    cites = session.scalars(
        select(Citation)
        .where(Citation.entity_type == ENTITY, Citation.entity_id == str(c.id))
        .order_by(Citation.id)
    ).all()
    return ClaimPublic(
        id=c.id,
        version=c.version,
        deleted=c.deleted,
        incident_id=c.incident_id,
        claimant_key=c.claimant_key,
        claimant_name=c.claimant_name,
        kind=c.kind,
        channel=c.channel,
        channel_name=c.channel_name,
        claimed_at=c.claimed_at,
        languages=list(c.languages or []),
        statement_text=c.statement_text,
        statement_language=c.statement_language,
        translation=c.translation,
        summary=c.summary,
        asserted=dict(c.asserted or {}),
        status=c.status,
        confidence=c.confidence,
        note=c.note,
        sources=[
            {
                "source_id": x.source_id,
                "key": x.source.key,
                "publisher": x.source.publisher,
                "title": x.source.title,
                "url": x.source.url,
                "published": x.source.published,
                "locator": x.locator,
                "excerpt": x.excerpt,
            }
            for x in cites
        ],
        created_at=c.created_at,
        created_by=c.created_by,
        updated_at=c.updated_at,
        updated_by=c.updated_by,
    )


def _snapshot(p: ClaimPublic) -> dict[str, Any]:
    return p.model_dump(mode="json")


def _load(session: Session, claim_id: int) -> Claim:
    c = session.get(Claim, claim_id) if 0 < claim_id <= MAX_ID else None
    if c is None:
        raise ClaimNotFound(f"no claim with id {claim_id}; `militancydb claims list` shows them")
    return c


def get_claim(session: Session, claim_id: int) -> ClaimPublic:
    """One claim with its sources."""
    return _public(session, _load(session, claim_id))


def add_claim(
    session: Session,
    data: ClaimCreate | dict[str, Any],
    kb: Knowledge,
    editor: Editor,
    *,
    ref: str | None = None,
) -> ClaimPublic:
    """Record a claim. The claimant must resolve to one registry actor; the incident, if
    given, must exist (the claim is linked to it)."""
    if isinstance(data, dict):
        try:
            data = ClaimCreate.model_validate(data)
        except ValidationError as exc:
            raise ValidationFailed(pydantic_errors(exc), "claim") from exc
    errors: list[FieldError] = []
    day = claim_day(data.claimed_at)
    r = kb.registry.resolve(data.claimant, on=day)
    if r.key is None:
        opts = ", ".join(m.key for m in r.alternatives)
        errors.append(
            FieldError(
                "claimant",
                f"{data.claimant!r}: {'; '.join(r.reasons)}" + (f" ({opts})" if opts else ""),
            )
        )
    if data.incident_id is not None and session.get(Incident, data.incident_id) is None:
        errors.append(FieldError("incident_id", f"no incident {data.incident_id}"))
    # a claim dated before its attack is kept (it is evidence) and flagged by the assessment
    citations = resolve_sources(session, data.sources, errors)
    if errors:
        raise ValidationFailed(errors, "claim")
    assert r.key is not None
    actor = kb.registry.actors[r.key]
    now = utcnow()
    row = Claim(
        version=1,
        created_at=now,
        created_by=editor.user,
        updated_at=now,
        updated_by=editor.user,
        incident_id=data.incident_id,
        claimant_key=r.key,
        claimant_name=actor.name,
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
    public = _public(session, row)
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


def claim_day(claimed_at: str | None) -> dt.date | None:
    """The (earliest) day a claim was made."""
    if not claimed_at:
        return None
    text = claimed_at[:10]
    parts = [int(p) for p in text.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(*parts)


def _attribute(session: Session, claim: Claim, kb: Knowledge, editor: Editor) -> None:
    """Give the incident a ``claimed`` attribution of the claimant (once), through the
    incident's own versioned edit, so its history and as-of views show it."""
    from militancydb.services.incidents import create_input, get_incident, update_incident

    inc = get_incident(session, claim.incident_id or 0, include_deleted=True)
    if inc.deleted or any(
        a.actor_key == claim.claimant_key and a.basis == AttributionBasis.CLAIMED.value
        for a in inc.actors
    ):
        return
    actors = create_input(inc)["actors"] + [
        {
            "actor": claim.claimant_key,
            "role": ActorRole.PERPETRATOR.value,
            "basis": AttributionBasis.CLAIMED.value,
            "confidence": claim.confidence,
            "note": f"claim {claim.id}"
            + (" (claim reported by a single weak source)" if claim.confidence == "low" else ""),
        }
    ]
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
    before = _public(session, row)
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
    after = _public(session, row)
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


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to list."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    claimants: frozenset[str] = frozenset()
    incident_id: int | None = None
    unlinked: bool = False


def list_claims(session: Session, flt: ClaimFilter | None = None) -> list[ClaimPublic]:
    """Claims by claim date (or the incident's date when the claim's is unknown)."""
    flt = flt or ClaimFilter()
    rows = session.execute(
        select(Claim, Incident.date_start)
        .outerjoin(Incident, Incident.id == Claim.incident_id)
        .where(Claim.deleted.is_(False))
        .order_by(Claim.id)
    ).all()
    out = []
    for c, inc_day in rows:
        day = claim_day(c.claimed_at) or inc_day
        if flt.date_from and (day is None or day < flt.date_from):
            continue
        if flt.date_to and (day is None or day > flt.date_to):
            continue
        if flt.claimants and c.claimant_key not in flt.claimants:
            continue
        if flt.incident_id is not None and c.incident_id != flt.incident_id:
            continue
        if flt.unlinked and c.incident_id is not None:
            continue
        out.append((day or dt.date.max, c.id, _public(session, c)))
    return [p for _, _, p in sorted(out, key=lambda x: (x[0], x[1]))]


@dataclass
class CompetingGroup:
    """An incident claimed by more than one organisation."""

    incident_id: int
    date: dt.date
    place: str
    killed: int | None
    claims: list[ClaimPublic] = field(default_factory=list)

    @property
    def claimants(self) -> list[str]:
        """Distinct claimant names."""
        return sorted({c.claimant_name for c in self.claims})


def competing_claims(
    session: Session,
    kb: Knowledge,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[CompetingGroup]:
    """Incidents (dated within the range) claimed by at least two actors of which neither is
    a chapter or parent of the other. Denials and retracted claims do not count."""
    rows = session.execute(
        select(Claim, Incident)
        .join(Incident, Incident.id == Claim.incident_id)
        .where(
            Claim.deleted.is_(False),
            Incident.deleted.is_(False),
            Claim.kind == ClaimKind.CLAIM.value,
            Claim.status != "retracted",
        )
    ).all()
    by_incident: dict[int, list[Claim]] = defaultdict(list)
    incidents: dict[int, Incident] = {}
    for c, inc in rows:
        if date_from and inc.date_start < date_from:
            continue
        if date_to and inc.date_start > date_to:
            continue
        by_incident[inc.id].append(c)
        incidents[inc.id] = inc
    out = []
    reg = kb.registry
    for iid, claims in by_incident.items():
        keys = sorted({c.claimant_key for c in claims if c.claimant_key})
        independent = any(
            not reg.same_organisation(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]
        )
        if not independent:
            continue
        inc = incidents[iid]
        place = ", ".join(
            dict.fromkeys(x for x in (inc.place_name, inc.admin2_name, inc.admin1_name) if x)
        )
        out.append(
            CompetingGroup(
                iid,
                inc.date_start,
                place,
                inc.killed_best,
                [_public(session, c) for c in sorted(claims, key=lambda c: c.id)],
            )
        )
    return sorted(out, key=lambda g: (g.date, g.incident_id))
