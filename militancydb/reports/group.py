"""Build a brief on one armed group as of a date, from the registry and the analysis core:
identity, parent and chapters, proclaimed territory, leadership, network, recent losses,
tactics by year, operational status per country, claims and their credibility, territory.
Every fact carries its sources (looked up by key in the ``sources`` table); every figure the
incidents behind it."""

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
from militancydb.analysis.coverage import coverage
from militancydb.analysis.data import ATTACKS, Row, load_rows
from militancydb.analysis.losses import LossesAnswer, losses
from militancydb.analysis.operational import operational
from militancydb.analysis.sources import sources_by_key
from militancydb.domain.claim import ClaimPublic
from militancydb.domain.knowledge_date import AsOf
from militancydb.knowledge.actor_records import TerritoryRecord
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.claims_section import claims_section
from militancydb.reports.group_finish import finish_brief
from militancydb.reports.group_model import Fact, GroupBrief
from militancydb.reports.group_parts import (
    leader_items,
    losses_part,
    network_items,
    operational_part,
    place_name,
    tactics_table,
    territory_items,
)
from militancydb.reports.model import (
    ClaimsSection,
    MapSpec,
    Notes,
    SourceBook,
)
from militancydb.reports.periodic_sections import item
from militancydb.reports.tally import FAMILY_LABELS
from militancydb.reports.words import day_words
from militancydb.services.actors import ActorState, actor_state
from militancydb.services.claims import (
    ClaimFilter,
    CompetingGroup,
    competing_claims,
    list_claims,
)
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.known import known_sources, source_dates

ATTACKS_LISTED = 30


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
class _Gathered:
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


