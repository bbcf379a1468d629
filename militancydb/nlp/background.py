"""Earlier attacks told one after another as background: "The last such attack took place
back on November 14 when ... On November 8, a DIG and two other officials were martyred when
...". The first sentence opens with a background cue (its figures are dropped by
:func:`~militancydb.nlp.told_before.own_figures`); a sentence right after it that opens with a
calendar date continues the list of earlier attacks, and its figures are not the report's
either (:func:`chained`), when the report gives no day to compare them with. So do the
sentences that open with a day after "This followed a string of attacks in the province":
they list the string. Such sentences are background: they open no incident.

Two more readings of background figures (:func:`report_figures`):

- **a tally of a period or of a campaign**: "About 11,500 civilians were killed or wounded
  in Afghanistan in 2016", "A total of 100 people were killed in the district during 2025",
  "The violence has killed hundreds of people": a count over a year or a conflict, never
  one incident's (:func:`period_tally`);
- **background told on**: after a sentence of the body that opens as background ("In
  December last year, ...", "Last week, ...", "This is not the first time ..."), the
  sentences that follow go on telling that earlier event ("... after a convoy was attacked,
  in which at least 50 people were killed") until one comes back to the report: names its
  day ("today's attack", "Tuesday's blast"), or updates its toll (:func:`told_on`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from militancydb.nlp.figure import Casualty
from militancydb.nlp.page_junk import repeated
from militancydb.nlp.rules import rules
from militancydb.nlp.segments import segment_rules
from militancydb.nlp.text import Sentence
from militancydb.nlp.told_before import own_figures

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


#: A count over a period: "in 2016", "during 2025", "since 2021", "throughout the year"
#: (not a day's year: "on March 3, 2016", "in March 2016").
_PERIOD = re.compile(
    r"\b(?:(?<!\d )(?<!\d, )(?:in|during|throughout)\s+(?:the\s+(?:year\s+)?)?(?:19|20)\d\d\b"
    r"(?!\s*[-\u2013/]\s*\d)(?!,?\s+(?:when|after|as)\b)"
    r"|since\s+(?:19|20)\d\d\b|(?:in|during|over)\s+the\s+(?:past|last)\s+(?:\w+\s+)?"
    r"(?:years?|decades?)\b|(?:so\s+far|in\s+the\s+first\s+\w+\s+months)\s+(?:of\s+)?this\s+year)",
    re.I,
)
_MONTH_BEFORE = re.compile(r"(?:" + _MONTHS + r")\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?$", re.I)
#: A conflict's or a campaign's toll: "The violence has killed hundreds", "the insurgency
#: has claimed thousands of lives", "such attacks have killed more than 80 people".
_CAMPAIGN = re.compile(
    r"\b(?:the|its|their|this|that|such|these|those)\s+(?:[\w-]+\s+){0,2}?(?:violence|insurgency"
    r"|conflict|war|fighting|militancy|unrest|attacks|bombings|clashes|campaign)\s+(?:\w+\s+)?"
    r"(?:has|have|had)\s+(?:\w+\s+)?(?:killed|claimed|left)\b",
    re.I,
)


#: One event told in the sentence: "12 people were killed in a blast in Quetta in 2019" is
#: that blast's count, not a tally of the year.
_ONE_EVENT = re.compile(
    r"\b(?:an?|the|this|that)\s+(?:[\w-]+\s+){0,2}?(?:attack|blast|bombing|explosion|ambush"
    r"|raid|strike|shooting|assault|incident|operation|clash)\b",
    re.I,
)


def period_tally(text: str) -> bool:
    """Whether the sentence counts over a period ("in 2016", "during 2025", "since 2021";
    not where it tells one event: "in a blast in 2019") or tells a campaign's toll ("The
    violence has killed hundreds"): its figures are no incident's."""
    if _CAMPAIGN.search(text):
        return True
    return not _ONE_EVENT.search(text) and any(
        not _MONTH_BEFORE.search(text[max(0, m.start() - 24) : m.start()])
        for m in _PERIOD.finditer(text)
    )


#: A sentence that comes back to the report after background: its day ("today's attack",
#: "Tuesday's blast"), "the latest", or a toll update.
_BACK = re.compile(
    r"\b(?:today|tonight|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)[\'\u2019]s"
    r"|this\s+(?:attack|blast|bombing|explosion|incident)|the\s+latest|toll\s+(?:rose|has\s+risen"
    r"|climbed|reached))\b",
    re.I,
)
#: Openers of background besides the rules' cues: "This is not the first time ...", "...
#: is the second major suicide attack in the past five days", "Last week, ...".
_SERIES_OPEN = re.compile(
    r"(?:^\W*(?:this|it)\s+(?:is|was)\s+not\s+the\s+first[\s-]time"
    r"|\b(?:is|was)\s+the\s+(?:second|third|fourth|fifth|latest|\d+(?:st|nd|rd|th))\s+(?:[\w-]+\s+){0,3}?"
    r"(?:attacks?|bombings?|blasts?|incidents?)\s+(?:in|on|of|this|since)\b"
    r"|^\W*(?:last|earlier\s+this)\s+(?:week|month|year)\s*,)",
    re.I,
)


def _opens_series(text: str) -> bool:
    return bool(_SERIES_OPEN.search(text))


def told_on(sents: Sequence[Sentence]) -> set[int]:
    """The sentences after a background opener of the body (not the first two sentences,
    which tell the report) that go on telling the earlier event: up to the first that comes
    back to the report (:data:`_BACK`)."""
    out: set[int] = set()
    going = False
    for i, s in enumerate(sents):
        if going and not _BACK.search(s.text):
            out.add(i)
            continue
        going = i >= 2 and (opens_as_background(s.text) or _opens_series(s.text))
    return out


def report_figures(sents: Sequence[Sentence]) -> dict[int, list[Casualty]]:
    """The figures of each sentence that count for the report: its own (``own_figures``),
    none for an earlier attack listed after background (:func:`chained`, :func:`told_on`)
    nor for a tally of a period (:func:`period_tally`), and a figure the page repeats in
    the same words once (:func:`~militancydb.nlp.page_junk.repeated`)."""
    later = chained(sents) | told_on(sents)
    figures = {
        i: [] if i in later or period_tally(s.text) else own_figures(s.text)
        for i, s in enumerate(sents)
    }
    repeated(sents, figures)
    return figures
