"""Perpetrators and claims: armed groups named in an incident's sentences, and what the text
says about each — it claimed the attack, denied it, is blamed or suspected, or is only named
as the attacker.

Names are found through the actor registry (full names and aliases normalised, acronyms
exactly). States, state forces, foreign forces and civilians are never perpetrators here
(security operations name their forces as actors of another role); a political
party can be one (its armed wing is often reported under its name). A sentence with a claim
cue whose group is named before the cue (or is the only one named) becomes a claim record
with its channel: the group's news agency, a spokesman's statement, a telephone call, social
media, a video. "No group has claimed" is kept as a fact.
"""

from __future__ import annotations

import datetime as dt
import re

from militancydb.knowledge.actor_places import choose_by_place
from militancydb.knowledge.actors import ActorRegistry
from militancydb.nlp.lexicon import NameHit
from militancydb.nlp.mentions import claims_other_attacks
from militancydb.nlp.model import ActorValue, ClaimValue, Span
from militancydb.nlp.rules import rules
from militancydb.nlp.text import Sentence

NOT_PERPETRATOR = frozenset(
    {"state", "state_force", "foreign_force", "civilians", "political_party"}
)
OFFICIALS = re.compile(
    r"\b(?:police|officials?|authorities|government|minister|ministry|army|military|ispr"
    r"|governor|interior)\b",
    re.I,
)
#: Words that make the group named right after them a description of another group ("a
#: faction of the Pakistani Taliban, Jamaat-ul-Ahrar, claimed ..."; "an offshoot of X";
#: "linked to X"): the group named is who the claimant belongs to, not who claimed.
DESCRIBED_BY = re.compile(
    r"\b(?:(?:faction|offshoot|splinter(?:\s+(?:group|faction))?|breakaway\s+(?:group|faction)"
    r"|affiliate|wing|chapter|branch|arm|franchise|off-shoot)\s+of"
    r"|(?:linked|affiliated|allied|aligned|close|loyal)\s+(?:to|with))\s+(?:the\s+)?$",
    re.I,
)
#: Words that make the group named right after them the one of an earlier attack ("a day
#: after a Taliban attack in another province killed 21").
EARLIER_ATTACK = re.compile(
    r"\b(?:a|one|two|three|four|five|\d+|several|hours|days|weeks)\s+(?:days?|weeks?|hours?)?\s*"
    r"after\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?$",
    re.I,
)
#: A group's name made an adjective of a place ("Taliban-infested Helmand", "a TTP-held
#: area", "since the Taliban takeover", "a Taliban-led insurgency"): who holds the place or
#: leads a war, not who attacked.
HOLDS_PLACE = re.compile(
    r"^(?:-(?:infested|dominated|controlled|held|run|ruled)|\s+takeover"
    r"|-led\s+(?:insurgency|government|administration|regime|campaign|war))\b",
    re.I,
)
#: Families of the registry whose members are states or their forces (NATO is an alliance
#: of states): never perpetrators here.
STATE_FAMILIES = frozenset({"state", "foreign_state"})
_CHANNEL_NAME = re.compile(
    r"\b(Amaq(?: News Agency)?|A'maq|Al-Naba|Umar Media|Telegram|Twitter)\b", re.I
)


def resolve_actor(
    reg: ActorRegistry,
    hit: NameHit,
    on: dt.date | None,
    country: str | None,
    province: str | None = None,
) -> str | None:
    """The registry key a name found in the text stands for (None: ambiguous, or a group
    the registry does not know, :mod:`~militancydb.nlp.unregistered_groups`); a name several
    actors go by is read with the incident's date and place
    (:func:`~militancydb.knowledge.actor_places.choose_by_place`)."""
    if len(hit.keys) > 1:
        return choose_by_place(
            reg, hit.text, hit.keys, on=on, country=country, province=province
        ).key
    if not hit.keys:
        # a group's name no registry name matched as written: another spelling of a known
        # group ("Baluchistan Liberation Army") resolves as the registry resolves any name
        return reg.resolve(hit.text, on=on, country=country).key
    return next(iter(hit.keys))


