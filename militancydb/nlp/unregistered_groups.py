"""Groups the registry does not know, named as the claimant or as the group blamed.

A report may name a little-known group ("A little-known group, Tehreek-e-Azadi Mujahideen,
claimed responsibility") that no registry name matches. Such a name is kept as written: it
is found here as a name hit with no registry key, and the perpetrator step
(:mod:`~militancydb.nlp.actors`) turns it into a perpetrator with ``key: null`` and a claim
with ``claimant: null``, exactly as it does for a registry name it cannot decide.

Only a capitalised, name-like phrase in a claim or blame pattern counts:

- right before the cue, with at most an acronym in brackets, an apposition (", a splinter
  group of ...,") and auxiliaries between ("X has claimed", "X, a new outfit, claimed",
  "X was blamed");
- right after it, with at most words that introduce a group between ("claimed by a group
  calling itself X", "blamed the attack on X", "accused X of");

and the phrase must look like a group's name: a word armed groups are named with (Lashkar,
Tehreek, Jaish, Mujahideen, Army, Front, Brigade, Tigers, ...) or a following "group",
"faction" or "outfit", two words or more, not a security force, office or place, and not a
registered name (those the registry reads) -- unless it only begins with one and adds
capitalised words of its own ("Tehreek-e-Taliban Islami" is a group of its own, not the
TTP's "Tehreek-e-Taliban"; "Jamaat-ul-Ahrar Mohmand" names a place and stays the
registry's). Generic words ("Militants", "Unknown gunmen", "The group") and people's names
(a spokesman's) have no such word and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from militancydb.nlp.lexicon import NameHit
from militancydb.nlp.rules import rules
from militancydb.nlp.text import Sentence

#: Words of armed groups' names (compared lowercased, word by word and across hyphens); not
#: words that are also people's names ("Mujahid", "Ansar": a spokesman's name is no group).
GROUP_WORDS = frozenset(
    """lashkar lashkar-e lashkar-i jaish jaysh jaish-e jaish-ul jamaat jamaat-ul jamaatul
    jamiat jamiat-ul tehreek tehrik tahreek tahrik tehreek-e tehrik-e tehrik-i harkat harakat
    harkat-ul sipah sipah-e sepah ansarul ansar-ul mujahideen mujahidin mujahedin
    fedayeen fidayeen fidayee hizb hizbul hizb-ul hezb ittehad ittihad ittehadul
    jundallah jundullah junud jihad jihadi brigade brigades army front force movement
    organisation organization tigers union party council battalion battalions commando
    commandos lions militia tanzeem tanzim taliban liberation resistance revolutionary sangar
    mahaz muttahida khorasan khurasan azadi inquilab fauj guerrillas""".split()
)
#: Words that make the phrase an office, a security force or an institution, not a group.
NOT_GROUP = frozenset(
    """police policemen government ministry department directorate corps rangers levies
    court courts hospital university school college ispr agency secretariat embassy
    consulate bank company authority authorities province district division tehsil city
    assembly senate cabinet commission""".split()
)
#: First words that make "... Army/Force" a state's forces ("Pakistan Army", "Afghan Special
#: Forces").
STATE_FIRST = frozenset(
    """pakistan pakistani afghan afghanistan indian india iranian iran us u.s. american
    nato british chinese china frontier special federal provincial sindh punjab balochistan
    khyber""".split()
)
#: Words that are never a name by themselves: a phrase of only these is generic.
GENERIC = frozenset(
    """militant militants group groups gunmen unknown insurgents terrorists attackers
    assailants fighters outfit organisation organization the a an this that its their
    taliban mujahideen""".split()
)
_DETERMINER = re.compile(r"^(?:The|A|An|This|That|Its|Their)\s+")

_WORD = r"[A-Z][\w'’]*(?:-[\w'’]+)*"
_LINK = r"(?:of(?:\s+the)?|al|ul|e|i|wal|bin|ibn|-e-|-ul-)"
#: A capitalised phrase: capitalised words, with Urdu and Arabic linking words between.
NAME = re.compile(rf"{_WORD}(?:\s+(?:{_LINK}\s+)?{_WORD}){{0,6}}")
_TRAILING_KIND = re.compile(r"^\s+(group|faction|outfit|militia)\b")
#: What may stand between a name and the cue after it.
_GAP_BEFORE = re.compile(
    r"^\s*(?:\([^()]{1,12}\))?\s*(?:,\s*(?:(?:a|an|the)\s[^,;:.]{1,80},\s*)?)?"
    r"(?:(?:which|that|who|has|have|had|also|later|reportedly|immediately|quickly|swiftly|"
    r"subsequently|since|was|were|is|are|been|being|widely|strongly|itself|today|yesterday|"
    r"late|earlier|group|faction|outfit|militants?|fighters|spokes(?:man|person|woman))\s+)*$"
)
#: What may stand between the cue and a name after it.
_GAP_AFTER = re.compile(
    r"\s*(?:(?:on|to|by|that|the|a|an|attack|attacks|bombing|blast|killing|killings|incident|"
    r"assault|members?\s+of|fighters\s+of|militants\s+of|belong(?:ing)?\s+to|be|being|from|"
    r"(?:involvement|hand|role)\s+of|"
    r"little-known|lesser-known|shadowy|obscure|new|newly-formed|previously\s+unknown|"
    r"relatively\s+unknown|unknown|militant|banned|outlawed|proscribed|group|outfit|"
    r"organi[sz]ation|calling\s+itself|called|named|known\s+as)[\s,]+)*"
)


def _words(phrase: str) -> list[str]:
    return [w.lower() for w in re.split(r"[\s]+", phrase) if w]


def _parts(phrase: str) -> list[str]:
    return [w.lower() for w in re.split(r"[\s-]+", phrase) if w]


def group_name(phrase: str, trailing_kind: bool = False) -> bool:
    """Whether a capitalised phrase reads as an armed group's name (see the module
    docstring); ``trailing_kind``: "group", "faction" or "outfit" follows it."""
    words, parts = _words(phrase), _parts(phrase)
    if len(parts) < 2:  # "Islamist group", "Mujahideen": a description, not a name
        return False
    if any(p in NOT_GROUP for p in parts):
        return False
    if all(p in GENERIC or len(p) <= 2 for p in parts):
        return False
    if words[0] in STATE_FIRST and any(p in {"army", "force", "forces"} for p in parts):
        return False
    named = any(w in GROUP_WORDS for w in words) or any(p in GROUP_WORDS for p in parts)
    return named or trailing_kind


def _overlaps(start: int, end: int, hits: Sequence[NameHit]) -> bool:
    return any(h.start < end and start < h.end for h in hits)


def _covered(start: int, end: int, hits: Sequence[NameHit]) -> bool:
    return any(h.start <= start and end <= h.end for h in hits)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The phrase without a leading determiner ("The Ansarul Mujahideen") or a possessive
    ("Lashkar-e-Khorasan's spokesman")."""
    m = _DETERMINER.match(text[start:end])
    if m:
        start += m.end()
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    return start, end


