"""Helpers shared by the importers of hand-kept spreadsheets (Pakistan Body Count, TBIJ).

Rules, used by every importer that calls them:

- **Cells.** Column names are matched after trimming spaces (``"Women/Children  "`` is
  ``Women/Children``). An empty cell, ``Unreported``, ``Unknown``, ``N/A``, ``NA`` and ``-``
  are *unknown*; unknown is ``None``, never 0; a written 0 is 0.
- **Counts.** A count is a whole number. A negative number is a slip in a numeric column: the
  count is taken as unknown, with a warning. Any other text rejects the row (the row may be
  shifted or garbled, so none of it is trusted).
- **Ranges.** Min and max become low and high. ``best`` is a single figure only: min == max,
  or only one of the two given (then best is that one, and the missing bound stays unknown).
  A min above the max contradicts itself: the two are recorded as the range from the smaller
  to the larger, with a warning. A single-figure column (e.g. PBC's ``Taliban``) is low =
  best = high. Figures of several columns are added bound by bound: a bound is known only if
  it is known in every column, except that a low is a sum of the known lows (counts cannot be
  negative, so it stays a true lower bound).
- **Dates.** ``Sunday-November 19-1995``, ``Friday, June 18, 2004`` (a weekday that does not
  fit the date gives a warning; the date wins) and ``17/06/2004`` or ``8/5/05`` (day first;
  two-digit years are 20yy up to this year, else 19yy). Anything else rejects the row.
- **Places.** Province, city or agency names go to the gazetteer (country PK, within the
  province, on the incident's date). A name outside the province the row gives is taken with
  a warning. Free-text locations are cut into fragments (see :func:`fragments`) and the first
  fragment the gazetteer knows within the district is the place; a later fragment, or one
  after "near", makes the precision ``near``; a match more than 60 km from the row's
  coordinates is a namesake and is not taken. A name the gazetteer does not know is a
  warning and stays in the place detail. Resolutions are cached per distinct query.
- **References.** URLs are found wherever ``http://`` or ``https://`` starts (the files glue
  them together or separate them with spaces, ``;`` or ``- ``; a trailing hyphen is taken as
  a separator). Each distinct URL becomes one source (created once, found by URL after that),
  cited with the row id as locator. Text in the column that is not a URL is a warning.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from abc import abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from militancydb.domain.limits import URL, clip, is_http_url
from militancydb.io.engine import Converted, ImportContext, Importer, RawRow, Reject
from militancydb.io.table import read_table

UNKNOWN_MARKERS = frozenset({"", "unreported", "unknown", "n/a", "na", "not known", "-"})
EARLIEST = dt.date(1947, 1, 1)


class RowError(ValueError):
    """A row that cannot be imported; the message names the column and the value."""


# --- reading -------------------------------------------------------------------------------


def read_csv(importer: Importer, path: Path) -> Iterator[RawRow | Reject]:
    """Rows of a CSV file as the engine wants them: a row that does not fit the header is a
    :class:`Reject` (see :mod:`militancydb.io.table`)."""
    return read_table(importer, path)


class SpreadsheetImporter(Importer):
    """An importer of a hand-kept CSV spreadsheet: rows read by :func:`read_csv`, each row
    converted by :meth:`convert_row`, whose :class:`RowError` or schema error rejects the row."""

    def read(self, path: Path) -> Iterator[RawRow | Reject]:
        return read_csv(self, path)

    def convert(self, row: int, raw: dict[str, str], ctx: ImportContext) -> Converted | Reject:
        return guarded(self.convert_row, row, raw, ctx)

    @abstractmethod
    def convert_row(self, row: int, raw: dict[str, str], ctx: ImportContext) -> Converted:
        """One row as an incident; raise RowError to reject it."""


def cell(raw: dict[str, str], column: str) -> str:
    """A cell by its trimmed column name, with spaces collapsed ("" when missing)."""
    value = raw.get(column)
    if value is None:
        value = next((v for k, v in raw.items() if k.strip() == column), "")
    return " ".join((value or "").split())


def is_unknown(value: str) -> bool:
    """An empty cell or a marker that means "not reported"."""
    return value.strip().lower() in UNKNOWN_MARKERS


def guarded(
    convert: Callable[[int, dict[str, str], ImportContext], Converted],
    row: int,
    raw: dict[str, str],
    ctx: ImportContext,
) -> Converted | Reject:
    """Run a converter; a RowError or a schema error becomes a reject with its reason."""
    try:
        return convert(row, raw, ctx)
    except RowError as exc:
        return Reject(row, str(exc))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'incident'}: {e['msg']}" for e in exc.errors()
        )
        return Reject(row, problems)


def row_id(raw: dict[str, str], column: str) -> str:
    """The row's id in its dataset; a row without one is rejected."""
    value = cell(raw, column)
    if not value:
        raise RowError(f"{column} is empty; every row needs its id")
    return value