def perpetrators(
    reg: ActorRegistry,
    hits: list[tuple[int, NameHit]],
    sents: list[Sentence],
    idx: list[int],
    doc: str,
    on: dt.date | None,
    country: str | None,
    province: str | None = None,
) -> tuple[list[ActorValue], list[ClaimValue], Span | None]:
    """Perpetrators, claim records and the "no group claimed" span of one incident."""
    r = rules()
    actors: list[ActorValue] = []
    claims: list[ClaimValue] = []
    no_claim: Span | None = None
    by_sentence: dict[int, list[tuple[str | None, NameHit]]] = {}
    for i, h in hits:
        key = resolve_actor(reg, h, on, country, province)
        if key is not None and (
            reg.actors[key].kind in NOT_PERPETRATOR or reg.actors[key].family in STATE_FAMILIES
        ):
            continue
        by_sentence.setdefault(i, []).append((key, h))
    for i in idx:
        s = sents[i]
        m = r.no_claim.search(s.text)
        if m and no_claim is None:
            no_claim = s.span(doc, m.start(), m.end())
    for i, named in by_sentence.items():
        s = sents[i]
        claim = r.claim.search(s.text)
        if claim and claims_other_attacks(s.text[claim.start() :]):
            claim = None  # "which had in the past claimed responsibility for a number of ..."
        denial = r.denial.search(s.text)
        blame = r.blame.search(s.text)
        no = r.no_claim.search(s.text)
        # one group named twice is still the only one named ("Denying their involvement,
        # the Taliban said no Taliban fighter took part"), unless the sentence turns between
        # the denial and the name ("..., but officials believed the Taliban were involved")
        only = len({key or h.text for key, h in named}) == 1
        told: set[str] = set()
        for key, h in named:
            local = h.start - s.start
            name = reg.actors[key].name if key else h.text
            span = Span(doc, h.start, h.end, h.text)
            if DESCRIBED_BY.search(s.text[:local]) and len(named) > 1:
                continue  # a description of the group that acted, not an actor of its own
            if EARLIER_ATTACK.search(s.text[:local]) or HOLDS_PLACE.match(
                s.text[local + h.end - h.start :]
            ):
                continue  # "a day after a Taliban attack in Uruzgan", "Taliban-held Marjah"
            cue = denial or claim
            # a denial counts beside "no group has claimed" ("No one claimed the attack, but a
            # spokesman for the TTP denied detonating the bomb"); a claim cue there does not
            if (
                cue
                and (cue is denial or not no)
                and (local < cue.start() or only and not _TURN.search(s.text[cue.end() : local]))
            ):
                kind = "denial" if cue is denial else "claim"
                channel, channel_name = _channel(s.text)
                if (key or name) not in told:
                    told.add(key or name)
                    claims.append(
                        ClaimValue(key, name, kind, channel, channel_name, s.text, s.whole(doc))
                    )
                if kind == "claim":
                    actors.append(ActorValue(key, name, "claimed", span))
                elif blame and blame.start() < cue.start():
                    # "Officials blamed the Taliban, but the Taliban denied responsibility"
                    basis = "attributed_by_officials" if OFFICIALS.search(s.text) else "suspected"
                    actors.append(ActorValue(key, name, basis, span))
                continue
            if blame:
                basis = "attributed_by_officials" if OFFICIALS.search(s.text) else "suspected"
                actors.append(ActorValue(key, name, basis, span))
                continue
            actors.append(ActorValue(key, name, "reported", span))
    # a group that denied the attack and claimed nothing is not named as its actor elsewhere
    # ("The Taliban denied any role"; their spokesman named in another sentence)
    denied = {c.claimant or c.claimant_name for c in claims if c.kind == "denial"} - {
        c.claimant or c.claimant_name for c in claims if c.kind == "claim"
    }
    # (not where the sentence turns to say who was: "Though the Taliban denied involvement,
    # authorities believed that the Taliban ... were involved")
    actors = [
        a
        for a in actors
        if a.basis != "reported"
        or (a.key or a.name) not in denied
        or _TURNS.search(next((t.text for t in sents if t.start <= a.span.start < t.end), ""))
    ]
    return _dedupe(actors), claims, no_claim


#: Words that turn a sentence from a group's denial to what others believe ("Though the
#: Taliban denied involvement, authorities believed that the Taliban ...").
_TURN = re.compile(r"\b(?:though|but|however|believed|believe|involved)\b", re.I)
_TURNS = re.compile(r"\b(?:though|but|however|believed|involved|behind|responsible)\b", re.I)


_RANK = {"claimed": 0, "attributed_by_officials": 1, "suspected": 2, "reported": 3}


def _dedupe(actors: list[ActorValue]) -> list[ActorValue]:
    best: dict[str, ActorValue] = {}
    for a in actors:
        k = a.key or a.name
        if k not in best or _RANK[a.basis] < _RANK[best[k].basis]:
            best[k] = a
    return sorted(best.values(), key=lambda a: (_RANK[a.basis], a.span.start))


def _channel(text: str) -> tuple[str, str | None]:
    named = _CHANNEL_NAME.search(text)
    for channel, rx in rules().channels.items():
        if rx.search(text):
            return channel, named.group(1) if named else None
    return "unknown", named.group(1) if named else None
