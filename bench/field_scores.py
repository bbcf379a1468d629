"""Counting shared by the extraction benchmarks (``extraction.py`` on the development sets,
``news_eval.py`` on the hand-labelled news reports): one field's right and scored answers,
with the wrong ones kept for ``--errors``; and the count of an extracted figure that both
compare with a label (the best figure, the low one when only that is said)."""

from __future__ import annotations

from dataclasses import dataclass, field

from militancydb.nlp.model import Figure


@dataclass
class Score:
    """Right answers of one field over the rows that label it; ``places``: the decimals of
    the percentage printed."""

    right: int = 0
    total: int = 0
    wrong: list[str] = field(default_factory=list)
    places: int = 1

    def add(self, ok: bool, why: str) -> None:
        """Count one labelled row; ``why`` is kept when the answer is wrong."""
        self.total += 1
        self.right += ok
        if not ok:
            self.wrong.append(why)

    def pct(self) -> str:
        """``95.6% (172/180)``; a dash when no row was labelled."""
        if not self.total:
            return "–"
        return f"{100 * self.right / self.total:.{self.places}f}% ({self.right}/{self.total})"


def count_of(fig: Figure | None) -> int | None:
    """The count an extracted figure gives: its best, else its low bound (\"at least 5\");
    None when nothing was extracted."""
    if fig is None:
        return None
    return fig.best if fig.best is not None else fig.low
