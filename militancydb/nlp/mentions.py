"""Groups named as background, not as the perpetrator of the incident reported.

News reports name armed groups in sentences that say nothing about who did this attack:
that no one claimed it ("No group, including the Taliban, has claimed responsibility"),
what a group usually does ("Normally, the outlawed TTP claims responsibility for most of the
attacks"), what it claimed before ("Jamaat-ul-Ahrar ... has claimed responsibility for
previous similar attacks"), how it has grown ("IS has increased attacks on mosques since the
Taliban seized power"). :func:`background_only` tells such sentences apart, so that the
groups they name are not taken for the incident's perpetrator; a sentence that also blames
or suspects a group, or turns on "but", "although" ("no group claimed it, but police blamed
the TTP"), is not one.
"""

from __future__ import annotations

import re

_NO_CLAIM = re.compile(
    r"\b(?:no|none of the)\s+(?:one|group|organi[sz]ation|militant group|body|individual)\b"
    r"[^.;]{0,60}?\b(?:has|have|had)?\s*(?:yet\s+|so far\s+|immediately\s+)*"
    r"(?:claimed|accepted|taken|owned)\b"
    r"|\bno immediate claim\b|\bno claim of responsibility\b|\bnobody\b[^.;]{0,30}?\bclaimed\b",
    re.I,
)
_BLAME = re.compile(
    r"\b(?:blam\w*|suspect\w*|accus\w*|attribut\w*|held responsible|pointed (?:the )?finger"
    r"|believed to|thought to)\b",
    re.I,
)
#: After "no group claimed": the sentence goes on to say who did it.
_BUT = re.compile(r"\b(?:although|though|but|however|while|responsible|behind)\b", re.I)
_BACKGROUND = re.compile(
    "|".join(
        [
            # habit: what a group does, not what it did here
            r"\b(?:normally|usually|often|typically|generally|frequently|mostly|routinely"
            r"|regularly)\s+(?:claim|target|attack|carr(?:y|ies)|stage|plant|use|bomb|kill)\w*",
            # claims of other attacks
            r"\bclaim(?:ed|s|ing)?\s+(?:responsibility\s+for\s+)?(?:\w+\s+){0,2}?"
            r"(?:previous|past|earlier|similar|other|several|many|most|numerous|a number of"
            r"|a series of|scores of|dozens of|a spate of|a string of)\b",
            # how a group has grown
            r"\b(?:has|have|had)\s+(?:increased|stepped up|intensified|escalated|ramped up"
            r"|expanded)\b",
            r"\b(?:has|have) been behind\b",
            r"\b(?:is|are|was|were) (?:seen|regarded|considered) as\b",
        ]
    ),
    re.I,
)


def background_only(sentence: str) -> bool:
    """Whether the groups ``sentence`` names are background, not the incident's
    perpetrator (see the module docstring)."""
    if _BLAME.search(sentence):
        return False
    if _NO_CLAIM.search(sentence) and not _BUT.search(sentence):
        return True
    return bool(_BACKGROUND.search(sentence))


_AUTHORITY_AFTER = re.compile(
    r"^[\s-]*(?:led\s+|run\s+|appointed\s+)?(?:officials?|authorities|administration"
    r"|police|rulers|regime|(?:interior|defen[cs]e) ministry|security (?:forces|officials))\b",
    re.I,
)


def named_as_authority(after: str) -> bool:
    """Whether the words right ``after`` a group's name make it an authority: "a Taliban
    official said", "the Taliban authorities", "Taliban-appointed police" (the Afghan
    Taliban since August 2021); such a mention is not the group acting. ("The Taliban
    government claims ..." of 2001 is left alone: the development sets read it as the
    group.)"""
    return bool(_AUTHORITY_AFTER.match(after))
