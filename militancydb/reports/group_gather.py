"""What a group brief is written from: the registry state, the analysis answers and the
incidents and claims linked to the group as known on the day (:func:`gather`), and the
sources the brief may cite (:func:`source_book`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from militancydb.analysis.actor_questions import (
    LeadershipAnswer,
    NetworkAnswer,
    TacticsAnswer,
    leadership_answer,
    network,
    tactics_answer,
)
from militancydb.analysis.data import ATTACKS, Row, load_rows
from militancydb.analysis.losses import LossesAnswer, losses
from militancydb.analysis.sources import sources_by_key
from militancydb.domain.claim import ClaimPublic
from militancydb.domain.knowledge_date import AsOf
from militancydb.knowledge.actor_records import TerritoryRecord
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.group_model import Fact
from militancydb.reports.model import SourceBook
from militancydb.services.actors import ActorState, actor_state
from militancydb.services.claims import (
    ClaimFilter,
    CompetingGroup,
    competing_claims,
    list_claims,
)
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.known import known_sources, source_dates


def months_before(day: dt.date, months: int) -> dt.date:
    """The first day of the ``months`` months that end on ``day``."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    start = dt.date(y, m + 1, min(day.day, monthrange(y, m + 1)[1]))
    return start + dt.timedelta(days=1)


def _keys(*groups: object) -> set[str]:
    out: set[str] = set()

    def walk(x: object) -> None:
        if isinstance(x, (list, tuple)):
            for y in x:
                walk(y)
        elif hasattr(x, "sources") and isinstance(x.sources, tuple):
            out.update(x.sources)
            for sub in ("fates", "event", "relation"):
                if hasattr(x, sub):
                    walk(getattr(x, sub))

    for g in groups:
        walk(g)
    return out


def _parent_claims(
    session: Session, parent: str, countries: tuple[str, ...], as_of: dt.date
) -> tuple[list[ClaimPublic], list[Row]]:
    """Claims by the parent organisation about incidents in the group's countries, and
    those incidents."""
    found = list_claims(session, ClaimFilter(date_to=as_of, claimants=frozenset({parent})))
    ids = frozenset(c.incident_id for c in found if c.incident_id is not None)
    rows = [r for r in load_rows(session, IncidentFilter(ids=ids)) if r.country in countries]
    inside = {r.id for r in rows}
    return [c for c in found if c.incident_id in inside], rows


@dataclass
class Gathered:
    """What the brief is written from: the registry state, the analysis answers and the
    incidents and claims linked to the group, as known on the day."""

    known: AsOf
    st: ActorState
    family: frozenset[str]
    ok: Callable[[tuple[str, ...]], bool]
    later: list[Fact]
    la: LeadershipAnswer
    net: NetworkAnswer
    lo: LossesAnswer
    ta: TacticsAnswer
    attacks: list[Row]
    claimed_only: list[Row]
    claimed_rows: list[Row]
    claims: list[ClaimPublic]
    competing: list[CompetingGroup]
    territory_all: list[TerritoryRecord]
    territory: list[TerritoryRecord]


def gather(session: Session, kb: Knowledge, name: str, known: AsOf, losses_months: int) -> Gathered:
    as_of = known.day
    reg = kb.registry
    st = actor_state(reg, name, as_of)
    a = st.actor
    family = frozenset(reg.family(a.key))

    def ok(sources: tuple[str, ...]) -> bool:
        return known_sources(session, known, sources)

    later: list[Fact] = []
    la = _known_leadership(kb, leadership_answer(kb, a.key, known), ok, later)
    linked = load_rows(
        session,
        IncidentFilter(
            date_to=as_of, actors=family, roles=frozenset({"perpetrator"}), event_types=ATTACKS
        ),
    )
    claims = list_claims(session, ClaimFilter(date_to=as_of, claimants=family))
    claimed_rows: list[Row] = []
    if st.parent is not None:
        more, claimed_rows = _parent_claims(session, st.parent.key, a.countries, as_of)
        claims += more
    territory_all = [t for t in reg.territory if t.actor in family]
    return Gathered(
        known=known,
        st=st,
        family=family,
        ok=ok,
        later=later,
        la=la,
        net=network(kb, a.key, AsOf(as_of, with_later=True), session=session),
        lo=losses(session, kb, a.key, months_before(as_of, losses_months), as_of, known),
        ta=tactics_answer(session, kb, a.key, known),
        attacks=[
            r for r in linked if r.basis_of(family) in ("confirmed", "attributed", "suspected")
        ],
        claimed_only=[r for r in linked if r.basis_of(family) == "claimed"],
        claimed_rows=claimed_rows,
        claims=claims,
        competing=[
            g
            for g in competing_claims(session, kb, date_to=as_of)
            if any(c.claimant_key in family for c in g.claims)
        ],
        territory_all=territory_all,
        territory=[t for t in territory_all if ok(t.sources)],
    )


def source_book(session: Session, g: Gathered) -> SourceBook:
    """The sources the brief may cite (published by the day), with those it names loaded."""
    dates = source_dates(session)
    book = SourceBook(
        lookup=lambda keys: sources_by_key(session, keys),
        allowed=lambda k: g.known.published_by(dates.get(k)),
    )
    st, la, net, lo = g.st, g.la, g.net, g.lo
    book.known.update(
        sources_by_key(
            session,
            _keys(
                st.actor, st.parent or (), st.chapters, st.proclaimed, la.current, la.predecessors
            )
            | _keys(net.entries, net.defections, lo.leaders, lo.defections, lo.relations_lost)
            | _keys(lo.territory_lost, g.territory)
            | {str(s.get("key")) for c in g.claims for s in c.sources if s.get("key")},
        )
    )
    return book


def _known_leadership(
    kb: Knowledge,
    la: LeadershipAnswer,
    ok: Callable[[tuple[str, ...]], bool],
    later: list[Fact],
) -> LeadershipAnswer:
    """The leadership answer without leaders known only from later or undated sources
    (moved to ``later``), and without the clauses of the vacancy note that name them."""
    reg = kb.registry
    unknown = [v for v in la.current + la.predecessors if not ok(v.sources)]
    names: list[str] = []
    for v in unknown:
        names.append(v.name)
        later.append(
            Fact(
                f"{v.name}, {v.role} from {v.start or 'a date not recorded'} (no source "
                "published by the date)."
            )
        )
    for m in reg.memberships_of(la.actor):
        p = reg.persons.get(m.person)
        if p is not None and not ok(m.sources):
            names.append(p.name)
            later.append(
                Fact(
                    f"{p.name}, {m.role} from {m.start or 'a date not recorded'} (no source "
                    "published by the date)."
                )
            )
    vacancy = la.vacancy
    sentence = la.sentence
    if vacancy and names:
        kept = "; ".join(p for p in vacancy.split("; ") if not any(n in p for n in names))
        sentence = sentence.replace(vacancy, kept)
        vacancy = kept
    return dataclasses.replace(
        la,
        current=[v for v in la.current if ok(v.sources)],
        predecessors=[v for v in la.predecessors if ok(v.sources)],
        vacancy=vacancy,
        sentence=sentence,
    )
