"""What an actor looked like on a date, and its dated history.

:func:`actor_state` answers "what was group X on day D": its parent and chapters, its
leaders (and a vacancy after a leader's death with no successor recorded), its relations
that had begun by then, the territory it proclaimed and held. :func:`actor_timeline` lists
every dated fact about it in order. Both read the registry only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from militancydb.domain.dates import earliest, in_span, latest
from militancydb.errors import ActorNotFound, AmbiguousName
from militancydb.knowledge.actor_records import (
    ActorRecord,
    MembershipRecord,
    PersonEventRecord,
    ProclaimedRecord,
    RelationRecord,
    TerritoryRecord,
)
from militancydb.knowledge.actors import ActorRegistry

LEADING_ROLES = ("emir", "chief", "leader", "founder")
FATE_TYPES = ("killed", "captured", "died", "surrendered", "defected", "disavowed")


@dataclass(frozen=True)
class LeaderView:
    """A person in a leading role, with what happened to them."""

    person: str
    name: str
    role: str
    start: str | None
    end: str | None
    fates: tuple[PersonEventRecord, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelationView:
    """A relation seen from one actor."""

    relation: RelationRecord
    direction: str  # "outgoing" (this actor pledged/split/...) or "incoming"
    other: str
    other_name: str
    active: bool


@dataclass
class ActorState:
    """An actor on one day."""

    actor: ActorRecord
    on: dt.date
    existed: bool
    parent: ActorRecord | None
    chapters: list[ActorRecord] = field(default_factory=list)
    leaders: list[LeaderView] = field(default_factory=list)
    former_leaders: list[LeaderView] = field(default_factory=list)
    vacancy: str | None = None
    relations: list[RelationView] = field(default_factory=list)
    proclaimed: list[ProclaimedRecord] = field(default_factory=list)
    territory: list[TerritoryRecord] = field(default_factory=list)


def find_actor(reg: ActorRegistry, text: str, on: dt.date | None = None) -> ActorRecord:
    """The actor a name or key stands for, or a clear error."""
    r = reg.resolve(text, on=on)
    if r.status == "ambiguous":
        raise AmbiguousName(text, [m.key for m in r.alternatives])
    if r.key is None:
        raise ActorNotFound(
            f"no actor matches {text!r} ({'; '.join(r.reasons)}); "
            "`militancydb actors resolve` shows how names are matched"
        )
    actor = reg.get(r.key)
    assert actor is not None
    return actor


def _leader_view(reg: ActorRegistry, m: MembershipRecord) -> LeaderView:
    person = reg.persons.get(m.person)
    fates = tuple(e for e in reg.events_of(m.person) if e.type in FATE_TYPES)
    return LeaderView(
        m.person, person.name if person else m.person, m.role, m.start, m.end, fates, m.sources
    )


def _began_by(start: str | None, day: dt.date) -> bool:
    lo = earliest(start)
    return lo is None or lo <= day


def leadership(
    reg: ActorRegistry, key: str, on: dt.date
) -> tuple[list[LeaderView], list[LeaderView], str | None]:
    """Leaders on ``on``, former leaders, and a vacancy note when the top post is empty.

    A leader whose start is known only to a month or year that contains ``on`` is not taken
    as the leader on that day: the note says they may have succeeded by then.
    """
    members = [m for m in reg.memberships_of(key) if m.role in LEADING_ROLES]
    current: list[LeaderView] = []
    uncertain: list[LeaderView] = []
    for m in members:
        if not in_span(on, m.start, m.end):
            continue
        hi = latest(m.start)
        # an unknown start is not "always": we only know the post was held before its end
        (current if hi is not None and hi <= on else uncertain).append(_leader_view(reg, m))
    former = sorted(
        (
            _leader_view(reg, m)
            for m in members
            if m.end and (latest(m.end) or on) < on and _began_by(m.start, on)
        ),
        key=lambda v: latest(v.end) or dt.date.min,
    )
    vacancy = None
    top = [v for v in current if v.role in ("emir", "chief", "leader")]
    if not top and former:
        last = former[-1]
        # the fate that ended the post: the last one dated within it (deaths first)
        within = [
            f
            for f in last.fates
            if f.date
            and (earliest(f.date) or on) <= on
            and (last.start is None or (latest(f.date) or on) >= (earliest(last.start) or on))
        ]
        ending = [f for f in within if f.type in ("killed", "died", "captured", "surrendered")]
        candidates = ending or within
        fate = candidates[-1] if candidates else None
        how = f"{fate.type} on {fate.date}" if fate else f"left the post on {last.end}"
        vacancy = (
            f"no leader recorded since {last.name} {how}; no successor is recorded as in "
            f"post by {on}"
        )
        # only successors who may have started by then: an unknown start says nothing about
        # the date, and naming their later end would leak later facts into an as-of view
        maybe = [v for v in uncertain if v.role in ("emir", "chief", "leader") and v.start]
        if maybe:
            vacancy += "; " + "; ".join(
                f"{v.name} is recorded as {v.role} "
                + (
                    f"from {v.start} (not known more exactly, so possibly later than this date)"
                    if v.start
                    else f"until {v.end}, from a date not known"
                )
                for v in maybe
            )
    return current, former, vacancy


def actor_state(reg: ActorRegistry, text: str, on: dt.date | None = None) -> ActorState:
    """The actor on ``on`` (default today): see the module docstring."""
    day = on or dt.date.today()
    actor = find_actor(reg, text, on)
    parent = reg.get(actor.parent) if actor.parent else None
    chapters = [c for k in reg.children(actor.key) if (c := reg.get(k)) and c.existed_on(day)]
    current, former, vacancy = leadership(reg, actor.key, day)
    relations = []
    for r in reg.relations_of(actor.key):
        if not _began_by(r.start, day):
            continue
        outgoing = r.source_actor == actor.key
        other = r.target_actor if outgoing else r.source_actor
        other_rec = reg.get(other)
        relations.append(
            RelationView(
                r,
                "outgoing" if outgoing else "incoming",
                other,
                other_rec.name if other_rec else other,
                r.active_on(day),
            )
        )
    relations.sort(key=lambda v: (v.relation.start or "", v.relation.type))
    return ActorState(
        actor=actor,
        on=day,
        existed=actor.existed_on(day),
        parent=parent,
        chapters=chapters,
        leaders=current,
        former_leaders=former,
        vacancy=vacancy,
        relations=relations,
        proclaimed=reg.proclaimed_on(actor.key, day),
        territory=[t for t in reg.territory_of(actor.key) if t.active_on(day)],
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One dated fact about an actor."""

    date: str
    what: str
    sources: tuple[str, ...] = ()


