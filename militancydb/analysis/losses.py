"""What a group lost in a span of time: militants killed and arrested in security-force
actions, leaders and members killed, captured, surrendered or defected, relations and
territory lost — each from facts known on the day asked (``ask losses``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from militancydb.analysis.coverage import Coverage, coverage
from militancydb.analysis.data import load_rows
from militancydb.codebook import SECURITY_ACTION_EVENT_TYPES
from militancydb.domain.dates import earliest, latest
from militancydb.domain.knowledge_date import AsOf
from militancydb.knowledge.actor_records import PersonEventRecord, RelationRecord, TerritoryRecord
from militancydb.knowledge.loader import Knowledge
from militancydb.services.actors import find_actor
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.known import known_sources as _known

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
    militants_killed: int | None
    militants_killed_incidents: list[int]
    #: None: no incident of the span records arrests (not recorded, not zero)
    militants_arrested: int | None
    arrested_incidents: list[int]
    by_kind: dict[str, int]
    leaders: list[PersonLoss]
    defections: list[PersonLoss]
    relations_lost: list[RelationRecord]
    territory_lost: list[TerritoryRecord]
    caveats: list[str] = field(default_factory=list)
    #: countries of the group for which the database holds no incident in the span
    not_covered: list[str] = field(default_factory=list)
    #: the datasets behind the span, per country of the group
    coverage: list[Coverage] = field(default_factory=list)


def losses(
    session: Session,
    kb: Knowledge,
    actor: str,
    start: dt.date,
    end: dt.date,
    known: AsOf | None = None,
) -> LossesAnswer:
    """Militants killed and arrested (operations, drone strikes, clashes), leaders killed or
    captured and how, defections, and territory lost, between two dates (the window of
    event dates). ``known`` is the date of knowledge (default: ``end``): registry facts
    whose sources were all published after it are left out."""
    known = known or AsOf(end)
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
    killed_known = arrested_known = False
    by_kind: Counter[str] = Counter()
    for r in rows:
        k = r.figure("militants")
        if k is not None:
            killed_known = True
        if k:
            killed += k
            killed_ids.append(r.id)
            by_kind[r.event_type] += k
        n = r.figure("militants", "arrested")
        if n is not None:
            arrested_known = True
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
            if not _between(e.date, start, end) or not _known(session, known, e.sources):
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
        and _known(session, known, r.sources)
    ]
    territory_lost = [
        t
        for t in reg.territory
        if t.actor in family
        and _known(session, known, t.sources)
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
    cov: list[Coverage] = []
    for code in reg.actors[a.key].countries:
        place = kb.gazetteer.get(code)
        cov.append(coverage(session, start, end, code, place.name if place else code))
    not_covered = [x.place for x in cov if not x.held]
    for x in cov:
        if not x.held:
            caveats.append(
                f"not covered: no incident data for {x.place} in the database from {start} to "
                f"{end}, so the group's losses there cannot be counted"
            )
    if not arrested_known:
        caveats.append(
            "arrests: not recorded (no incident of the span records arrests; the datasets "
            "behind it do not count them)"
        )
    return LossesAnswer(
        a.key,
        a.name,
        start,
        end,
        len(rows),
        killed if killed_known or (not rows and len(not_covered) < len(cov)) else None,
        killed_ids,
        arrested if arrested_known else None,
        arrested_ids,
        dict(by_kind),
        sorted(leaders, key=lambda x: x.event.date or ""),
        sorted(defections, key=lambda x: x.event.date or ""),
        relations_lost,
        territory_lost,
        caveats,
        not_covered,
        cov,
    )