# --- dates ---------------------------------------------------------------------------------

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_WORDY = re.compile(
    r"(?:(?P<weekday>[A-Za-z]+)\s*[-,]\s*)?(?P<month>[A-Za-z]+)\.?\s*(?P<day>\d{1,2})"
    r"\s*[-,]?\s*(?P<year>\d{4})"
)
_DMY = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{2}|\d{4})")


def _checked(day: dt.date, column: str, text: str) -> dt.date:
    if day < EARLIEST or day > dt.date.today():
        raise RowError(f"{column} {clip(text)} is {day}, outside {EARLIEST} to today")
    return day


def wordy_date(text: str, column: str, warnings: list[str]) -> dt.date:
    """``Sunday-November 19-1995`` or ``Friday, June 18, 2004``."""
    m = _WORDY.fullmatch(text.strip())
    if not m:
        raise RowError(
            f"{column} {clip(text)} is not a date (expected e.g. 'Sunday-November 19-1995')"
        )
    month = MONTHS.get(m["month"].lower())
    if month is None:
        raise RowError(f"{column} {clip(text)} is not a date (no month {m['month']!r})")
    try:
        day = dt.date(int(m["year"]), month, int(m["day"]))
    except ValueError as exc:
        raise RowError(f"{column} {clip(text)} is not a date ({exc})") from exc
    weekday = m["weekday"]
    if weekday and WEEKDAYS.get(weekday.lower()) != day.weekday():
        warnings.append(
            f"{column} {clip(text)} names {weekday}, but {day} was a "
            f"{calendar.day_name[day.weekday()]}; took the date"
        )
    return _checked(day, column, text)


def dmy_date(text: str, column: str) -> dt.date:
    """``17/06/2004`` or ``8/5/05`` (day first)."""
    m = _DMY.fullmatch(text.strip())
    if not m:
        raise RowError(f"{column} {clip(text)} is not a date (expected day/month/year)")
    year = int(m["year"])
    if len(m["year"]) == 2:
        year += 2000 if year <= dt.date.today().year % 100 else 1900
    try:
        day = dt.date(year, int(m["month"]), int(m["day"]))
    except ValueError as exc:
        raise RowError(f"{column} {clip(text)} is not a date ({exc})") from exc
    return _checked(day, column, text)


# --- counts and ranges ---------------------------------------------------------------------


def count(raw: dict[str, str], column: str, warnings: list[str]) -> int | None:
    """A head count from one cell (see the module docstring)."""
    value = cell(raw, column)
    if is_unknown(value):
        return None
    if re.fullmatch(r"-\s*\d+", value):
        warnings.append(f"{column} is {value}, a negative count; taken as unknown")
        return None
    if not value.isdigit():
        raise RowError(f"{column} {clip(value)} is not a number")
    return int(value)


