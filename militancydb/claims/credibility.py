"""Credibility of a claim of responsibility: a deterministic score with every reason.

The score starts at 50 and each factor adds or takes points (weights and reasons in
``docs/claims.md``); the grade is read off the published scale :data:`SCALE`. Factors:

1. ``existence``: did the claimant exist on the claim's date?
2. ``record``: the claimant's record in the country before the incident, kept apart as
   official claims (uncontested and contested), attributions by datasets and officials, and
   confirmations; a first claim in a country is flagged.
3. ``local``: its record in the province and district.
4. ``territory``: is the place inside territory the claimant (or its chapter) proclaims?
5. ``consistency``: the statement against the incident record: dates, places, targets, tolls.
6. ``local_facts``: institutions and titles the statement names, against the reference.
7. ``competition``: a competing claim by another organisation with a stronger local record
   of similar attacks.
8. ``timing``: time from attack to claim (a claim before the attack is impossible).
9. ``history``: the claimant's past claims that were retracted, rejected or disputed.
10. ``attestation``: how well the claim itself is reported (a single weak report with no
    wording or channel is weak evidence).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from militancydb.claims.context import Context
from militancydb.claims.factors import f_attestation, f_existence, f_history, f_record
from militancydb.claims.factors_place import f_competition, f_territory
from militancydb.claims.factors_statement import (
    f_consistency,
    f_local_facts,
    f_timing,
    place_fits,
)
from militancydb.claims.local_facts import FactBooks
from militancydb.claims.statement import read_statement
from militancydb.domain.claim import Assessment
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import claim_day, get_claim
from militancydb.services.incidents import get_incident

METHOD = "credibility-1"
BASE = 50.0
#: Grades, from the top: (grade, lowest score of the grade).
SCALE: tuple[tuple[str, float], ...] = (
    ("likely", 70.0),
    ("plausible", 50.0),
    ("doubtful", 30.0),
    ("unlikely", 0.0),
)


def grade_of(score: float) -> str:
    """The grade of a score on :data:`SCALE`."""
    for grade, lowest in SCALE:
        if score >= lowest:
            return grade
    return SCALE[-1][0]


def assess(
    session: Session, claim_id: int, kb: Knowledge, books: FactBooks | None = None
) -> Assessment:
    """Assess one claim (see the module docstring). Pure: nothing is stored. ``books``
    shares each country's reference between the claims of one run (read afresh without)."""
    claim = get_claim(session, claim_id)
    incident = get_incident(session, claim.incident_id) if claim.incident_id else None
    day = claim_day(claim.claimed_at) or (incident.date_start if incident else dt.date.today())
    family = frozenset(kb.registry.family(claim.claimant_key or ""))
    text = claim.english()
    books = books or FactBooks(session)
    ctx = Context(
        claim,
        incident,
        day,
        kb,
        family,
        read_statement(text, default_year=day.year),
        session,
        books.records,
    )
    book = books.get(incident.location.country if incident else "PK")
    flags: list[str] = []
    record, local, _ = f_record(ctx, flags)
    factors = [
        f_existence(ctx),
        record,
        local,
        f_territory(ctx),
        f_consistency(ctx, flags),
        f_local_facts(ctx, book, flags),
        f_competition(ctx, flags),
        f_timing(ctx, flags),
        f_history(ctx),
        f_attestation(ctx),
    ]
    score = max(0.0, min(100.0, BASE + sum(f.points for f in factors)))
    return Assessment(
        claim_id=claim_id,
        grade=grade_of(score),
        score=round(score, 1),
        method=METHOD,
        factors=factors,
        flags=flags,
    )


__all__ = ["SCALE", "Context", "assess", "grade_of", "place_fits"]
