"""Sentences and tokens with their character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from militancydb.nlp.model import Span

# A full stop ends a sentence unless it follows one of these (or a single capital: "U.S.").
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen lt col maj capt sgt brig st no nos vs etc jan feb mar apr jun jul aug "
    "sep sept oct nov dec inc ltd co corp govt dist approx est fig al".split()
)
_END = re.compile(
    r"[.!?]+[\"'\u201d\u2019)]*(?=\s+|$)|\n\s*\n"
    # a full stop run into the next sentence ("others.The elders"): a word of two lower-case
    # letters or more, then a capitalised word (not "U.S.", "e.g.", "Mr.Khan")
    r"|(?<=[a-z]{2})\.(?=[A-Z][a-z]+\b)"
    # a line break before a bulleted line ("- Five Taliban fighters were killed")
    r"|\n(?=[ \t]*[-\u2022*\u2013][ \t])"
)
_HEADLINE = re.compile(r"^[^\n.!?:;,]{3,100}\n(?=\s*[A-Z])")
#: A bulleted line (a page's summary points above the story) is a sentence of its own.
_BULLET = re.compile(r"^[-\u2022*\u2013][ \t][^\n]{3,300}\n")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z\u00c0-\u024f]+(?:['\u2019-][A-Za-z]+)*|\S")


@dataclass(frozen=True)
class Sentence:
    """A sentence: its offsets in the document and its text."""

    start: int
    end: int
    text: str

    def span(self, doc: str, start: int, end: int) -> Span:
        """The span of ``text[start:end]`` (offsets within the sentence) in the document."""
        return Span(doc, self.start + start, self.start + end, self.text[start:end])

    def whole(self, doc: str) -> Span:
        """The sentence as a span."""
        return Span(doc, self.start, self.end, self.text)


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences (full stops after abbreviations and initials do not end
    one; a blank line always does; so does a full stop with no space after it between a
    word and a capitalised word, "minor.Note: ...")."""
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group(0).startswith("."):
            before = re.search(r"(\w+)$", text[start : m.start()])
            word = before.group(1) if before else ""
            nxt = text[end : end + 2].lstrip()
            if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
            if nxt[:1].islower() or nxt[:1].isdigit():
                continue
        _add(out, text, start, end)
        start = end
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    head = _HEADLINE.match(chunk[lead:])
    if head is None:
        head = _BULLET.match(chunk[lead:])
    if head:  # a headline or a bulleted line on a line of its own is a sentence
        _add_one(out, text, start, start + lead + head.end())
        start += lead + head.end()
    _add_one(out, text, start, end)


def _add_one(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    if body:
        out.append(Sentence(start + lead, start + lead + len(body), body))


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Words, numbers and punctuation marks with their offsets."""
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
