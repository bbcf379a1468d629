"""Groups named as background, not as the perpetrator of the incident reported.

News reports name armed groups in sentences that say nothing about who did this attack:
that no one claimed it ("No group, including the Taliban, has claimed responsibility"),
what a group usually does ("Normally, the outlawed TTP claims responsibility for most of the
attacks"), what it claimed before ("Jamaat-ul-Ahrar ... has claimed responsibility for
previous similar attacks"), how it has grown ("IS has increased attacks on mosques since the
Taliban seized power"), the state of the conflict ("since a fragile truce between the
Pakistani Taliban and the state broke down", "there has been a surge in attacks by ...",
"the heart of the Taliban's stronghold", "a global hub for militants", what it seeks to
topple), blame as a habit ("similar incidents are usually blamed on Taliban militants"),
attacks of another time it claimed ("Two attacks
last week ... were claimed by ..."). :func:`background_only` tells such sentences apart, so
that the groups they name are not taken for the incident's perpetrator; a sentence that also
blames or suspects a group, or turns on "but", "although" ("no group claimed it, but police
blamed the TTP"), is not one.

A group is not the one acting either where it is named as an authority
(:func:`named_as_authority`: "a Taliban official said") or as the one harmed
(:func:`named_as_victim`: "Two Taliban members and a civilian were killed", "killing two
Taliban guards").
"""

from __future__ import annotations

