"""People counted without a figure: one named person ("Gunmen killed Nasrullah Kakar"), one
described ("X, a lawyer, was shot dead"), "X and his driver were killed" (two), and a body
found ("the bullet-riddled body of a trader was found")."""

from __future__ import annotations

import re

from militancydb.nlp.figure import Casualty, group_of
from militancydb.nlp.numbers import numbers_in
from militancydb.nlp.rules import Rules

#: One more person without a figure: "killing one person and injuring another", "one was
#: killed and another injured" (for :mod:`~militancydb.nlp.casualties`).
ANOTHER = re.compile(
    r"(?:(?<=\bkilling )|(?<=\binjuring )|(?<=\bwounding )|(?<=\bkilled )|(?<=\binjured )"
    r"|(?<=\bwounded ))another\b(?!\s+(?:[\w-]+\s+)?(?:was|were)\b)"
    # "injuring another 9", "wounding another one": the number counts them
    r"(?!\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen"
    r"|[a-z]+ty|dozen|several|scores|dozens)\b)"
    r"|\banother\b(?=\s+(?:(?:was|person was|one was)\s+)?(?:injured|wounded|hurt)\b"
    # "Three soldiers were martyred and another got injuries", "another sustained injuries"
    r"|\s+(?:(?:soldier|man|person|one|policeman|civilian)\s+)?(?:got|sustained|received|suffered)"
    r"\s+(?:[\w-]+\s+)?(?:injur(?:y|ies)|wounds)\b)",
    re.I,
)
#: "abducted a driver and later beheaded him": the pronoun object of a killing verb that
#: ``casualties`` does not read before "him" (it reads "killed him", "shot him dead").
PRONOUN_KILLED = (
    r"(?:(?<=\bbeheaded )|(?<=\bbeheading )|(?<=\bexecuted )|(?<=\bexecuting )"
    r"|(?<=\bmurdered )|(?<=\bmurdering )|(?<=\bassassinated )|(?<=\bslaughtered ))"
    r"(?:him|her)\b"
)
_ADDITIVE = re.compile(r"\b(?:also|another|additional|further)\b", re.I)
_AMONG = re.compile(r"\bamong\s+(?:the|those)\b", re.I)


def unnumbered(r: Rules, sentence: str, found: list[Casualty]) -> list[Casualty]:
    """ "X, a lawyer, was shot dead": one; "X and his driver were killed": two."""
    out = []
    for outcome, word in (("killed", r.killed_word), ("injured", r.injured_word)):
        # "X and his son were shot": "his son" alone is read as one; the pair is two
        if any(
            c.outcome == outcome and not c.subset and not _possessive_after_and(sentence, c)
            for c in found
        ):
            continue
        # ("The party leader was not wounded": nobody)
        m = re.search(
            r"\b(was|were)\s+(?:(?!not\b|never\b|n't\b)\w+\s+){0,4}?(?:" + word.pattern + ")",
            sentence,
            re.I,
        )
        if m is None and outcome == "killed":
            # "Gul Zaman died", "The commander of the post, Gul Zaman, died in the attack"
            m = re.search(r"\b[A-Z][a-z]+,?(\s)(?:later\s+)?(?:died|succumbed)\b", sentence)
        if m is None and outcome == "killed":
            # "The district official died in the attack": one person named by what he was
            m = re.search(
                r"\b(?i:the)\s+(?:[\w-]+\s+){0,3}?(?i:" + r.person + r")(\s)(?:later\s+|also\s+)?"
                r"(?:died|succumbed|perished|embraced)\b",
                sentence,
            )
        if not m:
            continue
        subject = sentence[: m.start()]
        near = [x for x in numbers_in(subject) if x.start >= len(subject) - 40]
        if (
            near
            or re.search(r"\b(?:no|one|nobody|none)\s*$", subject, re.I)
            or re.search(r"\b(?:neither|nor)\b", subject[-80:], re.I)  # "Neither X nor Y was"
        ):
            continue
        value = 1
        if m.group(1) == "were" or m.group(1) == "Were":
            pair = re.search(
                r"\band (?:his|her|their|its|one of (?:his|her|their)) \w+\s*(?:\w+\s*)?,?\s*$",
                subject,
                re.I,
            )
            if not pair:
                continue
            value = 2
        group = group_of(r, " ".join(subject.split()[-4:]) + " " + m.group(0))
        # "An ASI was also among those martyred": one of a figure told, never one more
        among = bool(_AMONG.search(m.group(0)))
        additive = not among and bool(_ADDITIVE.search(m.group(0)))
        out.append(
            Casualty(outcome, value, "exact", group, False, m.start(), m.end(), False, additive)
        )
    return out


