"""How the figures of one sentence stand to each other, for :mod:`militancydb.nlp.casualties`:

- **combined counts**: "79 Taliban were killed and wounded", "killing or wounding 30": the
  dead and the injured in one figure; it is neither outcome's figure (``combined``);
- **the elliptical clause**: "Two policemen were killed at the gate; three inside the
  mosque": the figure after the semicolon, with no verb of its own, takes the outcome of
  the clause before and adds to it (``elliptical``); not when it names another place
  ("...; three in Lakki Marwat": a round-up, whose figures belong to the incident each
  names);
- **others of the same side**: "seven insurgents were killed and five others were wounded":
  "others" without a noun of their own belong to the side of the figure before them
  (``others_side``);
- **attackers inside a total**: "Seven people, including the bomber, were killed": the
  attackers named among the dead are counted apart from the victims (``attackers_within``);
- **attackers along with the victims**: "Nine policemen were killed, along with fifty
  Taliban fighters": the attackers counted apart (``along_with_attackers``);
- **ranges**: "between two and four people", "10 to 12", "two or three": one figure, the
  high end with its low end (``ranges``);
- **wounded, then dead**: "Malik was critically injured and died of his wounds later":
  dead, not injured (``died_after_injury``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from militancydb.nlp.figure import Casualty
from militancydb.nlp.numbers import Number, words_value
from militancydb.nlp.rules import Rules

#: "killed and wounded", "dead or injured", "killed and injured": both outcomes at once
#: ("two dead and wounding two others" is two figures: the second verb has its own object)
_BOTH = (
    r"(?:kill(?:ed|ing)|dead)\s+(?:and|or|&)\s+(?:wound(?:ed|ing)|injur(?:ed|ing)|hurt)\b"
    r"(?!\s+(?:at\s+least|more\s+than|over|some|about|around|nearly|another|an?|the|\d"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|[a-z]+ty"
    r"|several|many|scores|dozens|hundreds|others?|him|her|them)\b)"
)
_COMBINED_AFTER = re.compile(
    r"^\s+(?:[\w'\u2019-]+\s+){0,6}?(?:(?:were|was|have\s+been|had\s+been|are)\s+)?"
    r"(?:either\s+)?" + _BOTH,
    re.I,
)
_COMBINED_BEFORE = re.compile(
    r"\b(?:kill(?:ed|ing)|left)\s+(?:and|or)\s+(?:wound(?:ed|ing)|injur(?:ed|ing))\s+"
    r"(?:(?:at\s+least|more\s+than|over|some|about|around|nearly)\s+)?$",
    re.I,
)


def combined(before: str, after: str) -> bool:
    """Whether the figure counts the dead and the injured together ("79 Taliban were killed
    and wounded", "killing or wounding 30")."""
    return bool(_COMBINED_AFTER.match(after[:90]) or _COMBINED_BEFORE.search(before[-60:]))


#: The clause after the figure, up to its end, when it has no verb: "three in Lakki Marwat;"
_ELLIPTICAL_AFTER = re.compile(
    r"^\s+(?:[\w'\u2019-]+\s+){0,3}?(?:in|at|near|on|from|inside|outside)\s+[^;.,]*?(?:[;.,]|$)",
    re.I,
)
_VERB = re.compile(r"\b(?:were|was|are|is|have|has|had|been|\w+ed|\w+ing)\b", re.I)


def elliptical(between: str, after: str) -> bool:
    """Whether a figure right after a semicolon (``between`` is the text since the figure
    before it) opens a clause with no verb of its own: "...; three in Lakki Marwat"."""
    if not re.fullmatch(r"[^;]*;\s*(?:and\s+|while\s+)?(?:another\s+)?", between, re.I):
        return False
    m = _ELLIPTICAL_AFTER.match(after)
    if m is None:
        return False
    # the words up to the place are the figure's noun: no verb among them
    head = re.match(
        r"^\s+((?:[\w'\u2019-]+\s+){0,3}?)(?:in|at|near|on|from|inside|outside)\s", after, re.I
    )
    if head is None or _VERB.search(head.group(1)):
        return False
    # "...; three in Lakki Marwat": another place named, another incident's figure (a
    # round-up's figures belong to the incident each names), not more of this one's
    return not re.match(r"\s+(?:[\w'\u2019-]+\s+){0,3}?in\s+(?:the\s+)?[A-Z]", after)


#: "five others", and "four of them" after a figure of one side ("six Taliban fighters were
#: killed while four of them were wounded")
_OTHERS = re.compile(r"^\s+(?:others?|of\s+them)\b", re.I)


def others_side(sentence: str, found: list[Casualty]) -> list[Casualty]:
    """ "seven insurgents were killed and five others were wounded", "six Taliban fighters were
    killed while four of them were wounded": "others" or "of them" with no noun of their own
    take the side of the figure just before them in the sentence."""
    out = list(found)
    for k, c in enumerate(out):
        if k == 0 or c.group != "total" or not _OTHERS.match(sentence[c.end : c.end + 12]):
            continue
        prev = out[k - 1]
        if (
            prev.group != "total"
            and prev.end <= c.start
            and not re.search(r"[;.]", sentence[prev.end : c.start])
        ):
            out[k] = replace(c, group=prev.group)
    return out


_COUNT = r"(?P<n>the|a|an|one|both|two|three|four|five|\d+)"
_ATTACKER_INSIDE = re.compile(
    r"^\s*(?:[\w'\u2019-]+\s+){0,2}?(?:[\w'\u2019-]+)?\s*,?\s*(?:including|among\s+them)\s+"
    + _COUNT
    + r"\s+(?:(?:suicide|lone|two|three)\s+)?"
    r"(?P<who>bomber|attacker|assailant|gunman|militant|bombers|attackers|assailants|gunmen"
    r"|militants)\b(?!['\u2019])",
    re.I,
)


def attackers_within(r: Rules, sentence: str, found: list[Casualty]) -> list[Casualty]:
    """ "Seven people, including the bomber, were killed": six victims and one attacker (the
    attackers named after "including" are taken out of the victims' figure)."""
    out = list(found)
    for k, c in enumerate(found):
        if c.outcome != "killed" or c.subset or c.group != "total" or c.bound == "vague":
            continue
        m = _ATTACKER_INSIDE.match(sentence[c.end :])
        if m is None:
            continue
        raw = m.group("n").lower()
        plural = m.group("who").lower().endswith(("s", "gunmen"))
        if raw in ("the", "a", "an", "one"):
            n = 1 if not plural or raw == "one" else 0
        elif raw == "both":
            n = 2
        else:
            n = int(raw) if raw.isdigit() else words_value(raw) or 0
        if n <= 0 or n >= c.value:
            continue
        start, end = c.end + m.start("n"), c.end + m.end("who")
        out[k] = replace(c, value=c.value - n)
        out.append(Casualty("killed", n, "exact", "militants", False, start, end))
    out.sort(key=lambda x: x.start)
    return out


_DIED_AFTER = re.compile(
    r"^[^.;]{0,60}?\band\s+(?:later\s+|subsequently\s+)?(?:died|succumbed|passed\s+away)\b", re.I
)


def died_after_injury(sentence: str, found: list[Casualty]) -> list[Casualty]:
    """ "X was critically injured at the scene and died of his wounds later": dead."""
    out = []
    for c in found:
        if c.outcome == "injured" and not c.subset and _DIED_AFTER.match(sentence[c.end :]):
            already = any(
                x.outcome == "killed" and x.start >= c.end and x.start < c.end + 80 for x in found
            )
            if not already:
                c = replace(c, outcome="killed")
        out.append(c)
    return out


_ALONG_ATTACKERS = re.compile(
    r"(?:\b(?:along|together)\s+with|,\s+as\s+well\s+as)\s+"
    r"(?:(?:at\s+least|some|about|around|more\s+than)\s+)?"
    r"(?P<n>\d+|[a-z]+(?:-[a-z]+)?)\s+(?:of\s+the\s+)?(?:[\w-]+\s+)?"
    r"(?P<who>militants|attackers|assailants|gunmen|insurgents|terrorists|fighters|bombers"
    r"|perpetrators)\b",
    re.I,
)


def along_with_attackers(sentence: str, found: list[Casualty]) -> list[Casualty]:
    """ "Nine policemen were killed in the attack, along with fifty Taliban fighters": the
    attackers who died with the victims, counted apart."""
    out = list(found)
    for m in _ALONG_ATTACKERS.finditer(sentence):
        before = [c for c in out if c.end <= m.start() and c.outcome == "killed" and not c.subset]
        if not before or any(m.start() <= c.start < m.end() for c in out):
            continue
        raw = m.group("n")
        n = int(raw) if raw.isdigit() else words_value(raw.replace("-", " ")) or 0
        if n <= 0:
            continue
        out.append(Casualty("killed", n, "exact", "militants", False, m.start("n"), m.end("who")))
    out.sort(key=lambda x: x.start)
    return out


_RANGE_BETWEEN = re.compile(r"^\s*(?:and|-|\u2013)\s*$", re.I)
_RANGE_TO = re.compile(r"^\s*(?:to|or|-|\u2013)\s*$", re.I)


def ranges(sentence: str, numbers: list[Number]) -> tuple[list[Number], dict[int, int]]:
    """The numbers with each range ("between two and four", "10 to 12", "two or three")
    made one number, the high end spanning both; and the low end of each, by its start."""
    out: list[Number] = []
    lows: dict[int, int] = {}
    skip = -1
    for k, a in enumerate(numbers):
        if k <= skip:
            continue
        b = numbers[k + 1] if k + 1 < len(numbers) else None
        if b is not None and not a.vague and not b.vague and a.value < b.value:
            gap = sentence[a.end : b.start]
            between = re.search(r"\bbetween\s+$", sentence[max(0, a.start - 12) : a.start], re.I)
            if _RANGE_TO.match(gap) or (between and _RANGE_BETWEEN.match(gap)):
                start = a.start - len(between.group(0)) if between else a.start
                out.append(Number(b.value, start, b.end))
                lows[start] = a.value
                skip = k + 1
                continue
        out.append(a)
    return out, lows
