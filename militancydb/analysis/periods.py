"""Periods (day, week, month, quarter, year) and the arithmetic reports need."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

Grain = Literal["day", "week", "month", "quarter", "year"]


@dataclass(frozen=True)
class Period:
    """A span of days, inclusive, with a label."""

    start: dt.date
    end: dt.date
    label: str

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the period."""
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        """Length in days."""
        return (self.end - self.start).days + 1


def period_of(day: dt.date, grain: Grain) -> Period:
    """The period of a grain that contains ``day``."""
    if grain == "day":
        return Period(day, day, day.isoformat())
    if grain == "week":
        start = day - dt.timedelta(days=day.weekday())
        iso = start.isocalendar()
        return Period(start, start + dt.timedelta(days=6), f"{iso.year}-W{iso.week:02d}")
    if grain == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(day.replace(day=1), day.replace(day=last), f"{day:%Y-%m}")
    if grain == "quarter":
        q = (day.month - 1) // 3
        start = dt.date(day.year, 3 * q + 1, 1)
        end_month = 3 * q + 3
        end = dt.date(day.year, end_month, calendar.monthrange(day.year, end_month)[1])
        return Period(start, end, f"{day.year}-Q{q + 1}")
    return Period(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), str(day.year))


def previous(p: Period, grain: Grain) -> Period:
    """The period before ``p``."""
    return period_of(p.start - dt.timedelta(days=1), grain)


def year_before(p: Period, grain: Grain) -> Period:
    """The same period a year earlier."""
    try:
        start = p.start.replace(year=p.start.year - 1)
    except ValueError:  # 29 February
        start = p.start.replace(year=p.start.year - 1, day=28)
    return period_of(start, grain)


def parse_period(text: str) -> tuple[Period, Grain]:
    """A period from ``2016-08-08`` (day), ``2016-W32`` (week), ``2016-08`` (month),
    ``2016-Q3`` (quarter) or ``2016`` (year); raises ValueError naming the forms."""
    t = text.strip()
    try:
        if len(t) == 10:
            return period_of(dt.date.fromisoformat(t), "day"), "day"
        if "-W" in t:
            year, week = t.split("-W")
            start = dt.date.fromisocalendar(int(year), int(week), 1)
            return period_of(start, "week"), "week"
        if "-Q" in t:
            year, q = t.split("-Q")
            if not 1 <= int(q) <= 4:
                raise ValueError
            return period_of(dt.date(int(year), 3 * int(q) - 2, 1), "quarter"), "quarter"
        if len(t) == 7:
            return period_of(dt.date(int(t[:4]), int(t[5:7]), 1), "month"), "month"
        if len(t) == 4:
            return period_of(dt.date(int(t), 1, 1), "year"), "year"
    except ValueError:
        pass
    raise ValueError(
        f"{text!r} is not a period: use 2016-08-08 (day), 2016-W32 (week), 2016-08 (month), "
        "2016-Q3 (quarter) or 2016 (year)"
    )


def months_between(earlier: dt.date, later: dt.date) -> tuple[int, int]:
    """Whole months and remaining days from ``earlier`` to ``later``."""
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    if later.day < earlier.day:
        months -= 1
    y, m = divmod(earlier.month - 1 + months, 12)
    last = calendar.monthrange(earlier.year + y, m + 1)[1]
    anchor = dt.date(earlier.year + y, m + 1, min(earlier.day, last))
    return months, (later - anchor).days


def change(now: float, before: float) -> float | None:
    """Percentage change (None when the earlier value is 0)."""
    if before == 0:
        return None
    return 100.0 * (now - before) / before  # unrounded: each display rounds once
