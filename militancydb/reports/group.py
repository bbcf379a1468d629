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

from sqlalchemy.orm import Session

from militancydb.analysis.actor_questions import (
    LeadershipAnswer,
    LossesAnswer,
    leadership_answer,
    losses,
    network,
    tactics_answer,
)
from militancydb.analysis.coverage import coverage
from militancydb.analysis.data import ATTACKS, Row, load_rows
from militancydb.analysis.kinds import kind_of
from militancydb.analysis.known import known_sources, source_dates
from militancydb.analysis.operational import operational
from militancydb.analysis.sources import sources_by_key
from militancydb.domain.claim import ClaimPublic
from militancydb.domain.knowledge_date import AsOf
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.appendix import build_appendix
from militancydb.reports.claims_section import claims_section
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
    ChartSpec,
    ClaimsSection,
    MapPlace,
    MapPoint,
    MapSpec,
    Notes,
    Series,
    SourceBook,
)
from militancydb.reports.periodic_sections import item
from militancydb.reports.tally import FAMILY_LABELS
from militancydb.reports.words import day_words, plural
from militancydb.services.actors import actor_state
from militancydb.services.claims import ClaimFilter, competing_claims, list_claims
from militancydb.services.incident_query import IncidentFilter

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
    reg = kb.registry
    st = actor_state(reg, name, as_of)
    a = st.actor
    family = frozenset(reg.family(a.key))

    def ok(sources: tuple[str, ...]) -> bool:
        return known_sources(session, known, sources)

    later: list[Fact] = []
    la = _known_leadership(kb, leadership_answer(kb, a.key, known), ok, later)
    net = network(kb, a.key, AsOf(as_of, with_later=True), session=session)
    lo = losses(session, kb, a.key, months_before(as_of, losses_months), as_of, known)
    ta = tactics_answer(session, kb, a.key, known)
    linked = load_rows(
        session,
        IncidentFilter(
            date_to=as_of, actors=family, roles=frozenset({"perpetrator"}), event_types=ATTACKS
        ),
    )
    attacks = [r for r in linked if r.basis_of(family) in ("confirmed", "attributed", "suspected")]
    claimed_only = [r for r in linked if r.basis_of(family) == "claimed"]
    claims = list_claims(session, ClaimFilter(date_to=as_of, claimants=family))
    claimed_rows: list[Row] = []
    if st.parent is not None:
        more, claimed_rows = _parent_claims(session, st.parent.key, a.countries, as_of)
        claims += more
    competing = [
        g
        for g in competing_claims(session, kb, date_to=as_of)
        if any(c.claimant_key in family for c in g.claims)
    ]
    territory_all = [t for t in reg.territory if t.actor in family]
    territory = [t for t in territory_all if ok(t.sources)]
    dates = source_dates(session)
    book = SourceBook(
        lookup=lambda keys: sources_by_key(session, keys),
        allowed=lambda k: known.published_by(dates.get(k)),
    )
    book.known.update(
        sources_by_key(
            session,
            _keys(a, st.parent or (), st.chapters, st.proclaimed, la.current, la.predecessors)
            | _keys(net.entries, net.defections, lo.leaders, lo.defections, lo.relations_lost)
            | _keys(lo.territory_lost, territory)
            | {str(s.get("key")) for c in claims for s in c.sources if s.get("key")},
        )
    )
    notes = Notes()
    fam = FAMILY_LABELS.get(a.family, a.family)
    own = book.cite(a.sources)
    identity = [Fact(f"{a.name}: {a.kind.replace('_', ' ')}; {fam.lower()}.")]
    if a.founded:
        ended = f"; dissolved {a.dissolved}" if a.dissolved else ""
        identity.append(Fact(f"Founded {a.founded}{ended}."))
    if not st.existed:
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
        later.append(Fact(f"Registry note on {a.name}: {a.note}"))
    identity.append(
        Fact("Sources of the registry record (published by the date):", own)
        if own
        else Fact(f"No source of the registry record was published by {as_of}.")
    )
    aliases = sorted({f"{x.name} ({x.kind})" for x in a.aliases if x.name != a.name})
    parent = (
        Fact(f"Chapter (or part) of {st.parent.name}.", book.cite(st.parent.sources))
        if st.parent
        else None
    )
    chapters = [
        Fact(c.name + (f" (founded {c.founded})" if c.founded else ""), book.cite(c.sources))
        for c in st.chapters
        if ok(c.sources)
    ]
    proclaimed = []
    for pr in st.proclaimed:
        text = (
            "Proclaims "
            + ", ".join(place_name(kb, p) for p in pr.places)
            + f" (from {pr.start or 'a date not recorded'}; confidence {pr.confidence})."
        )
        if ok(pr.sources):
            proclaimed.append(Fact(text, book.cite(pr.sources)))
        else:
            later.append(Fact(text + " (no source published by the date)"))
        if pr.note:
            later.append(Fact(f"Note on the proclamation: {pr.note}"))
    for c in st.chapters:
        if not ok(c.sources):
            later.append(Fact(f"Chapter {c.name} (no source published by the date)."))
    for t in territory_all:
        if not ok(t.sources) and known.begun(t.start):
            later.append(
                Fact(
                    f"Territory: {place_name(kb, t.place)} {t.status} from "
                    f"{t.start or 'a date not recorded'} (no source published by the date)."
                )
            )
    for e in net.later:
        later.append(
            Fact(
                f"Tie: {e.source_actor} — {e.type} — {e.target_actor}, from "
                f"{e.start or 'a date not recorded'} (known only from later or undated sources)."
            )
        )
    places = {r.id: f"{r.date}, {r.where}" for r in attacks + claimed_only + claimed_rows}
    claims.sort(key=lambda c: (c.claimed_at or "", c.id))
    tactics, tactics_obs = tactics_table(ta, attacks, as_of, notes)
    brief = GroupBrief(
        title=f"Group brief: {a.name}, as of {day_words(as_of)}",
        key=a.key,
        name=a.name,
        as_of=as_of,
        generated=today or dt.date.today(),
        summary=[],
        identity=identity,
        aliases=aliases,
        parent=parent,
        chapters=chapters,
        proclaimed=proclaimed,
        leadership=la.sentence,
        vacancy=la.vacancy,
        leaders=leader_items(kb, la, book),
        network=network_items(net, book),
        defections=[
            Fact(
                f"{d.event.date}: {d.name} ({d.roles}) {d.event.type}"
                + (f" — {d.event.how}" if d.event.how else ""),
                book.cite(d.event.sources),
            )
            for d in net.defections
        ],
        losses=losses_part(kb, lo, notes, book),
        tactics=tactics,
        tactics_notes=tactics_obs,
        operational=[],
        claims=claims_section(session, kb, claims, competing, notes, book, places),
        territory=territory_items(kb, territory, as_of, book),
        attacks=[item(r, notes) for r in attacks[-ATTACKS_LISTED:]],
        claimed_attacks=[item(r, notes) for r in claimed_only[-ATTACKS_LISTED:]],
        charts=[],
        map=MapSpec("", (), ()),
        notes=notes,
        sources=book,
    )
    if st.parent is not None and any(c.claimant_key not in family for c in claims):
        brief.claims.remarks.append(
            f"Claims made in the name of the parent organisation, {st.parent.name}, about "
            "incidents in the group's countries are included, marked with its name."
        )
    for ctry in a.countries:
        held = load_rows(
            session,
            IncidentFilter(country=ctry, date_from=as_of - dt.timedelta(days=365), date_to=as_of),
        )
        brief.operational.append(
            operational_part(kb, operational(session, kb, a.key, ctry, as_of), len(held), notes)
        )
        cov = coverage(session, lo.start, as_of, ctry, place_name(kb, ctry))
        brief.coverage.append(cov.sentence())
    brief.losses.caveats += [x for x in lo.caveats[1:] if x.startswith(("not covered", "arrests"))]
    brief.attack_basis = attack_basis(attacks, claimed_only, family, brief.claims)
    brief.later = later if known.with_later else []
    brief.with_later = known.with_later
    brief.left_out = len(later) + len(book.withheld)
    _finish(session, kb, brief, attacks + claimed_only, lo)
    return brief


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


