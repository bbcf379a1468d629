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
  after "near", makes the precision ``near``. A name the gazetteer does not know is a warning
  and stays in the place detail. Resolutions are cached per distinct text.
- **References.** URLs are found wherever ``http://`` or ``https://`` starts (the files glue
  them together or separate them with spaces, ``;`` or ``- ``; a trailing hyphen is taken as
  a separator). Each distinct URL becomes one source (created once, found by URL after that),
  cited with the row id as locator. Text in the column that is not a URL is a warning.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from militancydb.io.engine import Converted, ImportContext, Importer, Reject
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.place_tree import DISTRICT_KINDS, POINT_KINDS, PROVINCE_KINDS
from militancydb.services.locations import ResolvedLocation, locate

UNKNOWN_MARKERS = frozenset({"", "unreported", "unknown", "n/a", "na", "not known", "-"})
EARLIEST = dt.date(1947, 1, 1)


class RowError(ValueError):
    """A row that cannot be imported; the message names the column and the value."""


# --- reading -------------------------------------------------------------------------------


def read_csv(importer: Importer, path: Path) -> Iterator[tuple[int, int | None, dict[str, str]]]:
    """Rows of a CSV file as the engine wants them; surplus cells are kept under one key."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        importer.check_columns([c.strip() for c in reader.fieldnames or []], path)
        for n, row in enumerate(reader, start=1):
            extra = row.pop(None, None)
            if extra:
                row["(cells beyond the header)"] = " | ".join(str(x) for x in extra)
            yield n, reader.line_num, {k: v if v is not None else "" for k, v in row.items()}


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
        raise RowError(f"{column} {text!r} is {day}, outside {EARLIEST} to today")
    return day


def wordy_date(text: str, column: str, warnings: list[str]) -> dt.date:
    """``Sunday-November 19-1995`` or ``Friday, June 18, 2004``."""
    m = _WORDY.fullmatch(text.strip())
    if not m:
        raise RowError(f"{column} {text!r} is not a date (expected e.g. 'Sunday-November 19-1995')")
    month = MONTHS.get(m["month"].lower())
    if month is None:
        raise RowError(f"{column} {text!r} is not a date (no month {m['month']!r})")
    try:
        day = dt.date(int(m["year"]), month, int(m["day"]))
    except ValueError as exc:
        raise RowError(f"{column} {text!r} is not a date ({exc})") from exc
    weekday = m["weekday"]
    if weekday and WEEKDAYS.get(weekday.lower()) != day.weekday():
        warnings.append(
            f"{column} {text!r} names {weekday}, but {day} was a "
            f"{calendar.day_name[day.weekday()]}; took the date"
        )
    return _checked(day, column, text)


def dmy_date(text: str, column: str) -> dt.date:
    """``17/06/2004`` or ``8/5/05`` (day first)."""
    m = _DMY.fullmatch(text.strip())
    if not m:
        raise RowError(f"{column} {text!r} is not a date (expected day/month/year)")
    year = int(m["year"])
    if len(m["year"]) == 2:
        year += 2000 if year <= dt.date.today().year % 100 else 1900
    try:
        day = dt.date(year, int(m["month"]), int(m["day"]))
    except ValueError as exc:
        raise RowError(f"{column} {text!r} is not a date ({exc})") from exc
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
        raise RowError(f"{column} {value!r} is not a number")
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
        return {
            "category": category,
            "outcome": outcome,
            "low": self.low,
            "best": self.best,
            "high": self.high,
        }

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


# --- places --------------------------------------------------------------------------------

_NUMBERS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty"
)
_DISTANCE = re.compile(
    rf"\b(?:about\s+|some\s+|around\s+)?(?:\d+|{_NUMBERS})\s*(?:km|kms|kilomet\w*|miles?)\b"
    r"[^-,;/]*",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\([^)]*\)?")
_SPLIT = re.compile(r"\s*(?:[-,;/]|\.\s|\band\b|\bin\b|\bof\b)\s*", re.IGNORECASE)
_NEAR = re.compile(r"^(?:near|nera|close to)\b\s*", re.IGNORECASE)
_FILLER = re.compile(
    r"\b(?:villages?|area|town|tehsil|bazaa?r|market|region|district|agency|camp|the|a|is|"
    r"main|house|guest|nearby)\b",
    re.IGNORECASE,
)


def fragments(text: str) -> list[tuple[str, bool]]:
    """Candidate place names in a free-text location, each with a "near" flag.

    Parenthesised asides and distance phrases ("30km north of Miranshah": a reference point,
    not the place) are dropped; the rest is cut at ``- , ; /``, "and", "in", "of". The whole
    text comes first, then each piece as written and without filler words (village, area,
    tehsil, bazaar, ...). Pieces after the first, and pieces after "near", are flagged near.
    """
    base = _DISTANCE.sub(" ", _PARENS.sub(" ", text))
    out: dict[str, bool] = {}

    def add(piece: str, near: bool) -> None:
        if _NEAR.match(piece):
            near, piece = True, _NEAR.sub("", piece)
        for candidate in (piece, _FILLER.sub(" ", piece)):
            candidate = " ".join(candidate.split()).strip(" .'")
            if len(candidate) >= 3 and candidate.lower() not in out:
                out[candidate.lower()] = near
                names.append((candidate, near))

    names: list[tuple[str, bool]] = []
    add(" ".join(base.split()), False)
    for i, piece in enumerate(p for p in _SPLIT.split(base) if p.strip()):
        add(piece.strip(), i > 0)
    return names


@dataclass(frozen=True)
class Where:
    """Where a row's incident happened, with the precision and any caveats."""

    location: ResolvedLocation
    precision: str
    warnings: tuple[str, ...] = ()


