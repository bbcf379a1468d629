"""The named high-profile definitions (``analysis/high_profile_defs.py``, issue 14 point 10).

The default, ``analyst``: an attack that killed 15 or more (10 when the question is about a
province, 5 about a district or city), or a suicide attack that killed 5 or more, or an
assault (armed assault, raid, suicide bombing, car bomb) on the security forces that killed
10 or more, or an attack on national targets that killed 5 or more. ``broad`` is the first
round's default (10 / suicide 5 / national targets 1). Incidents are built here, so the
right answer is known by construction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from militancydb.analysis.high_profile import last_high_profile
from militancydb.analysis.high_profile_defs import DEFINITIONS, definition
from militancydb.cli.main import app
from militancydb.errors import ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident

ANALYST = Editor(user="analyst")
STATEMENTS = Path(__file__).parents[2] / "bench" / "data" / "high_profile_statements.yaml"


def add(
    session: Session,
    kb: Knowledge,
    day: str,
    killed: int,
    *,
    province: str = "Punjab",
    district: str = "Lahore",
    **fields: Any,
) -> int:
    doc: dict[str, Any] = {
        "date_start": day,
        "province": province,
        "district": district,
        "event_type": "militant_attack",
        "casualties": [{"category": "total", "best": killed}],
        **fields,
    }
    return create_incident(session, doc, kb, ANALYST).id


def test_one_political_worker_shot_is_not_the_last_major_attack(
    session: Session, kb: Knowledge
) -> None:
    # the case of issue 14: a border bombing that killed 61, then one political worker shot
    bombing = add(session, kb, "2014-11-02", 61, tactics=["suicide_bombing"])
    worker = add(
        session,
        kb,
        "2014-11-24",
        1,
        province="Sindh",
        district="Karachi",
        targets=[{"type": "political_workers"}],
    )
    before = dt.date(2014, 12, 16)
    default = last_high_profile(session, kb, before, country="PK")
    broad = last_high_profile(session, kb, before, country="PK", definition=definition("broad"))
    assert default.incident is not None and default.incident.id == bombing
    assert "(analyst)" in default.definition
    assert broad.incident is not None and broad.incident.id == worker


def test_the_bar_is_lower_for_a_city_than_for_the_country(session: Session, kb: Knowledge) -> None:
    big = add(session, kb, "2016-01-10", 30, province="Balochistan", district="Quetta")
    local = add(session, kb, "2016-05-01", 6)  # Lahore, 6 killed, no other criterion
    before = dt.date(2016, 8, 8)
    country = last_high_profile(session, kb, before, country="PK")
    city = last_high_profile(session, kb, before, country="PK", district="Lahore")
    province = last_high_profile(session, kb, before, country="PK", province="Punjab")
    assert country.incident is not None and country.incident.id == big
    assert city.incident is not None and city.incident.id == local
    assert city.criteria == ["killed 6 (threshold 5 in a district)"]
    assert province.incident is None  # 6 is below the province's 10
    assert "in Lahore" in city.sentence


def test_an_assault_on_the_security_forces_counts_at_ten(session: Session, kb: Knowledge) -> None:
    earlier = add(session, kb, "2016-03-01", 40)
    add(  # bombing of a police van: not an assault on a defended target, below 15
        session, kb, "2016-06-01", 12, tactics=["bombing"], targets=[{"type": "police"}]
    )
    add(  # an assault that killed too few
        session, kb, "2016-06-15", 9, tactics=["armed_assault"], targets=[{"type": "army"}]
    )
    storming = add(
        session,
        kb,
        "2016-07-01",
        10,
        tactics=["armed_assault"],
        targets=[{"type": "police"}],
    )
    a = last_high_profile(session, kb, dt.date(2016, 8, 8), country="PK")
    assert a.incident is not None and a.incident.id == storming
    assert a.criteria == ["armed assault on police that killed 10 (threshold 10)"]
    assert [r.id for r in a.runners_up] == [earlier]


def test_national_targets_need_five_killed(session: Session, kb: Knowledge) -> None:
    judges = add(session, kb, "2016-06-01", 5, targets=[{"type": "judiciary"}])
    add(session, kb, "2016-07-01", 4, targets=[{"type": "government_officials"}])
    a = last_high_profile(session, kb, dt.date(2016, 8, 8), country="PK")
    assert a.incident is not None and a.incident.id == judges


def test_an_unknown_definition_names_the_choices() -> None:
    with pytest.raises(ValidationFailed) as e:
        definition("strictest")
    assert "'strictest'" in str(e.value)
    for name in DEFINITIONS:
        assert name in str(e.value)


def test_thresholds_can_be_overridden_by_name() -> None:
    d = definition("analyst", min_killed=25, min_killed_suicide=None)
    assert (d.min_killed, d.min_killed_suicide, d.min_killed_district) == (25, 5, 5)
    assert d.name == "analyst, adjusted"
    assert definition().name == "analyst"


def test_the_command_lists_the_definitions_and_takes_one() -> None:
    runner = CliRunner()
    out = " ".join(runner.invoke(app, ["ask", "last-high-profile", "--help"]).output.split())
    assert "--definition" in out
    for name in DEFINITIONS:
        assert name in out
    bad = runner.invoke(
        app, ["ask", "last-high-profile", "--before", "2016-01-01", "--definition", "x"]
    )
    assert bad.exit_code != 0


def test_the_reference_statements_are_sourced_and_resolvable(kb: Knowledge) -> None:
    """Every statement of the bench's reference names its source and a place scope the
    gazetteer resolves; the earlier attack it names is before the statement's day."""
    doc = yaml.safe_load(STATEMENTS.read_text(encoding="utf-8"))
    statements = doc["statements"]
    assert len(statements) >= 15
    assert len({s["id"] for s in statements}) == len(statements)
    for s in statements:
        src = s["source"]
        assert src["publisher"] and str(src["url"]).startswith("http"), s["id"]
        assert isinstance(s["before"], dt.date), s["id"]
        named = s["names"].get("date")
        if named is not None:
            assert str(named) < s["before"].isoformat(), s["id"]
        for key in ("province", "district"):
            if s["scope"].get(key):
                r = kb.gazetteer.resolve(s["scope"][key], country="PK")
                assert r.key is not None, (s["id"], s["scope"][key])
