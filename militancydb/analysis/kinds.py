"""Kinds of violence, counted apart: violence by militants, security-force operations,
drone and air strikes, cross-border fire, inter-group and sectarian clashes, other fighting.

Headline figures are given per kind, each with its own killed and injured; a total is only
shown with its parts. A statement about the security situation compares one kind with the
same kind in another period, and a percentage is refused on a base smaller than
:data:`MIN_BASE` (a change from 15 to 132 is stated as such, not as "+780%").
"""

from __future__ import annotations

from dataclasses import dataclass

from militancydb.analysis.data import ATTACKS, SECURITY, Row
from militancydb.codebook import SECURITY_ACTION_EVENT_TYPES

#: The smallest earlier figure a percentage change is computed on.
MIN_BASE = 20

OPERATION_TYPES = frozenset(t.value for t in SECURITY_ACTION_EVENT_TYPES)


@dataclass(frozen=True)
class Kind:
    """A kind of violence and the event types it holds."""

    key: str
    one: str
    many: str
    event_types: frozenset[str]


KINDS: tuple[Kind, ...] = (
    Kind("attack", "attack by militants", "attacks by militants", ATTACKS),
    Kind("operation", "security-force operation", "security-force operations", OPERATION_TYPES),
    Kind("drone", "drone or air strike", "drone and air strikes", frozenset({"drone_strike"})),
    Kind(
        "cross_border",
        "incident of cross-border fire",
        "incidents of cross-border fire",
        frozenset({"cross_border_attack"}),
    ),
    Kind(
        "inter_group",
        "inter-group, tribal or communal clash",
        "inter-group, tribal and communal clashes",
        frozenset({"inter_group_clash", "inter_tribal_clash", "ethno_political_violence"}),
    ),
    Kind(
        "other",
        "other fighting (clash, initiator not established)",
        "other fighting (clashes, initiator not established)",
        frozenset(),
    ),
)
BY_KEY = {k.key: k for k in KINDS}


def kind_of(r: Row) -> str:
    """The kind of an incident (``other`` for any event type no kind names)."""
    return kind_of_type(r.event_type)


def kind_of_type(event_type: str) -> str:
    """The kind of an event type (``other`` for any event type no kind names)."""
    for k in KINDS:
        if event_type in k.event_types:
            return k.key
    return "other"


def victims_killed(r: Row) -> int | None:
    """Civilians and security forces killed (the victims of an attack by militants; the
    attackers' own deaths are left out). None when neither is recorded."""
    civ = r.figure("civilians")
    sec = r.killed_in(SECURITY)
    if civ is None and sec is None:
        return None
    return (civ or 0) + (sec or 0)


def change(now: float | None, before: float | None, min_base: int = MIN_BASE) -> float | None:
    """Percentage change, or None when either figure is missing or the earlier one is under
    ``min_base`` (too small a base for a percentage to mean anything)."""
    if now is None or before is None or before < max(min_base, 1):
        return None
    return 100.0 * (now - before) / before


def compare_words(now: int | None, before: int | None, what: str, min_base: int = MIN_BASE) -> str:
    """``deaths fell by 53% (from 278 to 132)``, or, on a small base, ``deaths rose from 15
    to 132 (too small a base for a percentage: under 20)``."""
    if now is None or before is None:
        return f"{what}: not recorded in one of the two periods, so not compared"
    if now == before:
        return f"{what} unchanged ({now:,})"
    verb = "rose" if now > before else "fell"
    pct = change(now, before, min_base)
    if pct is None:
        return (
            f"{what} {verb} from {before:,} to {now:,} (too small a base for a percentage: "
            f"under {min_base})"
        )
    return f"{what} {verb} by {abs(pct):.0f}% (from {before:,} to {now:,})"


def situation(now: int | None, before: int | None, against: str, min_base: int = MIN_BASE) -> str:
    """A judgement of the security situation from victims of militant violence in two
    periods; none is made on a small base or a change under 40%."""
    if now is None or before is None:
        return ""
    pct = change(now, before, min_base)
    basis = "measured by the victims of attacks by militants recorded in the database"
    if pct is None:
        return (
            f"No judgement of the trend is made against {against}: fewer than {min_base} "
            "victims of attacks by militants are recorded there, too small a base."
        )
    if abs(pct) < 10:
        return f"The security situation, {basis}, was about the same as in {against}."
    mood = "deteriorated" if pct > 0 else "improved"
    strength = "markedly " if abs(pct) >= 40 else ""
    return f"The security situation, {basis}, {strength}{mood} against {against}."
