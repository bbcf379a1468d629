"""Keyword cues in short English texts (headlines, comments, descriptions).

The cue lists live in ``keywords.yaml``; this module compiles them once and answers which
tactics, targets and event cues a text carries. Used by the importers to read headlines,
by the claims statement reader and by the extraction pipeline as a first, transparent step.
It is vocabulary (below every layer that reads text), so it lives in the codebook.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import yaml

#: The characters other than ASCII letters that Python's case-insensitive matching takes for
#: an ASCII letter (dotted I, dotless i, long s, Kelvin sign); a text holding one is searched
#: without the keyword prefilter (``tests/io/test_cue_matching.py`` checks the list against
#: every code point).
ASCII_LOOKALIKES = "\u0130\u0131\u017f\u212a"
_SPECIAL = frozenset(".^$*+?{}[]()|")


class _Token(NamedTuple):
    """A token of a regular expression: where it stands, its text (one character, or an
    escape with what it escapes), whether it is syntax (neither escaped nor inside a
    character class), and the depth of open groups and whether a class is open after it."""

    at: int
    text: str
    syntax: bool
    depth: int
    in_class: bool


def _scan(pattern: str, start: int = 0) -> Iterator[_Token]:
    """The tokens of ``pattern`` from ``start``, with the brackets open after each."""
    depth, in_class, i = 0, False, start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            yield _Token(i, pattern[i : i + 2], False, depth, in_class)
            i += 2
            continue
        syntax = not in_class
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        yield _Token(i, ch, syntax, depth, in_class)
        i += 1


def _split_bars(pattern: str) -> list[str] | None:
    """The alternatives of ``pattern`` at its top level (None where its brackets do not
    close)."""
    out: list[str] = []
    current: list[str] = []
    closed = True
    for t in _scan(pattern):
        if t.syntax and t.text == "|" and t.depth == 0:
            out.append("".join(current))
            current = []
        else:
            current.append(t.text)
        closed = t.depth == 0 and not t.in_class
    out.append("".join(current))
    return out if closed else None


def _group_end(pattern: str, start: int) -> int | None:
    """The index of the ``)`` closing the group opened at ``start``."""
    for t in _scan(pattern, start):
        if t.syntax and t.text == ")" and t.depth == 0:
            return t.at
    return None


def literal_starts(pattern: str) -> frozenset[str] | None:
    """Lower-case literal texts one of which every match of ``pattern`` begins with, or None
    when none can be told (e.g. it starts with ``\\w`` or a character class).

    Read conservatively: a run of plain or escaped punctuation characters (stopping before
    one a quantifier makes optional or repeats); a leading non-capturing group gives the
    starts of each of its alternatives, and, if the group is optional, those of what
    follows it too.
    """
    if pattern.startswith("(?:"):
        end = _group_end(pattern, 0)
        if end is None:
            return None
        branches = _split_bars(pattern[3:end])
        if branches is None:
            return None
        starts: set[str] = set()
        for branch in branches:
            inner = literal_starts(branch)
            if inner is None:
                return None
            starts |= inner
        after = pattern[end + 1 : end + 2]
        if after in ("?", "*") or pattern[end + 1 :].startswith("{0"):
            rest = literal_starts(pattern[end + 2 :] if after in ("?", "*") else "")
            if rest is None:
                return None
            starts |= rest
        elif after == "{":
            return None
        return frozenset(starts)
    run: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            nxt = pattern[i + 1 : i + 2]
            if not nxt or nxt.isalnum() or not nxt.isascii():
                break
            literal, step = nxt, 2
        elif ch in _SPECIAL or not ch.isascii():
            break
        else:
            literal, step = ch, 1
        if pattern[i + step : i + step + 1] in ("*", "?", "{", "+") and i + step < len(pattern):
            break
        run.append(literal)
        i += step
    return frozenset({"".join(run).lower()}) if run else None


class CueSet:
    """Which of several labelled patterns occur in a text, with a keyword prefilter.

    Each label's pattern is ``\\b(?:A|B|...)\\b`` over its cue list. Every match of an
    alternative begins with one of the literal texts :func:`literal_starts` finds for it,
    so a label none of whose starts occurs in the lower-cased text cannot match and its
    pattern is not run; and where they occur, the pattern is tried at those places only
    (``re.Pattern.match`` at each occurrence of a start, rather than a search of the whole
    text). This is exact for a text without :data:`ASCII_LOOKALIKES`: the starts are ASCII,
    and an ASCII character matches another case-insensitively only if their lower-case
    forms are equal (places are the lower-cased text's, so a text whose lower case is
    longer is searched whole). A label with an alternative whose start cannot be told is
    always searched; a text with a look-alike is searched label by label.
    ``tests/io/test_cue_matching.py`` holds this to the plain search on every bundled UCDP
    row.
    """

    def __init__(self, patterns: Mapping[str, re.Pattern[str]]) -> None:
        self.labels = tuple(patterns)
        self.patterns = tuple(patterns[label] for label in self.labels)
        self.starts = tuple(_pattern_starts(rx.pattern) for rx in self.patterns)
        #: every label's starts, each once: looked for in a text once, not once per label
        self.all_starts = tuple(sorted(frozenset().union(*[s for s in self.starts if s])))

    def present(self, text: str) -> list[str]:
        """The labels whose pattern occurs in ``text``, in the set's order."""
        if any(ch in text for ch in ASCII_LOOKALIKES):
            return [
                lb for lb, rx in zip(self.labels, self.patterns, strict=True) if rx.search(text)
            ]
        low = text.lower()
        found = {s for s in self.all_starts if s in low}
        if len(low) != len(text):  # a letter whose lower case is longer: positions differ
            return [
                label
                for label, rx, starts in zip(self.labels, self.patterns, self.starts, strict=True)
                if (starts is None or not starts.isdisjoint(found)) and rx.search(text)
            ]
        return [
            label
            for label, rx, starts in zip(self.labels, self.patterns, self.starts, strict=True)
            if (
                rx.search(text)
                if starts is None
                else not starts.isdisjoint(found) and _at_starts(rx, text, low, starts & found)
            )
        ]


