"""The rules that read a UCDP GED row: our event type and the sides' roles, casualty
categories and targets (the rules are stated in :mod:`militancydb.io.ucdp`)."""

from __future__ import annotations

from typing import Any

from militancydb.codebook import ActorRole, CasualtyCategory, EventType
from militancydb.io.keywords import cues, targets_in

STATE_KINDS = frozenset({"state", "state_force", "foreign_force"})
ARMED_KINDS = frozenset({"militant_group", "faction", "chapter", "alliance"})
SOCIAL_FAMILIES = frozenset({"political", "communal"})


def _is_state(side: dict[str, Any]) -> bool:
    return side["kind"] in STATE_KINDS or side["name"].startswith("Government of")


def classify(
    tov: str,
    side_a: dict[str, Any],
    side_b: dict[str, Any],
    split: dict[str, int],
    headline: str,
) -> tuple[EventType, tuple[ActorRole, ActorRole]]:
    """Our event type and the two sides' roles, by the rules in the module docstring."""
    perp, target, party = ActorRole.PERPETRATOR, ActorRole.TARGET, ActorRole.PARTY
    if tov == "3":
        if _is_state(side_a):
            return EventType.STATE_VIOLENCE_AGAINST_CIVILIANS, (perp, target)
        sect = bool(
            cues().labels("targets", headline)
            and {"sectarian_community"} & set(cues().labels("targets", headline))
        )
        if side_a["family"] == "sectarian" or sect:
            return EventType.SECTARIAN_ATTACK, (perp, target)
        return EventType.MILITANT_ATTACK, (perp, target)
    if tov == "2":
        families = {side_a["family"], side_b["family"]}
        if families <= SOCIAL_FAMILIES:
            return EventType.ETHNO_POLITICAL_VIOLENCE, (party, party)
        if families <= {"tribal"}:
            return EventType.INTER_TRIBAL_CLASH, (party, party)
        return EventType.INTER_GROUP_CLASH, (party, party)
    # state-based
    if side_a["is_us"]:
        return EventType.DRONE_STRIKE, (perp, target)
    if _is_state(side_a) and not side_a["is_pakistan"]:
        if side_b["is_pakistan"] or _is_state(side_b):
            return EventType.CROSS_BORDER_ATTACK, (perp, target)
        return EventType.ARMED_CLASH, (party, party)
    return _government_vs_group(split, headline)


def _government_vs_group(
    split: dict[str, int], headline: str
) -> tuple[EventType, tuple[ActorRole, ActorRole]]:
    c = cues()
    attack = c.count("events", "attack", headline)
    operation = c.count("events", "operation", headline)
    clash = c.count("events", "clash", headline)
    gov, group = split["deaths_a"], split["deaths_b"]
    verdict: str | None = None
    if attack or operation or clash:
        ranked = sorted(
            (("attack", attack), ("operation", operation), ("clash", clash)), key=lambda x: -x[1]
        )
        if ranked[0][1] > ranked[1][1]:
            verdict = ranked[0][0]
    if verdict is None:
        if gov > 0 and group == 0:
            verdict = "attack"
        elif group > 0 and gov == 0:
            verdict = "operation"
        else:
            verdict = "clash"
    if verdict == "attack":
        return EventType.MILITANT_ATTACK, (ActorRole.TARGET, ActorRole.PERPETRATOR)
    if verdict == "clash":
        return EventType.ARMED_CLASH, (ActorRole.PARTY, ActorRole.PARTY)
    kind = EventType.SECURITY_OPERATION
    if c.labels("events", headline):
        labels = set(c.labels("events", headline))
        if "named_operation" in labels:
            kind = EventType.MILITARY_OPERATION
        elif "air" in labels:
            kind = EventType.OPERATIONAL_ATTACK
        elif "search" in labels:
            kind = EventType.SEARCH_OPERATION
    return kind, (ActorRole.PERPETRATOR, ActorRole.TARGET)


def category_of(side: dict[str, Any]) -> CasualtyCategory:
    if side["civilians"]:
        return CasualtyCategory.CIVILIANS
    if side["is_pakistan"]:
        return CasualtyCategory.SECURITY_FORCES
    if _is_state(side):
        return CasualtyCategory.FOREIGN_FORCES
    if side["kind"] in ARMED_KINDS:
        return CasualtyCategory.MILITANTS
    return CasualtyCategory.UNKNOWN


def targets_of(
    event: EventType,
    side_a: dict[str, Any],
    side_b: dict[str, Any],
    roles: tuple[ActorRole, ActorRole],
    text: str,
) -> list[dict[str, Any]]:
    named = targets_in(text)
    out: list[str] = []
    if event in (EventType.MILITANT_ATTACK, EventType.SECTARIAN_ATTACK):
        target_side = side_a if roles[0] is ActorRole.TARGET else side_b
        forces = [
            t
            for t in named
            if t
            in {
                "army",
                "frontier_corps",
                "police",
                "levies",
                "rangers",
                "khasadar",
                "frontier_constabulary",
            }
        ]
        if target_side["is_pakistan"]:
            out += forces or ["security_forces"]
        out += [t for t in named if t not in forces and t not in {"militants", "security_forces"}]
        if target_side["civilians"] and not out:
            out.append("civilians")
    elif event in (
        EventType.SECURITY_OPERATION,
        EventType.MILITARY_OPERATION,
        EventType.OPERATIONAL_ATTACK,
        EventType.SEARCH_OPERATION,
        EventType.DRONE_STRIKE,
    ):
        out.append("militants")
    elif event is EventType.STATE_VIOLENCE_AGAINST_CIVILIANS:
        out.append("civilians")
    return [{"type": t} for t in dict.fromkeys(out)]