def _gather(
    session: Session, kb: Knowledge, name: str, known: AsOf, losses_months: int
) -> _Gathered:
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
    return _Gathered(
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


def _source_book(session: Session, g: _Gathered) -> SourceBook:
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


def _identity(kb: Knowledge, g: _Gathered, book: SourceBook) -> list[Fact]:
    """Who the group is: kind, family, dates, countries, areas and the record's sources."""
    a, as_of = g.st.actor, g.known.day
    fam = FAMILY_LABELS.get(a.family, a.family)
    own = book.cite(a.sources)
    identity = [Fact(f"{a.name}: {a.kind.replace('_', ' ')}; {fam.lower()}.")]
    if a.founded:
        ended = f"; dissolved {a.dissolved}" if a.dissolved else ""
        identity.append(Fact(f"Founded {a.founded}{ended}."))
    if not g.st.existed:
        identity.append(Fact(f"The registry does not record it as existing on {as_of}."))
    if a.countries:
        names = ", ".join(place_name(kb, c) for c in a.countries)
        identity.append(Fact(f"Operates in: {names}."))
    if a.areas:
        identity.append(
            Fact(f"Areas of activity: {', '.join(place_name(kb, c) for c in a.areas)}.")
        )
    if a.note:
        # a note is written today, with hindsight, and carries no date of its own
        g.later.append(Fact(f"Registry note on {a.name}: {a.note}"))
    identity.append(
        Fact("Sources of the registry record (published by the date):", own)
        if own
        else Fact(f"No source of the registry record was published by {as_of}.")
    )
    return identity


def _proclaimed(kb: Knowledge, g: _Gathered, book: SourceBook) -> list[Fact]:
    """Proclaimed territory with a source published by the day (the rest goes to later)."""
    out = []
    for pr in g.st.proclaimed:
        text = (
            "Proclaims "
            + ", ".join(place_name(kb, p) for p in pr.places)
            + f" (from {pr.start or 'a date not recorded'}; confidence {pr.confidence})."
        )
        if g.ok(pr.sources):
            out.append(Fact(text, book.cite(pr.sources)))
        else:
            g.later.append(Fact(text + " (no source published by the date)"))
        if pr.note:
            g.later.append(Fact(f"Note on the proclamation: {pr.note}"))
    return out


def _known_only_later(kb: Knowledge, g: _Gathered) -> None:
    """Chapters, territory and ties known only from later or undated sources, to later."""
    for c in g.st.chapters:
        if not g.ok(c.sources):
            g.later.append(Fact(f"Chapter {c.name} (no source published by the date)."))
    for t in g.territory_all:
        if not g.ok(t.sources) and g.known.begun(t.start):
            g.later.append(
                Fact(
                    f"Territory: {place_name(kb, t.place)} {t.status} from "
                    f"{t.start or 'a date not recorded'} (no source published by the date)."
                )
            )
    for e in g.net.later:
        g.later.append(
            Fact(
                f"Tie: {e.source_actor} — {e.type} — {e.target_actor}, from "
                f"{e.start or 'a date not recorded'} (known only from later or undated sources)."
            )
        )


def build_group_brief(
    session: Session,
    kb: Knowledge,
    name: str,
    known: AsOf | dt.date,
    *,
    losses_months: int = 2,
    today: dt.date | None = None,
) -> GroupBrief:
    """The brief as known on ``known.day`` (see ``docs/reports.md``): registry facts valid
    on the day and resting on a source published by then; sources cited only if published
    by then; later knowledge only when ``known.with_later`` asks, in its own section."""
    known = AsOf.of(known)
    as_of = known.day
    g = _gather(session, kb, name, known, losses_months)
    st, a, net = g.st, g.st.actor, g.net
    book = _source_book(session, g)
    notes = Notes()
    identity = _identity(kb, g, book)
    parent = (
        Fact(f"Chapter (or part) of {st.parent.name}.", book.cite(st.parent.sources))
        if st.parent
        else None
    )
    chapters = [
        Fact(c.name + (f" (founded {c.founded})" if c.founded else ""), book.cite(c.sources))
        for c in st.chapters
        if g.ok(c.sources)
    ]
    proclaimed = _proclaimed(kb, g, book)
    _known_only_later(kb, g)
    places = {r.id: f"{r.date}, {r.where}" for r in g.attacks + g.claimed_only + g.claimed_rows}
    g.claims.sort(key=lambda c: (c.claimed_at or "", c.id))
    tactics, tactics_obs = tactics_table(g.ta, g.attacks, as_of, notes)
    brief = GroupBrief(
        title=f"Group brief: {a.name}, as of {day_words(as_of)}",
        key=a.key,
        name=a.name,
        as_of=as_of,
        generated=today or dt.date.today(),
        summary=[],
        identity=identity,
        aliases=sorted({f"{x.name} ({x.kind})" for x in a.aliases if x.name != a.name}),
        parent=parent,
        chapters=chapters,
        proclaimed=proclaimed,
        leadership=g.la.sentence,
        vacancy=g.la.vacancy,
        leaders=leader_items(kb, g.la, book),
        network=network_items(net, book),
        defections=[
            Fact(
                f"{d.event.date}: {d.name} ({d.roles}) {d.event.type}"
                + (f" — {d.event.how}" if d.event.how else ""),
                book.cite(d.event.sources),
            )
            for d in net.defections
        ],
        losses=losses_part(kb, g.lo, notes, book),
        tactics=tactics,
        tactics_notes=tactics_obs,
        operational=[],
        claims=claims_section(session, kb, g.claims, g.competing, notes, book, places),
        territory=territory_items(kb, g.territory, as_of, book),
        attacks=[item(r, notes) for r in g.attacks[-ATTACKS_LISTED:]],
        claimed_attacks=[item(r, notes) for r in g.claimed_only[-ATTACKS_LISTED:]],
        charts=[],
        map=MapSpec("", (), ()),
        notes=notes,
        sources=book,
    )
    if st.parent is not None and any(c.claimant_key not in g.family for c in g.claims):
        brief.claims.remarks.append(
            f"Claims made in the name of the parent organisation, {st.parent.name}, about "
            "incidents in the group's countries are included, marked with its name."
        )
    _operational_status(session, kb, brief, g)
    brief.attack_basis = attack_basis(g.attacks, g.claimed_only, g.family, brief.claims)
    brief.later = g.later if known.with_later else []
    brief.with_later = known.with_later
    brief.left_out = len(g.later) + len(book.withheld)
    finish_brief(session, kb, brief, g.lo)
    return brief


def _operational_status(session: Session, kb: Knowledge, brief: GroupBrief, g: _Gathered) -> None:
    """Operational status and data coverage per country of the group; losses caveats."""
    as_of, lo = g.known.day, g.lo
    for ctry in g.st.actor.countries:
        held = load_rows(
            session,
            IncidentFilter(country=ctry, date_from=as_of - dt.timedelta(days=365), date_to=as_of),
        )
        brief.operational.append(
            operational_part(
                kb, operational(session, kb, g.st.actor.key, ctry, as_of), len(held), brief.notes
            )
        )
        cov = coverage(session, lo.start, as_of, ctry, place_name(kb, ctry))
        brief.coverage.append(cov.sentence())
    brief.losses.caveats += [x for x in lo.caveats[1:] if x.startswith(("not covered", "arrests"))]


def attack_basis(
    attacks: list[Row], claimed_only: list[Row], family: frozenset[str], claims: ClaimsSection
) -> str:
    """``attributed 1; confirmed 0; claimed 2, of which 1 graded doubtful`` (claims only
    for attacks not otherwise attributed to the group)."""
    confirmed = sum(1 for r in attacks if r.basis_of(family) == "confirmed")
    suspected = sum(1 for r in attacks if r.basis_of(family) == "suspected")
    attributed = len(attacks) - confirmed - suspected
    grades: dict[int, list[str]] = {}
    for c in claims.items:
        if c.incident_id is not None and c.grade:
            grades.setdefault(c.incident_id, []).append(c.grade)
    text = f"attributed {attributed} (by datasets or officials); confirmed {confirmed}; "
    text += f"suspected {suspected}; " if suspected else ""
    text += f"claimed only {len(claimed_only)}"
    if claimed_only:
        worst: dict[str, int] = {}
        for r in claimed_only:
            gs = grades.get(r.id) or ["not graded"]
            g = "unlikely" if "unlikely" in gs else "doubtful" if "doubtful" in gs else gs[0]
            worst[g] = worst.get(g, 0) + 1
        text += ", of which " + ", ".join(f"{n} graded {g}" for g, n in sorted(worst.items()))
        text += " (claimed-only attacks are not counted as the group's attacks)"
    return text


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
