"""How a figure stands to the others a report gives: toll updates, earlier reports, totals
of several incidents, people counted already.

- "the death toll rose to 14", "officials later put the toll at 8", "taking the toll to 11":
  an update (``revision`` 1): the pipeline takes the latest update as the best figure, the
  figures told before it still give the low one;
- "earlier reports said 5", "initially", another account set beside the report's own
  ("some reports indicated that four were killed", "another police official ... said 11",
  "officials said only three were killed while a hospital source put the toll at 20": the
  report's own figure, told without a rival, is what a reader records), a guess ("as many
  as ten may have been injured"), and a total of several incidents ("in separate incidents
  ... a total of 9", "28 people were killed in the two attacks"), and another attack told
  beside the report's ("another bomb exploded an hour later, killing five"): ``revision``
  -1, the figure yields to any other figure of the incident and is used only when the text
  gives no other;
- "three of the injured", "four of the dead": part of a figure told before, not more people
  (``OF_THOSE``), unless they died since: "two of the injured later died", "two more
  injured succumbed" are more dead (``DIED_LATER``).
"""

from __future__ import annotations

import re

#: "N of the injured/dead ...": part of a figure told before (unless they died since).
OF_THOSE = re.compile(
    r"^\s+of\s+(?:whom\b|(?:the|those|them)\s+(?:injured|wounded|dead|killed|victims|deceased"
    r"|casualties|martyrs|martyred|people\s+(?:killed|injured|wounded))\b)",
    re.I,
)
#: Injured people who died since: "two of the injured later died", "one more injured
#: succumbed to his wounds".
DIED_LATER = re.compile(
    r"^\s+(?:of\s+(?:the|those|them)\s+|more\s+|other\s+)?(?:injured|wounded)\b(?:\s+[\w'-]+){0,4}?"
    r"\s+(?:died|succumbed|passed away|lost (?:his|her|their) li(?:fe|ves))\b",
    re.I,
)

#: A figure that updates the toll: the cue within a few words before it.
_UPDATE = re.compile(
    r"(?:\b(?:rose|risen|rising|climbed|jumped|increased|mounted|went up|gone up|revised|raised"
    r"|raising|taking|took|bringing|brought|pushing|put|putting|updated)\b(?:\s+[\w'-]+){0,4}?"
    r"\s+(?:to|at)|\b(?:reached|reaches|stands at|stood at|now at)"
    r"|\blater\s+(?:said|put|confirmed|told|reported)\b(?:\s+[\w'-]+){0,4}?)"
    r"\s+(?:(?:at least|more than|over|nearly|about|around|some|almost)\s+)?$",
    re.I,
)
_EARLIER = re.compile(
    r"(?:\b(?:(?:earlier|initial|first|previous|preliminary)\s+(?:reports?|figures?|tolls?|counts?"
    r"|estimates?|accounts?)|initially|had earlier)\b"
    # "Earlier, officials had put the toll at six"
    r"|\bearlier\b,?\s+(?:[\w'-]+\s+){0,3}?(?:had\s+)?(?:put|said|reported|gave|given|estimated"
    r"|confirmed|stated)\b"
    # another account set beside the report's own: "Some reports indicated that four had
    # been killed", "One report said two bombers may have died", "unconfirmed reports"
    r"|\b(?:some|other|one|unconfirmed|conflicting|unverified|several)\s+(?:media\s+|news\s+)?"
    r"(?:reports?|accounts?)\s+(?:\w+\s+){0,2}?(?:said|say|says|indicated|indicate|suggested"
    r"|suggest|put|claimed|stated|reported|had))(?:\s+[\w'-]+){0,5}?\s*$",
    re.I,
)
#: A total of several incidents ("In separate incidents ... a total of 9"): the figure of
#: one of them only when the text gives no other.
_ROUNDUP = re.compile(
    r"\b(?:in|during|across)\s+(?:\w+\s+)?(?:separate|different|several|various|multiple)"
    # "in two separate bomb explosions", "in separate roadside bombings"
    r"\s+(?:[\w-]+\s+){0,2}?(?:incidents|attacks|clashes|operations|raids|places|parts|explosions"
    r"|blasts|bombings|strikes|shootings|ambushes)\b"
    # "in attacks across Khyber Pakhtunkhwa", "in a wave of bombings in Quetta"
    r"|\b(?:in|during)\s+(?:a\s+(?:series|wave|spate|string)\s+of\s+)?(?:[\w-]+\s+)?"
    r"(?:attacks|bombings|blasts|explosions|incidents|clashes|raids)\s+(?:across|in|on|around"
    r"|throughout)\b"
    # "Twenty-eight people were killed in the two attacks", "in both bombings"
    r"|\b(?:in|during)\s+(?:the\s+(?:two|three|four|five|six)|both(?:\s+the)?|all\s+(?:the\s+)?"
    r"(?:two|three|four|five|six))\s+(?:\w+\s+)?(?:incidents|attacks|bombings|blasts|explosions"
    r"|assaults|strikes)\b"
    # "Eleven militants were killed in two IBOs in Dera Ismail Khan and North Waziristan"
    r"|\b(?:in|during)\s+(?:two|three|four|five|six)\s+(?:[\w-]+\s+)?(?:IBOs|operations|raids"
    r"|incidents|attacks|bombings|blasts|explosions|strikes|ambushes)\b"
    # a period's statistic: "293 people were killed in 436 terrorist incidents", "from 789
    # terror attacks"
    r"|\b(?:in|from)\s+\d[\d,]*\s+(?:[\w-]+\s+){0,2}?(?:incidents|attacks|bombings|blasts"
    r"|explosions|operations)\b",
    re.I,
)


