"""Wording shared by the reports: periods in words, counts, changes."""

from __future__ import annotations

import datetime as dt

from militancydb.analysis.periods import Period
from militancydb.reports.model import Figure


def day_words(d: dt.date) -> str:
    """``2016-08-08`` as ``8 August 2016``."""
    return f"{d.day} {d:%B %Y}"


def period_words(p: Period, grain: str) -> str:
    """A period as a report names it."""
    if grain == "day":
        return day_words(p.start)
    if grain == "week":
        year, week = p.label.split("-W")
        return f"week {int(week)} of {year} ({day_words(p.start)} to {day_words(p.end)})"
    if grain == "month":
        return f"{p.start:%B %Y}"
    if grain == "quarter":
        return f"the {p.label[-2:]} quarter of {p.start.year}"
    return str(p.start.year)


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 incident``, ``2 incidents``."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def num(value: int | None) -> str:
    """A count, or "not recorded"."""
    return "not recorded" if value is None else f"{value:,}"


def figure_words(f: Figure, what: str) -> str:
    """``132 killed``, ``14 injured (recorded for 2 of 14 incidents)``, ``no recorded
    figure of injured``."""
    if f.value is None:
        return f"no recorded figure of {what}"
    text = f"{f.value:,} {what}"
    if f.partial:
        text += f" (recorded for {f.recorded} of {f.of} incidents)"
    return text


def change_words(pct: float | None) -> str:
    """``+25%``, ``−40%``, or ``n/a`` when the earlier value is 0."""
    if pct is None:
        return "n/a"
    return f"{pct:+.0f}%".replace("-", "−")


def direction(now: int | None, before: int | None, noun: str) -> str:
    """``deaths fell by 40% (from 220)``."""
    if now is None or before is None:
        return f"{noun} cannot be compared (not recorded)"
    if before == 0:
        return f"{noun}: {now:,}, against none" if now else f"{noun}: none in either"
    pct = round(100 * (now - before) / before)
    if pct == 0:
        return f"{noun} were unchanged ({before:,})"
    verb = "rose" if pct > 0 else "fell"
    return f"{noun} {verb} by {abs(pct)}% (from {before:,})"


def shorten(text: str | None, limit: int = 280) -> str | None:
    """The first paragraph of a text, cut at a word boundary."""
    if not text:
        return None
    first = text.strip().split("\n\n")[0].strip()
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + " …"
