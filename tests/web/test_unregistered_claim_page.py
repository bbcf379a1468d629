"""A claim by a group the actor registry does not hold, on its web page: marked
unregistered, named as written (issue 11)."""

from __future__ import annotations

import httpx
from live_server import Server

from militancydb.db.engine import make_engine, session_scope
from militancydb.knowledge.loader import load_knowledge
from militancydb.services.claims import add_claim
from militancydb.services.history import Editor

NAME = "Tehreek-e-Azadi Mujahideen"


def test_the_claim_page_marks_an_unregistered_claimant(api: Server) -> None:
    engine = make_engine(api.db_url)
    with session_scope(engine) as s:  # a claim of no incident: the pages of others unchanged
        claim = add_claim(
            s,
            {"claimant": NAME, "claimant_unregistered": True, "summary": "claimed it"},
            load_knowledge(s),
            Editor("test fixture"),
        )
    engine.dispose()
    r = httpx.get(api.base + f"/claims/{claim.id}", timeout=60)
    assert r.status_code == 200
    assert f"Claim {claim.id} by {NAME}" in r.text
    assert '<span class="unregistered">unregistered</span>' in r.text
