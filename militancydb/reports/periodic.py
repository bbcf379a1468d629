"""Build a periodic security report (daily, weekly, monthly, annual) from the analysis core.

Incidents are read with :func:`militancydb.analysis.data.load_rows` and counted in the
period of their start date (as :func:`militancydb.analysis.trend.aggregate` does); every
figure carries a footnote listing the incidents behind it. Nothing here writes SQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy.orm import Session

from militancydb.analysis.data import Row, load_rows
from militancydb.analysis.high_profile import last_high_profile
from militancydb.analysis.periods import Grain, Period, change, previous, year_before
from militancydb.analysis.sources import sources_by_key
from militancydb.analysis.trend import groups_of
from militancydb.knowledge.geometry import simplified
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.appendix import build_appendix
from militancydb.reports.claims_section import claims_section
from militancydb.reports.model import Figure, Notes, SourceBook, TableRow
from militancydb.reports.periodic_model import Headline, HeadlineRow, PeriodicReport
from militancydb.reports.periodic_sections import (
    chart_specs,
    kind_of,
    map_spec,
    operations_section,
    province_sections,
    series_periods,
    strikes_section,
    timeline,
)
from militancydb.reports.spotlight import SPOTLIGHT_RULE, spotlight
from militancydb.reports.tally import breakdown, category_table, perpetrator_families, tally
from militancydb.reports.words import direction, period_words, plural
from militancydb.services.claims import ClaimFilter, claim_day, competing_claims, list_claims
from militancydb.services.incident_query import IncidentFilter

PERIOD = "In the period"
SERIES = {"day": 14, "week": 12, "month": 12, "quarter": 8, "year": 10}
TITLES = {
    "day": "Daily",
    "week": "Weekly",
    "month": "Monthly",
    "quarter": "Quarterly",
    "year": "Annual",
}
KIND_WORDS = (
    ("attack", "attack by militants", "attacks by militants"),
    ("operation", "security-force operation", "security-force operations"),
    ("drone", "drone strike", "drone strikes"),
    ("cross_border", "cross-border attack", "cross-border attacks"),
    ("other", "clash or other incident", "clashes and other incidents"),
)


def _toll(killed: Figure, injured: Figure) -> str:
    def partial(f: Figure) -> str:
        return f" (recorded for {f.recorded} of {f.of} incidents)" if f.partial else ""

    k = (
        "No death toll is recorded for them"
        if killed.value is None
        else f"{killed.value:,} people were killed{partial(killed)}"
    )
    i = (
        "the number injured is not recorded"
        if injured.value is None
        else f"{injured.value:,} were injured{partial(injured)}"
    )
    return f"{k}; {i}."


def _compare(metric: str, a: Figure, b: Figure, c: Figure) -> HeadlineRow:
    def pct(x: Figure, y: Figure) -> float | None:
        return change(x.value, y.value) if x.value is not None and y.value is not None else None

    return HeadlineRow(metric, a, b, c, pct(a, b), pct(a, c))


def _headline(
    now: list[Row],
    before: list[Row],
    ago: list[Row],
    notes: Notes,
    words: tuple[str, str, str],
    place: str,
) -> Headline:
    sets = list(zip((now, before, ago), words, strict=True))
    t = [tally(rs, notes, w) for rs, w in sets]
    at = [
        tally([r for r in rs if r.is_attack], notes, f"attacks by militants, {w}") for rs, w in sets
    ]
    rows = [
        _compare("Incidents", *(x.incidents for x in t)),
        _compare("of which attacks by militants", *(x.incidents for x in at)),
        _compare("Killed", *(x.killed for x in t)),
        _compare("Injured", *(x.injured for x in t)),
    ]
    kinds = Counter(kind_of(r) for r in now)
    parts = [plural(kinds[k], one, many) for k, one, many in KIND_WORDS if kinds.get(k)]
    n = len(now)
    if n == 0:
        first = f"The database records no incident in {place} in {words[0]}."
    else:
        first = (
            f"In {words[0]} the database records {plural(n, 'incident')} of militant "
            f"violence and counter-militancy action in {place}: {', '.join(parts)}. "
            f"{_toll(t[0].killed, t[0].injured)}"
        )
    second = (
        f"Compared with {words[1]}, "
        f"{direction(t[0].incidents.value, t[1].incidents.value, 'incidents')} and "
        f"{direction(t[0].killed.value, t[1].killed.value, 'deaths')}; against {words[2]}, "
        f"{direction(t[0].incidents.value, t[2].incidents.value, 'incidents')} and "
        f"{direction(t[0].killed.value, t[2].killed.value, 'deaths')}."
    )
    if not (now or before or ago):
        second = (
            f"None is recorded in {words[1]} or {words[2]} either: the database may hold no "
            f"incident data for {place} in these periods."
        )
    k_now, k_before = t[0].killed.value, t[1].killed.value
    if k_now is not None and k_before:
        pct = change(k_now, k_before) or 0.0
        mood = "improved" if pct < 0 else "deteriorated" if pct > 0 else "was unchanged"
        strength = "markedly " if abs(pct) >= 40 and pct != 0 else ""
        second += (
            f" Measured by lives lost, the security situation {strength}{mood} against {words[1]}."
        )
    return Headline(rows, [first, second])


def build_periodic(
    session: Session,
    kb: Knowledge,
    period: Period,
    grain: Grain,
    country: str | None = "PK",
    *,
    today: dt.date | None = None,
) -> PeriodicReport:
    """The report for one period (see ``docs/reports.md``)."""
    notes, book = Notes(), SourceBook()
    prev, ago = previous(period, grain), year_before(period, grain)
    series = series_periods(period, grain, SERIES[grain])
    start = min(series[0].start, ago.start, prev.start)
    rows_all = load_rows(
        session, IncidentFilter(date_from=start, date_to=period.end, country=country)
    )
    now = [r for r in rows_all if period.contains(r.date)]
    before = [r for r in rows_all if prev.contains(r.date)]
    year_rows = [r for r in rows_all if ago.contains(r.date)]
    words = (period_words(period, grain), period_words(prev, grain), period_words(ago, grain))
    gaz = kb.gazetteer
    place_rec = gaz.get(country) if country else None
    place = place_rec.name if place_rec else (country or "all countries")
    headline = _headline(now, before, year_rows, notes, words, place)
    hp = last_high_profile(session, kb, period.start, country=country)
    context: list[Row] = []
    if hp.incident is not None:
        headline.last_high_profile = hp.sentence
        headline.last_high_profile_note = notes.cite("last high-profile attack", [hp.incident.id])
        context.append(hp.incident)
    else:
        headline.last_high_profile = hp.sentence[:1].upper() + hp.sentence[1:] + "."
    reg = kb.registry
    families = {k: a.family for k, a in reg.actors.items()}
    attacks = [r for r in now if r.is_attack]
    by_type = breakdown(
        "Incidents by type", now, lambda r: groups_of(r, "event_type"), notes, first_column="Type"
    )
    fam = breakdown(
        "Attacks by perpetrator family",
        attacks,
        lambda r: perpetrator_families(r, families),
        notes,
        first_column="Perpetrator family",
        counted="Attacks",
        caption="From the actor registry's family of each perpetrator. Attributions by datasets, "
        "officials and claims all count; an attack attributed to groups of several families "
        "is counted under each.",
    )
    tactics = breakdown(
        "Attacks by tactic",
        attacks,
        lambda r: groups_of(r, "tactic"),
        notes,
        first_column="Tactic",
        counted="Attacks",
        caption="An attack with several tactics is counted under each.",
    )
    targets = breakdown(
        "Attacks by target",
        attacks,
        lambda r: groups_of(r, "target"),
        notes,
        first_column="Target",
        counted="Attacks",
        caption="An attack on several kinds of target is counted under each.",
    )
    categories = category_table(now, notes, "Killed and injured by category")
    provinces_table = breakdown(
        "Incidents by province",
        now,
        lambda r: [r.province_name or "(province not recorded)"],
        notes,
        first_column="Province",
    )
    provinces_table.rows.sort(key=lambda r: -(_v(r, 1)))
    places = {r.id: f"{r.date}, {r.where}" for r in rows_all}
    now_ids = {r.id for r in now}
    claims = [
        c
        for c in list_claims(session, ClaimFilter(date_from=period.start))
        if (c.incident_id in now_ids)
        or (
            (day := claim_day(c.claimed_at)) is not None
            and period.contains(day)
            and (c.incident_id is None or c.incident_id in places)
        )
    ]
    competing = [
        g
        for g in competing_claims(session, kb, date_from=period.start, date_to=period.end)
        if g.incident_id in places
    ]
    book.known = sources_by_key(session, [s.get("key") or "" for c in claims for s in c.sources])
    claims_sec = claims_section(session, kb, claims, competing, notes, book, places)
    spot = spotlight(session, kb, period, attacks, claims, notes, book, words[0])
    timeline_items, rule = timeline(now, notes, grain)
    countries = (country,) if country else tuple(sorted({r.country for r in now}))
    labels = {k: p.name for k in simplified() if k.split("-")[0] in countries and (p := gaz.get(k))}
    report = PeriodicReport(
        title=f"{TITLES[grain]} security report: {place}, {words[0]}",
        grain=grain,
        period=period,
        period_words=words[0],
        previous=prev,
        year_ago=ago,
        country=country,
        country_name=place,
        generated=today or dt.date.today(),
        headline=headline,
        by_type=by_type,
        by_province=provinces_table,
        categories=categories,
        families=fam,
        tactics=tactics,
        targets=targets,
        operations=operations_section(now, notes, words[0]),
        strikes=strikes_section(now, notes, words[0]),
        provinces=province_sections(now, notes),
        timeline=timeline_items,
        timeline_rule=rule,
        claims=claims_sec,
        spotlight=spot,
        spotlight_rule=SPOTLIGHT_RULE,
        charts=chart_specs(
            rows_all,
            series,
            grain,
            [(provinces_table, 1), (categories, 0), (fam, 0), (tactics, 0), (targets, 0)],
        ),
        map=map_spec(now, countries, labels, words[0]),
        notes=notes,
        sources=book,
        appendix=[],
        method=[],
    )
    cited = notes.ids
    report.appendix = build_appendix(
        session,
        [
            (PERIOD, now),
            (
                "Cited for comparison or context",
                [r for r in before + year_rows + context if r.id in cited],
            ),
        ],
    )
    report.method = _method(report, len(now))
    return report


def _v(row: TableRow, i: int) -> int:
    c = row.cells[i]
    return c.value or 0 if isinstance(c, Figure) else 0


def _method(report: PeriodicReport, n: int) -> list[str]:
    by_source = Counter(
        a.publisher or "no source recorded" for a in report.appendix if a.part == PERIOD
    )
    out = [
        "Incidents are counted in the period in which they began; an incident whose date is "
        "known only to the month or year is counted from its first possible day.",
        "Figures are the best estimates recorded; 'not recorded' means no source in the "
        "database gives the figure, which is not the same as none.",
        "An attack is violence by militants (militant and sectarian attacks, sabotage, "
        "kidnapping); security-force operations, drone strikes, clashes and cross-border "
        "fire are counted apart, whatever their toll.",
        "Each figure's footnote lists the incidents it was computed from; the appendix gives "
        "each incident's date, place, type, toll and source.",
    ]
    if by_source:
        out.append(
            f"The {plural(n, 'incident')} of the period come from: "
            + "; ".join(f"{s} ({c})" for s, c in by_source.most_common())
            + "."
        )
    return out


__all__ = ["build_periodic"]
