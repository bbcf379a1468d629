"""Sections of the periodic report built from the period's incident rows: operations,
drone strikes and cross-border attacks, provinces, the timeline of major incidents, the
charts and the map."""

from __future__ import annotations

from collections import Counter

from militancydb.analysis.data import SECURITY, Row
from militancydb.analysis.high_profile import HighProfile
from militancydb.analysis.kinds import KINDS, kind_of, kind_of_type
from militancydb.analysis.periods import Grain, Period, previous
from militancydb.analysis.tallies import Cell
from militancydb.codebook import label
from militancydb.reports.appendix import claimant_text, date_text, perpetrator_text
from militancydb.reports.model import (
    ChartSpec,
    Figure,
    MapPoint,
    MapSpec,
    Notes,
    Series,
    Table,
    TableRow,
)
from militancydb.reports.periodic_model import (
    OperationsSection,
    ProvinceSection,
    StrikesSection,
    TimelineItem,
)
from militancydb.reports.tally import breakdown, tally, total
from militancydb.reports.words import figure_words, plural, shorten
from militancydb.services.incident_query import event_type_family

OPERATIONS = frozenset(event_type_family("security_operation"))
MAJOR_KILLED = 10
TIMELINE_MAX = 40
NO_PROVINCE = "(province not recorded)"


def _sum_figure(rows: list[Row], category: str, outcome: str, notes: Notes, what: str) -> Figure:
    value, rec, ids = total(rows, lambda r: r.figure(category, outcome))
    return Figure(value, notes.cite(what, ids), rec, len(rows))


def _security_killed(rows: list[Row], notes: Notes, what: str) -> Figure:
    value, rec, ids = total(rows, lambda r: r.killed_in(SECURITY))
    return Figure(value, notes.cite(what, ids), rec, len(rows))


def item(r: Row, notes: Notes, why: str = "") -> TimelineItem:
    """A row as a timeline entry."""
    return TimelineItem(
        r.id,
        date_text(r),
        r.where,
        label(r.event_type),
        r.killed,
        r.injured,
        perpetrator_text(r),
        shorten(r.summary),
        why,
        notes.cite(f"incident {r.id}", [r.id]),
        claimant_text(r),
    )


