"""What the words around a casualty figure say about it, for :mod:`militancydb.nlp.casualties`:

- **recalled**: the figure is of an earlier event, said in its own clause ("where 40 people
  died a few days ago", "a blast that killed 12 last year", "killed 150 people in 2017"),
  or a running count of a period ("brings to eight the number of foreigners killed in the
  past week"): it yields to any other figure of the report (``revision`` -1);
- **habitual**: a general statement in the present tense, not a report ("Scores of
  civilians are also killed in the crossfire", "dozens of people are often wounded"; with
  a vague figure also the present perfect: "Scores of civilians have also been killed in
  the crossfire"): no figure at all;
- **recalled before**: the figure is in a clause about an event dated before the report ("the
  highest since a bombing in January that killed 40"): it yields too;
- **claimed**: the attackers' count in a clause set against another ("..., while the Taliban
  claimed 50 soldiers were killed"): it yields to the officials' figure of the same sentence;
  and a sentence in the attackers' own voice ("We attacked the forces with a bomb, which
  killed three soldiers"): its figures yield to any other;
- **among those**, **of them**: "Five police officers were among the dead", "five people,
  two of them women": part of a figure told before, not more people;
- **one of them died**: "The injured were taken to hospital, where one of them succumbed":
  more dead (the injured of the clause before);
- **a family by its size**: "a five-member family", "a family of four" counted by its size
  (the first is a number the number reader leaves alone, as a compound adjective);
- **martyred**: people the report calls martyred (or "embraced martyrdom") are never the
  attackers, whatever the noun ("a DSP and a gunman were martyred": a police bodyguard);
- **other than those of the other outcome**: "two were killed and three others injured",
  "X and Y were martyred while three other officers sustained injuries": "other" sets the
  injured apart from the dead of the same sentence, it adds nothing to earlier injured.
"""

from __future__ import annotations

import re

