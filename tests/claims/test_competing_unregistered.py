"""Claims by groups the registry does not hold compete like any other (issue 11): two
different claimants of one incident -- registry actors of different organisations, or an
actor and a name, or two names -- are competing claims; one name written two ways is one
claimant (on SQLite and PostgreSQL, with incidents made here)."""

from __future__ import annotations

import json
from typing import Any

from claim_incident import DAY, peshawar_incident
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from militancydb.cli.main import app
from militancydb.db.engine import make_engine, session_scope
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.services.claims import add_claim, competing_claims
from militancydb.services.claims_competing import Claimant, claimants_compete
from militancydb.services.history import Editor

ANALYST = Editor("analyst")
NAME = "Tehreek-e-Azadi Mujahideen"
OTHER = "Jaish-e-Nusrat Al-Furqan"


def _incident(session: Session, kb: Knowledge) -> int:
    return peshawar_incident(session, kb, killed=3, title="Checkpoint attacked")


def _claim(session: Session, kb: Knowledge, iid: int, claimant: str, **extra: Any) -> int:
    data = {
        "claimant": claimant,
        "claimant_unregistered": claimant not in kb.registry.actors,
        "kind": "claim",
        "channel": "spokesperson_statement",
        "claimed_at": "2019-03-05",
        "summary": f"{claimant} claimed the attack.",
        "incident_id": iid,
        **extra,
    }
    return add_claim(session, data, kb, ANALYST).id


def _competing(session: Session, kb: Knowledge) -> dict[int, list[str]]:
    groups = competing_claims(session, kb, date_from=DAY, date_to=DAY)
    return {g.incident_id: g.claimants for g in groups}


def test_two_unregistered_names_compete(session: Session, kb: Knowledge) -> None:
    iid = _incident(session, kb)
    _claim(session, kb, iid, NAME)
    assert iid not in _competing(session, kb)
    _claim(session, kb, iid, OTHER)
    assert _competing(session, kb)[iid] == [f"{OTHER} (unregistered)", f"{NAME} (unregistered)"]


def test_one_name_written_two_ways_is_one_claimant(session: Session, kb: Knowledge) -> None:
    iid = _incident(session, kb)
    _claim(session, kb, iid, NAME)
    _claim(session, kb, iid, "tehreek e azadi MUJAHIDEEN", channel="video")
    assert iid not in _competing(session, kb)


def test_a_registry_actor_and_a_name_compete(session: Session, kb: Knowledge) -> None:
    iid = _incident(session, kb)
    _claim(session, kb, iid, "ttp")
    _claim(session, kb, iid, NAME)
    assert _competing(session, kb)[iid] == [
        f"{NAME} (unregistered)",
        "Tehrik-i-Taliban Pakistan",
    ]


def test_a_retracted_or_denied_name_does_not_compete(session: Session, kb: Knowledge) -> None:
    iid = _incident(session, kb)
    _claim(session, kb, iid, "ttp")
    _claim(session, kb, iid, NAME, kind="denial")
    _claim(session, kb, iid, OTHER, status="retracted")
    assert iid not in _competing(session, kb)


def test_the_rule_keeps_chapters_one_organisation(kb: Knowledge) -> None:
    same = kb.registry.same_organisation
    chapter = [Claimant.of("islamic-state", "Islamic State"), Claimant.of("is-khorasan", "ISKP")]
    assert not claimants_compete(chapter, same)
    assert claimants_compete([*chapter, Claimant.of(None, NAME)], same)
    assert claimants_compete([Claimant.of("ttp", "TTP"), Claimant.of(None, NAME)], same)
    assert not claimants_compete([Claimant.of(None, NAME), Claimant.of(None, NAME.lower())], same)


def test_the_command_line_marks_the_unregistered_competitor(db_url: str) -> None:
    """Writes to a fresh database of its own (``db_url``)."""
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        iid = _incident(s, kb)
        _claim(s, kb, iid, "ttp")
        _claim(s, kb, iid, NAME)
    engine.dispose()
    day = DAY.isoformat()
    args = ["--db", db_url, "claims", "competing", "--from", day, "--to", day]
    table = CliRunner().invoke(app, args)
    assert table.exit_code == 0, table.output
    assert f"Incident {iid}:" in table.output
    assert f"{NAME} (unregistered)" in " ".join(table.output.split())
    as_json = CliRunner().invoke(app, [*args, "--format", "json"])
    (group,) = [g for g in json.loads(as_json.output) if g["incident_id"] == iid]
    assert [c["unregistered"] for c in group["claims"]] == [False, True]