def operations_section(rows: list[Row], notes: Notes, words: str) -> OperationsSection:
    """Operations of the period, militants killed and arrested in them, by province."""
    ops = [r for r in rows if r.event_type in OPERATIONS]
    section = OperationsSection(
        operations=Figure(len(ops), notes.cite("security operations", [r.id for r in ops])),
        militants_killed=_sum_figure(ops, "militants", "killed", notes, "militants killed"),
        militants_arrested=_sum_figure(ops, "militants", "arrested", notes, "militants arrested"),
        forces_killed=_security_killed(ops, notes, "security personnel killed in operations"),
        civilians_killed=_sum_figure(ops, "civilians", "killed", notes, "civilians killed"),
        by_province=Table(
            "Security operations by province",
            ("Province", "Operations", "Militants killed", "Militants arrested"),
        ),
    )
    by_prov: dict[str, list[Row]] = {}
    for r in ops:
        by_prov.setdefault(r.province_name or NO_PROVINCE, []).append(r)
    for name, rs in sorted(by_prov.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        k = _sum_figure(rs, "militants", "killed", notes, f"militants killed in {name}")
        a = _sum_figure(rs, "militants", "arrested", notes, f"militants arrested in {name}")
        note = notes.cite(f"operations in {name}", [r.id for r in rs])
        section.by_province.rows.append(TableRow(name, (Figure(len(rs), note), k, a), note))
    if not ops:
        section.text.append(f"No security-force operation is recorded in {words}.")
        return section
    targets = Counter(a.name for r in ops for a in r.actors if a.role in ("target", "party"))
    section.text.append(
        f"The database records {plural(len(ops), 'security-force operation')} in {words}, "
        f"with {figure_words(section.militants_killed, 'militants killed')}, "
        f"{figure_words(section.militants_arrested, 'militants arrested')} and "
        f"{figure_words(section.forces_killed, 'security personnel killed')}."
    )
    if targets:
        section.text.append(
            "Operations were directed against: "
            + ", ".join(f"{n} ({c})" for n, c in targets.most_common(6))
            + "."
        )
    return section


def strikes_section(rows: list[Row], notes: Notes, words: str) -> StrikesSection:
    """Drone strikes and cross-border attacks, with each incident listed."""
    table = Table(
        "Drone strikes and cross-border attacks",
        ("Kind", "Incidents", "Killed", "Militants killed", "Civilians killed"),
    )
    section = StrikesSection(table)
    for code, name in (
        ("drone_strike", "Drone strikes"),
        ("cross_border_attack", "Cross-border attacks"),
    ):
        rs = [r for r in rows if r.event_type == code]
        t = tally(rs, notes, name)
        m = _sum_figure(rs, "militants", "killed", notes, f"militants killed in {name}")
        c = _sum_figure(rs, "civilians", "killed", notes, f"civilians killed in {name}")
        table.rows.append(TableRow(name, (t.incidents, t.killed, m, c), t.incidents.note))
        section.items += [item(r, notes) for r in rs]
        if rs:
            section.text.append(
                f"{name}: {plural(len(rs), 'incident')} in {words}, "
                f"{figure_words(t.killed, 'killed')}."
            )
        else:
            section.text.append(f"No {name.lower()[:-1]} is recorded in {words}.")
    section.items.sort(key=lambda i: (i.date, i.id))
    return section


def province_sections(rows: list[Row], notes: Notes) -> list[ProvinceSection]:
    """One section per province (as named on the incident's date), deadliest first."""
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(r.province_name or NO_PROVINCE, []).append(r)
    out = []
    for name, rs in groups.items():
        t = tally(rs, notes, name)
        attacks = sum(1 for r in rs if r.is_attack)
        ops = sum(1 for r in rs if r.event_type in OPERATIONS)
        deadliest = max(rs, key=lambda r: (r.killed or 0, -r.id))
        text = (
            f"{name}: {plural(len(rs), 'incident')} ({plural(attacks, 'attack')} by militants, "
            f"{plural(ops, 'security operation')}), {figure_words(t.killed, 'killed')} and "
            f"{figure_words(t.injured, 'injured')}."
        )
        if deadliest.killed:
            text += (
                f" The deadliest: {date_text(deadliest)}, {deadliest.where}, "
                f"{label(deadliest.event_type).lower()}, {deadliest.killed} killed."
            )
        districts = breakdown(
            f"Districts of {name}",
            rs,
            lambda r: [r.district_name or "(district not recorded)"],
            notes,
            first_column="District",
        )
        out.append(
            ProvinceSection(name, t.incidents, t.killed, t.injured, attacks, ops, text, districts)
        )
    out.sort(key=lambda p: (-(p.killed.value or 0), -(p.incidents.value or 0), p.name))
    return out


def timeline(rows: list[Row], notes: Notes, grain: str) -> tuple[list[TimelineItem], str]:
    """Major incidents in date order, and the rule that chose them."""
    hp = HighProfile()
    if grain in ("day", "week"):
        rule = "Every incident of the period."
        chosen = [(r, "; ".join(hp.why(r))) for r in rows]
    else:
        rule = (
            f"High-profile attacks ({hp.describe()}) and any other incident with "
            f"{MAJOR_KILLED} or more killed."
        )
        chosen = []
        for r in rows:
            why = hp.why(r)
            if not why and (r.killed or 0) >= MAJOR_KILLED:
                why = [f"{r.killed} killed"]
            if why:
                chosen.append((r, "; ".join(why)))
    if len(chosen) > TIMELINE_MAX:
        chosen = sorted(chosen, key=lambda x: -(x[0].killed or 0))[:TIMELINE_MAX]
        rule += f" The {TIMELINE_MAX} deadliest are listed."
    chosen.sort(key=lambda x: (x[0].date, x[0].id))
    return [item(r, notes, why) for r, why in chosen], rule


def chart_specs(
    series_cells: dict[str, dict[str, Cell]],
    series: list[Period],
    grain: str,
    tables: list[tuple[Table, int]],
) -> list[ChartSpec]:
    """Charts: the trend over recent periods (from the counts per period and event type
    code, :func:`militancydb.analysis.tallies.counts`), then bars of one column of each
    table."""
    per_period = [series_cells.get(p.label, {}) for p in series]
    cells = [
        sum(c.incidents for c in by_code.values()) if by_code else None for by_code in per_period
    ]
    stacks = []
    for k in KINDS:
        values = tuple(
            float(sum(c.killed for code, c in by_code.items() if kind_of_type(code) == k.key))
            for by_code in per_period
        )
        if any(values):
            stacks.append(Series(f"Killed: {k.many}", values))
    out = [
        ChartSpec(
            "trend",
            f"Killed by kind of violence, and incidents, last {len(series)} {grain}s",
            "trend",
            tuple(p.label for p in series),
            (
                *stacks,
                Series("Incidents", tuple(float(c) if c else 0.0 for c in cells)),
            ),
            "Bars: the killed of each kind of violence, stacked (an incident whose toll is not "
            "recorded adds nothing); line: incidents of all kinds.",
        )
    ]
    for t, col in tables:
        pairs = [
            (row.label, c.value)
            for row in t.rows
            if isinstance(c := row.cells[col], Figure) and c.value
        ]
        if len(pairs) >= 2:
            out.append(
                ChartSpec(
                    t.title.lower().replace(" ", "-"),
                    f"{t.title}: {t.columns[col + 1].lower()}",
                    "hbar",
                    tuple(p[0] for p in pairs[:12]),
                    (Series(t.columns[col + 1], tuple(float(p[1]) for p in pairs[:12])),),
                )
            )
    return out


def series_periods(period: Period, grain: Grain, n: int) -> list[Period]:
    """The ``n`` periods up to and including ``period``."""
    out = [period]
    while len(out) < n:
        out.insert(0, previous(out[0], grain))
    return out


def map_spec(
    rows: list[Row], countries: tuple[str, ...], labels: dict[str, str], words: str
) -> MapSpec:
    """Incidents of the period with coordinates, over the provinces they fell in."""
    placed = [r for r in rows if r.latitude is not None and r.longitude is not None]
    points = tuple(
        MapPoint(r.id, r.latitude or 0.0, r.longitude or 0.0, r.killed, kind_of(r)) for r in placed
    )
    unplaced = len(rows) - len(placed)
    caption = (
        f"{plural(len(placed), 'incident')} of {words} drawn at their recorded coordinates; "
        "incidents of one kind at (nearly) the same place share one circle, labelled with "
        "their number; circle area grows with the killed and the number (hollow: toll not "
        "recorded); provinces with incidents are tinted; neighbouring countries are named, "
        "not drawn. Boundaries: Natural Earth admin-1 (simplified)."
    )
    if unplaced:
        caption += f" {plural(unplaced, 'incident')} without coordinates are not drawn."
    return MapSpec(
        f"Incidents, {words}",
        countries,
        points,
        tuple(sorted({r.province for r in rows if r.province})),
        (),
        labels,
        caption,
    )
