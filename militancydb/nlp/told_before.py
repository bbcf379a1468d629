"""What a report tells of other times than its incident's: an earlier attack recalled by its
day ("On Tuesday, attackers hurled grenades into a cinema" in a report of Wednesday's), an
attack told by a date long before the report was filed (background, never an incident of the
report), and the figures of another event a sentence recalls after a cue ("Four days before,
three engineers were killed")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from militancydb.nlp.casualties import Casualty, casualties_in
from militancydb.nlp.dates import MONTHS, dates_in
from militancydb.nlp.rules import rules
from militancydb.nlp.segments import claims_of_all, segment_rules
from militancydb.nlp.text import Sentence


def recalled_earlier(text: str, said_on: dt.date | None, incident_on: dt.date | None) -> bool:
    """Whether a sentence of an incident tells an earlier attack by its day ("On Tuesday,
    attackers hurled grenades into a cinema, killing 13" in a report of Wednesday's attack):
    it starts with a day, tells attackers or a bomb, and its day (``said_on``) is before the
    incident's."""
    if said_on is None or incident_on is None or said_on >= incident_on:
        return False
    return day_first_attack(text)


def day_first_attack(text: str) -> bool:
    """Whether a sentence starts with a day and tells attackers or a bomb ("On Tuesday,
    attackers hurled grenades ...")."""
    s = segment_rules()
    return bool(s.day_first.match(text)) and bool(s.attack_told.search(text))


#: Days before the report was filed beyond which an attack told by its date is background.
LONG_BEFORE = 7
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(m for m in MONTHS if len(m) > 3) + r")\b", re.I)


def told_long_before(sents: Sequence[Sentence], filed: dt.date | None) -> frozenset[int]:
    """The sentences (after the first) that tell an attack by a calendar date more than
    :data:`LONG_BEFORE` days before the report was filed ("Two Rangers were killed in Ghotki
    on June 19" in a report of July 8): background, never an incident of the report nor
    figures of one."""
    if filed is None:
        return frozenset()
    out = set()
    for i, s in enumerate(sents[1:], 1):
        if not _MONTH_WORD.search(s.text):
            continue
        # (a day told as when it was reported is as old: "were reported in Karachi on June 10")
        m = next((m for m in dates_in(s.text, filed) if m.rule == "explicit"), None)
        if m is None:
            continue
        age = (filed - m.date).days
        # a day and month without a year after the filing day resolve to the year before
        # ("Update: On April 30, ..." in a report of April 28): not an old attack
        if age > LONG_BEFORE and (age < 300 or re.search(r"\d{4}", s.text[m.start : m.end])):
            out.add(i)
            # "On the same day, the Rangers' vehicles came under attack in Larkana": that day
            if i + 1 < len(sents) and _THAT_DAY.match(sents[i + 1].text):
                out.add(i + 1)
    # "All the attacks were claimed by ..." right after them: a claim of those attacks
    for i in sorted(out):
        nxt = i + 1
        while nxt in out:
            nxt += 1
        if nxt < len(sents) and claims_of_all(sents, set(), [[nxt], [nxt]]):
            out.add(nxt)
    return frozenset(out)


_THAT_DAY = re.compile(
    r"^\W*(?:(?:on )?the same (?:day|night)|that (?:same )?day|later that day)\b", re.I
)


def own_figures(sentence: str) -> list[Casualty]:
    """The sentence's figures, without those of another, earlier event it recalls ("Four
    days before, three engineers were killed"; an aside after "Note:"): the figures after
    the cue."""
    r = rules()
    found = casualties_in(sentence)
    cut = min(
        (
            m.start()
            for m in (
                r.background.search(sentence),
                r.aside.search(sentence),
                segment_rules().background.search(sentence),
            )
            if m
        ),
        default=None,
    )
    # figures told after the cue are the other event's; those before it are this one's
    # ("Gunmen killed three policemen, days after a similar attack in Peshawar")
    return found if cut is None else [c for c in found if c.start < cut]
