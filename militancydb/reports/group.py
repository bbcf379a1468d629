"""Build a brief on one armed group as of a date, from the registry and the analysis core:
identity, parent and chapters, proclaimed territory, leadership, network, recent losses,
tactics by year, operational status per country, claims and their credibility, territory.
Every fact carries its sources (looked up by key in the ``sources`` table); every figure the
incidents behind it."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange

from sqlalchemy.orm import Session

from militancydb.analysis.actor_questions import leadership_answer, losses, network, tactics_answer
from militancydb.analysis.data import ATTACKS, Row, load_rows
from militancydb.analysis.operational import operational
from militancydb.analysis.sources import sources_by_key
from militancydb.domain.claim import ClaimPublic
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
    MapPlace,
    MapPoint,
    MapSpec,
    Notes,
    Series,
    SourceBook,
)
from militancydb.reports.periodic_sections import item, kind_of
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
    as_of: dt.date,
    *,
    losses_months: int = 2,
    today: dt.date | None = None,
) -> GroupBrief:
    """The brief (see ``docs/reports.md``)."""
    reg = kb.registry
    st = actor_state(reg, name, as_of)
    a = st.actor
    family = frozenset(reg.family(a.key))
    la = leadership_answer(kb, a.key, as_of)
    net = network(kb, a.key, as_of)
    lo = losses(session, kb, a.key, months_before(as_of, losses_months), as_of)
    ta = tactics_answer(session, kb, a.key, as_of)
    attacks = load_rows(
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
    competing = [
        g
        for g in competing_claims(session, kb, date_to=as_of)
        if any(c.claimant_key in family for c in g.claims)
    ]
    territory = [t for t in reg.territory if t.actor in family]
    book = SourceBook(
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
        identity.append(Fact(a.note))
    identity.append(Fact("Sources of the registry record:", own))
    aliases = sorted({f"{x.name} ({x.kind})" for x in a.aliases if x.name != a.name})
    parent = (
        Fact(f"Chapter (or part) of {st.parent.name}.", book.cite(st.parent.sources))
        if st.parent
        else None
    )
    chapters = [
        Fact(c.name + (f" (founded {c.founded})" if c.founded else ""), book.cite(c.sources))
        for c in st.chapters
    ]
    proclaimed = [
        Fact(
            "Proclaims "
            + ", ".join(place_name(kb, p) for p in pr.places)
            + f" (from {pr.start or 'a date not recorded'}; confidence {pr.confidence})."
            + (f" {pr.note}" if pr.note else ""),
            book.cite(pr.sources),
        )
        for pr in st.proclaimed
    ]
    places = {r.id: f"{r.date}, {r.where}" for r in attacks + claimed_rows}
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
    for c in a.countries:
        held = load_rows(
            session,
            IncidentFilter(country=c, date_from=as_of - dt.timedelta(days=365), date_to=as_of),
        )
        brief.operational.append(
            operational_part(kb, operational(session, kb, a.key, c, as_of), len(held), notes)
        )
        if not held:
            brief.losses.caveats.append(
                f"The database holds no incident in {place_name(kb, c)} for the twelve months to "
                f"{as_of}: losses there cannot be counted from incident data."
            )
    _finish(session, kb, brief, attacks, lo.start)
    return brief


def _finish(
    session: Session, kb: Knowledge, b: GroupBrief, attacks: list[Row], start: dt.date
) -> None:
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
    ids = {r.id for r in attacks}
    b.appendix = build_appendix(
        session,
        [
            (f"Attacks by {b.name}", [r for r in cited if r.id in ids]),
            ("Other incidents cited", [r for r in cited if r.id not in ids]),
        ],
    )
    verdicts = "; ".join(f"{o.country_name}: {o.verdict}" for o in b.operational)
    b.summary = [
        b.identity[0].text,
        b.leadership + ".",
        f"Operational status on {b.as_of} (claims, attributions and confirmations over the "
        f"preceding twelve months): {verdicts or 'no country recorded'}.",
        f"From {start} to {b.as_of} the database records {b.losses.militants_killed.value:,} "
        f"militants of the group killed and {b.losses.militants_arrested.value or 0:,} "
        f"arrested in operations, drone strikes and clashes, and "
        f"{plural(len(b.losses.leaders), 'leader')} killed or captured.",
        f"Attacks attributed to it or claimed by it in the database up to {b.as_of}: "
        f"{len(attacks):,}; claims of responsibility recorded: {len(b.claims.items):,}.",
    ]
    b.method = [
        "Registry facts (identity, leaders, ties, territory) carry the sources of their "
        "records, numbered in the source list; facts dated after the brief's date are left "
        "out, and an end date after it is not shown.",
        "A group's chapters count as the group; incident figures come from the incidents in "
        "the database, each footnoted to the appendix.",
        f"Losses cover {start} to {b.as_of}. Operational status follows the rules of "
        "militancydb.analysis.operational (docs/analysis.md).",
    ]