def actor_timeline(reg: ActorRegistry, text: str) -> list[TimelineEntry]:
    """Every dated fact about an actor, its people and territory, in date order."""
    actor = find_actor(reg, text)
    key = actor.key
    out: list[TimelineEntry] = []
    if actor.founded:
        out.append(TimelineEntry(actor.founded, f"{actor.name} founded", actor.sources))
    if actor.dissolved:
        out.append(TimelineEntry(actor.dissolved, f"{actor.name} dissolved", actor.sources))
    for r in reg.relations_of(key):
        a, b = reg.get(r.source_actor), reg.get(r.target_actor)
        an = a.name if a else r.source_actor
        bn = b.name if b else r.target_actor
        part = "a segment of " if r.partial else ""
        text_ = f"{part}{an} — {r.type} — {bn} ({r.confidence} confidence)"
        if r.start:
            out.append(TimelineEntry(r.start, text_, r.sources))
        if r.end:
            out.append(TimelineEntry(r.end, f"end of: {text_}", r.sources))
    for c in reg.children(key):
        ch = reg.get(c)
        if ch and ch.founded:
            out.append(TimelineEntry(ch.founded, f"chapter {ch.name} founded", ch.sources))
    for m in reg.memberships_of(key):
        p = reg.persons.get(m.person)
        name = p.name if p else m.person
        if m.start:
            out.append(TimelineEntry(m.start, f"{name} becomes {m.role}", m.sources))
        if m.end:
            out.append(TimelineEntry(m.end, f"{name} no longer {m.role}", m.sources))
        for e in reg.events_of(m.person):
            if e.date and in_span(earliest(e.date) or dt.date.min, m.start, m.end or e.date):
                by_actor = reg.get(e.by) if e.by else None
                by = f" by {by_actor.name if by_actor else e.by}" if e.by else ""
                how = f" ({e.how})" if e.how else ""
                out.append(TimelineEntry(e.date, f"{name} ({m.role}) {e.type}{by}{how}", e.sources))
    for t in reg.territory_of(key):
        if t.start:
            out.append(TimelineEntry(t.start, f"{t.status}: {t.place}", t.sources))
        if t.end:
            out.append(TimelineEntry(t.end, f"no longer {t.status}: {t.place}", t.sources))
    for pr in reg.proclaimed:
        if pr.actor == key and pr.start:
            out.append(
                TimelineEntry(pr.start, f"proclaims territory: {', '.join(pr.places)}", pr.sources)
            )
    seen: set[tuple[str, str]] = set()
    unique = []
    for entry in sorted(out, key=lambda x: (x.date, x.what)):
        if (entry.date, entry.what) not in seen:
            seen.add((entry.date, entry.what))
            unique.append(entry)
    return unique
