"""Reading claims: one claim's public form with its sources, the day a claim was made,
lists of claims by a filter, and incidents claimed by more than one organisation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from militancydb.codebook import ClaimKind
from militancydb.db.tables import Citation, Claim, Incident
from militancydb.domain.claim import ClaimPublic
from militancydb.knowledge.loader import Knowledge
from militancydb.knowledge.text import normalise
from militancydb.services.citations import citations_of, citations_of_many
from militancydb.services.claims_competing import Claimant, claimants_compete

ENTITY = "claim"
#: Incident ids per statement when claims are read for a set of incidents.
ID_CHUNK = 500


def claim_public(
    session: Session, c: Claim, cites: Sequence[Citation] | None = None
) -> ClaimPublic:
    """A claim with its sources, as the services return it (``cites``: its citations, when
    the caller read those of many claims at once with :func:`citations_of_many`)."""
    if cites is None:
        cites = citations_of(session, ENTITY, c.id)
    return ClaimPublic(
        id=c.id,
        version=c.version,
        deleted=c.deleted,
        incident_id=c.incident_id,
        claimant_key=c.claimant_key,
        claimant_name=c.claimant_name,
        unregistered=c.claimant_key is None,
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


def claim_day(claimed_at: str | None) -> dt.date | None:
    """The (earliest) day a claim was made."""
    if not claimed_at:
        return None
    return _day_of(claimed_at[:10])


@lru_cache(maxsize=65536)
def _day_of(text: str) -> dt.date:
    """The first day of a date written as a year, a month or a day (a claim's date is read
    for each claim it is weighed against: hundreds of thousands of times in a grading run
    at a million incidents, for a few thousand distinct days)."""
    parts = [int(p) for p in text.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(*parts)


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to list."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    claimants: frozenset[str] = frozenset()
    incident_id: int | None = None
    unlinked: bool = False
    #: only claims by groups the registry does not hold (``claimant_key`` empty)
    unregistered: bool = False
    #: only claims whose claimant has this name as written (compared normalised)
    claimant_name: str | None = None
    #: only claims on these incidents (None: any)
    incident_ids: frozenset[int] | None = None


def _narrowing(flt: ClaimFilter) -> list[ColumnElement[bool]]:
    """Conditions the database applies before the rows reach Python: the exact ones of the
    filter, and for its dates a wider condition every claim in range meets (the exact test,
    on :func:`claim_day`, is Python's): a claim dated ``YYYY-MM-DD…`` in range is not
    before the first day's ISO text nor at or after the day after the last; one dated to a
    month or a year only (its first day counts) is not before the first day's year. A claim
    without a date is dated by its incident, compared exactly."""
    out: list[ColumnElement[bool]] = []
    undated = or_(Claim.claimed_at.is_(None), Claim.claimed_at == "")
    if flt.date_from:
        start = flt.date_from.isoformat()
        out.append(
            or_(
                Claim.claimed_at >= start,
                and_(func.length(Claim.claimed_at) < 10, Claim.claimed_at >= start[:4]),
                and_(undated, Incident.date_start >= flt.date_from),
            )
        )
    if flt.date_to:
        after = (flt.date_to + dt.timedelta(days=1)).isoformat()
        out.append(
            or_(
                and_(Claim.claimed_at != "", Claim.claimed_at < after),
                and_(undated, Incident.date_start <= flt.date_to),
            )
        )
    if flt.claimants:
        out.append(Claim.claimant_key.in_(sorted(flt.claimants)))
    if flt.incident_id is not None:
        out.append(Claim.incident_id == flt.incident_id)
    if flt.unlinked:
        out.append(Claim.incident_id.is_(None))
    if flt.unregistered:
        out.append(Claim.claimant_key.is_(None))
    return out


def list_claims(session: Session, flt: ClaimFilter | None = None) -> list[ClaimPublic]:
    """Claims by claim date (or the incident's date when the claim's is unknown)."""
    flt = flt or ClaimFilter()
    query = (
        select(Claim, Incident.date_start)
        .outerjoin(Incident, Incident.id == Claim.incident_id)
        .where(Claim.deleted.is_(False), *_narrowing(flt))
        .order_by(Claim.id)
    )
    if flt.incident_ids is None:
        rows = session.execute(query).all()
    else:  # a few hundred ids a statement: a year's incidents are tens of thousands
        wanted_ids = sorted(flt.incident_ids)
        rows = [
            row
            for start in range(0, len(wanted_ids), ID_CHUNK)
            for row in session.execute(
                query.where(Claim.incident_id.in_(wanted_ids[start : start + ID_CHUNK]))
            ).all()
        ]
    kept = []
    wanted = normalise(flt.claimant_name or "")
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
        if flt.unregistered and c.claimant_key is not None:
            continue
        if flt.claimant_name is not None and normalise(c.claimant_name) != wanted:
            continue
        kept.append((day or dt.date.max, c))
    cites = citations_of_many(session, ENTITY, (c.id for _, c in kept))
    out = [(day, c.id, claim_public(session, c, cites.get(str(c.id), []))) for day, c in kept]
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
        """Distinct claimant names, a group the registry does not hold marked so."""
        return sorted(
            {c.claimant_name + (" (unregistered)" if c.unregistered else "") for c in self.claims}
        )


def competing_claims(
    session: Session,
    kb: Knowledge,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[CompetingGroup]:
    """Incidents (dated within the range) claimed by at least two organisations: registry
    actors of which neither is a chapter or parent of the other, or groups the registry does
    not hold, by the name as written (see :mod:`militancydb.services.claims_competing`).
    Denials and retracted claims do not count."""
    rows = session.execute(
        select(Claim, Incident)
        .join(Incident, Incident.id == Claim.incident_id)
        .where(
            Claim.deleted.is_(False),
            Incident.deleted.is_(False),
            Claim.kind == ClaimKind.CLAIM.value,
            Claim.status != "retracted",
            *([Incident.date_start >= date_from] if date_from else []),
            *([Incident.date_start <= date_to] if date_to else []),
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
    same = kb.registry.same_organisation
    competing = {}
    for iid, claims in by_incident.items():
        if claimants_compete((Claimant.of(c.claimant_key, c.claimant_name) for c in claims), same):
            competing[iid] = claims
    cites = citations_of_many(session, ENTITY, (c.id for cs in competing.values() for c in cs))
    out = []
    for iid, claims in competing.items():
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
                [
                    claim_public(session, c, cites.get(str(c.id), []))
                    for c in sorted(claims, key=lambda c: c.id)
                ],
            )
        )
    return sorted(out, key=lambda g: (g.date, g.incident_id))