def _losses_words(lo: LossesAnswer) -> str:
    """Losses as a sentence that keeps "not recorded" and "not covered" apart from 0."""
    covered = [c.place for c in lo.coverage if c.held]
    where = f" in {', '.join(covered)}" if covered else ""
    killed = (
        "militants of the group killed: not recorded"
        if lo.militants_killed is None
        else f"{lo.militants_killed:,} militants of the group recorded killed{where}"
    )
    arrested = (
        "arrests: not recorded"
        if lo.militants_arrested is None
        else f"{lo.militants_arrested:,} recorded arrested"
    )
    text = f"From {lo.start} to {lo.end}: {killed}; {arrested}"
    if lo.not_covered:
        text += f"; not covered: no incident data for {', '.join(lo.not_covered)}"
    return text + f"; {plural(len(lo.leaders), 'leader')} killed or captured (registry)."


def _finish(
    session: Session, kb: Knowledge, b: GroupBrief, attacks: list[Row], lo: LossesAnswer
) -> None:
    start = lo.start
    a = kb.registry.actors[b.key]
    years = list(b.tactics.rows)
    if years:
        b.charts.append(
            ChartSpec(
                "tactics-by-year",
                f"Attacks and killed by year, to {b.as_of}",
                "bars",
                tuple(r.label.split(" ")[0] for r in years),
                (
                    Series(
                        "Attacks", tuple(float(getattr(r.cells[0], "value", 0) or 0) for r in years)
                    ),
                    Series(
                        "Killed", tuple(float(getattr(r.cells[1], "value", 0) or 0) for r in years)
                    ),
                ),
            )
        )
    cited = load_rows(session, IncidentFilter(ids=frozenset(b.notes.ids))) if b.notes.ids else []
    held = [
        t
        for t in kb.registry.territory
        if t.actor in kb.registry.family(b.key)
        and t.active_on(b.as_of)
        and t.status in ("controls", "contested")
    ]
    places = []
    for t in held:
        p = kb.gazetteer.get(t.place)
        if p is not None and p.lat is not None and p.lon is not None and p.kind != "province":
            places.append(MapPlace(p.lat, p.lon, f"{p.name} ({t.status})", t.status))
    points = tuple(
        MapPoint(r.id, r.latitude, r.longitude, r.killed, kind_of(r))
        for r in cited
        if r.latitude is not None and r.longitude is not None
    )
    b.map = MapSpec(
        f"{b.name}: incidents to {b.as_of} and territory held on that day",
        tuple(a.countries) or ("PK",),
        points,
        tuple(a.areas),
        tuple(places),
        {},
        f"{plural(len(points), 'incident')} cited in this brief, at their recorded coordinates; "
        "tinted provinces are the group's areas of activity in the registry; triangles mark "
        "districts it controlled or contested on the date (territory records). Boundaries: "
        "Natural Earth admin-1 (simplified).",
    )
    own = {i.id for i in b.attacks}
    claimed = {i.id for i in b.claimed_attacks}
    b.appendix = build_appendix(
        session,
        [
            (f"Attacks attributed to {b.name} or confirmed", [r for r in cited if r.id in own]),
            (f"Attacks {b.name} only claimed", [r for r in cited if r.id in claimed]),
            ("Other incidents cited", [r for r in cited if r.id not in own | claimed]),
        ],
    )
    verdicts = "; ".join(f"{o.country_name}: {o.verdict}" for o in b.operational)
    b.summary = [
        b.identity[0].text,
        b.leadership + ".",
        f"Operational status on {b.as_of} (claims, attributions and confirmations over the "
        f"preceding twelve months): {verdicts or 'no country recorded'}.",
        _losses_words(lo),
        f"Attacks by the group recorded in the database up to {b.as_of}: {b.attack_basis}; "
        f"claims of responsibility recorded: {len(b.claims.items):,}.",
    ]
    if b.left_out:
        b.summary.append(
            f"Written as known on {b.as_of}: {b.left_out} registry fact(s) or source(s) "
            "known only from sources published later (or undated) are left out"
            + (" and listed apart under 'Known later'." if b.with_later else ".")
        )
    b.method = [
        f"As known on {b.as_of}: a registry fact (identity, leaders, ties, territory) is "
        "stated only if it was valid on that day and at least one of its sources was "
        "published on or before it; only such sources are cited (a source whose publication "
        "date is not recorded cannot show that it was). Notes written into the registry "
        "later are not dated, so they are left out. An end date after the day is not shown. "
        "`--with-later` adds what was known only later, in its own section.",
        "Attacks by the group are those attributed to it (or a chapter) by datasets or "
        "officials, suspected or confirmed; attacks it only claimed are listed apart with the "
        "grade of the claim and not counted in its attacks, killed or suicide attacks.",
        "A group's chapters count as the group; incident figures come from the incidents in "
        "the database, each footnoted to the appendix.",
        f"Losses cover {start} to {b.as_of}. Operational status follows the rules of "
        "militancydb.analysis.operational (docs/analysis.md).",
    ]