from militancydb.nlp.numbers import Number, words_value
from militancydb.nlp.rules import Rules

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: A time before the report, said after the figure in its own clause.
_EARLIER_TIME = re.compile(
    r"^(?:(?![.;:]|\b(?:while|and|but|whereas)\b)[^.;:])*?"
    r"\b(?:(?:a\s+few|several|two|three|four|five|six|\d+|some)\s+(?:days|weeks|months|years)"
    r"\s+ago|(?:a|one)\s+(?:day|week|month|year)\s+ago|last\s+(?:year|month|week|"
    + _MONTHS
    + r")|earlier\s+this\s+(?:year|month|week)|in\s+(?:19|20)\d\d\b(?!\s*[-\u2013])"
    # "the bombing that killed their leader only days before." (not "days before the vote")
    r"|\b(?:(?:only|just|a\s+few|several|two|three|four|five|six|\d+|some)\s+)+(?:days|weeks"
    r"|months|years)\s+(?:before|earlier)(?=\s*(?:[.;,]|$)))",
    re.I,
)
#: A count over a period, not of the event: "brings to eight the number of Westerners
#: murdered in the past week", "the total number of policemen killed this year".
_RUNNING_COUNT = re.compile(
    r"^\s+the\s+(?:total\s+)?number\s+of\s+[^.;]{0,80}?\b(?:this\s+(?:year|month|week)"
    r"|(?:the\s+)?(?:past|last|previous)\s+(?:\w+\s+)?(?:year|month|week|days|weeks|months|years)"
    r"|so\s+far|since)\b",
    re.I,
)
#: "are (also) killed": the present tense of what happens, not of what happened.
_HABITUAL = re.compile(
    r"^\s+(?:[\w'-]+\s+){0,5}?(?:are|is)\s+(?:also\s+|often\s+|routinely\s+|regularly\s+"
    r"|frequently\s+|usually\s+|still\s+|sometimes\s+)*"
    r"(?:killed|wounded|injured|hurt|maimed)\b",
    re.I,
)
#: "Scores of civilians have also been killed in the crossfire": a vague figure in the present
#: perfect with "also" or a word of how often, not followed by the attack it would count.
_HABITUAL_PERFECT = re.compile(
    r"^\s+(?:[\w'-]+\s+){0,5}?(?:have|has)\s+(?:also|often|routinely|regularly|frequently"
    r"|repeatedly)\s+(?:[\w'-]+\s+)?been\s+(?:killed|wounded|injured|hurt|maimed)\b"
    r"(?![^.;]{0,30}\b(?:in|by)\s+(?:the|this|that|today's|yesterday's)\s+(?:[\w-]+\s+)?"
    r"(?:attack|blast|bombing|explosion|assault|ambush|strike)\b)",
    re.I,
)
#: What may stand between a casualty verb and its count: "killing himself and ten others",
#: "killed the two guards", "Also killed were 13 others" (the participle before its subject).
VERB_LEAD = (
    r"(?:(?<=killed )(?:were|was)\s+)?"
    # "killing the bomber as well as a passer-by": the attacker is counted apart
    r"(?:(?:himself|herself|themselves|the\s+(?:suicide\s+)?(?:bomber|attacker|assailant|gunman))"
    r"\s+(?:and|as well as|along with)\s+)?(?:the\s+)?"
)
_HABIT_WORD = re.compile(r"\b(?:often|routinely|regularly|frequently|usually|sometimes)\b", re.I)
#: "Five police officers were among the dead", "Three officers were among the 31 people
#: injured".
_AMONG = re.compile(
    r"^\s+(?:[\w'-]+\s+){0,4}?(?:were|was|are|is)\s+(?:also\s+)?among\s+(?:the|those)\s+"
    r"(?:\w+\s+){0,2}?(?:dead|killed|injured|wounded|victims|casualties|martyrs|martyred|deceased)\b",
    re.I,
)
#: An event dated before the report, heading a relative clause that gives the figure: "a
#: bombing in January that killed 40", "an attack last year which left 12 dead".
_DATED_EVENT = re.compile(
    r"\b(?:attacks?|bombings?|blasts?|explosions?|assaults?|strikes?|massacres?|incidents?"
    r"|violence|ambush(?:es)?|raids?)\s+(?:[\w'-]+\s+){0,6}?(?:in\s+(?:"
    + _MONTHS
    + r"|(?:19|20)\d\d)|last\s+(?:year|month|week|"
    + _MONTHS
    + r")|earlier\s+this\s+(?:year|month|week)|(?:days|weeks|months|years)\s+(?:ago|earlier))\b"
    r"[^.;:]{0,40}?(?:\b(?:that|which)\s+(?:had\s+)?(?:killed|left|claimed|wounded|injured)\s+"
    r"(?:[\w'-]+\s+){0,2}?"
    # "A series of attacks took place in the city in 2017 in which more than 60 people had died"
    r"|\b(?:in\s+which|during\s+which|where)\s+(?:(?:at\s+least|more\s+than|over|some|about)\s+)?)$",
    re.I,
)
#: The attackers' own count: "while the Taliban claimed 50 soldiers were killed".
_CLAIMED = re.compile(
    r"\b(?:while|but|whereas|although|though)\s+(?:[\w'\u2019-]+\s+){0,6}?"
    r"(?:group|spokes(?:man|person)|outfit)\b[^.;]{0,40}?\bclaim(?:ed|s|ing)\b"
    r"(?!\s+(?:responsibility|credit|the\s+lives|(?:\w+\s+)?lives))[^.;]{0,50}$",
    re.I,
)
_OF_THEM = re.compile(r"^\s+of\s+(?:them|whom)\b", re.I)
_DIED_OF_THEM = re.compile(
    r"^\s+of\s+(?:them|those|whom)\s+(?:[\w'-]+\s+){0,2}?(?:later\s+)?"
    r"(?:died|succumbed|passed\s+away)\b",
    re.I,
)
_MARTYRED = re.compile(r"\b(?:martyr\w*|shaheed|shahadat)\b", re.I)


#: "a five-member family", "a 6-member family", "an eight-member household".
_FAMILY = re.compile(
    r"\b(?:an?|the)\s+(?P<n>\d{1,2}|[a-z]+(?:-[a-z]+)?)-member\s+(?:family|household)\b", re.I
)


def family_sizes(sentence: str) -> list[Number]:
    """The size of each family counted by "a five-member family", as a number at its
    article ("a") so that the article is not read as one person."""
    out = []
    for m in _FAMILY.finditer(sentence):
        raw = m.group("n")
        value = int(raw) if raw.isdigit() else words_value(raw.replace("-", " "))
        if value:
            out.append(Number(value, m.start(), m.start("n") + len(raw) + len("-member")))
    return out


