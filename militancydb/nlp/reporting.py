"""Words of reporting: who told the news, not who was hit.

A report names the press and officials as its sources far more often than as victims:
"the military's media wing said", "the group's media channel", "told the media", "in a
statement sent to the media", "in a text message to reporters", "blocked reporters from",
"talking to journalists", "told reporters", "social media", "media reports", "police said",
"officials told AFP", "according to residents", "Chief Minister X condemned the attack",
"SSP Captain (retd) Y". A target cue ("media", "journalists",
"police", "residents") inside such a phrase says nothing about the target.
:func:`mask_reporting` blanks these phrases (spaces of the same length, so offsets hold) for
the target reader; a press club bombed or a journalist shot keeps its words.
"""

from __future__ import annotations

import re

_SAY = (
    r"(?:said|says|say|told|tell|tells|confirmed|confirms|added|adds|stated|states|reported|"
    r"reports|claimed|informed|quoted|announced|disclosed|briefed)"
)
_SOURCES = (
    r"(?:(?:senior|local|district|provincial|security|government|hospital|health|rescue|"
    r"military|police|army|tribal|area|village|intelligence|official)\s+)*"
    r"(?:police(?:\s+(?:officials?|officers?|sources|spokes(?:man|person)))?|officials?|"
    r"officers?|sources|residents|villagers|witnesses|eyewitnesses|elders|spokes(?:man|person))"
)
_REPORTING = re.compile(
    "|".join(
        [
            # the army's press office and other press offices
            r"\b(?:(?:military|army|armed forces|navy|air force)(?:['\u2019]s)?\s+)?"
            r"media\s+(?:wing|cell|office|coordinator|officer|department|centre|center|"
            r"directorate|team|manager|adviser|advisor|channel|arm|statement)\b",
            # a message to the press, and the press kept away ("in a text message to
            # reporters", "militants blocked reporters from covering the blast")
            r"\b(?:message|statement|e-?mail|letter|video)s?\s+(?:sent\s+)?to\s+(?:the\s+)?"
            r"(?:media|press|reporters|journalists|newsmen)\b",
            r"\b(?:blocked|barred|prevented|stopped|kept|keeping|blocking|barring)\s+(?:the\s+)?"
            r"(?:media|press|reporters|journalists|newsmen)\s+(?:from|away)\b",
            # the press as the channel
            r"\b(?:social|local|national|international|foreign|state|electronic|print|"
            r"mainstream|news|regional|Pakistani|Afghan)\s+media\b",
            r"\bmedia\s+(?:reports?|reported|said|quoted|outlets?|houses?|briefing|talks?|"
            r"persons?|personnel)\b",
            r"\b(?:" + _SAY + r"|sent|emailed|e-mailed|issued|released|shared|distributed|"
            r"talking|speaking|spoke|talk|speak)\s+(?:to|with)?\s*(?:the\s+)?(?:local\s+|"
            r"foreign\s+)?(?:media|press|reporters|journalists|newsmen|newspersons)\b",
            r"\b(?:told|tell|tells|briefed|brief|briefing|informed|inform)\s+(?:the\s+)?"
            r"(?:local\s+)?(?:media|press|"
            r"reporters|journalists|newsmen)\b",
            r"\bpress\s+(?:release|conference|statement|briefing|note|talk)\b",
            r"\baccording\s+to\s+(?:the\s+)?(?:local\s+)?(?:media|press|reports?|"
            + _SOURCES
            + r")\b",
            # officials as the source: "police said", "officials told AFP", "residents said"
            r"\b" + _SOURCES + r"\s+(?:\w+\s+){0,2}?" + _SAY + r"\b"
            r"(?:\s+(?:the\s+)?(?:media|press|reporters|journalists|newsmen)\b)?",
            r"\b" + _SAY + r"\s+(?:the\s+)?" + _SOURCES + r"\b",
            # office holders reacting: "Chief Minister Ali Shah condemned the attack"
            r"\b(?:Prime|Chief|Interior|Home|Federal|Provincial|Information|Foreign|State)\s+"
            r"Minister\b(?=[^.;]{0,80}?\b(?:condemn|denounc|express|sought|seek|order|direct"
            r"|took notice|taken notice|vow|offer|pray|visit|announc|said|told|assur|call|ask)\w*)",
            # retired officers named by their old rank: "Captain (retd) Zohaib Mohsin"
            r"\b(?:Captain|Capt|Major|Maj|Colonel|Col|Lieutenant|Lt|General|Gen|Brigadier|Brig)"
            r"\.?\s*\((?:retd|retired|r)\.?\)",
        ]
    ),
    re.I,
)


#: Every reporting phrase holds one of these (a cheap test before the expression runs).
_WORDS = re.compile(
    r"media|press|report|journalist|newsm|according|said|say|told|tell|confirm|add|stat"
    r"|claim|inform|quot|announc|disclos|brief|minister|retd|retired|\(r\.?\)",
    re.I,
)


def mask_reporting(text: str) -> str:
    """``text`` with its reporting phrases blanked (see the module docstring)."""
    if not _WORDS.search(text):
        return text
    return _REPORTING.sub(lambda m: " " * len(m.group(0)), text)


#: Police and administrative ranks written as capitals ("SSP Operations Zohaib Mohsin", "DIG
#: Fida Hussain"); "SSP" is also the acronym of Sipah-e-Sahaba Pakistan.
_RANKS = frozenset("SSP SP DSP ASP DIG IG IGP AIG SHO DPO RPO CCPO ASI SI DC AC".split())
#: (the branch in small letters too: "quoting SSP operations")
_RANK_AFTER = re.compile(
    r"^\)?\s+(?:[A-Z][a-z]|(?i:operations|investigations?|security|headquarters|traffic)\b)"
)
_RANK_BEFORE = re.compile(r"(?:Superintendent|Inspector|Officer|Commissioner)[\w ]*\(\s*$")


def rank_title(text: str, start: int, end: int) -> bool:
    """Whether the capitals at ``start:end`` are a police or administrative rank before a
    name or a branch ("SSP Operations", "DIG Fida Hussain") or after the rank spelled out
    ("Senior Superintendent of Police (SSP)"), not a group's acronym."""
    if text[start:end] not in _RANKS:
        return False
    return bool(
        _RANK_AFTER.match(text[end : end + 20])
        or _RANK_BEFORE.search(text[max(0, start - 60) : start])
    )