def _possessive_after_and(sentence: str, c: Casualty) -> bool:
    """ "... and his son": a figure of one read from the possessive after "and"."""
    return (
        c.value == 1
        and sentence[c.start : c.end].lower() in ("his", "her", "their")
        and sentence[: c.start].endswith("and ")
    )


_NAMED = re.compile(
    r"\b(?:killed|murdered|assassinated|shot dead|gunned down|beheaded|hanged|executed"
    r"|decapitated|slaughtered|martyred|martyrdom\s+of"
    # "resulting in the martyrdom of ASI Ashfaq", "led to the death of Haji Gul"
    r"|(?:resulting\s+in|leading\s+to|led\s+to|causing|caused)\s+the\s+(?:death|killing)\s+of)\s+"
    # a role before the name: "killed parliamentary candidate Abdol Wahed"
    # (not a place after a preposition: "killed in eastern Afghanistan")
    r"(?:(?:the\s+)?(?:(?!(?:in|on|at|near|from|by|during|inside|outside|across|into|after"
    r"|before|when|while|as|across|along|around|throughout)\b)[a-z][\w-]+\s+){1,3}?(?=[A-Z]))?"
    r"((?:[A-Z][\w'\u2019.-]*\s*){1,7}?)(?=,|\.|;|\s+(?:in|on|at|as|while|when|near|after|from|who|inside|outside)\b|$"
    # "killed Hamid Sarwar and shot his son": "and" before a verb ends the name
    r"|\s+and\s+(?!(?:his|her|their|its|the|an?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|several|other|others)\b)[a-z]+\s)"
)


def named_object(r: Rules, sentence: str, found: list[Casualty]) -> list[Casualty]:
    """ "Gunmen killed Nasrullah Kakar in Bostan", "resulting in the martyrdom of Assistant
    Sub-Inspector Ashfaq": one person named as the object."""
    if any(c.outcome == "killed" for c in found):
        return []
    m = _NAMED.search(sentence)
    if m is None or r.attacker.search(m.group(1)):
        return []
    return [Casualty("killed", 1, "exact", "total", False, m.start(1), m.end(1))]


#: An aside between dashes or brackets right after a figure: "two people--an engineer and
#: a driver--", "Four people (two women and two children)".


#: One person's body found: "the bullet-riddled body of a trader was found", "Rahim's body
#: was recovered" (not an organisation, "an oversight body", nor "explosives strapped to his
#: body").
_BODY = re.compile(
    r"\b(?:(?i:the|a|his|her)|[A-Z][\w'\u2019-]*['\u2019]s)\s+(?:[\w-]+\s+){0,2}?body\b"
    r"(?:\s+of\s+(?P<whose>(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?[\w-]+))?"
    r"(?:\s+[\w,'-]+){0,8}?\s+(?:was|has been|had been|were)\s+(?:later\s+)?"
    r"(?:found|recovered|discovered|dumped|retrieved|fished out)\b"
)


#: The same in the active voice: "police found the teacher's body in a ravine", "villagers
#: discovered a headless body" (one body: not "bodies").
_FOUND_BODY = re.compile(
    r"\b(?:found|discovered|recovered|retrieved)\s+(?:(?i:the|a|his|her)\s+)?"
    r"(?:(?:[A-Z][\w'\u2019-]*|(?i:the)\s+[\w-]+)['\u2019]s\s+)?"
    r"(?:(?!(?:oversight|governing|advisory|legislative|elected|student)\b)[\w-]+\s+){0,2}?body\b"
    r"(?:\s+of\s+(?P<whose>(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?[\w-]+))?"
)


def one_body(r: Rules, sentence: str, found: list[Casualty]) -> list[Casualty]:
    if any(c.outcome == "killed" for c in found):
        return []
    m = _BODY.search(sentence) or _FOUND_BODY.search(sentence)
    if m is None:
        return []
    group = group_of(r, m.group("whose") or "")
    return [Casualty("killed", 1, "exact", group, False, m.start(), m.end())]
