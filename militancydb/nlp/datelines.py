"""Datelines and date stamps: where and when a news report was filed, not what it reports.

A news report opens with the place it was filed from, often with the day and the agency:
"PESHAWAR:", "QUETTA, Jan 5 (Reuters) -", "KABUL (Pajhwok):", "Islamabad [Pakistan], January
31 (ANI):", "Peshawar, Aug 17 (PTI)", "DERA ISMAIL KHAN -", "PESHAWAR, Pakistan" or
"Peshawar" (under the reporter's name) on a line of its own, "AT Monitoring Desk-KABUL:", a
region in parentheses ("Quetta (Balochistan), October 20 (APP):"), an agency or an outlet
first ("AP, Quetta, Pakistan :", "Pasbanan- Kabul:"), and a byline's place ("By: PTI |
Karachi | Published: ..."). The place of a dateline is where the reporter sat: the incident
is where the body says (a story filed from Peshawar about North Waziristan), and only when
the body names no place of its own ("a blast went off ... here on Tuesday") is the
dateline's place the scene. Its day is the day the report was filed, the day "on Saturday"
and "yesterday" count back from, not the day of the incident.

Pages also carry date stamps, on lines of their own ("24 Jun, 2017", "Monday, March 31,
2014", "E-Paper | September 26, 2025") or in a byline or footer ("Published July 6, 2021",
"Updated 06 Nov, 2024", "Published in Dawn, April 6th, 2021"): the page's date, not the
incident's.

:func:`datelines` finds the lines of a text's opening that read as datelines, :func:`stamps`
the date stamps and :func:`filed_on` the day a report was filed. They only find; the
pipeline decides what they are worth (the first dateline naming a place it knows).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from militancydb.nlp.dates import MONTHS
from militancydb.nlp.lexicon import NameHit
from militancydb.nlp.segments import points_home
from militancydb.nlp.text import Sentence

_MONTH = r"(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH = (
    r"(?:(?P<m1>" + _MONTH + r")\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>" + _MONTH + r"))"
    r"(?:,?\s+(?P<y>\d{4}))?"
)
_WORD_CAPS = r"[A-Z][A-Z.'\u2019]+"
_WORD_TITLE = r"[A-Z][a-z.'\u2019]+"
#: "DERA ISMAIL KHAN", "D.I. KHAN", "BANNU/LAKKI MARWAT", "KARACHI / SUKKUR" (capitals), or
#: "Dera Ismail Khan"
#: (title case; then an agency, a region, a date or a colon must follow)
_PLACE = (
    r"(?P<place>" + _WORD_CAPS + r"(?:(?:[ /-]| / )" + _WORD_CAPS + r"){0,6}"
    r"|" + _WORD_TITLE + r"(?:[ /-]" + _WORD_TITLE + r"){0,3})"
)
_REGION = (
    r"(?:(?:,\s*|\s*\[)(?P<region>[A-Z][A-Za-z-]+(?: [A-Z][A-Za-z-]+){0,2})\]?"
    # "Quetta (Balochistan), October 20": a region in parentheses, before a comma
    r"|\s*\((?P<pregion>[A-Z][A-Za-z-]+(?: [A-Z][A-Za-z-]+){0,2})\)(?=,))"
)
_AGENCY = r"\s*\((?P<agency>[A-Za-z][\w .&'-]{1,30})\)"
_DESK = (
    r"(?:[A-Z]{1,5}\s+(?:Monitoring|News|Web)\s+Desk\s*[-\u2013\u2014:]\s*"
    # an agency or an outlet first: "AP, Quetta, Pakistan :", "Pasbanan- Kabul:"
    r"|(?P<pre>AP|AFP|Reuters|APP|PTI|IANS|ANI|INP|NNI|UNI|Xinhua|dpa|EFE)\s*,\s*"
    r"|(?P<outlet>[A-Z][\w.]*(?: [A-Z][\w.]*){0,3})[-\u2013]\s*)?"
)
_DATELINE = re.compile(
    r"^[ \t]*" + _DESK + _PLACE + r"(?:" + _REGION + r")?"
    r"(?:,\s*(?P<date>" + _DAY_MONTH + r"))?"
    r"(?:" + _AGENCY + r")?"
    r"(?P<sep>\s*:|\s+[-\u2013\u2014]+(?=\s)|\s*[\u2013\u2014]|[ \t]*$|(?<=\))(?=\s))",
    re.M,
)
_STAMP = re.compile(
    r"^[ \t]*(?:[^\n.|]{1,30}\|[ \t]*)?(?:(?:Published|Updated|Posted|Last updated)(?: on)?:?\s+)?"
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(?P<date>" + _DAY_MONTH + r")"
    r"(?:,?\s+(?:/\s*)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?"
    # "August 16, 2018 / 9:22 AM / Updated an hour ago", "... 10:02 PM IST"
    r"(?:[ \t]*(?:[/|][^\n]{0,40}|[A-Z]{2,4}))?[ \t]*$",
    re.M | re.I,
)
#: A byline's or a footer's stamp inside a line: "Our Correspondent Published September 26,
#: 2025 Updated ...", "Published in Dawn, April 6th, 2021".
_INLINE_STAMP = re.compile(
    # ("(Last Updated On: October 2, 2019)")
    r"\b(?:Published|Updated|Posted|Last [Uu]pdated)(?:\s+[Oo]n|\s+in\s+[A-Z][\w .]{1,30}?,)?:?\s+"
    r"(?P<date>" + _DAY_MONTH + r")"
)
#: A byline that names the place filed from: "By: PTI | Karachi | Published: May 4, 2018".
_BYLINE = re.compile(
    r"^[ \t]*By:?[ \t]+(?P<agency>[^|\n]{1,60}?)[ \t]*\|[ \t]*"
    r"(?P<place>[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,3})[ \t]*\|",
    re.M,
)
#: How far into a text a dateline is looked for (a headline and a stamp may come first).
OPENING = 400
#: Words a title-case "dateline" is not (a heading, a label, a name of the month).
_NOT_PLACES = frozenset(
    "note update background published updated posted share read more related breaking "
    "news by the a an editorial opinion comment photo file monday tuesday wednesday thursday "
    "friday saturday sunday".split()
)


@dataclass(frozen=True)
class Dateline:
    """A dateline: its span in the text, its place's span, the day it gives (when the year
    is known) and the agency."""

    start: int
    end: int
    place_start: int
    place_end: int
    place: str
    day: dt.date | None
    month_day: tuple[int, int] | None
    agency: str | None


def _month_day(m: re.Match[str]) -> tuple[int, int] | None:
    month = m["m1"] or m["m2"]
    day = m["d1"] or m["d2"]
    if not month or not day:
        return None
    return MONTHS[month.rstrip(".").lower()], int(day)


def _on_day(month_day: tuple[int, int], year: int | None) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, *month_day)
    except ValueError:
        return None


def datelines(text: str) -> list[Dateline]:
    """Lines of the text's opening that read as datelines (see the module docstring), in
    order: a headline such as "Police: Gunmen kill four" reads as one too, so the caller
    takes the first whose place it knows."""
    out: list[Dateline] = []
    # a title-case place alone on its line: only when no other dateline is marked
    weak: list[Dateline] = []
    for m in _DATELINE.finditer(text[:OPENING]):
        place = m["place"]
        caps = place.upper() == place and sum(c.isalpha() for c in place) >= 3
        if m["outlet"] and ":" not in m["sep"]:
            continue  # "Outlet- Place" only before a colon
        marked = bool(m["agency"] or m["date"] or m["region"] or m["pregion"] or ":" in m["sep"])
        # "Peshawar" on a line of its own, under the reporter's name or the agency's
        alone = m["sep"].strip() == "" and len(place.split()) <= 2 and not m["outlet"]
        if not caps and (
            not (marked or alone) or place.split()[0].lower().strip(".") in _NOT_PLACES
        ):
            continue  # a title-case line needs an agency, a day, a region, a colon or a line
        if caps and not marked and m["sep"].strip() == "" and len(place.split()) > 3:
            continue  # a headline in capitals
        md = _month_day(m) if m["date"] else None
        year = int(m["y"]) if m["date"] and m["y"] else None
        (out if caps or marked else weak).append(
            Dateline(
                m.start("place"),
                m.end(),
                m.start("place"),
                m.end("place"),
                place,
                _on_day(md, year) if md else None,
                md,
                m["agency"] or m["pre"],
            )
        )
    for m in _BYLINE.finditer(text[:OPENING]):
        out.append(
            Dateline(
                m.start("place"), m.end(), m.start("place"), m.end("place"), m["place"],
                None, None, m["agency"].strip(),
            )
        )  # fmt: skip
    # ("31 C\nKarachi\n" of a page's weather box above "RAWALPINDI: ...")
    return sorted(out or weak, key=lambda t: t.start)


@dataclass(frozen=True)
class Stamp:
    """A date stamp on a line of its own: its span, month and day, and year if given."""

    start: int
    end: int
    month_day: tuple[int, int]
    year: int | None


def stamps(text: str) -> list[Stamp]:
    """The text's date stamps (see the module docstring)."""
    out: list[Stamp] = []
    for rx in (_STAMP, _INLINE_STAMP):
        for m in rx.finditer(text):
            md = _month_day(m)
            if md is not None and not any(t.start <= m.start() < t.end for t in out):
                out.append(Stamp(m.start(), m.end(), md, int(m["y"]) if m["y"] else None))
    return sorted(out, key=lambda t: t.start)


