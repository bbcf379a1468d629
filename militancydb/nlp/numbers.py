"""Numbers in English news text: digits, number words and a few vague quantities.

``numbers_in`` returns each number with its offsets. Number words combine the usual way
("twenty-five", "two hundred and fifty", "1.5 million" is left alone: not a casualty count).
Years (four digits 1900-2100), clock times, dates ("26 August"), ages ("25-year-old") and
figures glued to a unit (%, Rs, $) are not returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000}
#: Vague quantities: the lowest value they can mean, and no best figure.
VAGUE = {
    "dozens": 24, "scores": 40, "hundreds": 200, "several": 3, "many": 2, "a handful of": 2,
}  # fmt: skip
FIXED = {"a dozen": 12, "dozen": 12, "a couple of": 2, "couple of": 2, "a pair of": 2, "both": 2}
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)

_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES], key=len, reverse=True))
_NUM = re.compile(
    r"(?<![\w.,:/$-])(?:(?P<dozens>(?:half a|(?:" + _WORD + r")|\d{1,2})[\s-]+dozen)(?!\w)"
    r"|(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?![\w%:/]|[.,]\d)"
    # ("and" joins number words after a scale only: "two hundred and fifty", not "two and four")
    r"|(?P<words>(?:" + _WORD + r")(?:(?:(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|[\s-]+)"
    r"(?:" + _WORD + r"))*)(?![\w-])"
    r"|(?P<fixed>a dozen|dozen|a couple of|a pair of|both)(?!\w)"
    r"|(?P<vague>dozens|scores|hundreds|several|a handful of)(?!\w))",
    re.IGNORECASE,
)
_AFTER_SKIP = re.compile(
    r"^(?:\s*(?:" + MONTHS + r")\b|\s*-?\s*years?[\s-]+old|\s*-year|\s*(?:years?|yrs)\b"
    r"|\s*(?:am|pm|a\.m|p\.m|hours|hrs|o'clock|km|kilomet|kg|kilogram|million|billion|"
    r"percent|per cent|rupees|dollars|metres|meters|miles|minutes|seconds|days|weeks|months)\b)",
    re.IGNORECASE,
)
_BEFORE_SKIP = re.compile(
    r"(?:\b(?:"
    + MONTHS
    + r")\.?|\bno\.|\bnumber|\brs\.?|\$|\baged|\bage|\bvalued at|\bworth|\bno|\brescue[\s-]*)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Number:
    """A number in a text: its value, offsets, and whether it is only a lower bound."""

    value: int
    start: int
    end: int
    vague: bool = False


def words_value(text: str) -> int | None:
    """The value of number words ("two hundred and fifty" -> 250), None if not a number."""
    total, current = 0, 0
    seen = False
    for w in re.split(r"[\s-]+", text.lower()):
        if w == "and" or not w:
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def numbers_in(text: str) -> list[Number]:
    """Every number of ``text`` that could be a count (see the module docstring)."""
    out: list[Number] = []
    for m in _NUM.finditer(text):
        after = text[m.end() : m.end() + 16]
        before = text[max(0, m.start() - 12) : m.start()]
        if _AFTER_SKIP.match(after) or _BEFORE_SKIP.search(before):
            continue
        if m.group("digits"):
            raw = m.group("digits").replace(",", "")
            value = int(raw)
            if len(raw) == 4 and 1900 <= value <= 2100:
                continue
            out.append(Number(value, m.start(), m.end()))
        elif m.group("words"):
            v = words_value(m.group("words"))
            if v is not None:
                out.append(Number(v, m.start(), m.end()))
        elif m.group("dozens"):  # "half a dozen", "two dozen"
            head = m.group("dozens").lower().rsplit("dozen", 1)[0].strip(" -")
            count = (
                0.5 if head == "half a" else (int(head) if head.isdigit() else words_value(head))
            )
            if count:
                out.append(Number(int(count * 12), m.start(), m.end()))
        elif m.group("fixed"):
            out.append(Number(FIXED[m.group("fixed").lower()], m.start(), m.end()))
        else:
            out.append(Number(VAGUE[m.group("vague").lower()], m.start(), m.end(), vague=True))
    return out