import datetime as dt
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
    r"|believed to|thought to|allegedly)\b",
    re.I,
)
#: After "no group claimed": the sentence goes on to say who did it.
_BUT = re.compile(
    r"\b(?:although|though|but|however|while|responsible|(?<!responsibility )behind)\b", re.I
)
#: Claims of other attacks ("which had in the past claimed responsibility for a number of
#: suicide attacks", "has claimed several attacks").
_OTHER_CLAIMS = re.compile(
    r"\bclaim(?:ed|s|ing)?\s+(?:responsibility\s+for\s+)?(?:\w+\s+){0,2}?"
    r"(?:previous|past|earlier|similar|other|several|many|most|numerous|a number of"
    r"|a series of|scores of|dozens of|a spate of|a string of)\b",
    re.I,
)
_BACKGROUND = re.compile(
    "|".join(
        [
            # habit: what a group does, not what it did here
            r"\b(?:normally|usually|often|typically|generally|frequently|mostly|routinely"
            r"|regularly)\s+(?:claim|target|attack|carr(?:y|ies)|stage|plant|use|bomb|kill)\w*",
            # claims of other attacks
            _OTHER_CLAIMS.pattern,
            # how a group has grown
            r"\b(?:has|have|had)\s+(?:increased|stepped up|intensified|escalated|ramped up"
            r"|expanded)\b",
            r"\b(?:has|have) been behind\b",
            r"\b(?:is|are|was|were) (?:seen|regarded|considered) as\b",
            # the state of a conflict: truces ended, attacks on the rise, strongholds
            r"\b(?:ended|called off|broke off|scrapped|abandoned|ending|calling off|broke|broken"
            r"|breaking|violated)\s+"
            r"(?:(?:a|an|its|the|their|his)\s+)?(?:[\w-]+\s+){0,2}(?:cease-?fire|truce)\b",
            r"\b(?:cease-?fire|truce|peace (?:talks|deal|process))\b[^.;]{0,120}?"
            r"\b(?:broke down|collapsed|ended|failed|fell apart)\b",
            r"\b(?:increase|surge|rise|spike|uptick|upsurge|resurgence|wave|growth)\s+(?:of|in)\s+"
            r"(?:the\s+(?:number|frequency|scale|intensity)\s+of\s+)?"
            r"(?:[\w-]+\s+){0,2}(?:attacks|violence|militancy|terrorism)\b",
            r"\b(?:has|have) (?:long )?struggled\b",
            r"\b(?:is|are) (?:\w+\s+)?allied (?:with|to)\b",
            r"\b(?:is|are|sits|lies)\s+(?:[\w'\u2019-]+\s+){0,8}?(?:stronghold|heartland|hotbed|bastion)\b",
            r"\b(?:has|have) (?:a|its|their) (?:\w+\s+)?(?:foothold|presence)\b",
            # a region described by who is there ("The border area is a global hub for
            # militants, including ...", "has witnessed al-Qaeda and Taliban militant
            # activity") and by what a group wants ("who seek to topple the government")
            r"\b(?:is|are|was|were|remains?|became|has become)\s+(?:(?:once|long|still|also)\s+)?"
            r"(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:hub|haven|sanctuary|breeding ground|safe haven"
            r"|base|refuge)\s+(?:for|of)\b",
            # where a group is strong ("The Taliban are strong in the south") and what it
            # favours ("bombs are the Taliban's favoured weapon")
            r"\b(?:is|are|was|were|remains?)\s+(?:\w+\s+)?(?:strong|active|entrenched|influential)"
            r"\b",
            r"\b(?:has|have)\s+(?:long\s+)?been\s+(?:troubled|plagued|beset|wracked|racked)\s+by\b",
            r"\b(?:traditional|historic|historical|former|main|old)\s+(?:stronghold|heartland|bastion)\b",
            # an earlier attack recalled ("The last suicide attack claimed by IS was in March")
            r"\bthe\s+(?:last|previous)\s+(?:(?:such|major|suicide|deadly|big)\s+)*(?:attack|bombing"
            r"|blast|assault)\b",
            # a group asked for comment ("The Taliban were not immediately contactable")
            r"\bnot\s+(?:immediately\s+)?(?:available|contactable|reachable)\s+for\s+comment\b"
            r"|\bcould\s+not\s+(?:immediately\s+)?be\s+(?:reached|contacted)\b",
            r"\b(?:favou?red|favou?rite|preferred|signature)\s+(?:weapons?|tactics?|methods?)\b"
            r"|\bweapon of choice\b",
            # a campaign over weeks or across a country ("a series of assaults by the Taliban
            # over the past week", "in recent weeks the Taliban had carried out attacks")
            r"^(?=.*\b(?:attacks|assaults|bombings|raids)\b)(?=.*\b(?:(?:over|in|during)\s+the\s+"
            r"(?:past|last)\s+(?:few\s+|several\s+|\w+\s+)?(?:days|weeks?|months?)"
            r"|in\s+recent\s+(?:days|weeks|months))\b)",
            r"\b(?:attacks|assaults|bombings)\s+(?:across|throughout|all over)\s+(?:the\s+)?"
            r"(?:country|region|province)\b",
            # who holds an area, and how freely a group kills ("before the city falls into the
            # hands of the Taliban", "has killed with increasing impunity")
            r"\b(?:falls?|fell|falling)\s+(?:in)?to\s+(?:the\s+)?hands\s+of\b"
            r"|\bunder\s+(?:the\s+)?control\s+of\b",
            r"\bwith\s+(?:increasing\s+|growing\s+|near\s+|total\s+)?impunity\b",
            # a ban of another year ("banned the group in 2002")
            r"\bbanned\b[^.;]{0,60}?\bin\s+(?:19|20)\d\d\b",
            r"\b(?:militant|insurgent|terrorist|extremist)\s+activit(?:y|ies)\b",
            r"\b(?:seek|seeks|seeking|sought|want|wants|vowed|fighting)\s+to\s+(?:topple|overthrow"
            r"|oust|establish|impose)\b",
            # what a group has done over years ("Taliban fighters ... have targeted several of
            # them in the past few years")
            # (active: "a neighbourhood that has frequently been attacked by X over the years"
            # tells who attacks there, as the lists of major incidents read it)
            r"\b(?:has|have)\s+(?:(?!been\b)\w+\s+){0,2}?(?:targeted|attacked|bombed|killed"
            r"|carried\s+out"
            r"|launched|staged|struck)\b[^.;]{0,100}?\b(?:(?:in|over|during)\s+the\s+(?:past|last)"
            r"\s+(?:(?:few|several|two|three|four|five|\d+)\s+)?(?:years|months|decades)"
            r"|in\s+recent\s+(?:years|months)|over\s+the\s+years)\b",
            # a threat of attacks to come ("issued a threat alert ..., saying that the TTP is
            # planning terrorist activities", "the TTP aims to target religious parties")
            r"\bthreat\s+(?:alert|warning)s?\b",
            r"\b(?:is|are)\s+planning\s+(?:\w+\s+)?(?:attacks|activities|strikes)\b",
            r"\baims?\s+to\s+(?:target|attack|strike)\b",
            # attacks of another time claimed ("Two attacks last week ... were claimed by X")
            r"\b(?:last|previous|past)\s+(?:week|month|year)\b[^.;]{0,100}?\bclaimed\b",
        ]
    ),
    re.I,
)


#: Blame as a habit, not of this attack ("similar incidents are usually blamed on Taliban
#: militants", "such attacks have often been blamed on ...").
_HABIT_BLAME = re.compile(
    r"\b(?:usually|often|typically|generally|frequently|mostly|routinely|regularly|commonly"
    r"|previously|in the past)\s+(?:been\s+)?blamed\b"
    r"|\b(?:similar|such|previous|past|earlier)\s+(?:\w+\s+){0,2}?(?:attacks|incidents|bombings"
    r"|killings)\s+(?:\w+\s+){0,3}?blamed\b",
    re.I,
)


