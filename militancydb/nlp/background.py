"""Earlier attacks told one after another as background: "The last such attack took place
back on November 14 when ... On November 8, a DIG and two other officials were martyred when
...". The first sentence opens with a background cue (its figures are dropped by
:func:`~militancydb.nlp.segments.own_figures`); a sentence right after it that opens with a
calendar date continues the list of earlier attacks, and its figures are not the report's
either (:func:`chained`), when the report gives no day to compare them with. So do the
sentences that open with a day after "This followed a string of attacks in the province":
they list the string. Such sentences are background: they open no incident.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from militancydb.nlp.figure import Casualty
from militancydb.nlp.page_junk import repeated
from militancydb.nlp.rules import rules
from militancydb.nlp.segments import own_figures, segment_rules
from militancydb.nlp.text import Sentence

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: "On November 8, ...", "On 8 November, ...", "In August, ..."
_DATE_FIRST = re.compile(
    r"^\W*(?:on\s+(?:(?:"
    + _MONTHS
    + r")\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:"
    + _MONTHS
    + r"))|in\s+(?:"
    + _MONTHS
    + r"))(?:,?\s+(?:19|20)\d\d)?\s*,",
    re.I,
)
#: "This followed a string of attacks in the province": the sentences after it that open with
#: a day ("On Monday, ...", "Earlier in the day, ...") list those attacks.
_SERIES = re.compile(
    r"^\W*(?:this|it|that|the\s+(?:attack|blast|bombing|explosion|incident|killing))\s+"
    r"(?:followed|follows|came|comes)\s+(?:\w+\s+)?(?:after\s+)?an?\s+(?:\w+\s+)?"
    r"(?:string|series|spate|wave|spree)\s+of\b",
    re.I,
)
_DAY_FIRST = re.compile(
    r"^\W*(?:on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|earlier\s+(?:in\s+the|that)\s+day|(?:a|the)\s+day\s+(?:before|earlier)|last\s+week)\b",
    re.I,
)
#: How far into a sentence its background cue may start for the sentence to open with it.
_LEAD = 12


def opens_as_background(text: str) -> bool:
    """Whether the sentence opens with a background cue ("In an earlier attack, ...", "The
    last such attack took place ...")."""
    for rx in (rules().background, segment_rules().background):
        m = rx.search(text[: _LEAD + 60])
        if m is not None and m.start() <= _LEAD:
            return True
    return False


def chained(sents: Sequence[Sentence]) -> set[int]:
    """The sentences that open with a calendar date right after a sentence that opens as
    background (or after another such sentence), or with a day after "This followed a string
    of attacks": earlier attacks listed."""
    out: set[int] = set()
    series = False
    for i in range(1, len(sents)):
        series = series or bool(_SERIES.match(sents[i - 1].text))
        before = i - 1 in out or opens_as_background(sents[i - 1].text)
        if (before and _DATE_FIRST.match(sents[i].text)) or (
            series
            and (i - 1 in out or _SERIES.match(sents[i - 1].text))
            and _DAY_FIRST.match(sents[i].text)
        ):
            out.add(i)
    return out


def report_figures(sents: Sequence[Sentence]) -> dict[int, list[Casualty]]:
    """The figures of each sentence that count for the report: its own (``own_figures``),
    none for an earlier attack listed after background (:func:`chained`), and a figure the
    page repeats in the same words once (:func:`~militancydb.nlp.page_junk.repeated`)."""
    later = chained(sents)
    figures = {i: [] if i in later else own_figures(s.text) for i, s in enumerate(sents)}
    repeated(sents, figures)
    return figures
