"""``militancydb claims competing`` and ``claims assess`` on the database the README's first
command builds (bundled UCDP data and the seeded August 2016 claims)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from militancydb.claims.credibility import assess
from militancydb.cli.main import app
from militancydb.db.engine import make_engine, session_scope
from militancydb.knowledge.loader import load_knowledge

runner = CliRunner()


@pytest.fixture
def init_url(shared_ucdp_db_url: str) -> str:
    """The database the README's first command builds, shared by the tests of this folder."""
    return shared_ucdp_db_url


@pytest.fixture
def ucdp_engine(init_url: str) -> Iterator[Engine]:
    eng = make_engine(init_url)
    yield eng
    eng.dispose()


def run(url: str, *args: str) -> Result:
    result = runner.invoke(app, list(args), env={"MILITANCYDB_DATABASE_URL": url, "COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result


def incident_id(s: Session, system: str, external: str) -> int:
    return int(
        s.execute(
            text("SELECT incident_id FROM external_ids WHERE system = :s AND external_id = :e"),
            {"s": system, "e": external},
        ).scalar_one()
    )


def quetta_incidents(engine: Engine) -> tuple[int, int]:
    with session_scope(engine) as s:
        return (
            incident_id(s, "ucdp", "235882"),
            incident_id(s, "seed", "quetta-2016-08-11-judge-convoy"),
        )


def sections(output: str) -> dict[int, str]:
    """The output of `claims competing`, cut into one piece per incident table."""
    parts = re.split(r"Incident (\d+):", output)
    return {int(parts[i]): parts[i + 1] for i in range(1, len(parts), 2)}


def test_competing_shows_both_quetta_incidents_with_both_claimants(
    init_url: str, ucdp_engine: Engine
) -> None:
    hospital, convoy = quetta_incidents(ucdp_engine)
    out = run(init_url, "claims", "competing", "--from", "2016-08-01", "--to", "2016-08-31")
    found = sections(out.output)
    assert {hospital, convoy} <= set(found)
    for iid in (hospital, convoy):
        assert "Islamic State" in found[iid]
        assert "Jamaat-ul-Ahrar" in found[iid]
    assert "2016-08-08" in found[hospital] and "2016-08-11" in found[convoy]


def test_competing_as_json_gives_the_claimants_per_incident(
    init_url: str, ucdp_engine: Engine
) -> None:
    hospital, convoy = quetta_incidents(ucdp_engine)
    out = run(
        init_url,
        "claims",
        "competing",
        "--from",
        "2016-08-01",
        "--to",
        "2016-08-31",
        "--format",
        "json",
    )
    groups = {g["incident_id"]: g for g in json.loads(out.output)}
    for iid in (hospital, convoy):
        keys = {c["claimant_key"] for c in groups[iid]["claims"]}
        assert {"islamic-state", "jamaat-ul-ahrar"} <= keys


def test_competing_outside_august_2016_leaves_the_quetta_incidents_out(
    init_url: str, ucdp_engine: Engine
) -> None:
    hospital, convoy = quetta_incidents(ucdp_engine)
    out = run(init_url, "claims", "competing", "--from", "2016-09-01", "--to", "2016-09-30")
    assert not {hospital, convoy} & set(sections(out.output))


def test_assess_prints_the_grade_and_every_factor(init_url: str, ucdp_engine: Engine) -> None:
    hospital, _ = quetta_incidents(ucdp_engine)
    with session_scope(ucdp_engine) as s:
        claim_id = s.execute(
            text(
                "SELECT id FROM claims WHERE claimant_key = 'islamic-state' "
                "AND incident_id = :i AND kind = 'claim'"
            ),
            {"i": hospital},
        ).scalar_one()
        expected = assess(s, claim_id, load_knowledge(s))
    out = run(init_url, "claims", "assess", str(claim_id)).output
    assert f"Claim {claim_id} by Islamic State: {expected.grade.upper()}" in out
    assert f"score {expected.score:.0f}/100" in out
    assert len(expected.factors) >= 9
    for f in expected.factors:
        assert f.label in out, f.label
    flat = " ".join(out.split())
    for flag in expected.flags:
        assert " ".join(flag.split()) in flat, flag
    assert "Ministry of Law and Justice" in flat


def test_assess_keeps_the_assessment(init_url: str, ucdp_engine: Engine) -> None:
    hospital, _ = quetta_incidents(ucdp_engine)
    with session_scope(ucdp_engine) as s:
        claim_id = s.execute(
            text("SELECT id FROM claims WHERE claimant_key = 'islamic-state' AND incident_id = :i"),
            {"i": hospital},
        ).scalar_one()

    def stored() -> list[dict[str, Any]]:
        shown = run(init_url, "claims", "show", str(claim_id), "--format", "json").output
        return list(json.loads(shown)["assessments"])

    before = stored()
    run(init_url, "claims", "assess", str(claim_id))  # writes to the shared database
    after = stored()
    assert len(after) == len(before) + 1
    assert not after[-1]["is_override"]
    assert {f["name"] for f in after[-1]["factors"]} >= {"record", "local_facts", "competition"}
