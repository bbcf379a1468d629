"""Dates in news text, resolved against the publication date.

- Calendar dates: "26 August 2021", "August 26, 2021", "Aug. 26" (a date without a year takes
  the publication year, or the year before if it would fall after publication).
- Months: "in August 2021" (month precision).
- Weekdays: "on Monday", "late Saturday night": the latest such day on or before
  publication, so an article dated a Monday that says "on Monday" means that very day;
  "last Monday" in an article of a Monday means a week earlier.
- Relative words: "today", "tonight", "this morning" (publication day), "yesterday",
  "last night" (the day before), "the day before yesterday", "N days ago".

Without a publication date only calendar dates with a year resolve.

A date told as the day something was said ("the military's media wing said on Wednesday",
"an official told AFP on Monday", "police said yesterday") is marked ``reported``: it is when
the news came, which is not always when the incident happened; the pipeline prefers another
date of the incident and takes a reported one only when there is no other.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}  # fmt: skip
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_M = r"(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DMY = re.compile(
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _M + r"(?:,?\s+(?P<y>\d{4}))?\b", re.I
)
_MDY = re.compile(
    r"\b" + _M + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(?P<y>\d{4}))?", re.I
)
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_MONTH_YEAR = re.compile(r"\b(?:in\s+)?" + _M + r"\s+(?P<y>\d{4})\b", re.I)
_WEEKDAY = re.compile(
    r"\b(?P<last>last\s+)?(?:(?:early|late)\s+)?"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b",
    re.I,
)
_RELATIVE = re.compile(
    r"\b(?P<w>the day before yesterday|yesterday|today|tonight|this (?:morning|afternoon|evening)"
    r"|last night|earlier today|(?P<n>\d{1,2}|one|two|three|four|five|six|seven) days? ago)\b",
    re.I,
)
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass(frozen=True)
class DateMention:
    """A resolved date in a sentence (offsets within the text searched)."""

    date: dt.date
    precision: str  # day | month
    rule: str  # explicit | month | weekday | relative
    start: int
    end: int
    reported: bool = False


#: A verb of saying, then at most a few words that are not the event ("in a statement", "to
#: AFP", "the media"), then the date: the date is when it was said.
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|say|told|tells|confirmed|confirms|added|adds|reported|reports|stated|"
    r"states|announced|announces|disclosed|informed|tweeted|posted|briefed|claimed)"
    r"(?:\s+(?:in|a|an|the|its|his|her|their|to|this|statement|press|release|conference|"
    r"briefing|reporters|journalists|media|newsmen|responsibility|[A-Z][\w.]*)){0,4}"
    r"\s+(?:on\s+|late\s+|early\s+|(?:late|early)\s+on\s+)?$",
)


#: The date, then the verb of saying or claiming: "Islamic State on Sunday claimed
#: responsibility for a suicide attack in Kabul on Saturday".
_SAID_AFTER = re.compile(
    r"^\s*(?:also\s+|again\s+)?(?:said|told|confirmed|announced|claimed|denied|stated"
    r"|issued|released)\b"
)


def reported(text: str, start: int, end: int | None = None) -> bool:
    """Whether the date at ``start`` (to ``end``) of ``text`` is the day something was said
    or claimed (see the module docstring)."""
    if end is not None and _SAID_AFTER.match(text[end : end + 30]):
        return True
    return bool(_SAID_BEFORE.search(text[max(0, start - 80) : start]))


def _year_for(month: int, day: int, published: dt.date | None) -> int | None:
    if published is None:
        return None
    try:
        candidate = dt.date(published.year, month, day)
    except ValueError:
        return None
    return published.year - 1 if candidate > published + dt.timedelta(days=1) else published.year


def dates_in(text: str, published: dt.date | None) -> list[DateMention]:
    """Dates of ``text`` resolved against ``published`` (see the module docstring), in
    order of appearance; calendar dates come before weekdays at the same place."""
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(d: dt.date, precision: str, rule: str, s: int, e: int) -> None:
        if published is not None and d > published + dt.timedelta(days=1):
            return
        out.append(DateMention(d, precision, rule, s, e, reported(text, s, e)))
        taken.append((s, e))

    for m in _ISO.finditer(text):
        try:
            add(dt.date(int(m["y"]), int(m["m"]), int(m["d"])), "day", "explicit", *m.span())
        except ValueError:
            continue
    for rx in (_DMY, _MDY):
        for m in rx.finditer(text):
            if not free(*m.span()):
                continue
            month, day = MONTHS[m["m"].lower()], int(m["d"])
            year = int(m["y"]) if m["y"] else _year_for(month, day, published)
            if year is None or not 1 <= day <= 31:
                continue
            try:
                add(dt.date(year, month, day), "day", "explicit", *m.span())
            except ValueError:
                continue
    for m in _MONTH_YEAR.finditer(text):
        if free(*m.span()):
            add(dt.date(int(m["y"]), MONTHS[m["m"].lower()], 1), "month", "month", *m.span())
    if published is not None:
        for m in _WEEKDAY.finditer(text):
            if not free(*m.span()):
                continue
            back = (published.weekday() - WEEKDAYS[m["wd"].lower()]) % 7
            if m["last"] and back == 0:
                back = 7
            add(published - dt.timedelta(days=back), "day", "weekday", *m.span())
        for m in _RELATIVE.finditer(text):
            if not free(*m.span()):
                continue
            w = m["w"].lower()
            if m["n"]:
                back = int(m["n"]) if m["n"].isdigit() else _SMALL[m["n"].lower()]
            elif w == "the day before yesterday":
                back = 2
            elif w in ("yesterday", "last night"):
                back = 1
            else:
                back = 0
            add(published - dt.timedelta(days=back), "day", "relative", *m.span())
    out.sort(key=lambda d: d.start)
    return out
