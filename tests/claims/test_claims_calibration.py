"""Calibration of the grades against established responsibility (issue 12, scope 4) and the
base an assessment shows (scope 5)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy.orm import Session

from militancydb.claims import calibration
from militancydb.claims.base import grade_base
from militancydb.claims.calibration import (
    SPLIT_FILE,
    Outcome,
    established_cases,
    grade_as_of,
    load_or_make_split,
    make_split,
    outcomes,
    read_calibration,
    summarise,
    wilson,
)
from militancydb.db.tables import Claim
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import add_claim
from militancydb.services.established import add_established
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident

ED = Editor(user="analyst", reason="calibration test")
SRC = [{"publisher": "Test Wire", "published": "2014-12-17", "url": "https://example.org/x"}]
EST = {"basis": "court_verdict", "by": "court", "sources": ["ucdp-ged-22-1-pakistan"]}


def _attack(session: Session, kb: Knowledge, day: str) -> int:
    doc = {"date_start": day, "province": "Khyber Pakhtunkhwa", "event_type": "militant_attack"}
    return create_incident(session, doc, kb, ED).id


def _claim(session: Session, kb: Knowledge, who: str, inc: int, day: str) -> int:
    data = {"claimant": who, "incident_id": inc, "claimed_at": day, "sources": SRC}
    return add_claim(session, data, kb, ED).id


def test_wilson_interval() -> None:
    assert wilson(0, 0) is None
    lo, hi = wilson(2, 2) or (0, 0)
    assert (lo, hi) == (0.342, 1.0)
    lo, hi = wilson(5, 10) or (0, 0)
    assert lo < 0.5 < hi and abs((0.5 - lo) - (hi - 0.5)) < 1e-3


def test_split_is_fixed_and_later_cases_never_move_the_committed_ones(tmp_path: Path) -> None:
    keys = [f"case-{i}" for i in range(9)]
    a, b = make_split(keys), make_split(list(reversed(keys)))
    assert a == b and len(a["development"]) == 5 and len(a["held_out"]) == 4
    path = tmp_path / "split.json"
    first = load_or_make_split(keys, path)
    again = load_or_make_split(keys + ["case-new-1", "case-new-2"], path)
    assert set(first["development"]) <= set(again["development"])
    assert set(first["held_out"]) <= set(again["held_out"])
    assert json.loads(path.read_text())["seed"] == first["seed"]


def test_shipped_split_covers_the_shipped_cases() -> None:
    split = json.loads(SPLIT_FILE.read_text())
    assert split["development"] and split["held_out"]
    assert not set(split["development"]) & set(split["held_out"])


def test_summary_counts_right_wrong_and_the_two_rates() -> None:
    rows = [
        Outcome("a", 1, "ttp", None, "likely", 75, True),
        Outcome("a", 2, "lej", None, "plausible", 55, False),
        Outcome("b", 3, "ttp", None, "doubtful", 40, False),
        Outcome("c", 4, "ttp", None, "unlikely", 20, True),
    ]
    s = summarise(rows, 3)
    assert s.per_grade["likely"]["right"] == 1 and s.per_grade["plausible"]["wrong"] == 1
    assert (s.believed_right["k"], s.believed_right["n"]) == (1, 2)
    assert (s.false_doubted["k"], s.false_doubted["n"]) == (1, 2)


def test_cases_outcomes_and_grading_as_of_the_claims_date(
    session: Session, kb: Knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    inc = _attack(session, kb, "2014-03-01")
    right = _claim(session, kb, "jamaat-ul-ahrar", inc, "2014-03-01")
    wrong = _claim(session, kb, "lej", inc, "2014-03-03")
    low_inc = _attack(session, kb, "2014-04-01")
    _claim(session, kb, "lej", low_inc, "2014-04-01")
    add_established(
        session, EST | {"incident_id": inc, "actor": "jamaat-ul-ahrar"}, kb, ref="x:1", user="u"
    )
    add_established(
        session,
        EST | {"incident_id": low_inc, "actor": "ttp", "confidence": "low"},
        kb,
        ref="y:1",
        user="u",
    )
    cases = established_cases(session)
    assert [c.key for c in cases] == ["x"]
    assert {c.key for c in established_cases(session, min_confidence="low")} == {"x", "y"}
    rows = outcomes(session, kb, cases)
    assert {(r.claim_id, r.right) for r in rows} == {(right, True), (wrong, False)}
    assert session.get(Claim, wrong).deleted is False  # restored after grading
    seen: dict[int, bool] = {}

    def fake_assess(s: Session, cid: int, k: Knowledge) -> SimpleNamespace:
        seen[cid] = bool(s.get(Claim, wrong).deleted)
        return SimpleNamespace(grade="plausible", score=50.0)

    monkeypatch.setattr(calibration, "assess", fake_assess)
    grade_as_of(session, right, kb)
    grade_as_of(session, wrong, kb)
    assert seen == {right: True, wrong: False}  # the later claim is hidden only for the earlier
    assert session.get(Claim, wrong).deleted is False


def test_a_low_finding_beside_a_medium_one_does_not_decide(session: Session, kb: Knowledge) -> None:
    inc = _attack(session, kb, "2016-08-08")
    claim = _claim(session, kb, "islamic-state", inc, "2016-08-08")
    add_established(
        session, EST | {"incident_id": inc, "actor": "lej"}, kb, ref="m:1", user="u"
    )  # medium: another group did it
    add_established(
        session,
        EST | {"incident_id": inc, "actor": "islamic-state", "confidence": "low"},
        kb,
        ref="m:2",
        user="u",
    )
    cases = [c for c in established_cases(session) if c.incident_id == inc]
    assert [(r.claim_id, r.right) for r in outcomes(session, kb, cases)] == [(claim, False)]
    loose = outcomes(session, kb, cases, min_confidence="low")
    assert [(r.claim_id, r.right) for r in loose] == [(claim, True)]


def test_grade_base_counts_the_region_and_reads_the_calibration(
    session: Session, kb: Knowledge
) -> None:
    a = _attack(session, kb, "2014-03-01")
    b = _attack(session, kb, "2014-05-01")
    _claim(session, kb, "ttp", a, "2014-03-01")
    later = _claim(session, kb, "ttp", b, "2014-05-01")
    add_established(session, EST | {"incident_id": a, "actor": "ttp"}, kb, ref="z:1", user="u")
    cal = {
        "method": "credibility-1",
        "measured": "2026-12-04",
        "held_out": {"per_grade": {"likely": {"right": 2, "wrong": 0}}},
    }
    base = grade_base(session, later, "likely", cal)
    assert base.claims_in_country >= 1 and base.claims_in_province >= 1
    assert base.established_in_province >= 1
    text = "\n".join(base.lines())
    assert "held out 2 right / 0 wrong, 95% CI 34-100%" in text
    assert "calibration of 'likely'" in text
    none = grade_base(session, later, "likely", {})
    assert "no calibration file" in "\n".join(none.lines())


def test_shipped_calibration_file_has_both_halves() -> None:
    cal = read_calibration()
    assert cal is not None and {"development", "held_out"} <= set(cal)
    assert set(cal["held_out"]["per_grade"]) == {"likely", "plausible", "doubtful", "unlikely"}
