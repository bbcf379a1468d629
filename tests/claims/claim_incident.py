"""An incident for claim tests to claim: a police post attacked in Peshawar, with the
perpetrators given (attributed by officials), made through the incident service."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident

DAY = dt.date(2019, 3, 4)


def peshawar_incident(
    session: Session,
    kb: Knowledge,
    *perpetrators: str,
    killed: int = 2,
    title: str = "Police post attacked",
) -> int:
    """A new incident's id."""
    return create_incident(
        session,
        {
            "date_start": DAY,
            "country": "PK",
            "province": "Khyber Pakhtunkhwa",
            "place": "Peshawar",
            "event_type": "militant_attack",
            "actors": [
                {"actor": p, "role": "perpetrator", "basis": "attributed_by_officials"}
                for p in perpetrators
            ],
            "casualties": [{"category": "police", "outcome": "killed", "best": killed}],
            "sources": [{"publisher": "Test Gazette", "title": title}],
        },
        kb,
        Editor("analyst"),
    ).id
