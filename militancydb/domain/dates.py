"""Partial dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) as used by the knowledge base.

A partial date stands for a span: ``2015-08`` is any day of August 2015. A start date is read
as the first day of its span, an end date as the last, so "was X true on day D" is
``earliest(start) <= D <= latest(end)``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial(value: str | int | dt.date | None) -> str | None:
    """Check and normalise a partial date; returns None for empty input.

    Raises ValueError naming the bad value for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    m = _PARTIAL.match(text)
    if not m:
        raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month and not 1 <= int(month) <= 12:
        raise ValueError(f"{value!r}: month {month} does not exist")
    if day:
        dt.date(int(year), int(month), int(day))  # raises ValueError for 2016-02-30
    return text


def precision(value: str) -> str:
    """``year``, ``month`` or ``day``."""
    return {4: "year", 7: "month", 10: "day"}[len(value)]


def earliest(value: str | None) -> dt.date | None:
    """The first day a partial date can mean."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def latest(value: str | None) -> dt.date | None:
    """The last day a partial date can mean."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], 12, 31)


def in_span(day: dt.date, start: str | None, end: str | None) -> bool:
    """Whether ``day`` falls within [start, end] (open ends are unbounded)."""
    lo = earliest(start)
    hi = latest(end)
    return (lo is None or lo <= day) and (hi is None or day <= hi)


def started_by(day: dt.date, start: str | None) -> bool:
    """Whether something that began at ``start`` had surely begun by ``day``."""
    hi = latest(start)
    return hi is None or hi <= day


def to_date(value: str | dt.date) -> dt.date:
    """A full ``YYYY-MM-DD`` date; raises ValueError naming the problem."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date of the form YYYY-MM-DD") from exc
