"""The counting shared by the extraction benchmarks (``bench/field_scores.py``): one
``Score`` and one reading of a figure for ``bench/extraction.py`` and ``bench/news_eval.py``,
each printing its percentages as before (one decimal; none)."""

from __future__ import annotations

import sys
from pathlib import Path

from militancydb.nlp.model import Figure

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import extraction  # noqa: E402
import field_scores  # noqa: E402
import news_eval  # noqa: E402


def test_both_benchmarks_count_with_the_shared_score() -> None:
    assert extraction.Score is news_eval.Score is field_scores.Score
    assert extraction.count_of is news_eval.count_of is field_scores.count_of


def test_a_score_keeps_the_wrong_answers_and_prints_its_share() -> None:
    s = field_scores.Score()
    assert s.pct() == "–"
    for ok, why in ((True, "a"), (False, "b: want 5 got 4"), (True, "c")):
        s.add(ok, why)
    assert (s.right, s.total, s.wrong) == (2, 3, ["b: want 5 got 4"])
    assert s.pct() == "66.7% (2/3)"
    whole = field_scores.Score(places=0)
    whole.add(True, "")
    whole.add(False, "x")
    whole.add(False, "y")
    assert whole.pct() == "33% (1/3)"


def test_the_count_of_a_figure_is_its_best_else_its_low() -> None:
    assert field_scores.count_of(Figure(3, 5, 8)) == 5
    assert field_scores.count_of(Figure(10, None, None)) == 10  # "at least 10"
    assert field_scores.count_of(Figure(None, None, None)) is None
    assert field_scores.count_of(None) is None