#: A person's age after the name: "Muhammad Faisal, 35 and Asif Kamran, 29 who were ...",
#: "Gul Khan, 40, a shopkeeper".
_AGE = re.compile(
    r"(?<=[a-z]{2},\s)(?P<n>\d{1,2})(?=\s*(?:,|\)|and\s+(?-i:[A-Z])|who\b|years?\b|yrs\b))"
)


#: A page's reading time: "2 min read".
_READ_TIME = re.compile(r"\b\d{1,2}(?=\s*(?:min|mins|minutes?)\s+read\b)", re.I)


def ages(sentence: str) -> list[tuple[int, int]]:
    """The spans of numbers that are no count of people: a named person's age, a page's
    reading time ("2 min read")."""
    out = [(m.start(), m.end()) for m in _READ_TIME.finditer(sentence)]
    for m in _AGE.finditer(sentence):
        # (a full name: two words or more; "In Sibi, 4 who were travelling" is a count)
        name = re.search(
            r"(?<![\w-])(?!(?:In|At|On|Near|From|The|Of|Outside|Inside|Across)\b)[A-Z][a-z]+"
            r"(?:\s+[A-Z][a-z]+)+,\s$",
            sentence[: m.start()],
        )
        if name is not None:
            out.append((m.start(), m.end()))
    return out


def recalled(after: str) -> bool:
    """Whether the clause after a figure dates it before the report (an earlier event), or
    makes it a running count of a period ("brings to eight the number of foreigners killed
    in the past week")."""
    return (
        _EARLIER_TIME.search(after[:120]) is not None
        or _RUNNING_COUNT.match(after[:160]) is not None
    )


#: A count over a period: "A wave of attacks this month ... has killed more than 200 people"
#: (attacks in the plural, the present perfect and a period), "so far, 37 militants ...".
_PERIOD_TOTAL = re.compile(
    r"\b(?:attacks|bombings|blasts|explosions|violence|incidents|operations|raids|strikes)\b"
    r"(?=[^.;]{0,100}?\b(?:this|past|last|recent)\s+(?:\w+\s+)?(?:week|month|year|weeks|months"
    r"|years|days)\b|[^.;]{0,100}?\b(?:since|so\s+far|across\s+the\s+country)\b)"
    r"[^.;]{0,100}?\b(?:has|have)\s+(?:so\s+far\s+|now\s+)?(?:killed|left|claimed(?:\s+the\s+lives"
    r"\s+of)?)\s+(?:(?:at\s+least|more\s+than|over|nearly|about|around|some|almost)\s+)?$"
    r"|\bso\s+far\b,?\s+(?:[\w'-]+\s+){0,1}$",
    re.I,
)


def recalled_before(before: str) -> bool:
    """Whether the figure is in a relative clause of an event dated before the report, or
    counts a period rather than the event ("a wave of attacks this month has killed more
    than 200", "so far, 37 militants have been killed")."""
    tail = before[-160:]
    return _DATED_EVENT.search(tail) is not None or _PERIOD_TOTAL.search(tail) is not None


def claimed(r: Rules, before: str) -> bool:
    """Whether a claimant (an attacker noun, a group, its spokesman) claims the figure in a
    clause set against another ("..., while the Taliban claimed 50"); a sentence that is all
    the claimant's is told apart by the pipeline (``claimed_figures``)."""
    clause = before[-110:]
    m = _CLAIMED.search(clause)
    if m is None:
        m = re.search(
            r"\b(?:while|but|whereas|although|though)\s+(?:[\w'\u2019-]+\s+){0,3}?(?:"
            + r.attacker.pattern
            + r")[^.;]{0,40}?\bclaim(?:ed|s|ing)\b"
            r"(?!\s+(?:responsibility|credit|the\s+lives|(?:\w+\s+)?lives))[^.;]{0,50}$",
            clause,
            re.I,
        )
    return m is not None


#: A quote in the attackers' own voice: "We attacked Pakistani forces with a bomb, which
#: killed three soldiers", "Our fighters killed 20 soldiers".
_OWN_VOICE = re.compile(
    r"(?:^|[:\u201c\"])\W*(?:we\s+(?:have\s+|had\s+)?(?:attacked|targeted|targetted|struck|ambushed|stormed"
    r"|carried\s+out|killed|hit|blew\s+up|launched)|our\s+(?:fighters|mujahideen|mujahidin"
    r"|men|martyrdom\s+seekers?|attackers|militants|comrades|sarmachars|guerrillas)\b)",
    re.I,
)


