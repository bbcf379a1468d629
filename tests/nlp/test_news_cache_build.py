"""The news texts' cache built from saved search answers (bench/news_cache_build.py).

Every answer here is written by the test itself, in the shape the search tool returns; no
article text of the set is used and nothing is extracted.
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
def cb() -> ModuleType:
    return _load("news_cache_build")


def _answer(*results: dict[str, Any]) -> str:
    return json.dumps(
        {"corpus": "pages", "query": "q", "count": len(results), "results": list(results)}
    )


def _rec(url: str, quote: str, split: str = "test9") -> dict[str, Any]:
    return {"url": url, "quote": quote, "split": split}


def test_only_a_leading_store_date_line_is_removed(cb: ModuleType) -> None:
    raw = _answer(
        {"rank": 1, "url": "https://a.example/1", "excerpt": " date 2021-03-04 Gunmen shot a man."},
        {"rank": 2, "url": "https://a.example/2", "excerpt": "On date 2021-03-04 nothing."},
        {"rank": 3, "url": "https://a.example/3", "excerpt": " date 2021-03 Month only."},
    )
    hits = cb.parse_answer(raw, "a1.json")
    assert [h.text for h in hits] == [
        "Gunmen shot a man.",
        "On date 2021-03-04 nothing.",
        " date 2021-03 Month only.",
    ]
    assert {h.source for h in hits} == {"a1.json"}


def test_a_result_without_an_address_is_passed_over(cb: ModuleType) -> None:
    raw = _answer({"rank": 1, "excerpt": "no url"}, {"rank": 2, "url": "u", "excerpt": "x"})
    assert [h.url for h in cb.parse_answer(raw, "a.json")] == ["u"]


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("{not json", "not JSON"),
        (json.dumps({"query": "q"}), "no 'results' list"),
        (json.dumps({"results": [{"url": "u", "excerpt": 3}]}), "result 1"),
    ],
)
def test_a_malformed_answer_names_the_file_and_the_problem(
    cb: ModuleType, raw: str, words: str
) -> None:
    with pytest.raises(cb.AnswerError, match=words) as err:
        cb.parse_answer(raw, "a7.json")
    assert "a7.json" in str(err.value)


def test_the_longest_text_of_a_set_url_wins_and_others_are_ignored(
    cb: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "a1.json").write_text(
        _answer(
            {"rank": 1, "url": "https://s.example/x", "excerpt": "Short text."},
            {"rank": 2, "url": "https://other.example/y", "excerpt": "Not in the set at all."},
        ),
        encoding="utf-8",
    )
    (tmp_path / "a2.json").write_text(
        _answer(
            {"rank": 4, "url": "https://s.example/x", "excerpt": " date 2020-01-01 A longer text."}
        ),
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("not an answer", encoding="utf-8")
    hits, n = cb.read_answers(tmp_path)
    assert n == 2
    texts = cb.best_texts(hits, {"https://s.example/x", "https://s.example/missing"})
    assert texts == {"https://s.example/x": "A longer text."}


def test_an_empty_folder_says_what_it_needs(cb: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(cb.AnswerError, match=r"no saved answers \(\*\.json\)"):
        cb.read_answers(tmp_path)


def test_the_report_counts_found_missing_and_quotes_not_held_per_split(cb: ModuleType) -> None:
    records = [
        _rec("u1", "he said \u201cten\u201d were  killed"),
        _rec("u2", "not in the text"),
        _rec("u3", "anything", split="test8"),
    ]
    texts = {"u1": 'Officials: he said "ten" were\nkilled.', "u2": "Something else."}
    rep = cb.build(records, texts)
    assert rep.reports == {"test9": 2, "test8": 1}
    assert rep.found == {"test9": 2}
    assert rep.missing == {"test8": ["u3"]}
    assert rep.quote_not_held == {"test9": ["u2"]}


def test_the_cache_is_written_in_the_set_order(cb: ModuleType, tmp_path: Path) -> None:
    records = [_rec("u2", "b"), _rec("u1", "a"), _rec("u3", "c")]
    path = cb.write_cache(records, {"u1": "a", "u2": "b"}, tmp_path / "cache")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows == [{"url": "u2", "text": "b"}, {"url": "u1", "text": "a"}]
