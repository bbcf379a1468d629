"""Build a brief on one armed group as of a date, from the registry and the analysis core:
identity, parent and chapters, proclaimed territory, leadership, network, recent losses,
tactics by year, operational status per country, claims and their credibility, territory.
Every fact carries its sources (looked up by key in the ``sources`` table); every figure the
incidents behind it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from militancydb.analysis.coverage import coverage
from militancydb.analysis.data import Row, load_rows
from militancydb.analysis.operational import operational
from militancydb.domain.knowledge_date import AsOf
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.claims_section import claims_section
from militancydb.reports.group_finish import finish_brief
from militancydb.reports.group_gather import Gathered, gather, source_book
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
from militancydb.services.incident_query import IncidentFilter

ATTACKS_LISTED = 30


def _identity(kb: Knowledge, g: Gathered, book: SourceBook) -> list[Fact]:
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


def _proclaimed(kb: Knowledge, g: Gathered, book: SourceBook) -> list[Fact]:
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


def _known_only_later(kb: Knowledge, g: Gathered) -> None:
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
    g = gather(session, kb, name, known, losses_months)
    st, a, net = g.st, g.st.actor, g.net
    book = source_book(session, g)
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


def _operational_status(session: Session, kb: Knowledge, brief: GroupBrief, g: Gathered) -> None:
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