def claimants_own(sentence: str) -> bool:
    """Whether the sentence is the attackers' own account, in the first person ("We
    attacked Pakistani forces with a remote-controlled bomb, which killed three soldiers"):
    its figures are the claimant's, and yield to any other figure."""
    return _OWN_VOICE.search(sentence) is not None


def of_them(r: Rules, after: str, before: str = "") -> bool:
    """ "five people, two of them women": part of the figure before (not "a battle with the
    assailants, in which four of them were killed", nor "turned his gun on his colleagues,
    killing five of them": counts of their own)."""
    m = _OF_THEM.match(after)
    if m is None or _VERB_JUST_BEFORE.search(before[-30:]):
        return False
    clause = re.match(r"[^,;.]{0,40}", after[m.end() :])
    near = clause.group(0) if clause else ""
    return not (r.killed_word.search(near) or r.injured_word.search(near))


_VERB_JUST_BEFORE = re.compile(
    r"\b(?:killing|killed|injuring|wounding|martyring)\s+(?:(?:at\s+least|all)\s+)?$", re.I
)


def died_of_them(r: Rules, before: str, after: str) -> bool:
    """ "The injured were taken to hospital, where one of them succumbed": more dead, when
    the last casualty word before is of the injured."""
    if _DIED_OF_THEM.match(after) is None:
        return False
    last = max(
        ((m.start(), "injured") for m in r.injured_word.finditer(before)),
        default=(-1, ""),
    )
    dead = max(((m.start(), "killed") for m in r.killed_word.finditer(before)), default=(-1, ""))
    return last[0] > dead[0]


def habitual(after: str, vague: bool) -> bool:
    """ "Scores of civilians are also killed": a general statement, when the figure is vague
    ("scores", "dozens") or the verb says how often."""
    m = _HABITUAL.match(after)
    if vague and _HABITUAL_PERFECT.match(after):
        return True
    return m is not None and (vague or _HABIT_WORD.search(m.group(0)) is not None)


def among_those(after: str, before: str = "") -> bool:
    """ "Five officers were among the dead", "all four victims" (:func:`recap`): part of a
    figure told before."""
    return _AMONG.match(after) is not None or recap(before, after)


#: "all four victims received bullet wounds": the people a figure told before, named again.
_ALL_BEFORE = re.compile(r"\b(?:all|both)\s+(?:the\s+|of\s+the\s+)?$", re.I)
_RECAP_NOUN = re.compile(
    r"^\s+(?:victims|dead|deceased|bodies|martyrs|injured|wounded|casualties)\b", re.I
)
#: Animals killed beside people ("two horses were also killed") and things counted beside
#: them ("two hand grenades and 150 bullets"): no people.
_THINGS = re.compile(
    r"^\s+(?:[\w-]+\s+)?(?:horses?|donkeys?|mules?|camels?|cows?|cattle|buffal(?:o|oes)|goats?"
    r"|sheep|dogs?|animals?|livestock|oxen|bullets|rounds|cartridges|grenades|rifles|guns"
    r"|pistols|vests|jackets|magazines|rockets|shells|detonators|kilograms|kg|vehicles"
    r"|motorcycles|shops|houses)\b",
    re.I,
)


def recap(before: str, after: str) -> bool:
    """ "all four victims", "both the injured": people a figure told before, not more."""
    return bool(_ALL_BEFORE.search(before[-20:]) and _RECAP_NOUN.match(after))


def things(after: str) -> bool:
    """Whether the figure counts animals or things ("two horses", "150 bullets")."""
    return _THINGS.match(after) is not None


def names_things(text: str) -> bool:
    """Whether a list's words name animals or things ("his four companions, two horses")."""
    return any(_THINGS.match(text[m.start() :]) for m in re.finditer(r"\s", text))


def martyred(r: Rules, after: str) -> bool:
    """Whether the casualty word that a figure's people take is "martyred" or the like
    (such people are victims, not attackers)."""
    m = r.killed_word.search(after[:100])
    return m is not None and _MARTYRED.search(after[: m.end()]) is not None


def other_outcome_before(r: Rules, before: str, outcome: str) -> bool:
    """Whether the clause before "three others" tells people of the other outcome ("two
    killed and three others injured"): then "others" are not more of this one."""
    rx = r.injured_word if outcome == "killed" else r.killed_word
    verb = r.injured_verb if outcome == "killed" else r.killed_verb
    return bool(rx.search(before) or verb.search(before))