def filed_on(
    line: Dateline | None,
    found_stamps: list[Stamp],
    published: dt.date | None,
) -> dt.date | None:
    """The day the report was filed: the dateline's day (its year that of publication, or
    the year before when the day would fall after it), else a stamp's day with a year, else
    ``published``."""
    if line is not None and line.month_day is not None:
        if line.day is not None:
            return line.day
        year = published.year if published else next((t.year for t in found_stamps if t.year), None)
        day = _on_day(line.month_day, year)
        if day is not None and published is not None and day > published + dt.timedelta(days=1):
            day = _on_day(line.month_day, published.year - 1)
        if day is not None:
            return day
    if published is not None:
        return published
    for t in found_stamps:
        day = _on_day(t.month_day, t.year)
        if day is not None:
            return day
    return None


def without_dateline(line: Dateline | None, s: Sentence) -> str:
    """Sentence ``s`` with the dateline ``line`` blanked (an agency's name, "(PTI)", is no
    target)."""
    if line is None or line.end <= s.start or line.start >= s.end:
        return s.text
    a, b = max(line.start, s.start) - s.start, min(line.end, s.end) - s.start
    return s.text[:a] + " " * (b - a) + s.text[b:]


def dateline_places(
    line: Dateline | None,
    sents: Sequence[Sentence],
    places: Sequence[tuple[int, NameHit]],
    idx: Sequence[int],
) -> list[tuple[int, NameHit]]:
    """The dateline's place names (of ``places``, the names found with their sentence), for
    an incident (``idx``) after the first that points back to it ("a bomb went off near a
    police van here", "in the provincial capital") and does not hold the dateline itself;
    the dateline's place stays a fallback (``places.locate``'s ``filed``): a place the
    incident names itself is the scene."""
    if line is None or not idx or sents[idx[0]].start <= line.start:
        return []
    if not any(points_home(sents[i].text) for i in idx):
        return []
    return [(i, h) for i, h in places if line.start <= h.start < line.end]