def background_only(sentence: str) -> bool:
    """Whether the groups ``sentence`` names are background, not the incident's
    perpetrator (see the module docstring)."""
    habit = _HABIT_BLAME.search(sentence)
    if _BLAME.search(_HABIT_BLAME.sub(" ", sentence) if habit else sentence):
        return False
    if habit:
        return True
    if _NO_CLAIM.search(sentence) and not _BUT.search(sentence):
        return True
    return bool(_BACKGROUND.search(sentence))


def claims_other_attacks(text: str) -> bool:
    """Whether ``text``, from a claim cue on, tells claims of other attacks ("claimed
    responsibility for a number of suicide attacks"), not a claim of the incident."""
    return bool(_OTHER_CLAIMS.match(text))


_AUTHORITY_AFTER = re.compile(
    r"^(?:['\u2019]s)?[\s-]*(?:led\s+|run\s+|appointed\s+)?(?:officials?|authorities|administration"
    r"|police|rulers|regime|(?:interior|defen[cs]e) ministry|security (?:forces|officials))\b",
    re.I,
)


#: The day the Taliban took Kabul: from then on they are Afghanistan's state.
TALIBAN_STATE_FROM = dt.date(2021, 8, 15)
_STATE_AFTER = re.compile(
    r"^(?:['\u2019]s)?[\s-]*(?:[\w-]+\s+){0,2}?(?:spokes(?:man|men|person|woman)|government"
    r"|administration|ministry|ministers?|authorities|officials?|security|police|intelligence"
    r"|governor|forces|vehicles?|checkpoints?|check ?posts?|regime|rulers|run|led|appointed)\b",
    re.I,
)


def named_as_authority(
    after: str,
    keys: frozenset[str] = frozenset(),
    on: dt.date | None = None,
    country: str | None = None,
) -> bool:
    """Whether the words right ``after`` a group's name make it an authority: "a Taliban
    official said", "the Taliban authorities", "Taliban-appointed police" (the Afghan
    Taliban since August 2021); such a mention is not the group acting. In Afghanistan from
    :data:`TALIBAN_STATE_FROM` on, the Afghan Taliban (``keys`` holds its key) named with
    their state's spokesmen, government, ministries, forces or vehicles are the authorities
    too ("Taliban spokesman Zabihullah Mujahid confirmed the attack", "the Taliban's interior
    ministry", "a Taliban vehicle"). ("The Taliban government claims ..." of 2001 is left
    alone: the development sets read it as the group.)"""
    if _AUTHORITY_AFTER.match(after):
        return True
    return (
        on is not None
        and on >= TALIBAN_STATE_FROM
        and country == "AF"
        and "afghan-taliban" in keys
        and bool(_STATE_AFTER.match(after))
    )


_MEMBERS_AFTER = re.compile(
    r"^[\s-]*(?:members?|fighters?|guards?|forces|personnel|soldiers|commanders?|police(?:men)?"
    r"|police chief|official|officials|security (?:forces|personnel|guards|officials))\b",
    re.I,
)
_HARMED_BEFORE = re.compile(
    r"\b(?:killing|killed|wounding|injuring|including|among|targeting|targeted|against"
    r"|carrying|ambushed|attacked|shot dead|gunned down|assassinated|abducted|kidnapped)\s+"
    r"(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:\d+|one|two|three|four|five"
    r"|six|seven|eight|nine|ten|several|some|many|more|other|its|their|of)\s+){0,2}$",
    re.I,
)
_HARMED_AFTER = re.compile(
    r"^[^.;]{0,60}?\b(?:was|were|had been|have been)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|hurt|martyred|shot)\b",
    re.I,
)


#: A group named as the one fought ("the ability of Afghan forces to take on the Taliban",
#: "troops are battling the Taliban on two fronts").
_FOUGHT_BEFORE = re.compile(
    r"\b(?:take on|taking on|fight|fighting|battle|battles|battling|battled|combat|combating"
    r"|curtail|curtailing|curb|curbing|weaken|weakening|defeat|defeating"
    r"|countering|war on|war against"
    r"|offensive against|operations? against|crackdown on)\s+(?:the\s+)?$",
    re.I,
)


def named_as_victim(before: str, after: str) -> bool:
    """Whether a group is named as the one harmed: its members come after its name and
    were hit ("Two Taliban members and a civilian were killed", "killing two Taliban
    guards", "a bomb targeting Taliban forces", "shot dead a Taliban commander"), or as the
    one fought ("to take on the Taliban", "operations against the TTP"); such a mention is
    not the group acting."""
    if _FOUGHT_BEFORE.search(before):
        return True
    if not _MEMBERS_AFTER.match(after):
        return False
    return bool(_HARMED_BEFORE.search(before) or _HARMED_AFTER.match(after))
