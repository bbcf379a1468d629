"""Event type, tactics, suicide flag and target types of an incident, from the keyword cues
the importers use (``militancydb/codebook/keywords.yaml``), each with the words that
suggested it.

Event type, in order: a drone cue makes a ``drone_strike``; security forces doing the
killing (or an operation, a raid) against militants make a ``security_operation``, and so
do militants killed in the passive ("four terrorists were killed in an intelligence-based
operation") where the text names the security forces and an operation and tells no attack
by militants before it
(``military_operation`` with air power or artillery); an attack told before the forces'
killing ("militants attacked a police van ...; three militants were killed in the search
operation") keeps the event a militant attack, one told only after it (explosives
recovered, an earlier attack recalled) does not; a clash with no attacker cue is an
``armed_clash``; a kidnapping with no other tactic is a ``kidnapping``; an attack on a
sectarian community is a ``sectarian_attack``; anything else is a ``militant_attack``.
"""

from __future__ import annotations

import re

from militancydb.codebook.keywords import TACTIC_PRECEDENCE, cues
from militancydb.nlp.model import Labelled, Span
from militancydb.nlp.reporting import mask_reporting
from militancydb.nlp.rules import rules

_SPECIFIC_BOMBS = {"suicide_bombing", "vbied", "ied", "landmine", "grenade", "rocket_mortar"}
_SECURITY_KILLS = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|gunned down|shot dead|eliminated|neutrali[sz]ed)\s+"
    # "killed in a Taliban attack", "killed by militants": the passive, not the forces' act
    r"(?!(?:in|by|during|at|on|when|as|after|near|while|from)\b)(?:\w+\s+){0,4}?"
    r"(?:militants?|terrorists?|insurgents?|rebels?|fighters?|taliban|suspects?)\b",
    re.I,
)

#: Militants killed, told in the passive ("four terrorists were killed", "were sent to hell"):
#: the event is a security operation when the text names an operation and the security
#: forces, and no attack by militants is told before it.
_MILITANTS_KILLED = re.compile(
    r"\b(?:militants?|terrorists?|insurgents?|rebels?|fighters?|suspects?|khawarij|khwarij"
    r"|taliban)\s+(?:were|was|have been|had been|got)\s+(?:\w+\s+)?(?:killed|gunned down|shot dead|"
    r"eliminated|neutrali[sz]ed|sent to hell)\b",
    re.I,
)
#: Victims told with the militants ("A policeman and three militants were killed in an
#: attack and the search operation after it"): both sides died, an attack.
_VICTIMS_AND = re.compile(
    r"\b(?:policem[ae]n|police\w*|soldiers?|troops|officers?|personnel|constables?|guards?"
    r"|civilians?|people|persons?|officials?|passers?-?by|labou?rers?|workers?)\s+and\s+"
    r"(?:\w+\s+){0,2}$",
    re.I,
)
_OPERATION = re.compile(
    r"\b(?:operations?|IBOs?|raid\w*|encounter|cordon\w*|search and strike|combing)\b", re.I
)


def _first(rx: re.Pattern[str], text: str, offset: int, doc: str) -> Span | None:
    m = rx.search(text)
    return Span(doc, offset + m.start(), offset + m.end(), m.group(0)) if m else None


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")


def _without_background(text: str) -> str:
    """``text`` with the words after each background cue ("was the scene last August of",
    "comes a day after", "a similar attack") blanked to the end of their sentence (offsets
    kept): an earlier event's tactics are not the incident's."""
    for m in reversed(list(rules().background.finditer(text))):
        if m.group(0)[:1].isdigit():
            continue  # "2009 suicide attack" may be the incident's own date ("On March 3, 2009")
        end = _SENTENCE_END.search(text, m.end())
        stop = end.start() if end else len(text)
        text = text[: m.start()] + " " * (stop - m.start()) + text[stop:]
    return text


#: Weapons seized or recovered ("CTD seizes suicide vest, three hand grenades", "recovered
#: a suicide jacket and explosives"): a haul, not the means of an attack.
_SEIZED = re.compile(
    r"\b(?:seiz\w*|recover\w*|confiscat\w*|found|haul\s+of)\s+(?:[\w,-]+\s+){0,6}?"
    r"(?:suicide\s+(?:vests?|jackets?)|(?:hand\s+)?grenades|explosives?)"
    # the rest of the list: "suicide vest, three hand grenades, 200 bullets and ..."
    r"(?:[^.;:\n]{0,120}?(?:grenades|explosives?|materials?|weapons|bullets|ammunition"
    r"|vests?|guns|rifles|rockets|mortars|detonators)\b)*",
    re.I,
)


def _without_seized(text: str) -> str:
    """``text`` with the weapons it says were seized or recovered blanked (offsets kept)."""
    for m in reversed(list(_SEIZED.finditer(text))):
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return text


def tactics(text: str, offset: int, doc: str) -> list[Labelled]:
    """Tactics named: named kinds of bomb first, then in order of mention, sabotage last (a
    generic "bombing" yields to a named kind of bomb); not those of an earlier event the text
    recalls ("The city was the scene last August of a suicide bombing ...")."""
    groups = cues().groups["tactics"]
    text = _without_seized(_without_background(text))
    found = {label: _first(rx, text, offset, doc) for label, rx in groups.items()}
    for label, rx in rules().extra_tactics.items():
        if found.get(label) is None:
            found[label] = _first(rx, text, offset, doc)
    found = {k: v for k, v in found.items() if v is not None}
    if found.keys() & (_SPECIFIC_BOMBS | {"drone_missile", "air_strike"}):
        found.pop("bombing", None)
    if "suicide_bombing" in found:
        found.pop("armed_assault", None)
    specific = [
        t for t in TACTIC_PRECEDENCE[: TACTIC_PRECEDENCE.index("grenade") + 1] if t in found
    ]
    rest = sorted((t for t in found if t not in specific), key=lambda t: found[t].start)  # type: ignore[union-attr]
    # sabotage names the target (a pipeline, a pylon), not the means: the means come first
    rest.sort(key=lambda t: t == "sabotage")
    return [Labelled(t, found[t]) for t in [*specific, *rest]]


