"""Find the held incidents that may be the same event as a candidate (the database side of
:mod:`militancydb.matching`).

``find_matches(session, candidate)`` looks up incidents whose dates fall within the matcher's
window (widened by the date precisions), loads what the scoring needs in three queries, and
returns the scored matches, best first. ``candidate_from_create`` and ``held_candidate`` turn
an incident to be stored, or one already held, into a :class:`MatchCandidate`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.codebook import CasualtyCategory, Outcome
from militancydb.db.incident_tables import ExternalId, Incident, IncidentTactic
from militancydb.db.records import Citation, Source
from militancydb.domain.incident import IncidentCreate
from militancydb.errors import IncidentNotFound
from militancydb.matching import Match, MatchCandidate, MatchRules, configured_rules, rank
from militancydb.services.locations import ResolvedLocation


def candidate_from_create(
    data: IncidentCreate, location: ResolvedLocation | None = None
) -> MatchCandidate:
    """The matcher's view of an incident about to be stored (its location resolved or not)."""
    killed = next(
        (
            c
            for c in data.casualties
            if c.category is CasualtyCategory.TOTAL and c.outcome is Outcome.KILLED
        ),
        None,
    )
    loc = location or ResolvedLocation()
    return MatchCandidate(
        date_start=data.date_start,
        date_end=data.date_end,
        date_precision=data.date_precision.value,
        country=data.country,
        admin1_key=loc.admin1_key,
        admin2_key=loc.admin2_key,
        place_key=loc.place_key,
        latitude=data.latitude if data.latitude is not None else loc.latitude,
        longitude=data.longitude if data.longitude is not None else loc.longitude,
        geo_precision=(data.geo_precision.value if data.geo_precision else "unknown"),
        event_type=data.event_type.value,
        tactics=frozenset(t.value for t in data.tactics),
        suicide=data.suicide,
        killed_low=killed.low if killed else None,
        killed_best=killed.best if killed else None,
        killed_high=killed.high if killed else None,
        external_ids=frozenset(data.external_ids.items()),
        source_urls=frozenset(s.url for s in data.sources if s.url),
    )


def held_candidates(
    session: Session,
    first: dt.date,
    last: dt.date,
    *,
    country: str | None = None,
    ids: Iterable[int] | None = None,
    precisions: Iterable[str] | None = None,
) -> list[MatchCandidate]:
    """Held (not deleted) incidents whose date range meets [first, last], as candidates
    (only those of the given date precisions, if given)."""
    q = select(Incident).where(Incident.deleted.is_(False))
    if precisions is not None:
        q = q.where(Incident.date_precision.in_(list(precisions)))
    if ids is not None:
        q = q.where(Incident.id.in_(list(ids)))
    else:
        q = q.where(
            Incident.date_start <= last,
            func.coalesce(Incident.date_end, Incident.date_start) >= first,
        )
    if country:
        q = q.where(Incident.country == country)
    rows = list(session.scalars(q))
    if not rows:
        return []
    keys = [r.id for r in rows]
    tactics: dict[int, set[str]] = defaultdict(set)
    for iid, t in session.execute(
        select(IncidentTactic.incident_id, IncidentTactic.tactic).where(
            IncidentTactic.incident_id.in_(keys)
        )
    ):
        tactics[iid].add(t)
    ext: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for iid, s, e in session.execute(
        select(ExternalId.incident_id, ExternalId.system, ExternalId.external_id).where(
            ExternalId.incident_id.in_(keys)
        )
    ):
        ext[iid].add((s, e))
    urls: dict[int, set[str]] = defaultdict(set)
    for eid, url in session.execute(
        select(Citation.entity_id, Source.url)
        .join(Source, Source.id == Citation.source_id)
        .where(
            Citation.entity_type == "incident",
            Citation.entity_id.in_([str(k) for k in keys]),
            Source.url.is_not(None),
        )
    ):
        if url:
            urls[int(eid)].add(url)
    return [
        MatchCandidate(
            date_start=r.date_start,
            date_end=r.date_end,
            date_precision=r.date_precision,
            country=r.country,
            admin1_key=r.admin1_key,
            admin2_key=r.admin2_key,
            place_key=r.place_key,
            latitude=r.latitude,
            longitude=r.longitude,
            geo_precision=r.geo_precision,
            event_type=r.event_type,
            tactics=frozenset(tactics[r.id]),
            suicide=r.suicide,
            killed_low=r.killed_low,
            killed_best=r.killed_best,
            killed_high=r.killed_high,
            external_ids=frozenset(ext[r.id]),
            source_urls=frozenset(urls[r.id]),
            incident_id=r.id,
        )
        for r in rows
    ]


def held_candidate(session: Session, incident_id: int) -> MatchCandidate:
    """One held incident as a candidate."""
    found = held_candidates(session, dt.date.min, dt.date.max, ids=[incident_id])
    if not found:
        raise IncidentNotFound(f"no incident {incident_id}; list incidents to find its id")
    return found[0]


def find_matches(
    session: Session,
    candidate: MatchCandidate,
    rules: MatchRules | None = None,
    *,
    limit: int = 5,
    include_distinct: bool = False,
) -> list[Match]:
    """Held incidents that may be the candidate's event, best first, each with its score,
    advice (merge/review/distinct) and reasons. The candidate itself (same incident id) is
    left out."""
    rules = rules or configured_rules()
    own = rules.slack_days.get(candidate.date_precision, 0)
    reach = dt.timedelta(days=rules.window_days + own)
    first, last = candidate.date_start - reach, candidate.last_day + reach
    held = held_candidates(session, first, last, country=candidate.country)
    # incidents dated only to a month or year are found by their wider slack
    coarse = [p for p, d in rules.slack_days.items() if d > 0]
    if coarse:
        wide = dt.timedelta(days=max(rules.slack_days.values()))
        seen = {h.incident_id for h in held}
        held += [
            h
            for h in held_candidates(
                session, first - wide, last + wide, country=candidate.country, precisions=coarse
            )
            if h.incident_id not in seen
        ]
    held = [h for h in held if h.incident_id != candidate.incident_id or h.incident_id is None]
    ranked = rank(candidate, held, rules, include_distinct=include_distinct)
    return [Match(h.incident_id or 0, s) for h, s in ranked[:limit]]
