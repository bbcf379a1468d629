"""A report whose claimant the registry does not know, ingested into a real database (SQLite
and PostgreSQL) and accepted: the incident keeps the group by the name the report gives,
unregistered, and no actor is invented; its claim sentence becomes a claim record by that
name, marked unregistered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.knowledge_tables import Actor
from militancydb.knowledge.loader import Knowledge
from militancydb.nlp.lexicon import lexicon_from
from militancydb.services import review
from militancydb.services.claims import list_claims
from militancydb.services.documents import ingest
from militancydb.services.history import Editor
from militancydb.services.incidents import get_incident
from militancydb.services.review_proposal import UNREGISTERED_NOTE

ANALYST = Editor("analyst")
REPORT = (
    "PESHAWAR, March 5: Six policemen were killed when militants attacked a police station in "
    "Peshawar on Monday. A little-known group, Tehreek-e-Azadi Mujahideen, claimed "
    "responsibility in a statement to journalists.\n"
)


def test_accepting_keeps_an_unregistered_claimant_by_its_name(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    f = tmp_path / "report.txt"
    f.write_text(REPORT)
    actors_before = session.scalar(select(func.count()).select_from(Actor))
    ingest(session, [str(f)], lexicon_from(kb), ANALYST, published=dt.date(2019, 3, 5))
    (cand,) = review.list_candidates(session)
    (p,) = cand.data["perpetrators"]
    assert (p["key"], p["name"], p["basis"]) == (None, "Tehreek-e-Azadi Mujahideen", "claimed")
    assert cand.proposal["actors"] == [
        {
            "actor": "Tehreek-e-Azadi Mujahideen",
            "role": "perpetrator",
            "basis": "claimed",
            "note": UNREGISTERED_NOTE,
        }
    ]
    created = review.accept(session, cand.id, kb, ANALYST)
    (a,) = created.perpetrators()
    assert (a.actor_key, a.actor_name, a.basis) == (None, "Tehreek-e-Azadi Mujahideen", "claimed")
    # no actor was invented; the claim sentence is a claim record by the name, unregistered
    assert session.scalar(select(func.count()).select_from(Actor)) == actors_before
    (claim,) = [c for c in list_claims(session) if c.incident_id == created.id]
    assert (claim.claimant_key, claim.claimant_name) == (None, "Tehreek-e-Azadi Mujahideen")
    assert claim.unregistered and claim.kind == "claim"
    assert claim.sources and claim.sources[0]["locator"].startswith("document ")
    # the incident keeps one claimed attribution by the name (the claim adds none)
    after = get_incident(session, created.id)
    assert [(a.actor_key, a.actor_name) for a in after.actors] == [
        (None, "Tehreek-e-Azadi Mujahideen")
    ]
