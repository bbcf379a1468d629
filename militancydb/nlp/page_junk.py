"""What a stored news page holds besides the report: links to other reports after a "Read
more:" heading, and paragraphs the page repeats.

- **the end of the report**: a line that is only a heading of links ("Read more:", "Related
  posts", "More stories", "You may also like") ends the report; what follows are other
  reports' headlines ("Two Russian embassy staff dead, 11 hurt in ..."), never this one's
  sentences (:func:`report_end`); a heading of links at the top of the page, before the
  report has begun, heads a block of other reports' headlines and teasers ("Explosions
  were reported in Isfahan, a central province of...") that the report follows: the block
  is left out, not the report (:func:`report_text`);
- **a repeated paragraph**: a figure told again in the very same words as earlier in the page
  (a page that repeats its last paragraphs, a headline run into the first line) is the same
  figure once, not more people (:func:`repeated`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from militancydb.nlp.figure import Casualty
from militancydb.nlp.text import Sentence, sentences

_LINKS_HEADING = re.compile(
    r"^\W*(?:read\s+more|also\s+read|related(?:\s+(?:posts|news|stories|articles|content))?"
    r"|more\s+(?:stories|news)|you\s+may\s+also\s+like|recommended(?:\s+stories)?"
    r"|trending(?:\s+now)?|most\s+read|more\s+like\s+this(?:\s+from\s+[\w.-]+)?)"
    r"[ \t]*:?[ \t]*(?:\n|$)",
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


#: A sentence of prose: ten words or more, ended by a full stop or a quote.
_PROSE = re.compile(r"^(?:\S+\s+){9,}.*[.!?\"\u201d\u2019]\s*$", re.S)
#: A teaser cut short: "Explosions were reported in Isfahan, a central province of..."
_TEASER = re.compile(r"(?:\.\.\.|\u2026)\s*$")
#: How far after the heading the block's last teaser may be.
_BLOCK = 30


def _links_before(sents: Sequence[Sentence]) -> tuple[int, int] | None:
    """The sentences ``(first, last + 1)`` of a heading of links and its teasers before any
    sentence of prose: the report comes after them."""
    for i, s in enumerate(sents):
        if _PROSE.match(s.text.strip()) and not _TEASER.search(s.text):
            return None  # the report has begun: a heading now ends it (report_end)
        if i > 0 and _LINKS_HEADING.match(s.text):
            last = max(
                (
                    j
                    for j in range(i + 1, min(len(sents), i + _BLOCK))
                    if _TEASER.search(sents[j].text)
                ),
                default=None,
            )
            return None if last is None else (i, last + 1)
    return None


#: A link to another report on a line of its own: "Read: Five terrorists killed in ...".
_LINK_LINE = re.compile(r"^\W*(?:(?:also\s+)?read(?:\s+more)?|see\s+also|related)\s*:\s*\S", re.I)


def _blank(text: str, a: int, b: int) -> str:
    return text[:a] + re.sub(r"[^\n]", " ", text[a:b]) + text[b:]


def report_text(text: str) -> tuple[str, list[Sentence]]:
    """The report's text and sentences: a block of links before it and a link line inside
    it ("Read: ...") blanked out (offsets kept), and the links after its end
    (:func:`report_end`) cut off."""
    sents = sentences(text)
    links = [s for s in sents if _LINK_LINE.match(s.text)]
    if block := _links_before(sents):
        links += sents[block[0] : block[1]]
    for s in links:
        text = _blank(text, s.start, s.end)
    if links:
        sents = sentences(text)
    if (end := report_end(sents)) < len(sents):
        text, sents = text[: sents[end].start], sents[:end]
    return text, sents


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
