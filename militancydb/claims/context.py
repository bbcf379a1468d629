"""What the credibility factors read: the claim, its incident, the knowledge base."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from militancydb.claims.statement import StatementFacts
from militancydb.domain.claim import ClaimPublic
from militancydb.domain.incident import IncidentPublic
from militancydb.knowledge.loader import Knowledge


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
