"""Validation at the boundary (issue 9, point 9), each test written from a reported failure:
``"best": true`` stored as 1 killed; injured or civilians above the total accepted without a
word; country "XX" accepted; London coordinates on a Sindh incident accepted and exported;
an integer as a date; a claim dated 2099; duplicate tactics and actors; limits that differ
between commands (a 300-character place name stored by ``incidents add`` and refused by
``places resolve``, exit 0); 100 KB inputs echoed back whole; ``file:///etc/passwd`` and "not
a url" accepted as source URLs (point 5); GeoJSON writing unknown figures as ``""``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from militancydb.cli.main import app
from militancydb.db.tables import Claim, Incident
from militancydb.domain.limits import ACTOR_NAME, PLACE_NAME
from militancydb.errors import ValidationFailed
from militancydb.io.export import to_geojson
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import add_claim
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident, get_incident, update_incident

EDITOR = Editor(user="tester")
KARACHI: dict[str, Any] = {
    "date_start": "2016-05-03",
    "event_type": "militant_attack",
    "province": "Sindh",
    "district": "Karachi",
    "latitude": 24.86,
    "longitude": 67.01,
    "tactics": ["armed_assault"],
    "casualties": [{"category": "total", "best": 5}],
    "actors": [{"actor": "TTP", "basis": "claimed"}],
}
runner = CliRunner()


def refused(session: Session, kb: Knowledge, doc: dict[str, Any]) -> str:
    """Add an incident that must be refused; the message, after checking nothing was stored."""
    with pytest.raises(ValidationFailed) as exc:
        create_incident(session, doc, kb, EDITOR)
    assert session.scalar(select(func.count()).select_from(Incident)) == 0
    return str(exc.value)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"casualties": [{"category": "total", "best": True}]}, "casualties.0.best"),
        ({"casualties": [{"category": "total", "best": "5"}]}, "valid integer"),
        ({"casualties": [{"category": "total", "best": 5.0}]}, "valid integer"),
        ({"date_start": 20160503}, "(int) is not a date; give text YYYY-MM-DD"),
        ({"date_start": 1462233600.0}, "(float) is not a date"),
        ({"date_start": "2016-05-03T10:00"}, "is not a date; give YYYY-MM-DD"),
        ({"date_start": True}, "(true/false) is not a date"),
        ({"suicide": "yes"}, "suicide"),
        ({"latitude": "24.86"}, "latitude"),
        ({"summary": 12}, "summary"),
    ],
)
def test_types_are_strict_at_the_boundary(
    session: Session, kb: Knowledge, change: dict[str, Any], said: str
) -> None:
    assert said in refused(session, kb, {**KARACHI, **change})


@pytest.mark.parametrize(
    ("casualties", "said"),
    [
        (
            [
                {"category": "total", "outcome": "killed", "best": 5},
                {"category": "civilians", "outcome": "killed", "best": 9},
            ],
            "civilians killed (9) is above the total killed (5)",
        ),
        (
            [
                {"category": "total", "outcome": "injured", "low": 2, "high": 4},
                {"category": "police", "outcome": "injured", "low": 6},
            ],
            "police injured (6) is above the total injured (4)",
        ),
    ],
)
def test_a_part_above_its_total_is_refused(
    session: Session, kb: Knowledge, casualties: list[dict[str, Any]], said: str
) -> None:
    message = refused(session, kb, {**KARACHI, "casualties": casualties})
    assert said in message and "a part cannot exceed the whole" in message


def test_injured_above_killed_and_parts_within_the_range_are_accepted(
    session: Session, kb: Knowledge
) -> None:
    doc = {
        **KARACHI,
        "casualties": [
            {"category": "total", "outcome": "killed", "low": 5, "high": 9},
            {"category": "civilians", "outcome": "killed", "best": 7},
            {"category": "total", "outcome": "injured", "best": 40},
        ],
    }
    inc = create_incident(session, doc, kb, EDITOR)
    assert inc.totals.injured_best == 40


def test_country_codes_come_from_the_gazetteer(session: Session, kb: Knowledge) -> None:
    message = refused(
        session,
        kb,
        {
            **KARACHI,
            "country": "XX",
            "province": None,
            "district": None,
            "latitude": None,
            "longitude": None,
        },
    )
    assert "'XX' is not a country militancydb knows; use one of AF, " in message
    assert "PK (ISO 3166 codes)" in message


def test_london_coordinates_on_a_sindh_incident_are_refused(
    session: Session, kb: Knowledge
) -> None:
    message = refused(session, kb, {**KARACHI, "latitude": 51.5072, "longitude": -0.1276})
    assert "(51.5072, -0.1276) lies outside every province militancydb has, not in PK" in message


def test_coordinates_in_another_province_are_refused_naming_it(
    session: Session, kb: Knowledge
) -> None:
    lahore = {**KARACHI, "latitude": 31.55, "longitude": 74.34}
    message = refused(session, kb, lahore)
    assert "lies in Punjab [PK-PB]" in message and "outside Sindh" in message
    swapped = {**KARACHI, "latitude": 67.01, "longitude": 24.86}
    assert "not in PK" in refused(session, kb, swapped)


def test_an_edit_that_does_not_touch_the_point_is_not_refused_for_it(
    session: Session, kb: Knowledge
) -> None:
    inc = create_incident(session, KARACHI, kb, EDITOR)
    moved = update_incident(
        session, inc.id, {"summary": "checked"}, expected_version=1, kb=kb, editor=EDITOR
    )
    assert moved.summary == "checked"
    with pytest.raises(ValidationFailed, match="lies in Punjab"):
        update_incident(
            session,
            inc.id,
            {"latitude": 31.55, "longitude": 74.34},
            expected_version=2,
            kb=kb,
            editor=EDITOR,
        )


def test_duplicate_tactics_collapse_and_duplicate_actors_are_refused(
    session: Session, kb: Knowledge
) -> None:
    doc = {**KARACHI, "tactics": ["armed_assault", "armed_assault", "ied"]}
    doc["actors"] = [KARACHI["actors"][0], dict(KARACHI["actors"][0])]
    inc = create_incident(session, doc, kb, EDITOR)
    assert inc.tactics == ["armed_assault", "ied"]
    assert len(inc.actors) == 1
    twice = {
        **KARACHI,
        "actors": [
            {"actor": "TTP", "basis": "claimed"},
            {"actor": "Tehrik-i-Taliban Pakistan", "basis": "claimed"},
        ],
    }
    with pytest.raises(
        ValidationFailed, match="already given as perpetrator .claimed. in actors.0"
    ):
        create_incident(session, twice, kb, EDITOR)
    differing = {
        **KARACHI,
        "actors": [
            {"actor": "TTP", "basis": "claimed", "confidence": "high"},
            {"actor": "TTP", "basis": "claimed", "confidence": "low"},
        ],
    }
    with pytest.raises(ValidationFailed, match="given twice as perpetrator"):
        create_incident(session, differing, kb, EDITOR)


@pytest.mark.parametrize(
    "url", ["javascript:alert(4)", "file:///etc/passwd", "not a url", "http://"]
)
def test_source_urls_must_be_http(session: Session, kb: Knowledge, url: str) -> None:
    message = refused(session, kb, {**KARACHI, "sources": [{"url": url, "publisher": "x"}]})
    assert "must start with http:// or https://" in message


def test_a_claim_dated_2099_is_refused(session: Session, kb: Knowledge) -> None:
    for when in ("2099", "2099-01", "2099-01-01", "2099-01-01T10:00"):
        with pytest.raises(ValidationFailed, match="is in the future"):
            add_claim(session, {"claimant": "TTP", "claimed_at": when}, kb, EDITOR)
    with pytest.raises(ValidationFailed, match="killed"):
        add_claim(session, {"claimant": "TTP", "asserted": {"killed": True}}, kb, EDITOR)
    assert session.scalar(select(func.count()).select_from(Claim)) == 0


def test_long_inputs_name_the_bound_and_are_not_echoed(session: Session, kb: Knowledge) -> None:
    huge = "x" * 100_000
    message = refused(session, kb, {**KARACHI, "place": huge, "summary": huge})
    assert f"at most {PLACE_NAME} characters" in message and "at most 10000" in message
    assert len(message) < 2_000
    with pytest.raises(ValidationFailed) as exc:
        create_incident(session, {**KARACHI, "date_start": huge}, kb, EDITOR)
    assert "(100,000 characters)" in str(exc.value) and len(str(exc.value)) < 500


def test_the_same_place_name_limit_in_every_command(db_url: str, tmp_path: Path) -> None:
    name = "Quetta " + "q" * 293  # 300 characters
    doc = {**KARACHI, "place": name}
    path = tmp_path / "inc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    added = runner.invoke(app, ["--db", db_url, "incidents", "add", str(path)])
    resolved = runner.invoke(app, ["--db", db_url, "places", "resolve", name])
    actor = runner.invoke(app, ["--db", db_url, "actors", "resolve", "T" * (ACTOR_NAME + 1)])
    for result in (added, resolved, actor):
        assert result.exit_code == 2, result.output
        assert "characters" in result.output and len(result.output) < 1_000
    assert f"longer than {PLACE_NAME} characters (300)" in resolved.output
    assert f"at most {PLACE_NAME} characters" in added.output


def test_geojson_writes_unknown_figures_as_null(session: Session, kb: Knowledge) -> None:
    doc = {**KARACHI, "casualties": [{"category": "total", "outcome": "killed", "low": 3}]}
    inc = create_incident(session, doc, kb, EDITOR)
    doc_out = get_incident(session, inc.id).model_dump(mode="json")
    feature = json.loads(to_geojson([doc_out]))["features"][0]
    props = feature["properties"]
    assert props["killed_best"] is None and props["injured_best"] is None
    assert "" not in props.values()


def test_knowledge_sources_must_be_http_too(session: Session) -> None:
    from militancydb.services.knowledge import add_knowledge

    doc = {"sources": [{"id": "bad-source", "url": "file:///etc/passwd", "publisher": "x"}]}
    with pytest.raises(ValidationFailed, match="sources.0.url: 'file:///etc/passwd' is not a web"):
        add_knowledge(session, doc, EDITOR)
