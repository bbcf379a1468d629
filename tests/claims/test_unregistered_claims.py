"""Claims by a group the actor registry does not hold (issue 11): stored through the claims
service by the name as written, with no actor made, marked unregistered wherever claims are
listed; refused when the name is a registry actor's; and taken over, with history, by the
registry actor the group later becomes (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from claim_incident import peshawar_incident
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from militancydb.claims.assessing import run_assessment
from militancydb.cli.main import app
from militancydb.db.knowledge_tables import Actor
from militancydb.errors import ClaimNotFound, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.services import history
from militancydb.services.claims import ClaimFilter, add_claim, get_claim, list_claims
from militancydb.services.claims_unregistered import take_over_claims, unregistered_claims
from militancydb.services.history import Editor
from militancydb.services.incidents import get_incident

ANALYST = Editor("analyst")
NAME = "Tehreek-e-Azadi Mujahideen"


def _incident(session: Session, kb: Knowledge) -> int:
    return peshawar_incident(session, kb, killed=6, title="Police station attacked")


def _claim(incident_id: int | None, claimant: str = NAME, **extra: Any) -> dict[str, Any]:
    return {
        "claimant": claimant,
        "claimant_unregistered": True,
        "kind": "claim",
        "channel": "spokesperson_statement",
        "claimed_at": "2019-03-05",
        "summary": f"{claimant} claimed responsibility in a statement to journalists.",
        "incident_id": incident_id,
        **extra,
    }


def _claimed_links(session: Session, incident_id: int) -> list[tuple[str | None, str, str]]:
    inc = get_incident(session, incident_id)
    return [(a.actor_key, a.actor_name, a.basis) for a in inc.actors if a.basis == "claimed"]


def test_an_unregistered_claimant_is_kept_by_its_name(session: Session, kb: Knowledge) -> None:
    actors = session.scalar(select(func.count()).select_from(Actor))
    iid = _incident(session, kb)
    c = add_claim(session, _claim(iid), kb, ANALYST)
    assert (c.claimant_key, c.claimant_name, c.unregistered) == (None, NAME, True)
    assert session.scalar(select(func.count()).select_from(Actor)) == actors  # none made
    # the incident is attributed to the name (claimed), never to an invented actor
    assert _claimed_links(session, iid) == [(None, NAME, "claimed")]
    # listed with the incident's claims, and among the unregistered claims
    assert [x.id for x in list_claims(session, ClaimFilter(incident_id=iid))] == [c.id]
    assert c.id in [x.id for x in unregistered_claims(session)]
    assert [x.id for x in unregistered_claims(session, NAME.upper())] == [c.id]
    assert c.id not in [
        x.id for x in list_claims(session, ClaimFilter(claimants=frozenset({"ttp"})))
    ]
    # a second claim by the name on the same incident adds no second attribution
    add_claim(session, _claim(iid, channel="unknown", claimed_at="2019-03-06"), kb, ANALYST)
    assert _claimed_links(session, iid) == [(None, NAME, "claimed")]


def test_a_registry_name_is_not_recorded_unregistered(session: Session, kb: Knowledge) -> None:
    with pytest.raises(ValidationFailed) as refused:
        add_claim(session, _claim(None, claimant="Tehrik-i-Taliban Pakistan"), kb, ANALYST)
    assert "is the registry's ttp" in str(refused.value)
    unknown = {**_claim(None), "claimant_unregistered": False}
    with pytest.raises(ValidationFailed) as refused:
        add_claim(session, unknown, kb, ANALYST)
    assert "claimant_unregistered" in str(refused.value)


def test_a_registry_actor_takes_the_claims_of_the_name_over(
    session: Session, kb: Knowledge
) -> None:
    iid = _incident(session, kb)
    first = add_claim(session, _claim(iid), kb, ANALYST)
    unlinked = add_claim(session, _claim(None, claimed_at="2019-04-01"), kb, ANALYST)
    done = take_over_claims(session, "tehreek e azadi mujahideen", "jamaat-ul-ahrar", kb, ANALYST)
    assert sorted(c.id for c in done) == sorted([first.id, unlinked.id])
    after = get_claim(session, first.id)
    assert (after.claimant_key, after.unregistered, after.version) == ("jamaat-ul-ahrar", False, 2)
    assert after.claimant_name == kb.registry.actors["jamaat-ul-ahrar"].name
    # the change log keeps the name as written, and why
    change = history.history(session, "claim", str(first.id))[-1]
    assert change.before is not None and change.after is not None
    assert (change.before["claimant_key"], change.before["claimant_name"]) == (None, NAME)
    assert change.after["claimant_key"] == "jamaat-ul-ahrar"
    assert change.reason is not None and "taken over by registry actor jamaat-ul-ahrar" in (
        change.reason
    )
    # the incident's claimed attribution by the name became the actor's (no name left)
    links = _claimed_links(session, iid)
    assert [(k, b) for k, _, b in links] == [("jamaat-ul-ahrar", "claimed")]
    assert unregistered_claims(session, NAME) == []
    with pytest.raises(ClaimNotFound):
        take_over_claims(session, NAME, "jamaat-ul-ahrar", kb, ANALYST)


def test_taking_over_needs_one_registry_actor(session: Session, kb: Knowledge) -> None:
    add_claim(session, _claim(None), kb, ANALYST)
    with pytest.raises(ValidationFailed):
        take_over_claims(session, NAME, "No Such Group At All", kb, ANALYST)
    assert [c.claimant_name for c in unregistered_claims(session, NAME)] == [NAME]


def test_an_unregistered_claim_is_assessed(session: Session, kb: Knowledge) -> None:
    iid = _incident(session, kb)
    c = add_claim(session, _claim(iid), kb, ANALYST)
    a = run_assessment(session, c.id, kb, ANALYST)
    assert a.claim_id == c.id and a.grade and a.factors


def _cli(db_url: str, *args: str, stdin: str | None = None) -> Result:
    r = CliRunner().invoke(app, ["--db", db_url, *args], input=stdin)
    assert r.exit_code == 0, r.output
    return r


def test_the_command_line_records_lists_shows_and_takes_over(db_url: str) -> None:
    """Writes to a fresh database of its own (``db_url``), not the folder's shared one."""
    doc = json.dumps({k: v for k, v in _claim(None).items() if k != "claimant_unregistered"})
    refused = CliRunner().invoke(app, ["--db", db_url, "claims", "add", "-"], input=doc)
    assert refused.exit_code == 2 and "--unregistered" in refused.output
    added = _cli(db_url, "claims", "add", "-", "--unregistered", stdin=doc)
    assert f"by {NAME} (unregistered)" in added.output
    claim_id = int(added.output.split("added claim ")[1].split()[0])
    listed = _cli(db_url, "claims", "list", "--unregistered", "--format", "csv").output
    header, row = listed.strip().splitlines()
    assert header.endswith(",sources,unregistered")
    assert row.startswith(f"{claim_id},2019-03-05,{NAME},") and row.endswith(",yes")
    as_json = json.loads(_cli(db_url, "claims", "show", str(claim_id), "--format", "json").output)
    assert as_json["claim"]["unregistered"] is True and as_json["claim"]["claimant_key"] is None
    assert f"{NAME} (unregistered)" in _cli(db_url, "claims", "show", str(claim_id)).output
    done = _cli(db_url, "claims", "take-over", NAME, "--actor", "jamaat-ul-ahrar").output
    assert f"claim {claim_id} is now by" in done and "[jamaat-ul-ahrar] (version 2)" in done
    after = _cli(db_url, "claims", "list", "--unregistered", "--format", "json").output
    assert json.loads(after) == []
