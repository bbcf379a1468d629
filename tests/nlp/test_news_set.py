"""The hand-labelled news set and its check (bench/news_eval.py, bench/news_set_check.py).

These read only the labels file (no article texts: those live in a cache outside the
repository) and never run the extraction, so no split's scores are seen here.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str) -> ModuleType:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def check() -> ModuleType:
    return _load("news_set_check")


@pytest.fixture(scope="module")
def news_eval() -> ModuleType:
    return _load("news_eval")


def _rec(**over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "url": "https://example.org/a",
        "publisher": "Example",
        "published": "2020-02-18",
        "quote": "a suicide blast near the press club on Monday",
        "labels": {
            "date": "2020-02-17",
            "country": "PAK",
            "province": "Balochistan",
            "district": "Quetta",
            "town": ["Quetta"],
            "killed": 8,
            "injured": None,
            "perpetrator": "none",
            "incidents": 1,
        },
    }
    rec.update(over)
    return rec


def test_a_well_formed_line_has_no_problem(check: ModuleType) -> None:
    assert check.record_problems(_rec()) == []
    assert check.record_problems(_rec(split="test4", note="injured: two figures")) == []


@pytest.mark.parametrize(
    ("over", "label_over", "says"),
    [
        ({"published": "18 Feb 2020"}, {}, "'published'"),
        ({"quote": "x" * 161}, {}, "longer than 160"),
        ({"split": "test10"}, {}, "'split'"),
        ({"url": "example.org/a"}, {}, "'url'"),
        ({}, {"killed": "8"}, "'killed'"),
        ({}, {"killed": -1}, "'killed'"),
        ({}, {"incidents": 0}, "'incidents'"),
        ({}, {"country": "IND"}, "'country'"),
        ({}, {"town": []}, "'town'"),
        ({}, {"date": "2020-02-30"}, "'date'"),
        ({}, {"wounded": 3}, "unknown keys"),
    ],
)
def test_each_bad_field_is_named(
    check: ModuleType, over: dict[str, Any], label_over: dict[str, Any], says: str
) -> None:
    rec = _rec(**over)
    rec["labels"] = {**rec["labels"], **label_over}
    problems = check.record_problems(rec)
    assert len(problems) == 1 and says in problems[0]


def test_a_missing_label_key_is_named(check: ModuleType) -> None:
    rec = _rec()
    del rec["labels"]["injured"]
    assert check.record_problems(rec) == ["labels: no 'injured'"]


def test_lines_check_duplicates_quotes_and_counts_per_split(check: ModuleType) -> None:
    a = _rec(split="test4")
    b = _rec(url="https://example.org/b", quote="not in the text")
    lines = [json.dumps(a), "", json.dumps(a), json.dumps(b), "{not json"]
    texts = {
        "https://example.org/a": "QUETTA: ... a suicide blast near the\npress club on Monday.",
        "https://example.org/b": "Some other words.",
    }
    res = check.check_lines(lines, texts, lambda r: str(r.get("split") or "dev"))
    assert res.reports == {"test4": 2, "dev": 1}
    assert res.cached == {"test4": 2, "dev": 1}
    assert res.problems == [
        "line 3: the URL of line 1 again",
        "line 4: its cached text does not hold its quote",
        res.problems[2],
    ]
    assert res.problems[2].startswith("line 5: not JSON")


def test_curly_and_straight_quotes_match(check: ModuleType) -> None:
    res = check.check_lines(
        [json.dumps(_rec(quote="a blast in Quetta's Poodgali Chowk"))],
        {"https://example.org/a": "killed in a blast in Quetta\u2019s Poodgali Chowk on Friday"},
        lambda r: "dev",
    )
    assert res.problems == []


def test_the_shipped_set_is_well_formed(check: ModuleType, news_eval: ModuleType) -> None:
    lines = news_eval.SET.read_text(encoding="utf-8").splitlines()
    res = check.check_lines(lines, {}, news_eval.split_of)
    assert res.problems == []
    assert res.reports["test4"] >= 50
    assert res.reports["test5"] >= 50
    assert res.reports["test6"] >= 50
    assert res.reports["test7"] >= 50
    assert res.reports["test8"] >= 50
    assert res.reports["test9"] >= 50


def test_all_scores_every_split_but_the_held_out_one(news_eval: ModuleType) -> None:
    """test9 is held out: ``all`` is every other split, test8 (development now) included;
    test9 is scored only when asked for by name."""
    recs = news_eval.read_set()
    in_all = [r for r in recs if news_eval.in_split(r, "all")]
    assert news_eval.HELD_OUT == "test9"
    assert not any(news_eval.split_of(r) == "test9" for r in in_all)
    assert len(in_all) == len(recs) - sum(news_eval.split_of(r) == "test9" for r in recs)
    for split in ("test3", "test4", "test5", "test6", "test7", "test8"):
        assert any(news_eval.split_of(r) == split for r in in_all)
    assert sum(news_eval.in_split(r, "test9") for r in recs) >= 50


def test_the_named_splits_are_choices(check: ModuleType, news_eval: ModuleType) -> None:
    assert "test8" in check.NAMED_SPLITS
    assert "test8" in news_eval.SPLITS
    assert news_eval.HELD_OUT in check.NAMED_SPLITS
    assert news_eval.HELD_OUT in news_eval.SPLITS
    assert check.record_problems(_rec(split="test5")) == []
    assert check.record_problems(_rec(split="test6")) == []
    assert check.record_problems(_rec(split="test7")) == []
    assert check.record_problems(_rec(split="test8")) == []
    assert check.record_problems(_rec(split="test9")) == []
    assert check.record_problems(_rec(split="test10")) != []


def test_the_last_held_out_split_reports_are_new(news_eval: ModuleType) -> None:
    """No report of the split held out (test9) repeats another line's address, even with
    http/www/amp changed."""

    def bare(url: str) -> str:
        u = url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
        return u.removesuffix("?amp=1").removesuffix("/amp").rstrip("/")

    recs = news_eval.read_set()
    held = [bare(r["url"]) for r in recs if news_eval.split_of(r) == news_eval.HELD_OUT]
    rest = {bare(r["url"]) for r in recs if news_eval.split_of(r) != news_eval.HELD_OUT}
    assert held and len(set(held)) == len(held)
    assert not set(held) & rest
