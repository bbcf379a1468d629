"""Read what an English claim statement says: institutions and titles it names, places,
dates, numbers and targets. Pure text work, no database.

Every extractor is a general rule over English phrasing ("Ministry of X", "X ministry",
"Minister of X", "X Court", "<title> of <place>", "in the city of X", "on Monday 8 August",
"killing 20"), never a match on one known sentence.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from militancydb.io.keywords import targets_in

WORD = r"[A-Za-z][A-Za-z'’\-]*"
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

#: Words that end a name read backwards from "ministry" / forwards from "ministry of".
STOP = {
    "the",
    "a",
    "an",
    "of",
    "in",
    "at",
    "on",
    "for",
    "from",
    "by",
    "to",
    "with",
    "and",
    "its",
    "his",
    "their",
    "employees",
    "employee",
    "staff",
    "personnel",
    "officials",
    "official",
    "workers",
    "officers",
    "members",
    "building",
    "office",
    "offices",
    "headquarters",
    "gathering",
    "group",
    "team",
    "convoy",
    "vehicle",
    "near",
    "inside",
    "outside",
    "who",
    "which",
    "that",
    "was",
    "were",
    "is",
    "are",
}
#: Words that say whose institution it is, not which (dropped when comparing).
QUALIFIERS = {
    "pakistan",
    "pakistani",
    "pakistan's",
    "federal",
    "central",
    "national",
    "government",
    "apostate",
    "murtad",
    "taghut",
    "tyrant",
    "so-called",
    "country's",
    "state",
}
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "hundred": 100,
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
}


@dataclass(frozen=True)
class Mention:
    """A phrase of the statement and what it was read as."""

    kind: str  # ministry | minister | division | court | title_place | place | date | killed
    text: str
    value: str
    start: int
    place: str | None = None


@dataclass(frozen=True)
class DateMention:
    """A date the statement gives, and whether it is a real date."""

    text: str
    date: dt.date | None
    weekday: str | None
    problem: str | None


@dataclass
class StatementFacts:
    """Everything read from a statement."""

    institutions: list[Mention] = field(default_factory=list)
    titles: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    killed: list[int] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


def canonical(kind: str, name: str) -> str:
    """A comparison form: ``justice ministry`` and ``Ministry of Justice`` both give
    ``ministry of justice``; qualifiers (Pakistani, federal, ...) and '&' are folded."""
    words = list(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", name.lower().replace("&", " and ")))
    words = [w for w in words if w not in QUALIFIERS and w != "the"]
    head = {"ministry": "ministry", "minister": "minister", "division": "division"}.get(kind)
    if head and head in words:
        i = words.index(head)
        before, after = words[:i], words[i + 1 :]
        if after and after[0] in ("of", "for"):
            after = after[1:]
        rest = [w for w in before + after if w not in ("of", "for")]
        return f"{head} of {' '.join(rest)}".strip()
    return " ".join(words)


def _backwards(tokens: list[str], upto: int, limit: int = 4) -> list[str]:
    out: list[str] = []
    i = upto - 1
    while i >= 0 and len(out) < limit:
        t = tokens[i]
        low = t.lower()
        if low == "and" and out and i > 0 and tokens[i - 1].lower() not in STOP:
            out.insert(0, t)
            i -= 1
            continue
        if low in STOP or not re.match(WORD + "$", t):
            break
        out.insert(0, t)
        i -= 1
    while out and out[0].lower() in QUALIFIERS:
        out.pop(0)
    return out


def _forwards(tokens: list[str], start: int, limit: int = 6) -> list[str]:
    out: list[str] = []
    capitalised = any(t[:1].isupper() for t in tokens[start : start + 1])
    i = start
    while i < len(tokens) and len(out) < limit:
        t = tokens[i]
        low = t.lower()
        if low in ("and", "&") and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if nxt.lower() in STOP or (capitalised and not nxt[:1].isupper()):
                break
            out.append(t)
            i += 1
            continue
        if low in STOP or not re.match(WORD + "$", t):
            break
        if capitalised and not t[:1].isupper():
            break
        out.append(t)
        i += 1
    return out


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*|&|[0-9]+|[^\sA-Za-z0-9]")


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]


def institutions_in(text: str) -> list[Mention]:
    """Ministries, divisions and courts a text names (both word orders)."""
    toks = _tokens(text)
    words = [t for t, _ in toks]
    out: list[Mention] = []
    for i, (t, pos) in enumerate(toks):
        low = t.lower()
        if low not in ("ministry", "division", "court"):
            continue
        kind = low
        if i + 1 < len(words) and words[i + 1].lower() in ("of", "for") and low != "court":
            name = _forwards(words, i + 2)
            if name:
                phrase = " ".join([t, words[i + 1], *name])
                out.append(Mention(kind, phrase, canonical(kind, phrase), pos))
                continue
        name = _backwards(words, i)
        if name:
            phrase = " ".join([*name, t])
            out.append(Mention(kind, phrase, canonical(kind, phrase), toks[i - len(name)][1]))
    return out


def ministers_in(text: str) -> list[Mention]:
    """Ministerial titles ("Minister of X", "X Minister"), read as the ministry they imply."""
    toks = _tokens(text)
    words = [t for t, _ in toks]
    out = []
    for i, (t, pos) in enumerate(toks):
        if t.lower() != "minister":
            continue
        before = words[i - 1].lower() if i > 0 else ""
        if before in ("prime", "chief", "deputy"):
            continue  # Prime Minister, Chief Minister: titles, checked as titles of places
        if i + 1 < len(words) and words[i + 1].lower() in ("of", "for"):
            name = _forwards(words, i + 2)
            if name and name[0].lower() != "state":  # "Minister of State" is a rank
                phrase = " ".join([t, words[i + 1], *name])
                out.append(Mention("minister", phrase, canonical("minister", phrase), pos))
            continue
        name = _backwards(words, i, limit=3)
        if name and name[-1].lower() not in ("prime", "chief", "state", "deputy"):
            phrase = " ".join([*name, t])
            out.append(Mention("minister", phrase, canonical("minister", phrase), pos))
    return out


TITLE_OF_PLACE = re.compile(
    r"\b(Chief Minister|Governor|Inspector[- ]General(?: of Police)?|IGP|Chief Justice|"
    r"Home Minister|Deputy Commissioner|Commissioner|Political Agent|Corps Commander|"
    r"Mayor|Chief Secretary)\s+(?:of\s+)?((?:[A-Z][a-z]+)(?:[ -][A-Z][a-z]+){0,2})"
)


def titles_in(text: str) -> list[Mention]:
    """Titles tied to a place ("Governor of Quetta"), for the title-fits-place check."""
    out = []
    for m in TITLE_OF_PLACE.finditer(text):
        title, place = m.group(1), m.group(2)
        if place.lower() in ("police", "the"):
            continue
        out.append(Mention("title_place", m.group(0), title, m.start(), place=place))
    return out


PLACE_CUES = re.compile(
    r"\b(?:in|at|near|of)\s+(?:the\s+)?(?:(?:city|town|district|province|region|area|"
    r"village|valley)\s+of\s+)?((?:[A-Z][a-z]+)(?:[ -][A-Z][a-z]+){0,2})"
)


def places_in(text: str) -> list[Mention]:
    """Capitalised names after "in", "at", "city of", ... (candidates; the gazetteer decides)."""
    return [Mention("place", m.group(0), m.group(1), m.start(1)) for m in PLACE_CUES.finditer(text)]


DATE_DMY = re.compile(
    r"\b(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(?:the\s+)?(?P<d>\d{1,2})(?!\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>[A-Z][a-z]+)\.?"
    r"(?:,?\s+(?P<y>\d{4}))?"
)
DATE_MDY = re.compile(
    r"\b(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(?P<m>[A-Z][a-z]+)\.?\s+(?P<d>\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?"
)


def dates_in(text: str, default_year: int | None) -> list[DateMention]:
    """Calendar dates a text gives, each checked: does the day exist, does the weekday fit."""
    out: list[DateMention] = []
    seen: set[int] = set()
    for rx in (DATE_DMY, DATE_MDY):
        for m in rx.finditer(text):
            month = MONTHS.get(m.group("m").lower())
            if month is None or m.start() in seen:
                continue
            seen.add(m.start())
            day = int(m.group("d"))
            year = int(m.group("y")) if m.group("y") else default_year
            wd = m.group("wd")
            if year is None:
                continue
            try:
                date = dt.date(year, month, day)
            except ValueError:
                out.append(DateMention(m.group(0), None, wd, f"{m.group(0)!r} is not a real date"))
                continue
            problem = None
            if wd and WEEKDAYS[wd.lower()] != date.weekday():
                problem = (
                    f"{m.group(0)!r}: {date.isoformat()} was a "
                    f"{calendar.day_name[date.weekday()]}, not a {wd}"
                )
            out.append(DateMention(m.group(0), date, wd, problem))
    return out


_NUMBER = r"(?:\d{1,4}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
#: "killed 20", "killing at least 20", "left 20 dead"
KILLED_AFTER = re.compile(
    r"\b(?:killing|killed|kills|kill|leaving|left)\s+(?:at\s+least\s+|more\s+than\s+|over\s+"
    r"|around\s+|about\s+|nearly\s+|some\s+)?(?P<n>" + _NUMBER + r")\b",
    re.IGNORECASE,
)
#: "20 killed", "20 apostates were killed", "20 people dead"
KILLED_BEFORE = re.compile(
    r"\b(?P<n>" + _NUMBER + r")\s+(?:[A-Za-z]+\s+){0,2}?(?:were\s+|was\s+|have\s+been\s+)?"
    r"(?:killed|dead|martyred|slain)\b",
    re.IGNORECASE,
)


def _number(raw: str) -> int | None:
    low = raw.lower()
    if low.isdigit():
        n = int(low)
        return None if 1900 <= n <= 2100 else n  # a year, not a toll
    return NUMBER_WORDS.get(low)


def killed_in(text: str) -> list[int]:
    """Death tolls a text asserts, in order of appearance (years are never tolls)."""
    found: dict[int, int] = {}
    for rx in (KILLED_AFTER, KILLED_BEFORE):
        for m in rx.finditer(text):
            n = _number(m.group("n"))
            if n is not None:
                found.setdefault(m.start("n"), n)
    return [found[k] for k in sorted(found)]


def read_statement(text: str | None, default_year: int | None = None) -> StatementFacts:
    """Everything the extractors find in a statement (empty for no text)."""
    if not text:
        return StatementFacts()
    return StatementFacts(
        institutions=institutions_in(text),
        titles=[*ministers_in(text), *titles_in(text)],
        places=places_in(text),
        dates=dates_in(text, default_year),
        killed=killed_in(text),
        targets=[t for t in targets_in(text) if t != "militants"],
    )
