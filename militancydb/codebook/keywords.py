"""Keyword cues in short English texts (headlines, comments, descriptions).

The cue lists live in ``keywords.yaml``; this module compiles them once and answers which
tactics, targets and event cues a text carries. Used by the importers to read headlines,
by the claims statement reader and by the extraction pipeline as a first, transparent step.
It is vocabulary (below every layer that reads text), so it lives in the codebook.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import yaml


class Cues:
    """Compiled cue patterns, by group and label.

    Scans are memoised per (group, text): an importer asks several questions of the same
    headline (tactics, targets, event cues), and datasets repeat headlines.
    """

    def __init__(self, groups: dict[str, dict[str, re.Pattern[str]]]) -> None:
        self.groups = groups
        self._memo: dict[tuple[str, str], dict[str, int]] = {}

    def scan(self, group: str, text: str | None) -> dict[str, int]:
        """How many cue occurrences of each label of ``group`` the text has (labels with
        none are left out), in the file's order."""
        if not text:
            return {}
        key = (group, text)
        found = self._memo.get(key)
        if found is None:
            found = {}
            for label, rx in self.groups[group].items():
                n = len(rx.findall(text))
                if n:
                    found[label] = n
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
