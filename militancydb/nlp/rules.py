"""The shipped word lists and thresholds (``data/rules.yaml``), compiled once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


def compile_words(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``patterns`` on word boundaries."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Rules:
    """Compiled rules."""

    max_gap_after: int
    max_gap_before: int
    max_count: int
    killed_word: re.Pattern[str]
    injured_word: re.Pattern[str]
    killed_verb: re.Pattern[str]
    injured_verb: re.Pattern[str]
    none_hurt: re.Pattern[str]
    attacker: re.Pattern[str]
    low_bound: re.Pattern[str]
    high_bound: re.Pattern[str]
    approx: re.Pattern[str]
    subset: re.Pattern[str]
    claim: re.Pattern[str]
    denial: re.Pattern[str]
    no_claim: re.Pattern[str]
    blame: re.Pattern[str]
    channels: dict[str, re.Pattern[str]]
    event: re.Pattern[str]
    not_event: re.Pattern[str]
    new_incident: re.Pattern[str]
    security_actor: re.Pattern[str]
    person: str
    short_name_stop: frozenset[str]
    claimed_figures: re.Pattern[str]
    extra_tactics: dict[str, re.Pattern[str]]
    security_noun: re.Pattern[str]
    disputed_claim: re.Pattern[str]
    background: re.Pattern[str]
    aside: re.Pattern[str]
    name_before: re.Pattern[str]
    name_after: re.Pattern[str]


def rules_text() -> str:
    """The rules file as shipped."""
    return resources.files("militancydb.nlp").joinpath("data/rules.yaml").read_text("utf-8")


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The shipped rules, compiled."""
    raw: dict[str, Any] = yaml.safe_load(rules_text())
    words, verbs = raw["casualty_words"], raw["casualty_verbs"]
    return Rules(
        max_gap_after=int(raw["max_gap_after"]),
        max_gap_before=int(raw["max_gap_before"]),
        max_count=int(raw["max_count"]),
        killed_word=compile_words(words["killed"]),
        injured_word=compile_words(words["injured"]),
        killed_verb=compile_words(verbs["killed"]),
        injured_verb=compile_words(verbs["injured"]),
        none_hurt=compile_words(raw["none_hurt"]),
        attacker=compile_words(raw["attacker_nouns"]),
        low_bound=compile_words(raw["low_bound"]),
        high_bound=compile_words(raw["high_bound"]),
        approx=compile_words(raw["approx"]),
        subset=compile_words(raw["subset_cues"]),
        claim=compile_words(raw["claim_cues"]),
        denial=compile_words(raw["denial_cues"]),
        no_claim=compile_words(raw["no_claim"]),
        blame=compile_words(raw["blame_cues"]),
        channels={k: compile_words(v) for k, v in raw["channels"].items()},
        event=compile_words(raw["event_cues"]),
        not_event=compile_words(raw["not_event"]),
        new_incident=re.compile(r"^\W*(?:" + "|".join(raw["new_incident"]) + r")\b", re.IGNORECASE),
        security_actor=compile_words(raw["security_actors"]),
        person="|".join(raw["person_nouns"]),
        short_name_stop=frozenset(raw["short_name_stop"]),
        claimed_figures=compile_words(raw["claimed_figures"]),
        extra_tactics={k: compile_words(v) for k, v in raw["extra_tactics"].items()},
        security_noun=compile_words(raw["security_nouns"]),
        disputed_claim=compile_words(raw["disputed_claim"]),
        background=compile_words(raw["background"]),
        aside=re.compile("|".join(re.escape(a) for a in raw["aside"])),
        name_before=re.compile(r"\b(?:" + "|".join(raw["name_before"]) + r")\.?\s$"),
        name_after=re.compile(r"^\s(?:" + "|".join(raw["name_after"]) + r")\b"),
    )