_ROLE = r"(?:spokes(?:man|person|woman)|chief|commander|leader|head|emir|ameer)"
#: Between a group's name and a person's speaking for it: "X spokesman Abu Umar claimed",
#: "X's spokesman, Abu Umar, claimed", "a spokesman for X" (the group after the role).
_FOR_GROUP = re.compile(rf"^(?:'s|’s)?\s*,?\s*(?:(?:a|the|its|their)\s+)?{_ROLE}\s*,?\s*$")


_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being)\b")


def _before(s: Sentence, cue_start: int, passive: bool) -> list[tuple[int, int, bool]]:
    """The name right before a cue (sentence offsets), if the words between allow it, and
    the group's name before a person's that speaks for it ("X spokesman Abu Umar claimed");
    with ``passive`` (a blame cue) only "X was blamed", "X is suspected": in "Police blamed
    X" or "The party accused X" the name before the cue is who blames."""
    head = s.text[:cue_start]
    names = list(NAME.finditer(head))
    if not names:
        return []
    last = names[-1]
    between = head[last.end() :]
    if not _GAP_BEFORE.match(between) or (passive and not _PASSIVE.search(between)):
        return []
    kind = _TRAILING_KIND.match(between) is not None
    out = [(*_trim(s.text, last.start(), last.end()), kind)]
    if len(names) > 1 and not passive:
        prev = names[-2]
        if _FOR_GROUP.match(head[prev.end() : last.start()]):
            out.append((*_trim(s.text, prev.start(), prev.end()), False))
    return out


def _after(s: Sentence, cue_end: int) -> tuple[int, int, bool] | None:
    """The name right after a cue, past words that introduce a group."""
    gap = _GAP_AFTER.match(s.text, cue_end)
    at = gap.end() if gap else cue_end
    m = NAME.match(s.text, at)
    if m is None:
        return None
    kind = _TRAILING_KIND.match(s.text[m.end() :]) is not None
    return (*_trim(s.text, m.start(), m.end()), kind)


_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)


def _extended(
    text: str, a: int, b: int, known: Sequence[NameHit], places: Sequence[NameHit]
) -> NameHit | None:
    """The registered name a longer phrase ``a:b`` begins with, when the phrase only adds
    capitalised words of its own after it ("Tehreek-e-Taliban Islami" is not the TTP's
    "Tehreek-e-Taliban"): no place, date or generic word among them."""
    touching = [h for h in known if h.start < b and a < h.end]
    if len(touching) != 1:
        return None
    (h,) = touching
    if h.start != a or h.end >= b or _overlaps(h.end, b, places):
        return None
    tail = _parts(text[h.end : b])
    if not tail or any(w in GENERIC or w in _CALENDAR for w in tail):
        return None
    return h if any(len(w) > 2 for w in tail) else None


def unregistered_hits(
    text: str,
    sents: Sequence[Sentence],
    known: Sequence[NameHit],
    places: Sequence[NameHit],
) -> tuple[list[NameHit], list[NameHit]]:
    """Names of groups the registry does not know, in claim and blame sentences of
    ``text`` (``known``: the registry's names found; ``places``: the gazetteer's), and the
    registry names found that are only the beginning of such a longer name (to be dropped)."""
    r = rules()
    out: list[NameHit] = []
    dropped: list[NameHit] = []
    for s in sents:
        if r.no_claim.search(s.text):
            continue
        cues = [(c, False) for c in r.claim.finditer(s.text)]
        cues += [(c, not _PASSIVE.match(c.group(0))) for c in r.blame.finditer(s.text)]
        for cue, blame in cues:
            for found in (*_before(s, cue.start(), blame), _after(s, cue.end())):
                if found is None:
                    continue
                start, end, kind = found
                a, b = s.start + start, s.start + end
                if b <= a or _covered(a, b, places) or _overlaps(a, b, out):
                    continue
                begins = None
                if _overlaps(a, b, known):
                    begins = _extended(text, a, b, known, places)
                    if begins is None:
                        continue
                if not group_name(text[a:b], kind):
                    continue
                out.append(NameHit(frozenset(), a, b, text[a:b]))
                if begins is not None:
                    dropped.append(begins)
    return sorted(out, key=lambda h: h.start), dropped
