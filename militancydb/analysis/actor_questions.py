"""Questions about one group: what it lost, who leads it, how its tactics changed, and its
network of allegiances, mergers, splits, alliances, rivalries and defections."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from militancydb.analysis.data import ATTACKS, Row, load_rows
from militancydb.codebook import SECURITY_ACTION_EVENT_TYPES
from militancydb.domain.dates import earliest, in_span, latest
from militancydb.knowledge.actor_records import PersonEventRecord, RelationRecord, TerritoryRecord
from militancydb.knowledge.loader import Knowledge
from militancydb.services.actors import LeaderView, find_actor, leadership
from militancydb.services.incident_query import IncidentFilter

LOSS_EVENTS = frozenset(
    {t.value for t in SECURITY_ACTION_EVENT_TYPES}
    | {"drone_strike", "armed_clash", "inter_group_clash", "cross_border_attack"}
)


def _between(value: str | None, start: dt.date, end: dt.date) -> bool:
    lo = earliest(value)
    hi = latest(value)
    return lo is not None and hi is not None and lo <= end and hi >= start


@dataclass(frozen=True)
class PersonLoss:
    """A leader or member killed, captured, surrendered or defected."""

    person: str
    name: str
    roles: str
    event: PersonEventRecord


@dataclass
class LossesAnswer:
    """What a group lost in a span of time."""

    actor: str
    actor_name: str
    start: dt.date
    end: dt.date
    incidents_considered: int
    militants_killed: int
    militants_killed_incidents: list[int]
    militants_arrested: int
    arrested_incidents: list[int]
    by_kind: dict[str, int]
    leaders: list[PersonLoss]
    defections: list[PersonLoss]
    relations_lost: list[RelationRecord]
    territory_lost: list[TerritoryRecord]
    caveats: list[str] = field(default_factory=list)


def losses(
    session: Session, kb: Knowledge, actor: str, start: dt.date, end: dt.date
) -> LossesAnswer:
    """Militants killed and arrested (operations, drone strikes, clashes), leaders killed or
    captured and how, defections, and territory lost, between two dates."""
    reg = kb.registry
    a = find_actor(reg, actor, end)
    family = reg.family(a.key)
    rows = load_rows(
        session,
        IncidentFilter(
            date_from=start,
            date_to=end,
            actors=frozenset(family),
            roles=frozenset({"target", "party"}),
            event_types=LOSS_EVENTS,
        ),
    )
    killed_ids, arrested_ids = [], []
    killed = arrested = 0
    by_kind: Counter[str] = Counter()
    for r in rows:
        k = r.figure("militants")
        if k:
            killed += k
            killed_ids.append(r.id)
            by_kind[r.event_type] += k
        n = r.figure("militants", "arrested")
        if n:
            arrested += n
            arrested_ids.append(r.id)
    members: dict[str, list[str]] = {}
    for m in reg.memberships:
        if m.actor in family:
            members.setdefault(m.person, []).append(m.role)
    leaders, defections = [], []
    for person, roles in members.items():
        p = reg.persons.get(person)
        for e in reg.events_of(person):
            if not _between(e.date, start, end):
                continue
            item = PersonLoss(person, p.name if p else person, ", ".join(sorted(set(roles))), e)
            if e.type in ("killed", "captured", "died", "surrendered"):
                leaders.append(item)
            elif e.type in ("defected", "disavowed"):
                defections.append(item)
    relations_lost = [
        r
        for r in reg.relations
        if r.type in ("defection", "split")
        and r.target_actor in family
        and _between(r.start, start, end)
    ]
    territory_lost = [
        t
        for t in reg.territory
        if t.actor in family
        and (
            (t.status == "lost" and _between(t.start, start, end))
            or (t.status == "controls" and t.end and _between(t.end, start, end))
        )
    ]
    countries = sorted({r.country for r in rows}) or ["none"]
    caveats = [
        "militants killed are the 'militants' casualty figures of operations, drone strikes "
        "and clashes in which the group was a target or party; in a clash with several groups "
        "the figure may include others' fighters",
        f"incidents in the database for this span and group come from: {', '.join(countries)}",
    ]
    return LossesAnswer(
        a.key,
        a.name,
        start,
        end,
        len(rows),
        killed,
        killed_ids,
        arrested,
        arrested_ids,
        dict(by_kind),
        sorted(leaders, key=lambda x: x.event.date or ""),
        sorted(defections, key=lambda x: x.event.date or ""),
        relations_lost,
        territory_lost,
        caveats,
    )


@dataclass
class LeadershipAnswer:
    """Who leads a group on a date."""

    actor: str
    actor_name: str
    on: dt.date
    current: list[LeaderView]
    predecessors: list[LeaderView]
    vacancy: str | None
    sentence: str


def leadership_answer(kb: Knowledge, actor: str, on: dt.date | None = None) -> LeadershipAnswer:
    """Current leader, predecessors, and a vacancy since a leader's death with no successor."""
    day = on or dt.date.today()
    a = find_actor(kb.registry, actor, day)
    current, former, vacancy = leadership(kb.registry, a.key, day)
    top = [c for c in current if c.role in ("emir", "chief", "leader")]
    if top:
        sentence = f"{a.name} on {day}: led by {top[0].name} ({top[0].role} since {top[0].start})"
    elif vacancy:
        sentence = f"{a.name} on {day}: {vacancy}"
    else:
        sentence = f"{a.name} on {day}: no leader is recorded"
    return LeadershipAnswer(a.key, a.name, day, current, former, vacancy, sentence)