#: A figure given as a guess: "as many as ten people may have been injured".
_HEDGED = re.compile(
    r"^\W*(?:[\w'-]+\s+){1,5}?(?:may|might|could)\s+(?:also\s+)?(?:have\s+)?(?:been|died)\b", re.I
)


#: Another source's account beside the report's own: "Another police official, who spoke on
#: condition of anonymity ..., said 11 police were killed".
_ANOTHER_SOURCE = re.compile(
    r"^\W*another\s+(?:[\w-]+\s+){0,2}?(?:officials?|sources?|officers?|spokes(?:man|person))\b"
    r"[^.;]*?\b(?:said|says|told|put|gave)\b[^.;]{0,40}$",
    re.I,
)
#: Two sources' accounts set side by side in one sentence: "Taliban authorities said only
#: three people were killed while a hospital source put the toll far higher at 20".
_SIDE_BY_SIDE = re.compile(
    r"\b(?:said|says|put|gave)\b[^.;]{0,80}?\b(?:while|whereas|but)\s+(?:an?|the|another|other)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:sources?|officials?|hospital|doctors?|officers?|spokes(?:man|person)"
    r"|ministry|authorities)\b[^.;]{0,40}?\b(?:said|says|put|gave|reported|counted|told)\b",
    re.I,
)


#: A clause of circumstance: "..., amid the increasing incidents of violence in various parts
#: of Khyber Pakhtunkhwa" tells the times, not that the figure sums several incidents.
_AMID = re.compile(r"\bamid(?:st)?\b[^,.;]*", re.I)
#: Another attack told beside the report's: "another bicycle bomb exploded an hour later,
#: killing five", "a follow-on attack on the funeral killed four policemen" ("another" or "a
#: second" only with a time after the report's: "Another attack on the police left three
#: dead" leads a report of its own).
_ATTACK_NOUN = (
    r"(?:[\w-]+\s+){0,2}?(?:\w+-)?(?:bombs?|blasts?|explosions?|attacks?|assaults?|ambush"
    r"|bombings?|devices?|rockets?|grenades?|car\s+bombs?|suicide\s+bombers?|incidents?)\b"
)
_OTHER_ATTACK = re.compile(
    r"\b(?:a\s+(?:separate|similar|follow[- ]?(?:on|up)))\s+" + _ATTACK_NOUN + r"[^.;]*$"
    r"|\b(?:another|a\s+second|a\s+third)\s+"
    + _ATTACK_NOUN
    + r"[^.;]*?\b(?:later|afterwards|subsequently)\b[^.;]*$",
    re.I,
)


def revision(sentence: str, start: int) -> int:
    """1, -1 or 0 for the figure at ``start`` of ``sentence`` (see the module docstring)."""
    before = sentence[max(0, start - 60) : start]
    hedged = _HEDGED.match(sentence[start : start + 80]) is not None
    rival = _ANOTHER_SOURCE.search(sentence[:start]) or _SIDE_BY_SIDE.search(sentence)
    roundup = _ROUNDUP.search(_AMID.sub(" ", sentence))
    other = _OTHER_ATTACK.search(sentence[:start]) is not None
    if _EARLIER.search(before) or roundup or hedged or rival or other:
        return -1
    if _UPDATE.search(before):
        return 1
    return 0
