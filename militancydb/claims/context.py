"""What the credibility factors read: the claim, its incident, the knowledge base, and the
date of knowledge: a grade as of the claim's day ``day`` reads only what was known then --
claims made by that day, registry facts resting on a source published by then."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from militancydb.claims.statement import StatementFacts
from militancydb.domain.claim import ClaimPublic
from militancydb.domain.incident import IncidentPublic
from militancydb.domain.knowledge_date import AsOf
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claimant_record import RecordBooks
from militancydb.services.known import known_sources, sources_by_then


@dataclass
class Context:
    """Everything the factors read."""

    claim: ClaimPublic
    incident: IncidentPublic | None
    day: dt.date
    kb: Knowledge
    family: frozenset[str]
    facts: StatementFacts
    session: Session
    #: group records, read once and shared by the claims of one run
    records: RecordBooks

    @property
    def known(self) -> AsOf:
        """The date of knowledge: the claim's day."""
        return AsOf(self.day)

    def fact_known(self, sources: tuple[str, ...] | list[str]) -> bool:
        """Whether a registry fact citing these sources was known on the day (at least one
        source published by then; a fact citing none is taken as known)."""
        return known_sources(self.session, self.known, sources)

    def cited(self, sources: tuple[str, ...] | list[str]) -> list[str]:
        """The sources among these published on or before the day (what may be cited)."""
        return list(sources_by_then(self.session, self.known, sources))

    def claim_known(self, claimed_at: str | None, fallback: dt.date | None = None) -> bool:
        """Whether another claim had been made by the day (undated: by its incident's
        date, ``fallback``; with neither, it is taken as known)."""
        from militancydb.services.claims import claim_day

        try:
            made = claim_day(claimed_at) or fallback
        except ValueError:
            made = fallback
        return made is None or made <= self.day
