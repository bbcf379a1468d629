"""An incident's claims as the GTD and ACLED exports read them: from the claim records (a
registry actor's or a group's the registry does not hold), not from the perpetrator links.

A claim stands unless its status is ``retracted`` or its claimant recorded a retraction for
the incident; denials and disputes are not claims. One exception keeps what the dataset
imports could not record: a ``claimed`` attribution by a name the registry does not hold,
with no claim record of that name, counts as that name's claim (a GTD import keeps such a
claim so, with the mode it read in the link's note).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import Claim
from militancydb.domain.incident import IncidentPublic
from militancydb.knowledge.text import normalise
from militancydb.services.claims_competing import Claimant


@dataclass(frozen=True)
class ClaimInfo:
    """What the exports need of a claim record."""

    claimant_key: str | None
    channel: str
    channel_name: str | None
    status: str
    claimant_name: str = ""
    kind: str = "claim"


def claims_of(session: Session, ids: Iterable[int]) -> dict[int, list[ClaimInfo]]:
    """The claim records (claims and retractions, not deleted) of the incidents, by id."""
    out: dict[int, list[ClaimInfo]] = {}
    rows = session.execute(
        select(
            Claim.incident_id,
            Claim.claimant_key,
            Claim.channel,
            Claim.channel_name,
            Claim.status,
            Claim.claimant_name,
            Claim.kind,
        )
        .where(
            Claim.incident_id.in_(list(ids)),
            Claim.deleted.is_(False),
            Claim.kind.in_(("claim", "retraction")),
        )
        .order_by(Claim.id)
    )
    for iid, key, channel, name, status, claimant, kind in rows:
        if iid is not None:
            out.setdefault(iid, []).append(ClaimInfo(key, channel, name, status, claimant, kind))
    return out


def standing_claims(
    i: IncidentPublic, claims: list[ClaimInfo]
) -> tuple[list[ClaimInfo], list[ClaimInfo]]:
    """The incident's claims that stand (the records', then those kept only as a link) and
    those taken back."""
    takers = {
        Claimant.of(c.claimant_key, c.claimant_name) for c in claims if c.kind == "retraction"
    }
    standing: list[ClaimInfo] = []
    withdrawn: list[ClaimInfo] = []
    for c in claims:
        if c.kind != "claim":
            continue
        gone = c.status == "retracted" or Claimant.of(c.claimant_key, c.claimant_name) in takers
        (withdrawn if gone else standing).append(c)
    return standing + _unrecorded(i, standing + withdrawn), withdrawn


def _unrecorded(i: IncidentPublic, records: list[ClaimInfo]) -> list[ClaimInfo]:
    """Claims held only as a ``claimed`` attribution by a name the registry does not hold,
    with no claim record of the same name."""
    names = {normalise(c.claimant_name) for c in records if c.claimant_key is None}
    out: list[ClaimInfo] = []
    for a in i.perpetrators():
        if a.basis != "claimed" or a.actor_key or normalise(a.actor_name) in names:
            continue
        names.add(normalise(a.actor_name))
        note = a.note or ""
        mode = note.split(": ", 1)[1] if "claimmode" in note and ": " in note else None
        # no channel: the mode is the noted one or none (not GTD's "Unknown")
        out.append(ClaimInfo(None, "", mode, "asserted", a.actor_name))
    return out


def claim_of(i: IncidentPublic, claims: list[ClaimInfo], name: str) -> ClaimInfo | None:
    """The claim of the incident's actor ``name``: the same registry actor's, else (a group
    the registry does not hold) the same name's as written, compared normalised."""
    keys = {a.actor_key for a in i.actors if a.actor_name == name and a.actor_key}
    wanted = normalise(name)
    for c in claims:
        if c.claimant_key is not None and c.claimant_key in keys:
            return c
        if c.claimant_key is None and normalise(c.claimant_name) == wanted:
            return c
    return None


def claimant_names(i: IncidentPublic, claims: list[ClaimInfo]) -> list[str]:
    """The names of the groups whose claims stand, each once, in the records' order: the
    incident's name for a registry actor (as its links show it), else the name as written."""
    names: list[str] = []
    linked = {a.actor_key: a.actor_name for a in i.actors if a.actor_key}
    for c in standing_claims(i, claims)[0]:
        name = linked.get(c.claimant_key, c.claimant_name) if c.claimant_key else c.claimant_name
        if name not in names:
            names.append(name)
    return names