@dataclass(frozen=True)
class Figure:
    """A casualty figure: low <= best <= high, each possibly unknown."""

    low: int | None = None
    best: int | None = None
    high: int | None = None

    @property
    def known(self) -> bool:
        """Whether any bound is known."""
        return any(v is not None for v in (self.low, self.best, self.high))

    def casualty(self, category: str, outcome: str = "killed") -> dict[str, Any]:
        """The figure as an incident's casualty entry."""
        return {"category": category, "outcome": outcome, **asdict(self)}

    def text(self) -> str:
        """``2``, ``2-3``, ``at least 2``, ``at most 3`` or ``unknown``."""
        if self.best is not None:
            return str(self.best)
        if self.low is not None and self.high is not None:
            return f"{self.low}-{self.high}"
        if self.low is not None:
            return f"at least {self.low}"
        if self.high is not None:
            return f"at most {self.high}"
        return "unknown"


UNKNOWN = Figure()


def single(value: int | None) -> Figure:
    """A column that gives one figure."""
    return UNKNOWN if value is None else Figure(value, value, value)


def min_max(lo: int | None, hi: int | None, label: str, warnings: list[str]) -> Figure:
    """A min/max pair as a figure (see the module docstring)."""
    if lo is None and hi is None:
        return UNKNOWN
    if lo is None:
        return Figure(None, hi, hi)
    if hi is None:
        return Figure(lo, lo, None)
    if lo == hi:
        return Figure(lo, lo, hi)
    if lo > hi:
        warnings.append(
            f"{label}: the minimum {lo} is above the maximum {hi}; recorded as {hi}-{lo}"
        )
        lo, hi = hi, lo
    return Figure(lo, None, hi)


def pair(raw: dict[str, str], lo: str, hi: str, label: str, warnings: list[str]) -> Figure:
    """The figure of a min and a max column. When one of them is a negative slip, the other
    is kept as its bound only: it is not a single figure."""
    before = len(warnings)
    low, high = count(raw, lo, warnings), count(raw, hi, warnings)
    if len(warnings) > before:
        return Figure(low, None, None) if low is not None else Figure(None, None, high)
    return min_max(low, high, label, warnings)


def added(parts: list[Figure]) -> Figure:
    """The figure of several columns together (see the module docstring)."""
    known = [p for p in parts if p.known]
    if not known:
        return UNKNOWN
    lows = [p.low for p in known if p.low is not None]
    bests = [p.best for p in parts if p.best is not None]
    highs = [p.high for p in parts if p.high is not None]
    return Figure(
        sum(lows) if lows else None,
        sum(bests) if len(bests) == len(parts) else None,
        sum(highs) if len(highs) == len(parts) else None,
    )


def check_part(
    part: Figure, whole: Figure, part_label: str, whole_label: str, warnings: list[str]
) -> None:
    """Warn when a part is surely larger than the whole it belongs to."""
    if part.low is not None and whole.high is not None and part.low > whole.high:
        warnings.append(
            f"{part_label} ({part.text()}) exceed {whole_label} ({whole.text()}); kept both "
            "as the file gives them"
        )


# --- sources -------------------------------------------------------------------------------


def sources(
    ctx: ImportContext,
    locator: str,
    excerpt: str | None,
    urls: list[str],
    warnings: list[str] | None = None,
) -> list[dict[str, Any]]:
    """The row's sources as ``IncidentCreate.sources``: the dataset (cited with the row id and
    an excerpt) and one source per reference URL (created once, found by URL afterwards). A
    URL that is not a well-formed http(s) address is left out, with a warning."""
    cite = {"locator": locator[:200]}
    good = [u for u in urls if len(u) <= URL and is_http_url(u)]
    if warnings is not None:
        warnings += [
            f"reference {clip(u)} is not a well-formed web address; left out"
            for u in urls
            if u not in good
        ]
    hosts = [(urlsplit(u).hostname or "").removeprefix("www.") or None for u in good]
    return [
        {"id": ctx.source_id, "excerpt": excerpt[:5000] if excerpt else None, **cite},
        *({"url": u, "publisher": h, **cite} for u, h in zip(good, hosts, strict=True)),
    ]


def sourced(converted: Converted) -> Converted:
    """Let the engine cite the row's ``data.sources`` (creating a source for each new URL):
    a ``Converted`` with ``citations`` None means exactly that."""
    converted.citations = None
    return converted
