"""What the trained figure reader (:mod:`~militancydb.nlp.figure_model`) sees of one number.

Each number of an incident's sentences (``numbers.numbers_in``: digits and number words,
not years, ages or dates) is a *mention*; its features are short strings, each worth one
weight of the model: the words just before and after it (by position and as a bag), how far
the nearest word of killing or of wounding is on either side, a bound word ("at least"), the
sentence it stands in (first, second, later; a headline), its size and how it is written,
where it ranks among the incident's numbers, and whether the rules
(:mod:`~militancydb.nlp.casualties`, :mod:`~militancydb.nlp.tally`) used it for the killed,
the injured or the attackers' figure, and whether it equals their figure. Plain Python: no
runtime dependency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from militancydb.nlp.model import Extracted, Figure
from militancydb.nlp.numbers import numbers_in
from militancydb.nlp.rules import rules

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|[,;:.()]")
_BOUND = re.compile(
    r"\b(?:at least|more than|over|up to|nearly|almost|about|around|some|as many as)\s*$", re.I
)
#: Numbers above this are no casualty count of one incident (the rules' ``max_count`` is
#: larger; the model keeps to the ordinary range).
MAX_VALUE = 5000


@dataclass(frozen=True)
class Mention:
    """One number of an incident's sentences: its value, offsets in the document, and
    features."""

    value: int
    start: int
    end: int
    features: tuple[str, ...]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _bucket(n: int) -> str:
    for top, name in ((0, "0"), (1, "1"), (3, "2-3"), (9, "4-9"), (30, "10-30"), (100, "31-100")):
        if n <= top:
            return name
    return "100+"


def _distance(words: list[str], cue: re.Pattern[str]) -> str:
    for k, w in enumerate(words[:12]):
        if cue.match(w):
            return "0-1" if k <= 1 else ("2-4" if k <= 4 else "5+")
    return "none"


def _used(fig: Figure | None, start: int, end: int) -> bool:
    return fig is not None and any(
        s.start <= start < s.end or start <= s.start < end for s in fig.spans
    )


def _best(fig: Figure | None) -> int | None:
    if fig is None:
        return None
    return fig.best if fig.best is not None else fig.low


def mentions(text: str, inc: Extracted) -> list[Mention]:
    """The numbers of ``inc``'s sentences in ``text`` with their features (in order)."""
    r = rules()
    kill_cue, hurt_cue = r.killed_word, r.injured_word
    found: list[tuple[int, int, int, int, str]] = []  # value, start, end, sentence no., form
    for k, sent in enumerate(inc.sentences):
        chunk = text[sent.start : sent.end]
        for n in numbers_in(chunk):
            if n.vague or n.value > MAX_VALUE:
                continue
            form = "digit" if chunk[n.start].isdigit() else "word"
            found.append((n.value, sent.start + n.start, sent.start + n.end, k, form))
    if not found:
        return []
    largest = max(v for v, *_ in found)
    rk, ri, ra = _best(inc.killed), _best(inc.injured), _best(inc.attackers_killed)
    out: list[Mention] = []
    for order, (value, start, end, k, form) in enumerate(found):
        sent = inc.sentences[k]
        before = _words(text[max(sent.start, start - 80) : start])[-6:]
        after = _words(text[end : min(sent.end, end + 80)])[:8]
        f = ["bias", f"size={_bucket(value)}", f"form={form}", f"sent={min(k, 3)}"]
        f += [f"b{i + 1}={w}" for i, w in enumerate(reversed(before[-3:]))]
        f += [f"a{i + 1}={w}" for i, w in enumerate(after[:3])]
        f += [f"bw={w}" for w in set(before)] + [f"aw={w}" for w in set(after)]
        f += [
            f"kill_after={_distance(after, kill_cue)}",
            f"hurt_after={_distance(after, hurt_cue)}",
        ]
        back = list(reversed(before))
        f += [
            f"kill_before={_distance(back, kill_cue)}",
            f"hurt_before={_distance(back, hurt_cue)}",
        ]
        if _BOUND.search(text[max(sent.start, start - 16) : start]):
            f.append("bound")
        if order == 0:
            f.append("first_number")
        if value == largest:
            f.append("largest")
        if k == 0 and "\n" in text[sent.end : sent.end + 2]:
            f.append("headline")
        for name, fig, best in (
            ("killed", inc.killed, rk),
            ("injured", inc.injured, ri),
            ("attackers", inc.attackers_killed, ra),
        ):
            if _used(fig, start, end):
                f.append(f"rule_{name}")
            if best is not None and best == value:
                f.append(f"rule_{name}_value")
            if best is None:
                f.append(f"rule_{name}_none")
        out.append(Mention(value, start, end, tuple(f)))
    return out
