"""Questions about one group: who leads it, how its tactics changed, and its network of
allegiances, mergers, splits, alliances, rivalries and defections (what it lost:
:mod:`militancydb.analysis.losses`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from militancydb.analysis.data import ATTACKS, Row, load_rows
from militancydb.analysis.losses import PersonLoss
from militancydb.domain.dates import earliest, in_span, latest
from militancydb.domain.knowledge_date import AsOf
from militancydb.knowledge.actor_records import TerritoryRecord
from militancydb.knowledge.loader import Knowledge
from militancydb.services.actors import LeaderView, find_actor, leadership
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.known import known_sources as _known
from militancydb.services.known import sources_by_then


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
    #: posts known only from sources published after the day (or undated): with a session,
    #: left out of the answer and listed here
    later: list[str] = field(default_factory=list)


def leadership_answer(
    kb: Knowledge,
    actor: str,
    on: AsOf | dt.date | None = None,
    *,
    session: Session | None = None,
) -> LeadershipAnswer:
    """Current leader, predecessors, and a vacancy since a leader's death with no successor,
    on the date of knowledge ``on`` (default today). With a session, a post whose sources
    were all published after the day (or are undated) is left out (listed in ``later``),
    with the clauses of the vacancy note that name its holder."""
    known = AsOf.of(on)
    day = known.day
    reg = kb.registry
    a = find_actor(reg, actor, day)
    current, former, vacancy = leadership(reg, a.key, day)
    later: list[str] = []
    if session is not None:
        names: list[str] = []
        for m in reg.memberships_of(a.key):
            p = reg.persons.get(m.person)
            if p is not None and not _known(session, known, m.sources) and known.begun(m.start):
                names.append(p.name)
                later.append(
                    f"{p.name}, {m.role} from {m.start or 'a date not recorded'} (no source "
                    f"published by {day})"
                )
        current = [v for v in current if v.name not in names]
        former = [v for v in former if v.name not in names]
        if vacancy and names:
            vacancy = "; ".join(
                part for part in vacancy.split("; ") if not any(n in part for n in names)
            )
    top = [c for c in current if c.role in ("emir", "chief", "leader")]
    if top:
        sentence = f"{a.name} on {day}: led by {top[0].name} ({top[0].role} since {top[0].start})"
    elif vacancy:
        sentence = f"{a.name} on {day}: {vacancy}"
    else:
        sentence = f"{a.name} on {day}: no leader is recorded"
    return LeadershipAnswer(a.key, a.name, day, current, former, vacancy, sentence, later)


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
    session: Session, kb: Knowledge, actor: str, known: AsOf | dt.date | None = None
) -> TacticsAnswer:
    """Per year: attacks by the group (attributed by datasets or officials, or confirmed;
    attacks it only claimed are not its attacks here), tactics, targets, mass-casualty and
    suicide attacks; with the periods the group held territory. ``known`` (a date of
    knowledge) leaves out everything after its day (for a brief written as of that day)."""
    until = AsOf.of(known).day if known is not None else None
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
    rows = [r for r in rows if r.basis_of(family) in ("confirmed", "attributed", "suspected")]
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
    """A group's ties, dated, as known on a day (later knowledge apart, when asked)."""

    actor: str
    actor_name: str
    on: dt.date
    chapters: list[str]
    entries: list[NetworkEntry]
    defections: list[PersonLoss]
    #: ties and chapters known only from sources published after the day (or undated);
    #: filled only when the date of knowledge asks for later knowledge
    later: list[NetworkEntry] = field(default_factory=list)
    later_chapters: list[str] = field(default_factory=list)
    left_out: int = 0


def network(
    kb: Knowledge,
    actor: str,
    on: AsOf | dt.date | None = None,
    *,
    session: Session | None = None,
) -> NetworkAnswer:
    """Allegiances, mergers, splits, alliances, rivalries and defections, as a dated list of
    what was known on the date of knowledge ``on``: ties begun by then (each says whether it
    still held) and chapters that existed then. With a session, a tie whose sources were all
    published after the day (or are undated) is left out of the answer, and listed apart in
    ``later`` when ``on.with_later`` asks for it."""
    known = AsOf.of(on)
    reg = kb.registry
    day = known.day
    a = find_actor(reg, actor, day)
    family = reg.family(a.key)
    entries: list[NetworkEntry] = []
    later: list[NetworkEntry] = []

    def name(k: str) -> str:
        return reg.actors[k].name if k in reg.actors else k

    def is_known(sources: tuple[str, ...]) -> bool:
        return session is None or _known(session, known, sources)

    for r in reg.relations:
        if r.source_actor not in family and r.target_actor not in family:
            continue
        lo = earliest(r.start)
        entry = NetworkEntry(
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
        if (lo is not None and lo > day) or not is_known(r.sources):
            later.append(entry)
            continue
        end_known = r.end if (latest(r.end) or dt.date.max) <= day else None
        cited = sources_by_then(session, known, r.sources) if session else r.sources
        entries.append(dataclasses.replace(entry, end=end_known, sources=cited))
    entries.sort(key=lambda e: (e.start or "", e.type))
    chapters: list[str] = []
    later_chapters: list[str] = []
    for k in sorted(family - {a.key}):
        c = reg.actors[k]
        (chapters if c.existed_on(day) and is_known(c.sources) else later_chapters).append(c.name)
    defections = []
    for m in reg.memberships:
        if m.actor not in family:
            continue
        p = reg.persons.get(m.person)
        for e in reg.events_of(m.person):
            lo = earliest(e.date)
            if (
                e.type in ("defected", "disavowed", "pledged")
                and lo
                and lo <= day
                and is_known(e.sources)
            ):
                defections.append(PersonLoss(m.person, p.name if p else m.person, m.role, e))
    unique = {(d.person, d.event.key): d for d in defections}
    return NetworkAnswer(
        a.key,
        a.name,
        day,
        chapters,
        entries,
        sorted(unique.values(), key=lambda d: d.event.date or ""),
        sorted(later, key=lambda e: (e.start or "", e.type)) if known.with_later else [],
        later_chapters if known.with_later else [],
        len(later) + len(later_chapters),
    )
