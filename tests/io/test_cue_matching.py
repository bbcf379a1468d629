"""The keyword prefilter of the cue lists (codebook.keywords.CueSet) finds exactly what
searching each label's pattern finds: on every bundled UCDP row (the rule table's cues on
the row's evidence text; the tactics, targets and event cues on its headline and text), on
texts built to trip it, and with its list of look-alike characters checked against every
code point."""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Mapping

import pytest

from militancydb.bootstrap import bundled_ucdp
from militancydb.codebook.keywords import (
    ASCII_LOOKALIKES,
    Cues,
    CueSet,
    cues,
    literal_starts,
)
from militancydb.io.ucdp_rules import evidence_text, rule_table


def one_by_one(patterns: Mapping[str, re.Pattern[str]], text: str) -> list[str]:
    return [label for label, rx in patterns.items() if rx.search(text)]


def counts(patterns: Mapping[str, re.Pattern[str]], text: str) -> dict[str, int]:
    return {label: n for label, rx in patterns.items() if (n := len(rx.findall(text)))}


@pytest.fixture(scope="module")
def ucdp_rows() -> list[dict[str, str]]:
    with bundled_ucdp().open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_rule_cues_on_every_bundled_row(ucdp_rows: list[dict[str, str]]) -> None:
    table = rule_table()
    fast = CueSet(table.cues)
    found = 0
    for row in ucdp_rows:
        text = evidence_text(row)
        want = one_by_one(table.cues, text)
        assert fast.present(text) == want, row["id"]
        found += len(want)
    assert len(ucdp_rows) > 6000 and found > 1000  # the rows carry cues to find


def test_keyword_groups_on_every_bundled_row(ucdp_rows: list[dict[str, str]]) -> None:
    shipped = cues()
    fresh = Cues(shipped.groups)  # an empty memo: every text scanned
    for row in ucdp_rows:
        headline = row.get("source_headline") or row.get("source_article") or ""
        for text in (headline, evidence_text(row)):
            for group, patterns in shipped.groups.items():
                got = fresh.scan(group, text)
                want = counts(patterns, text)
                assert got == want and list(got) == list(want), (row["id"], group)


def test_texts_built_to_trip_the_prefilter() -> None:
    table = rule_table()
    fast = CueSet(table.cues)
    texts = [
        "Pakistani warplanes pounded hideouts",  # (?:war)?planes? : optional group first
        "PLANES AND JETS",  # upper case
        "US strikes in Waziristan",  # (?:us|u\.s\.|...) (?:air ?)?strikes?
        "U.S. airstrike",
        "self-detonated near a checkpost",
        "\u017fuicide attack",  # long s: case-insensitively an 's'
        "Attac\u212a on a police post",  # Kelvin sign: case-insensitively a 'k'
        "\u0130mambargah bombed",
        "bombs",
        "bombastic",  # a start present, the pattern not matching
        "",
        "no cue here at all",
    ]
    for text in texts:
        assert fast.present(text) == one_by_one(table.cues, text), text
        for patterns in cues().groups.values():
            assert CueSet(patterns).present(text) == one_by_one(patterns, text), text


def test_literal_starts() -> None:
    assert literal_starts("drones?") == {"drone"}
    assert literal_starts("u\\.s\\. strikes") == {"u.s. strikes"}
    assert literal_starts("(?:war)?planes?") == {"war", "plane"}
    assert literal_starts("(?:us|nato) strikes?") == {"us", "nato"}
    assert literal_starts("(?:Fighter )?jets?") == {"fighter ", "jet"}
    for unknown in ("\\w+ attack", "[ab]c", "s?uicide", "(?:a|\\w)b", "(?:ab){0,2}c"):
        assert literal_starts(unknown) is None, unknown


def test_lookalikes_are_all_the_non_ascii_letters_that_match_ascii() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    found = "".join(chr(cp) for cp in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(cp)))
    assert found == ASCII_LOOKALIKES