def _at_starts(rx: re.Pattern[str], text: str, low: str, starts: Iterable[str]) -> bool:
    """Whether ``rx`` matches ``text`` where one of ``starts`` occurs in ``low`` (the text
    lower-cased, letter for letter): every match of a cue pattern begins with one of its
    starts, so trying the pattern there alone finds what a search finds."""
    for start in starts:
        at = low.find(start)
        while at >= 0:
            if rx.match(text, at):
                return True
            at = low.find(start, at + 1)
    return False


def _pattern_starts(pattern: str) -> frozenset[str] | None:
    """The literal starts of a compiled cue list (``\\b(?:A|B|...)\\b``), None when any
    alternative's cannot be told."""
    if not (pattern.startswith("\\b(?:") and pattern.endswith(")\\b")):
        return None
    alternatives = _split_bars(pattern[5:-3])
    if alternatives is None:
        return None
    starts: set[str] = set()
    for alternative in alternatives:
        found = literal_starts(alternative)
        if found is None or "" in found:
            return None
        starts |= found
    return frozenset(starts)


class Cues:
    """Compiled cue patterns, by group and label.

    Scans are memoised per (group, text): an importer asks several questions of the same
    headline (tactics, targets, event cues), and datasets repeat headlines. Which labels
    occur is found first (:class:`CueSet`, a keyword prefilter); only those are counted.
    """

    def __init__(self, groups: dict[str, dict[str, re.Pattern[str]]]) -> None:
        self.groups = groups
        self._sets = {group: CueSet(items) for group, items in groups.items()}
        self._memo: dict[tuple[str, str], dict[str, int]] = {}

    def scan(self, group: str, text: str | None) -> dict[str, int]:
        """How many cue occurrences of each label of ``group`` the text has (labels with
        none are left out), in the file's order."""
        if not text:
            return {}
        key = (group, text)
        found = self._memo.get(key)
        if found is None:
            patterns = self.groups[group]
            found = {
                label: len(patterns[label].findall(text))
                for label in self._sets[group].present(text)
            }
            if len(self._memo) > 50_000:
                self._memo.clear()
            self._memo[key] = found
        return found

    def labels(self, group: str, text: str | None) -> list[str]:
        """Labels of ``group`` whose cues occur in ``text``, in the file's order."""
        return list(self.scan(group, text))

    def count(self, group: str, label: str, text: str | None) -> int:
        """How many cue occurrences of one label the text has."""
        return self.scan(group, text).get(label, 0)

    def matches(self, group: str, label: str, text: str | None) -> list[str]:
        """The words that matched (for explanations)."""
        if not text:
            return []
        return [m.group(0) for m in self.groups[group][label].finditer(text)]


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


def _text() -> str:
    return resources.files("militancydb.codebook").joinpath("keywords.yaml").read_text("utf-8")


@lru_cache(maxsize=1)
def keywords_version() -> str:
    """A short hash of the cue lists (part of importers' rule versions)."""
    import hashlib

    return hashlib.sha1(_text().encode("utf-8")).hexdigest()[:10]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The shipped cue lists, compiled."""
    raw = yaml.safe_load(_text())
    return Cues({g: {label: _compile(p) for label, p in items.items()} for g, items in raw.items()})


TACTIC_PRECEDENCE = (
    "suicide_bombing",
    "vbied",
    "ied",
    "landmine",
    "drone_missile",
    "air_strike",
    "artillery",
    "rocket_mortar",
    "grenade",
    "beheading",
    "kidnapping",
    "targeted_killing",
    "armed_assault",
    "arson",
    "sabotage",
    "raid",
    "firefight",
    "bombing",
)


def tactics_in(text: str | None) -> list[str]:
    """Tactics a text names, most specific first; a generic "bombing" is dropped when a
    specific kind of bomb (suicide, car bomb, IED, mine) is named."""
    found = set(cues().labels("tactics", text))
    if found & {
        "suicide_bombing",
        "vbied",
        "ied",
        "landmine",
        "grenade",
        "rocket_mortar",
        "drone_missile",
        "air_strike",
    }:
        found.discard("bombing")
    if "suicide_bombing" in found:
        found.discard("armed_assault")
    return [t for t in TACTIC_PRECEDENCE if t in found]


def targets_in(text: str | None) -> list[str]:
    """Target types a text names."""
    return cues().labels("targets", text)
