"""The de-duplication matcher: pure scoring (militancydb.matching) and the database look-up
(services.matching), with expected answers worked out from the rules by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from militancydb.errors import ConfigError
from militancydb.knowledge.loader import Knowledge
from militancydb.matching import (
    Decision,
    MatchCandidate,
    haversine_km,
    load_rules,
    score_pair,
    shipped_rules,
)
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident
from militancydb.services.matching import find_matches, held_candidate

DAY = dt.date(2010, 3, 8)
# Miranshah and Mir Ali, North Waziristan: about 23 km apart
MIRANSHAH = (33.0000, 70.0667)
MIR_ALI = (32.9746, 70.2844)


def strike(**kw: Any) -> MatchCandidate:
    base: dict[str, Any] = {
        "date_start": DAY,
        "latitude": MIRANSHAH[0],
        "longitude": MIRANSHAH[1],
        "geo_precision": "exact",
        "event_type": "drone_strike",
        "killed_best": 6,
    }
    base.update(kw)
    return MatchCandidate(**base)


def test_haversine_is_a_real_distance() -> None:
    # one degree of latitude is 111.2 km on a 6371 km sphere
    assert haversine_km(33.0, 70.0, 34.0, 70.0) == pytest.approx(111.19, abs=0.05)


def test_same_event_reported_twice_merges() -> None:
    s = score_pair(strike(), strike(killed_best=6))
    # date 35 + place 30 + type 12 + killed 15
    assert s.score == 35 + 30 + 12 + 15
    assert s.decision is Decision.MERGE
    assert {r.factor for r in s.reasons} == {"date", "place", "event type", "killed"}


def test_a_day_apart_and_a_range_that_covers_the_other_best() -> None:
    a = strike(killed_best=None, killed_low=4, killed_high=8)
    b = strike(date_start=DAY + dt.timedelta(days=1), killed_best=7)
    s = score_pair(a, b)
    assert s.score == 22 + 30 + 12 + 15
    assert s.decision is Decision.MERGE


def test_outside_the_window_is_distinct() -> None:
    s = score_pair(strike(), strike(date_start=DAY + dt.timedelta(days=5)))
    assert s.decision is Decision.DISTINCT


def test_far_apart_places_and_conflicting_kinds_push_apart() -> None:
    far = strike(latitude=31.5, longitude=74.3, event_type="militant_attack", suicide=True)
    s = score_pair(strike(suicide=False), far)
    assert s.decision is Decision.DISTINCT
    pts = {r.factor: r.points for r in s.reasons}
    assert pts["place"] < 0 and pts["event type"] < 0 and pts["suicide"] < 0


def test_nearby_towns_within_radius() -> None:
    d = haversine_km(*MIRANSHAH, *MIR_ALI)
    tol = 3 + 10 + 5  # exact + near + 5 km
    a, b = strike(), strike(latitude=MIR_ALI[0], longitude=MIR_ALI[1], geo_precision="near")
    place = next(r for r in score_pair(a, b).reasons if r.factor == "place")
    expected = 30 if d <= tol else 15 if d <= 2 * tol else 0
    assert place.points == expected


def test_no_place_is_never_a_confident_merge() -> None:
    a = strike(latitude=None, longitude=None, geo_precision="unknown")
    b = strike(latitude=None, longitude=None, geo_precision="unknown", suicide=None)
    s = score_pair(a, b)
    # date 35 + type 12 + killed 15 = 62: review already; with shared tactic 5 + suicide...
    assert s.score == 62
    assert s.decision is Decision.REVIEW
    c = dataclasses.replace(a, tactics=frozenset({"drone_missile"}), suicide=True)
    d = dataclasses.replace(b, tactics=frozenset({"drone_missile"}), suicide=True)
    s2 = score_pair(c, d)
    assert s2.score >= shipped_rules().merge
    assert s2.decision is Decision.REVIEW


def test_shared_external_id_is_decisive_and_same_dataset_ids_keep_apart() -> None:
    a = strike(external_ids=frozenset({("ucdp", "1")}), latitude=None, longitude=None)
    b = strike(external_ids=frozenset({("ucdp", "1")}), killed_best=60)
    assert score_pair(a, b).decision is Decision.MERGE
    c = strike(external_ids=frozenset({("ucdp", "2")}))
    s = score_pair(strike(external_ids=frozenset({("ucdp", "1")})), c)
    assert any(r.points == -100 for r in s.reasons)
    assert s.decision is Decision.DISTINCT


def test_unknown_initiator_is_neutral_not_conflicting() -> None:
    s = score_pair(strike(event_type="state_based_fighting"), strike(event_type="drone_strike"))
    assert "event type" not in {r.factor for r in s.reasons}


def test_rules_file_errors_name_the_fix(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text("thresholds: {merge: 10}\n", "utf-8")
    with pytest.raises(ConfigError, match="rules.yaml"):
        load_rules(bad)


def test_find_matches_in_the_database(session: Session, kb: Knowledge) -> None:
    editor = Editor(user="test", reason="matcher")
    doc: dict[str, Any] = {
        "date_start": "2016-08-08",
        "event_type": "militant_attack",
        "province": "Balochistan",
        "district": "Quetta",
        "suicide": True,
        "casualties": [{"category": "total", "best": 75}],
    }
    held = create_incident(session, doc, kb, editor)
    other = create_incident(
        session, {**doc, "date_start": "2016-08-20", "suicide": None}, kb, editor
    )
    lahore = create_incident(
        session, {**doc, "province": "Punjab", "district": "Lahore"}, kb, editor
    )
    cand = dataclasses.replace(held_candidate(session, held.id), incident_id=None, killed_best=70)
    matches = find_matches(session, cand, include_distinct=True)
    ids = [m.incident_id for m in matches]
    assert ids[0] == held.id
    assert other.id not in ids  # 12 days apart: not even looked up
    assert matches[0].score.decision is Decision.MERGE
    by_id = {m.incident_id: m for m in matches}
    assert by_id[lahore.id].score.decision is Decision.DISTINCT
    # the held incident itself is never its own match
    assert held.id not in [
        m.incident_id for m in find_matches(session, held_candidate(session, held.id))
    ]