#: A force's vehicle or post ("a police van", "an FC truck", "the Rangers' bus"): the force is
#: the target, not transport.
_FORCE_BEFORE = re.compile(
    r"\b(?:police|policemen's|army|military|security|security forces'?|FC|Frontier Corps|"
    r"Rangers'?|Levies|CTD|Constabulary|paramilitary|patrolling|troops'?)\s+$",
    re.I,
)
_VEHICLES = frozenset({"transport"})


#: A road or quarter named for the cue ("Airport Road", "Bus Stand Chowk"): a place.
_PLACE_AFTER = re.compile(r"^\s+(?:Road|Rd|Chowk|Bazaar|Town|Colony|Stand|Adda)\b")


def _first_not_forces(rx: re.Pattern[str], text: str, offset: int, doc: str) -> Span | None:
    """The first match of a vehicle cue that is not a force's vehicle ("a police van") nor
    the name of a road ("Airport Road")."""
    for m in rx.finditer(text):
        if not _FORCE_BEFORE.search(
            text[max(0, m.start() - 30) : m.start()]
        ) and not _PLACE_AFTER.match(text[m.end() : m.end() + 12]):
            return Span(doc, offset + m.start(), offset + m.end(), m.group(0))
    return None


def targets(text: str, offset: int, doc: str) -> list[Labelled]:
    """Target types named (militants only where they are the ones attacked), not counting
    the words of reporting ("the military's media wing said", "police told reporters":
    :mod:`~militancydb.nlp.reporting`); a force's vehicle ("a police van", "an army bus") is
    that force, not transport."""
    out = []
    masked = mask_reporting(text)
    for label, rx in cues().groups["targets"].items():
        find = _first_not_forces if label in _VEHICLES else _first
        span = find(rx, masked, offset, doc)
        if span is not None:  # the words as the text has them
            span = Span(doc, span.start, span.end, text[span.start - offset : span.end - offset])
            out.append(Labelled(label, span))
    return out


#: An attack by militants told as such (not a claim, a kidnapping or a noun alone: "the
#: military claimed troops killed 20 militants", "police raided a hideout of kidnappers and
#: killed three" are the forces' acts).
_ATTACK_TOLD = re.compile(
    r"\b(?:suicide|bomb\w*|blast\w*|explosions?|explod\w*|ambush\w*|attacked|stormed|grenades?"
    r"|rockets?|opened\s+fire|attacks?\s+(?:on|against)|(?:militants?|terrorists?|insurgents?"
    r"|gunmen|taliban)\s+(?:attack|storm|strike|raid)\w*)\b",
    re.I,
)


def _attack_before(rx: re.Pattern[str], text: str, kills: re.Match[str]) -> bool:
    """Whether an attack by militants is told before the forces' killing (a cue that is
    not the killing itself: "gunned down five terrorists" is the forces' act); an attack told
    only after it (weapons recovered, an earlier attack recalled) leaves an operation."""
    return any(
        m.start() < kills.start() and not kills.start() <= m.start() < kills.end()
        for m in rx.finditer(text, 0, kills.start())
    )


def event_type(text: str, offset: int, doc: str, found: list[Labelled]) -> Labelled:
    """The event type (see the module docstring)."""
    ev = cues().groups["events"]
    names = {t.value for t in found}
    text = _without_seized(text)
    drone = _first(ev["drone"], text, offset, doc)
    if drone is not None and "drone_missile" in names:
        return Labelled("drone_strike", drone)
    sec = rules().security_actor.search(text)
    kills = _SECURITY_KILLS.search(text)
    attack = _first(ev["attack"], text, offset, doc)
    told_first = kills is not None and _attack_before(_ATTACK_TOLD, text, kills)
    if sec and kills and sec.start() < kills.start() and not told_first:
        label = (
            "military_operation" if names & {"air_strike", "artillery"} else "security_operation"
        )
        return Labelled(
            label, Span(doc, offset + kills.start(), offset + kills.end(), kills.group(0))
        )
    passive = _MILITANTS_KILLED.search(text)
    if (
        passive
        and not _VICTIMS_AND.search(text[max(0, passive.start() - 40) : passive.start()])
        and sec
        and _OPERATION.search(text)
        and (attack is None or attack.start - offset > passive.start())
        and not (names & _SPECIFIC_BOMBS)
    ):
        label = (
            "military_operation" if names & {"air_strike", "artillery"} else "security_operation"
        )
        return Labelled(
            label, Span(doc, offset + passive.start(), offset + passive.end(), passive.group(0))
        )
    clash = _first(ev["clash"], text, offset, doc)
    if clash is not None and attack is None:
        return Labelled("armed_clash", clash)
    if names == {"kidnapping"}:
        kid = next(t for t in found if t.value == "kidnapping")
        return Labelled("kidnapping", kid.span)
    sect = _first(cues().groups["targets"]["sectarian_community"], text, offset, doc)
    if sect is not None:
        return Labelled("sectarian_attack", sect)
    return Labelled("militant_attack", attack or (found[0].span if found else None))
