"""What a stored news page holds besides the report: links to other reports after a "Read
more:" heading, and paragraphs the page repeats.

- **the end of the report**: a line that is only a heading of links ("Read more:", "Related
  posts", "More stories", "You may also like") ends the report; what follows are other
  reports' headlines ("Two Russian embassy staff dead, 11 hurt in ..."), never this one's
  sentences (:func:`report_end`);
- **a repeated paragraph**: a figure told again in the very same words as earlier in the page
  (a page that repeats its last paragraphs, a headline run into the first line) is the same
  figure once, not more people (:func:`repeated`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from militancydb.nlp.figure import Casualty
from militancydb.nlp.text import Sentence

_LINKS_HEADING = re.compile(
    r"^\W*(?:read\s+more|also\s+read|related(?:\s+(?:posts|news|stories|articles|content))?"
    r"|more\s+(?:stories|news)|you\s+may\s+also\s+like|recommended(?:\s+stories)?"
    r"|trending(?:\s+now)?|most\s+read)[ \t]*:?[ \t]*(?:\n|$)",
    re.I,
)


def report_end(sents: Sequence[Sentence]) -> int:
    """The number of sentences that belong to the report: all of them, or those before the
    first heading of links (a line that is only "Read more:"; the sentence splitter may join
    the links' lines to it)."""
    for i, s in enumerate(sents):
        if i > 0 and _LINKS_HEADING.match(s.text):
            return i
    return len(sents)


#: How much of the words around a figure must recur for it to be the same figure.
_AROUND = 40


def repeated(sents: Sequence[Sentence], figures: dict[int, list[Casualty]]) -> None:
    """Drop, in place, each figure whose words around it (``_AROUND`` characters either side,
    within its sentence) were already read around a figure of an earlier sentence."""
    seen: set[tuple[str, int, str]] = set()
    for i, s in enumerate(sents):
        keys = [
            (
                c.outcome,
                c.value,
                " ".join(s.text[max(0, c.start - _AROUND) : c.end + _AROUND].split()),
            )
            for c in figures.get(i, [])
        ]
        # (within one sentence, two figures may share their words: "a woman and a child")
        figures[i] = [c for c, k in zip(figures.get(i, []), keys, strict=True) if k not in seen]
        seen.update(keys)
