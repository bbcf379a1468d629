"""Sentences into incidents: which sentences of a report tell which incident.

A sentence reporting violence (:func:`is_event`: a casualty figure, a tactic or an attack
word, and nothing that marks it as an accident, a disaster or sport) opens the first
incident; later sentences join it unless they begin like the report of another one. Round-ups
(one report of several incidents) mark the next incident in several ways, all read here
(word lists in ``data/segments.yaml`` and ``rules.yaml``'s ``new_incident``):

- a cue: "In another incident", "Separately", "Elsewhere", "Meanwhile", "In the second
  incident", "On the same day", "Later that day";
- a place first: "In Karachi, a young civilian was killed ...", "In eastern Ghazni
  province, militants ambushed ...", when the current incident does not name that place;
- a day first or another victim ("On Sunday, militants attacked a police station in Tank",
  "Another constable was shot dead in Bannu"), when the sentence names a place the current
  incident does not.

A sentence that sums several incidents up ("Four people were killed in separate attacks in
Ghotki, Karachi and Larkana") is the summary of a round-up when the report then tells more
than one incident: it stays with the first (its date is theirs) but :func:`summaries` marks
it, so that its figures and places do not become the first incident's. A sentence that
begins like another report but tells an accident ("Separately, three people died when the
wall of a house collapsed") closes the current incident and opens none: what follows it
belongs to no incident until the next report of violence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from militancydb.knowledge.place_tree import PROVINCE_KINDS, PlaceTree
from militancydb.nlp.casualties import Casualty
from militancydb.nlp.lexicon import NameHit
from militancydb.nlp.rules import compile_words, rules
from militancydb.nlp.text import Sentence

_ROUTE_END = re.compile(r"\b(?:from|to|towards|for)\s+(?:the\s+)?$", re.I)
#: Kinds of place that hold the scenes of a round-up rather than name one.
WIDE_KINDS = frozenset({"country", *PROVINCE_KINDS})


#: Who said it, before a place first ("Stanikzai also said that in Khogyani district, ...";
#: up to five words: "Police chief Ahmad Khan also said that in ...").
_SAID_THAT = (
    r"(?:[\w.'\u2019-]+\s+){1,5}(?:also\s+)?(?:said|says|added|told\s+\w+)\s+"
    r"(?:that\s+)?(?=(?-i:[a-z]))"
)


@dataclass(frozen=True)
class SegmentRules:
    """The compiled word lists of ``data/segments.yaml``."""

    opener: re.Pattern[str]
    scene_lead: re.Pattern[str]
    lead_new_place: re.Pattern[str]
    summary: re.Pattern[str]
    background: re.Pattern[str]
    accident: re.Pattern[str]
    mishap: re.Pattern[str]
    accident_unless: re.Pattern[str]
    here: re.Pattern[str]
    day_first: re.Pattern[str]
    attack_told: re.Pattern[str]
    acts: re.Pattern[str]
    reaction: re.Pattern[str]


@lru_cache(maxsize=1)
def segment_rules() -> SegmentRules:
    """The shipped segmentation rules, compiled once."""
    raw = yaml.safe_load(
        resources.files("militancydb.nlp").joinpath("data/segments.yaml").read_text("utf-8")
    )

    def lead(key: str) -> re.Pattern[str]:
        return re.compile(r"^\W*(?:" + "|".join(raw[key]) + r")\b", re.IGNORECASE)

    return SegmentRules(
        opener=lead("openers"),
        scene_lead=re.compile(
            # lower-case words only between the lead and the place ("In eastern Ghazni")
            r"^\W*(?:" + _SAID_THAT + r")?(?:" + "|".join(raw["scene_lead"]) + r")\s+(?:the\s+)?"
            r"(?-i:[a-z-]+\s+){0,2}",
            re.IGNORECASE,
        ),
        lead_new_place=lead("lead_new_place"),
        summary=compile_words(raw["summary"]),
        background=compile_words(raw["background"]),
        accident=compile_words(raw["accident"]),
        mishap=compile_words(raw["mishap"]),
        accident_unless=compile_words(raw["accident_unless"]),
        here=compile_words(raw["here"]),
        day_first=lead("day_first"),
        attack_told=compile_words(raw["attack_told"]),
        acts=compile_words(raw["acts"]),
        reaction=compile_words(raw["reaction"]),
    )


def is_event(sentence: str, figures: Sequence[Casualty]) -> bool:
    """Whether a sentence reports violence (see the module docstring)."""
    r = rules()
    if r.not_event.search(sentence) or accident(sentence):
        return False
    return bool(figures) or bool(r.event.search(sentence))


def accident(sentence: str) -> bool:
    """An accident told in a report of violence: an accident word ("gas cylinder",
    "electrocuted"), or a mishap ("collapsed") and no attack word."""
    s = segment_rules()
    if s.accident.search(sentence):
        return True
    return bool(s.mishap.search(sentence)) and not s.accident_unless.search(sentence)


def is_summary(sentence: str) -> bool:
    """Whether the sentence sums several incidents up (see the module docstring)."""
    return bool(segment_rules().summary.search(sentence))


def _leading_place(sent: Sentence, hits: list[NameHit]) -> NameHit | None:
    """The place a sentence begins with ("In Karachi, ...", "In eastern Ghazni province,
    ..."): the first name found right after the lead words, before the first comma."""
    m = segment_rules().scene_lead.match(sent.text)
    if m is None or not hits:
        return None
    first = hits[0]
    at = first.start - sent.start
    comma = sent.text.find(",")
    if at != m.end() or comma < 0 or comma < first.end - sent.start:
        return None
    return first


#: A sentence that starts at the place the report was filed from, named by what it is.
_HOME_LEAD = re.compile(
    r"^\W*(?:also |meanwhile,? )?in the (?:provincial |federal )?(?:capital|city|metropolis)\b",
    re.I,
)


def segment(
    sents: Sequence[Sentence],
    figures: dict[int, list[Casualty]],
    places: Sequence[tuple[int, NameHit]],
    tree: PlaceTree | None = None,
    older: frozenset[int] = frozenset(),
    home: Sequence[NameHit] = (),
) -> list[list[int]]:
    """Sentence indexes of each incident (see the module docstring). ``places`` are the
    place names found, with their sentence; ``tree``, when given, makes a place inside or
    around one the incident names the same scene ("In Bannu, ..." after "in Domel");
    ``older`` are sentences that tell an attack long before the report (background: they
    join the incident they follow and open none); ``home`` are the dateline's place names,
    the place a sentence starting "In the capital, ..." points back to."""
    r, s = rules(), segment_rules()
    by_sentence: dict[int, list[NameHit]] = {}
    for i, h in places:
        if _ROUTE_END.search(
            sents[i].text[max(0, h.start - sents[i].start - 30) : h.start - sents[i].start]
        ):
            continue  # a journey's end ("travelling from Wana to Tank") is no scene
        by_sentence.setdefault(i, []).append(h)
    groups: list[list[int]] = []
    preamble: list[int] = []
    named: list[frozenset[str]] = []  # the places the current incident names

    def wide(k: str) -> bool:  # a country or a province: no scene of its own
        return tree is not None and (p := tree.get(k)) is not None and p.kind in WIDE_KINDS

    def known(h: NameHit) -> bool:
        if h.keys in named:
            return True
        if tree is not None and all(
            (p := tree.get(k)) is not None and p.kind == "country" for k in h.keys
        ):
            return True  # a country is no scene of its own ("from across the border in ...")
        # a place inside one the incident names ("In Bannu" after "in Domel" names Domel's
        # district), or around it; but a country or a province the incident names holds
        # every scene of a round-up ("in Afghanistan ... In eastern Ghazni province, ...")
        # once the incident names a scene of its own
        if tree is None:
            return False
        # (when the incident names nothing but countries, a place inside one is its scene:
        # "near the Pakistan-Afghanistan border. At the Chaman border checkpoint, ...")
        scene = any(
            not ((p := tree.get(j)) is not None and p.kind == "country") for ks in named for j in ks
        )
        return any(
            (tree.within(k, j) and (not wide(j) or not scene)) or tree.within(j, k)
            for ks in named
            for k in h.keys
            for j in ks
        )

    # an attack told long before the report (``older``) is background: it opens no incident
    events = [i not in older and is_event(x.text, figures[i]) for i, x in enumerate(sents)]
    summing = [is_summary(x.text) for x in sents]

    def only_summary(group: list[int]) -> bool:  # its only reports of violence sum others up
        told = [j for j in group if events[j]]
        return bool(told) and all(summing[j] for j in told)

    closed = False  # an accident told after "Separately": no incident until the next event
    for i, sent in enumerate(sents):
        text = sent.text
        hits = by_sentence.get(i, [])
        event = events[i]
        cue = explicit = bool(r.new_incident.match(text) or s.opener.match(text))
        if cue and groups and any(c.revision > 0 for c in figures[i]):
            cue = False  # "Later that day, the toll rose to 15": the incident's own news
        if cue and groups and not figures[i] and not s.acts.search(text):
            cue = False  # "Meanwhile, police registered a case against the attackers"
        if cue and groups and s.reaction.search(text) and not figures[i]:
            cue = False  # "Meanwhile, the chief minister condemned the attack"
        cue = cue or bool(groups and event and _SUBHEAD.match(text))  # "FOUR INJURED IN ..."
        if cue and groups and _SAME_EVENT.search(text) and all(known(h) for h in hits):
            cue = False  # "Meanwhile, an official was also injured in the firing": that firing
        if cue and groups and _claims_this(text, figures[i], hits, sent.start):
            # "Meanwhile, the TTP claimed responsibility for the attack, saying the policemen
            # were killed in revenge for three militants killed in Banjot": that attack's claim
            cue = False
        if (
            groups
            and not closed
            and event
            and not cue
            and (figures[i] or s.acts.search(text))
            and not s.reaction.search(text)
        ):
            lead = _leading_place(sent, hits)
            if lead is None and home and _HOME_LEAD.match(text):
                lead = home[0]  # "In the capital, meanwhile, two gunmen opened fire ..."
            if lead is not None:
                cue = not known(lead)
            elif s.lead_new_place.match(text) and not s.background.search(text):
                cue = any(not known(h) for h in hits)
        if event and (not groups or cue or closed):
            if groups and not closed and not explicit and only_summary(groups[-1]):
                groups[-1].append(i)  # the summary of a round-up is its first incident's
            else:
                groups.append([*preamble, i] if not groups else [i])
                named = [
                    h.keys for j in groups[-1] if not summing[j] for h in by_sentence.get(j, [])
                ]
            preamble = []
            closed = False
        elif cue and groups and accident(text):
            closed = True
            continue
        elif groups and not closed:
            groups[-1].append(i)
        elif not groups:
            preamble.append(i)
            continue
        if not closed and not summing[i]:
            named += [h.keys for h in hits]
    return groups


#: A soft cue ("Meanwhile", "Also") and the incident told before named again ("injured in
#: the firing", "during the same attack"): more of that incident, not another.
_SAME_EVENT = re.compile(
    r"^\W*(?:meanwhile|also)\b.*\b(?:in|during)\s+the\s+(?:same\s+)?(?:firing|attack|blast"
    r"|explosion|incident|clash|exchange\s+of\s+fire|gun\s?battle|shoot-?out|bombing|ambush)\b",
    re.I | re.S,
)


#: A claim of the attack told ("claimed responsibility for the attack", "owned the
#: bombing"): one attack, named as the one before.
_CLAIMS_THE_ATTACK = re.compile(
    r"\b(?:claimed|claims|accepted|owned)\s+(?:the\s+)?(?:responsibility\s+|credit\s+)?"
    r"(?:for\s+)?the\s+(?:attack|bombing|blast|explosion|killing|killings|assault|ambush"
    r"|shooting)\b(?!\s+(?:in|on|at)\b)",
    re.I,
)


def _claims_this(
    text: str, figures: Sequence[Casualty], hits: Sequence[NameHit], start: int
) -> bool:
    """Whether the sentence claims the attack told before, ahead of any figure or place it
    names (those tell what the claimant says it avenged, not another attack)."""
    m = _CLAIMS_THE_ATTACK.search(text)
    if m is None:
        return False
    return all(c.start >= m.end() for c in figures) and all(
        h.start - start >= m.end() for h in hits
    )


#: A subhead in capitals over the next report of a round-up: "FOUR INJURED IN QUETTA FIRING".
_SUBHEAD = re.compile(r"^\W*[A-Z0-9][^a-z\n]{10,80}$")


def summaries(groups: list[list[int]], sents: Sequence[Sentence]) -> set[int]:
    """The sentences that sum up a round-up: only where the report tells more than one
    incident (a summary of one report is its incident's sentence like any other)."""
    if len(groups) < 2:
        return set()
    return {i for g in groups for i in g if is_summary(sents[i].text)}


def points_home(text: str) -> bool:
    """Whether a sentence points back to the place the report was filed from ("here",
    "the provincial capital")."""
    return bool(segment_rules().here.search(text))


_ALL_ATTACKS = re.compile(
    r"\b(?:claim\w*|accept\w*|own\w*)\s+(?:responsibility\s+)?(?:for\s+)?"
    r"(?:the|both|all(?:\s+the)?|these|two|three|four|five|six|\d+)\s+(?:of\s+the\s+)?"
    r"(?:\w+\s+)?(?:attacks|bombings|blasts|explosions|incidents|assaults)\b"
    r"|\b(?:attacks|bombings|blasts|explosions|incidents)\s+(?:were|have been)\s+claimed\b",
    re.I,
)


def claims_of_all(
    sents: Sequence[Sentence], with_place: set[int], groups: list[list[int]]
) -> frozenset[int]:
    """The sentences of a round-up that claim all its attacks ("The SRA has claimed
    responsibility for the attacks on law enforcers"; "All the attacks were claimed by
    ..."): their groups are every incident's claimant. A claim that names a place (a
    sentence of ``with_place``: "claimed the attacks in Kabul") is of the attacks there
    only, and stays with its incident."""
    if len(groups) < 2:
        return frozenset()
    return frozenset(
        i for g in groups for i in g if i not in with_place and _ALL_ATTACKS.search(sents[i].text)
    )