def _resolve(
    gaz: Gazetteer, cache: dict[Any, Any], text: str, day: dt.date, **kw: Any
) -> tuple[str | None, str, str]:
    """(key, kind, why) for a name, cached per distinct query."""
    key = ("place", text, day.year, tuple(sorted(kw.items())))
    if key not in cache:
        r = gaz.resolve(text, on=day, country="PK", **kw)
        kind = gaz.places[r.key].kind if r.key else ""
        why = "; ".join(r.reasons) or r.status
        if r.status == "ambiguous":
            why = f"ambiguous: {', '.join(m.key for m in r.alternatives[:4])}"
        cache[key] = (r.key, kind, why)
    value: tuple[str | None, str, str] = cache[key]
    return value


def where(
    ctx: ImportContext,
    *,
    day: dt.date,
    province: tuple[str, str] | None = None,
    province_key: str | None = None,
    unit: tuple[str, str] | None = None,
    unit_key: str | None = None,
    site: tuple[str, str] | None = None,
    point: tuple[float, float] | None = None,
) -> Where:
    """Resolve (column, text) pairs for the province, the city or agency (``unit``) and a
    free-text site (or take gazetteer keys the importer already has), then fill in the
    province and district at the time and today."""
    gaz, cache, warnings = ctx.kb.gazetteer, ctx.cache, []
    district_key = place_key = None
    near = False
    if province and province[1]:
        province_key, _, why = _resolve(gaz, cache, province[1], day, kinds=PROVINCE_KINDS)
        if province_key is None:
            warnings.append(
                f"{province[0]} {province[1]!r} is not a province in the gazetteer "
                f"({why}); left out"
            )
    found: tuple[str | None, str, str] = (
        (unit_key, gaz.places[unit_key].kind, "") if (unit_key) else (None, "", "")
    )
    if unit and unit[1] and not unit_key:
        found = _resolve(
            gaz, cache, unit[1], day, within=province_key, near=point, prefer="specific"
        )
        if found[0] is None and province_key:
            outside = _resolve(gaz, cache, unit[1], day, near=point, prefer="specific")
            if outside[0] is not None:
                admin = gaz.admin_of(outside[0], day).province or outside[0]
                warnings.append(
                    f"{unit[0]} {unit[1]!r} is in {gaz.places[admin].name} in the gazetteer, "
                    f"not in {province[0] if province else 'the province'} "
                    f"{province[1] if province else ''!r}; took {unit[0]}"
                )
                found, province_key = outside, None
        if found[0] is None:
            warnings.append(
                f"{unit[0]} {unit[1]!r} is not in the gazetteer ({found[2]}); kept as place detail"
            )
    if found[0] is not None:
        if found[1] in DISTRICT_KINDS:
            district_key = found[0]
        elif found[1] in PROVINCE_KINDS:
            province_key = province_key or found[0]
        else:
            place_key = found[0]
    if site and site[1]:
        within = district_key or place_key or province_key
        for name, is_near in fragments(site[1]):
            key, kind, _ = _resolve(
                gaz, cache, name, day, within=within, near=point, prefer="specific"
            )
            if key is not None and kind in POINT_KINDS:
                place_key, near = key, is_near
                break
        else:
            warnings.append(
                f"{site[0]} {site[1]!r}: no place in it is in the gazetteer"
                f"{' within ' + gaz.places[within].name if within else ''}; kept as "
                "place detail"
            )
    if place_key:
        precision = "near" if near else "exact"
    elif district_key:
        precision = "district"
    elif province_key:
        precision = "province"
    else:
        precision = "unknown"
    location = locate(
        gaz,
        day=day,
        province_key=province_key,
        district_key=district_key,
        place_key=place_key,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        point_precise=precision in ("exact", "near"),
    )
    return Where(location, precision, tuple(warnings))


