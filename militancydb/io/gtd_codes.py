"""GTD's codes and conventions, as its codebook defines them (START, GTD Codebook).

- ``-9`` (unknown, in yes/no variables) and ``-99`` (unknown, in counts and other
  numbers) are GTD's sentinels: they become ``None`` here, at the boundary, and never reach
  a count. An empty cell is unknown too.
- Coded variables (``attacktype1`` ...) are numbers whose labels are the ``_txt`` columns;
  the crosswalk's label lists are in code order, so code *n* is the *n*-th label.
- ``specificity`` 1-5 says what the coordinates stand for (1: the town itself; 2: the town
  is known but the coordinates are the centroid of the smallest unit identified; 3: not in a
  town, centroid of the smallest unit; 4: centre of the province; 5: no province known, no
  coordinates).

What GTD records but our incident has no field for -- the ``approxdate`` text and an
unsuccessful attack (``success`` 0) -- is kept in the incident's summary as bracketed
trailer lines (``[GTD approxdate: ...]``, ``[GTD success: 0]``), which the GTD export reads
back.
"""

from __future__ import annotations

import calendar
import datetime as dt

from militancydb.codebook.crosswalk import their_labels, to_ours, to_theirs
from militancydb.io import trailer
from militancydb.io.parsing import RowError

SENTINELS = frozenset({"", "-9", "-99", "-9.0", "-99.0"})

#: GTD country names (``country_txt``) of the region, to ISO codes.
COUNTRIES = {
    "Pakistan": "PK",
    "Afghanistan": "AF",
    "India": "IN",
    "Iran": "IR",
    "China": "CN",
    "Tajikistan": "TJ",
    "Turkmenistan": "TM",
    "Uzbekistan": "UZ",
}
ISO_TO_GTD = {v: k for k, v in COUNTRIES.items()}

#: ``specificity`` -> our geo precision; and back for the export.
SPECIFICITY = {"1": "exact", "2": "near", "3": "district", "4": "province", "5": "country"}
PRECISION_TO_SPECIFICITY = {
    "exact": 1,
    "near": 2,
    "district": 3,
    "province": 4,
    "region": 4,
    "country": 5,
    "unknown": 5,
}


def value(raw: dict[str, str], column: str) -> str | None:
    """A cell with GTD's unknown markers turned into None."""
    text = (raw.get(column) or "").strip()
    return None if text in SENTINELS else text


def label(table: str, code: str | None, text: str | None) -> str | None:
    """The label of a coded cell: from the code when it is one, else the ``_txt`` cell."""
    labels = their_labels("gtd", table)
    if code is not None:
        try:
            n = int(float(code))
        except ValueError:
            n = 0
        if 1 <= n <= len(labels):
            return labels[n - 1]
    if text and text in labels:
        return text
    return None


def code_of(table: str, text: str | None) -> int | None:
    """The numeric code of a label (for the export)."""
    labels = their_labels("gtd", table)
    return labels.index(text) + 1 if text in labels else None


def with_trailer(summary: str | None, notes: dict[str, str]) -> str | None:
    """The summary with GTD's extra notes as trailer lines."""
    return trailer.with_trailer("GTD", summary, notes)


def split_trailer(summary: str | None) -> tuple[str | None, dict[str, str]]:
    """The summary without its GTD trailer lines, and the notes they held."""
    return trailer.split_trailer("GTD", summary)


# --- cells ---------------------------------------------------------------------------------


def count(raw: dict[str, str], column: str) -> int | None:
    text = value(raw, column)
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        raise RowError(f"{column} {text!r} is not a number") from None
    if number < 0 or not number.is_integer():
        raise RowError(f"{column} {text!r} is not a count (GTD's unknown is -99)")
    return int(number)


def flag(raw: dict[str, str], column: str) -> bool | None:
    text = value(raw, column)
    return None if text is None else text in ("1", "1.0")


def dates(raw: dict[str, str], warnings: list[str]) -> tuple[dt.date, dt.date | None, str]:
    """Start, end and precision from iyear/imonth/iday, approxdate, extended/resolution."""
    year, month, day = (count(raw, c) for c in ("iyear", "imonth", "iday"))
    if year is None:
        raise RowError("iyear is empty; every GTD row has its year")
    today = dt.date.today()
    try:
        if not month:
            start, end, precision = dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
        elif not day:
            last = calendar.monthrange(year, month)[1]
            start, end, precision = dt.date(year, month, 1), dt.date(year, month, last), "month"
        else:
            start, end, precision = dt.date(year, month, day), None, "day"
    except ValueError as exc:
        raise RowError(f"iyear/imonth/iday {year}/{month}/{day} is not a date ({exc})") from None
    if end is not None:
        end = min(end, today)
    if precision == "day" and value(raw, "approxdate"):
        precision = "days"
    resolution = value(raw, "resolution")
    if precision in ("day", "days") and flag(raw, "extended") and resolution:
        try:
            end = dt.date.fromisoformat(resolution[:10])
        except ValueError:
            warnings.append(f"resolution {resolution!r} is not a date (YYYY-MM-DD); left out")
        if end is not None and end < start:
            warnings.append(f"resolution {end} is before the start {start}; left out")
            end = None
    return start, end, precision


def labels(raw: dict[str, str], table: str, prefix: str, n: int) -> list[str]:
    out = []
    for i in range(1, n + 1):
        code, text = value(raw, f"{prefix}{i}"), value(raw, f"{prefix}{i}_txt")
        if code is None and text is None:
            continue
        found = label(table, code, text)
        if found is None:
            raise RowError(f"{prefix}{i} {code or text!r} is not a GTD code")
        out.append(found)
    return out


def tactics_of(attacks: list[str], weapons: list[str], suicide: bool | None) -> list[str]:
    """Our tactics for GTD's attack and weapon types (see the module docstring)."""
    tactics: list[str] = []
    for a in attacks:
        p = to_ours("gtd", "attacktype1", a)
        if p is not None and p.ours not in tactics:
            tactics.append(p.ours)
    for w in weapons:
        p = to_ours("gtd", "weaptype1", w)
        if p is None or p.ours in tactics:
            continue
        implied = any(
            (q := to_theirs("gtd", "weaptype1", t)) is not None and q.theirs == w for t in tactics
        )
        if not implied:
            tactics.append(p.ours)
    if suicide and "bombing" in tactics:
        tactics[tactics.index("bombing")] = "suicide_bombing"
    known = [t for t in tactics if t != "unknown"]
    return known or tactics
