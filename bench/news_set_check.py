"""Checks of the hand-labelled news set and its cached texts, extracting nothing.

``bench/news_eval.py --check`` uses this to tell whether the set loads and every report has
its text, without running the pipeline: a held-out split can be checked without anyone
seeing how the pipeline does on it. Each problem names the line and the field; the summary
gives counts per split only (no labels, no texts).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("url", "publisher", "published", "quote", "labels")
LABELS = ("date", "country", "province", "district", "town", "killed", "injured", "perpetrator")
NAMED_SPLITS = ("test2", "test3", "test4", "test5", "test6", "test7", "test8", "test9")
COUNTRIES = ("PAK", "AFG")
MAX_QUOTE = 160
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@dataclass
class SetCheck:
    """What ``check_lines`` found: problems (one line each) and counts per split."""

    problems: list[str] = field(default_factory=list)
    reports: Counter[str] = field(default_factory=Counter)
    cached: Counter[str] = field(default_factory=Counter)


def _is_iso_day(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_names(value: Any) -> bool:
    """A place or group label: a non-empty name, or a non-empty list of them."""
    if isinstance(value, str):
        return bool(value.strip())
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, str) and v.strip() for v in value)
    )


def _is_count(value: Any, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def squash(text: str) -> str:
    """``text`` with runs of white space made one space and curly quotes made straight.

    A quote may span a line break, or be typed with ' where the page has \u2019.
    """
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def record_problems(rec: Any) -> list[str]:
    """What is wrong with one parsed line of the set (empty when nothing is)."""
    if not isinstance(rec, dict):
        return ["not a JSON object"]
    out = [f"no {key!r}" for key in FIELDS if key not in rec]
    if not (isinstance(rec.get("url"), str) and rec["url"].startswith(("http://", "https://"))):
        out.append("'url' is not an http(s) address")
    if not (isinstance(rec.get("publisher"), str) and rec["publisher"].strip()):
        out.append("'publisher' is empty")
    if rec.get("published") is not None and not _is_iso_day(rec["published"]):
        out.append("'published' is neither null nor a YYYY-MM-DD day")
    quote = rec.get("quote")
    if not (isinstance(quote, str) and quote.strip()):
        out.append("'quote' is empty")
    elif len(quote) > MAX_QUOTE:
        out.append(f"'quote' is longer than {MAX_QUOTE} characters")
    if "split" in rec and rec["split"] not in NAMED_SPLITS:
        out.append(f"'split' is {rec['split']!r}, not one of {', '.join(NAMED_SPLITS)}")
    if "note" in rec and not (isinstance(rec["note"], str) and rec["note"].strip()):
        out.append("'note' is empty")
    labels = rec.get("labels")
    if not isinstance(labels, dict):
        return [*out, "'labels' is not an object"]
    out += [f"labels: no {key!r}" for key in LABELS if key not in labels]
    if labels.get("date") is not None and not _is_iso_day(labels["date"]):
        out.append("labels: 'date' is neither null nor a YYYY-MM-DD day")
    if labels.get("country") not in COUNTRIES:
        out.append(f"labels: 'country' is not one of {', '.join(COUNTRIES)}")
    for key in ("province", "district", "town", "perpetrator"):
        if labels.get(key) is not None and not _is_names(labels[key]):
            out.append(f"labels: {key!r} is neither null, a name nor a list of names")
    for key, least in (("killed", 0), ("injured", 0), ("incidents", 1)):
        if labels.get(key) is not None and not _is_count(labels[key], least):
            out.append(f"labels: {key!r} is neither null nor a whole number >= {least}")
    unknown = sorted(set(labels) - {*LABELS, "incidents"})
    if unknown:
        out.append(f"labels: unknown keys {unknown}")
    return out


def check_lines(
    lines: list[str], texts: dict[str, str], split_of: Callable[[dict[str, Any]], str]
) -> SetCheck:
    """Check every line of the set, and that each report's cached text holds its quote."""
    res = SetCheck()
    seen: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            res.problems.append(f"line {n}: not JSON ({exc})")
            continue
        found = record_problems(rec)
        res.problems += [f"line {n}: {p}" for p in found]
        if not isinstance(rec, dict) or not isinstance(rec.get("url"), str):
            continue
        url = rec["url"]
        if url in seen:
            res.problems.append(f"line {n}: the URL of line {seen[url]} again")
        seen.setdefault(url, n)
        split = split_of(rec) if not found else "(invalid)"
        res.reports[split] += 1
        if url in texts:
            res.cached[split] += 1
            quote = rec.get("quote")
            if isinstance(quote, str) and squash(quote) not in squash(texts[url]):
                res.problems.append(f"line {n}: its cached text does not hold its quote")
    return res