def coordinates(
    raw: dict[str, str], lat_column: str, lon_column: str, warnings: list[str]
) -> tuple[float, float] | None:
    """Latitude and longitude, or None (with a warning when they are there but unusable)."""
    lat, lon = cell(raw, lat_column), cell(raw, lon_column)
    if is_unknown(lat) and is_unknown(lon):
        return None
    try:
        point = (float(lat), float(lon))
    except ValueError:
        warnings.append(f"{lat_column}/{lon_column} {lat!r}/{lon!r} are not coordinates; left out")
        return None
    if not (20 <= point[0] <= 40 and 58 <= point[1] <= 80):
        warnings.append(f"{lat_column}/{lon_column} {lat}/{lon} are outside Pakistan; left out")
        return None
    return point


# --- sources -------------------------------------------------------------------------------

_URL_START = re.compile(r"https?://", re.IGNORECASE)


def reference_urls(text: str) -> tuple[list[str], str]:
    """The distinct URLs in a references cell, and whatever text is not part of one."""
    starts = [m.start() for m in _URL_START.finditer(text)]
    urls: list[str] = []
    rest = text[: starts[0]] if starts else text
    for i, start in enumerate(starts):
        chunk = text[start : starts[i + 1] if i + 1 < len(starts) else len(text)]
        url, _, tail = chunk.replace(";", " ").partition(" ")
        url = url.rstrip("-,.")
        if len(url) > 10 and url not in urls:
            urls.append(url)
        rest += " " + tail
    leftover = " ".join(rest.replace(";", " ").split()).strip(" -,.")
    return urls, leftover


def sources(
    ctx: ImportContext, locator: str, excerpt: str | None, urls: list[str]
) -> list[dict[str, Any]]:
    """The row's sources as ``IncidentCreate.sources``: the dataset (cited with the row id and
    an excerpt) and one source per reference URL (created once, found by URL afterwards)."""
    out: list[dict[str, Any]] = [
        {
            "id": ctx.source_id,
            "locator": locator[:200],
            "excerpt": (excerpt or None) and excerpt[:5000],
        }
    ]
    for url in urls:
        host = urlsplit(url).hostname or ""
        out.append(
            {
                "url": url[:2000],
                "publisher": host.removeprefix("www.") or None,
                "locator": locator[:200],
            }
        )
    return out


def sourced(converted: Converted) -> Converted:
    """Let the engine resolve the row's ``data.sources`` (creating the URL sources).

    The engine hands ``Converted.citations`` to ``prepare``, which creates sources from
    ``IncidentCreate.sources`` only when that argument is None; a converter has no session to
    create them itself. So the citations are set to None here (see docs/importers-pbc-tbij.md).
    """
    converted.citations = None  # type: ignore[assignment]
    return converted


# --- drone strikes -------------------------------------------------------------------------

US_NAME = "Government of United States of America"


def drone_strike(ctx: ImportContext, note: str, site: str | None) -> dict[str, Any]:
    """The coded fields every drone-strike row shares: event type, tactic, the United States
    as perpetrator (the registry key UCDP's name resolves to, so both datasets agree) and
    militants as the target, with the dataset's site description."""
    if "us-actor" not in ctx.cache:
        ctx.cache["us-actor"] = ctx.kb.registry.resolve(US_NAME, dataset="ucdp").key or US_NAME
    return {
        "event_type": "drone_strike",
        "tactics": ["drone_missile"],
        "suicide": False,
        "targets": [{"type": "militants", "description": (site or None) and site[:1000]}],
        "actors": [
            {
                "actor": ctx.cache["us-actor"],
                "role": "perpetrator",
                "basis": "attributed_by_dataset",
                "confidence": "medium",
                "note": note,
            }
        ],
    }