@dataclass
class TacticsYear:
    """One year of a group's attacks."""

    year: int
    attacks: int
    killed: int
    mass_casualty: int
    suicide: int
    tactics: dict[str, int]
    targets: dict[str, int]
    ids: list[int]


@dataclass
class TacticsAnswer:
    """How a group's way of fighting changed."""

    actor: str
    actor_name: str
    years: list[TacticsYear]
    territory: list[TerritoryRecord]
    observations: list[str]


def tactics_answer(
    session: Session, kb: Knowledge, actor: str, until: dt.date | None = None
) -> TacticsAnswer:
    """Per year: attacks, tactics, targets, mass-casualty and suicide attacks; with the
    periods the group held territory. ``until`` leaves out everything after a date (for a
    brief written as of that date)."""
    reg = kb.registry
    a = find_actor(reg, actor, until)
    family = reg.family(a.key)
    rows: list[Row] = load_rows(
        session,
        IncidentFilter(
            date_to=until,
            actors=frozenset(family),
            roles=frozenset({"perpetrator"}),
            event_types=ATTACKS,
        ),
    )
    years: dict[int, list[Row]] = {}
    for r in rows:
        years.setdefault(r.date.year, []).append(r)
    out = []
    for y in sorted(years):
        rs = years[y]
        out.append(
            TacticsYear(
                y,
                len(rs),
                sum(r.killed or 0 for r in rs),
                sum(1 for r in rs if (r.killed or 0) >= 10),
                sum(1 for r in rs if r.suicide or "suicide_bombing" in r.tactics),
                dict(Counter(t for r in rs for t in r.tactics).most_common()),
                dict(Counter(t for r in rs for t in set(r.targets)).most_common()),
                [r.id for r in rs],
            )
        )
    territory = sorted(
        (
            t
            for t in reg.territory
            if t.actor in family and (until is None or (earliest(t.start) or until) <= until)
        ),
        key=lambda t: t.start or "",
    )
    observations = []
    held = [t for t in territory if t.status == "controls"]
    if held:
        first = min(t.start or "9999" for t in held)
        last = max(
            (t.end if t.end and (until is None or (earliest(t.end) or until) <= until) else "now")
            for t in held
        )
        observations.append(
            f"held territory in {len({t.place for t in held})} place(s) from "
            f"{first} to {last} (territory records)"
        )
    if len(out) >= 2:
        a0, a1 = out[0], out[-1]

        def share(y: TacticsYear) -> int:
            return round(100 * y.mass_casualty / y.attacks) if y.attacks else 0

        observations.append(
            f"mass-casualty attacks (10+ killed): {share(a0)}% of {a0.attacks} attack(s) in "
            f"{a0.year}, {share(a1)}% of {a1.attacks} in {a1.year}"
        )
    if not out:
        observations.append("no attack by the group is recorded in the database")
    return TacticsAnswer(a.key, a.name, out, territory, observations)


@dataclass(frozen=True)
class NetworkEntry:
    """One dated tie."""

    start: str | None
    end: str | None
    type: str
    source_actor: str
    target_actor: str
    active: bool
    confidence: str
    partial: bool
    note: str | None
    sources: tuple[str, ...]


@dataclass
class NetworkAnswer:
    """A group's ties, dated."""

    actor: str
    actor_name: str
    on: dt.date
    chapters: list[str]
    entries: list[NetworkEntry]
    defections: list[PersonLoss]


def network(kb: Knowledge, actor: str, on: dt.date | None = None) -> NetworkAnswer:
    """Allegiances, mergers, splits, alliances, rivalries and defections, as a dated list
    (ties that had begun by ``on``; each says whether it still held then)."""
    reg = kb.registry
    day = on or dt.date.today()
    a = find_actor(reg, actor, day)
    family = reg.family(a.key)
    entries = []

    def name(k: str) -> str:
        return reg.actors[k].name if k in reg.actors else k

    for r in reg.relations:
        if r.source_actor not in family and r.target_actor not in family:
            continue
        lo = earliest(r.start)
        if lo is not None and lo > day:
            continue
        entries.append(
            NetworkEntry(
                r.start,
                r.end,
                r.type,
                name(r.source_actor),
                name(r.target_actor),
                in_span(day, r.start, r.end),
                r.confidence,
                r.partial,
                r.note,
                r.sources,
            )
        )
    entries.sort(key=lambda e: (e.start or "", e.type))
    defections = []
    for m in reg.memberships:
        if m.actor not in family:
            continue
        p = reg.persons.get(m.person)
        for e in reg.events_of(m.person):
            lo = earliest(e.date)
            if e.type in ("defected", "disavowed", "pledged") and lo and lo <= day:
                defections.append(PersonLoss(m.person, p.name if p else m.person, m.role, e))
    unique = {(d.person, d.event.key): d for d in defections}
    return NetworkAnswer(
        a.key,
        a.name,
        day,
        [reg.actors[k].name for k in sorted(family - {a.key})],
        entries,
        sorted(unique.values(), key=lambda d: d.event.date or ""),
    )
