"""The parts of a group brief written from the rest of it: the chart of attacks by year,
the map, the appendix of cited incidents, the summary and the method
(:func:`militancydb.reports.group.build_group_brief` calls :func:`finish_brief` last)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from militancydb.analysis.data import Row, load_rows
from militancydb.analysis.kinds import kind_of
from militancydb.analysis.losses import LossesAnswer
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.appendix import build_appendix
from militancydb.reports.group_model import GroupBrief
from militancydb.reports.model import ChartSpec, MapPlace, MapPoint, MapSpec, Series
from militancydb.reports.words import plural
from militancydb.services.incident_query import IncidentFilter


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


def finish_brief(session: Session, kb: Knowledge, b: GroupBrief, lo: LossesAnswer) -> None:
    """The parts written from the rest of the brief: chart, map, appendix, summary, method."""
    chart = _tactics_chart(b)
    if chart is not None:
        b.charts.append(chart)
    cited = load_rows(session, IncidentFilter(ids=frozenset(b.notes.ids))) if b.notes.ids else []
    b.map = _brief_map(kb, b, cited)
    own = {i.id for i in b.attacks}
    claimed = {i.id for i in b.claimed_attacks}
    b.appendix = build_appendix(
        session,
        [
            (f"Attacks attributed to {b.name} or confirmed", [r for r in cited if r.id in own]),
            (f"Attacks {b.name} only claimed", [r for r in cited if r.id in claimed]),
            ("Other incidents cited", [r for r in cited if r.id not in own | claimed]),
        ],
    ).rows
    b.summary = _summary(b, lo)
    b.method = _method(b, lo.start)


def _tactics_chart(b: GroupBrief) -> ChartSpec | None:
    """Attacks and killed by year (None: no year to show)."""
    years = list(b.tactics.rows)
    if not years:
        return None
    return ChartSpec(
        "tactics-by-year",
        f"Attacks and killed by year, to {b.as_of}",
        "bars",
        tuple(r.label.split(" ")[0] for r in years),
        (
            Series("Attacks", tuple(float(getattr(r.cells[0], "value", 0) or 0) for r in years)),
            Series("Killed", tuple(float(getattr(r.cells[1], "value", 0) or 0) for r in years)),
        ),
    )


def _brief_map(kb: Knowledge, b: GroupBrief, cited: list[Row]) -> MapSpec:
    """The cited incidents, the group's areas and the districts it held on the day."""
    a = kb.registry.actors[b.key]
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
    return MapSpec(
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


def _summary(b: GroupBrief, lo: LossesAnswer) -> list[str]:
    """The opening paragraph of the brief."""
    verdicts = "; ".join(f"{o.country_name}: {o.verdict}" for o in b.operational)
    summary = [
        b.identity[0].text,
        b.leadership + ".",
        f"Operational status on {b.as_of} (claims, attributions and confirmations over the "
        f"preceding twelve months): {verdicts or 'no country recorded'}.",
        _losses_words(lo),
        f"Attacks by the group recorded in the database up to {b.as_of}: {b.attack_basis}; "
        f"claims of responsibility recorded: {len(b.claims.items):,}.",
    ]
    if b.left_out:
        summary.append(
            f"Written as known on {b.as_of}: {b.left_out} registry fact(s) or source(s) "
            "known only from sources published later (or undated) are left out"
            + (" and listed apart under 'Known later'." if b.with_later else ".")
        )
    return summary


def _method(b: GroupBrief, start: dt.date) -> list[str]:
    """How the brief was written."""
    return [
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
