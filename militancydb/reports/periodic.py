"""Build a periodic security report (daily, weekly, monthly, annual) from the analysis core.

The incidents of the period, the period before and a year earlier are read with
:func:`militancydb.analysis.data.load_rows` and counted in the period of their start date;
every figure carries a footnote listing the incidents behind it. The series of the trend
chart is counted in SQL (:func:`militancydb.analysis.tallies.counts`), so that a report reads
three periods' rows, not a year's or a decade's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import false
from sqlalchemy.orm import Session

from militancydb.analysis import tallies
from militancydb.analysis.coverage import coverage
from militancydb.analysis.data import Row, load_rows, select_columns, where_text
from militancydb.analysis.high_profile import last_high_profile
from militancydb.analysis.kinds import (
    MIN_BASE,
)
from militancydb.analysis.periods import Grain, Period, previous, year_before
from militancydb.analysis.sources import sources_by_key
from militancydb.analysis.trend import groups_of
from militancydb.db.tables import Incident
from militancydb.domain.claim import ClaimPublic
from militancydb.knowledge.geometry import simplified
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.appendix import APPENDIX_MAX, publishers
from militancydb.reports.claims_section import claims_section
from militancydb.reports.model import Figure, Notes, SourceBook, Table, TableRow
from militancydb.reports.periodic_appendix import COMPARED, PERIOD, periodic_appendix
from militancydb.reports.periodic_headline import headline_figures
from militancydb.reports.periodic_model import Headline, PeriodicReport
from militancydb.reports.periodic_sections import (
    chart_specs,
    map_spec,
    operations_section,
    province_sections,
    series_periods,
    strikes_section,
    timeline,
)
from militancydb.reports.spotlight import SPOTLIGHT_RULE, spotlight
from militancydb.reports.tally import breakdown, category_table, perpetrator_families, total
from militancydb.reports.words import period_words, plural
from militancydb.services.claims import (
    ClaimFilter,
    CompetingGroup,
    claim_day,
    competing_claims,
    list_claims,
)
from militancydb.services.incident_query import IncidentFilter

SERIES = {"day": 14, "week": 12, "month": 12, "quarter": 8, "year": 10}
TITLES = {
    "day": "Daily",
    "week": "Weekly",
    "month": "Monthly",
    "quarter": "Quarterly",
    "year": "Annual",
}


@dataclass
class _Rows:
    """The incident rows a report reads: the period's, the period before's, a year
    earlier's (aggregate records apart unless counted in), and the period's aggregate
    records."""

    now: list[Row]
    before: list[Row]
    year_ago: list[Row]
    aggregates: list[Row]


def _load(
    session: Session,
    period: Period,
    prev: Period,
    ago: Period,
    country: str | None,
    include_aggregates: bool,
) -> _Rows:
    """Full rows for the three compared periods only (the series is counted in SQL)."""
    loaded: dict[str, list[Row]] = {}
    for p in (period, prev, ago):
        if p.label not in loaded:
            flt = IncidentFilter(date_from=p.start, date_to=p.end, country=country)
            loaded[p.label] = load_rows(session, flt)

    def kept(p: Period) -> list[Row]:
        return [r for r in loaded[p.label] if include_aggregates or not r.aggregate]

    aggregates = [r for r in loaded[period.label] if r.aggregate]
    return _Rows(kept(period), kept(prev), kept(ago), aggregates)


def _places(
    session: Session,
    rows: _Rows,
    window: IncidentFilter,
    include_aggregates: bool,
    ids: set[int],
) -> dict[int, str]:
    """ "date, place" of the report's incidents and of those among ``ids`` (the incidents of
    the claims considered) that fall in the report's window (its series and comparisons)."""
    places = {r.id: f"{r.date}, {r.where}" for r in rows.now + rows.before + rows.year_ago}
    wanted = ids - set(places)
    if wanted:
        query = IncidentFilter(**{**window.__dict__, "ids": frozenset(wanted)}).apply(
            select_columns(
                Incident.id,
                Incident.date_start,
                Incident.place_name,
                Incident.admin2_name,
                Incident.admin1_name,
                Incident.country,
            )
        )
        if not include_aggregates:
            query = query.where(Incident.aggregate.is_(false()))
        for iid, day, place, district, province, ctry in session.execute(query):
            places[iid] = f"{day}, {where_text(place, district, province, ctry)}"
    return places


def _aggregates_note(aggregates: list[Row], notes: Notes) -> str:
    killed, _, _ = total(aggregates, lambda r: r.killed)
    note = notes.cite("aggregate records", [r.id for r in aggregates])
    return (
        f"Not counted above: {plural(len(aggregates), 'aggregate record')} of the database "
        f"({'killed not recorded' if killed is None else f'{killed:,} killed'}) whose date "
        "is known only to a span coarser than a month or whose place is not recorded; they "
        f"are not placed in a month, province or district (incidents "
        f"{', '.join(str(r.id) for r in aggregates[:8])}"
        f"{' …' if len(aggregates) > 8 else ''}; footnote {note})."
    )


def _last_high_profile(
    session: Session,
    kb: Knowledge,
    headline: Headline,
    notes: Notes,
    start: dt.date,
    country: str | None,
) -> list[Row]:
    """The headline's last high-profile attack before the period; the incident as context."""
    hp = last_high_profile(session, kb, start, country=country)
    if hp.incident is None:
        headline.last_high_profile = hp.sentence[:1].upper() + hp.sentence[1:] + "."
        return []
    headline.last_high_profile = hp.sentence
    headline.last_high_profile_note = notes.cite("last high-profile attack", [hp.incident.id])
    return [hp.incident]


@dataclass
class _Tables:
    by_type: Table
    families: Table
    tactics: Table
    targets: Table
    categories: Table
    provinces: Table


def _tables(kb: Knowledge, now: list[Row], notes: Notes) -> _Tables:
    """The period's breakdowns, each figure with its footnote."""
    families = {k: a.family for k, a in kb.registry.actors.items()}
    attacks = [r for r in now if r.is_attack]
    by_type = breakdown(
        "Incidents by type", now, lambda r: groups_of(r, "event_type"), notes, first_column="Type"
    )
    fam = breakdown(
        "Attacks by perpetrator family",
        attacks,
        lambda r: perpetrator_families(r, families),
        notes,
        first_column="Perpetrator family (attributed or confirmed)",
        counted="Attacks",
        caption="From the actor registry's family of each perpetrator attributed by datasets "
        "or officials, or confirmed; claims do not count here (see the claims section). An "
        "attack attributed to groups of several families is counted under each.",
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
    provinces = breakdown(
        "Incidents by province",
        now,
        lambda r: [r.province_name or "(province not recorded)"],
        notes,
        first_column="Province",
    )
    provinces.rows.sort(key=lambda r: -(_v(r, 1)))
    return _Tables(by_type, fam, tactics, targets, categories, provinces)


def _claims(
    session: Session,
    kb: Knowledge,
    period: Period,
    rows: _Rows,
    window: IncidentFilter,
    include_aggregates: bool,
) -> tuple[list[ClaimPublic], list[CompetingGroup], dict[int, str]]:
    """The claims of the period (made in it, or on its incidents), the incidents claimed by
    rival organisations, and the "date, place" of their incidents."""
    now_ids = {r.id for r in rows.now}
    # made in the period, or later on one of its incidents (in this order, as dated)
    candidates = list_claims(session, ClaimFilter(period.start, period.end)) + list_claims(
        session,
        ClaimFilter(period.end + dt.timedelta(days=1), incident_ids=frozenset(now_ids)),
    )
    rivals = competing_claims(session, kb, date_from=period.start, date_to=period.end)
    ids = {c.incident_id for c in candidates if c.incident_id is not None}
    ids |= {g.incident_id for g in rivals}
    places = _places(session, rows, window, include_aggregates, ids)
    claims = [
        c
        for c in candidates
        if (c.incident_id in now_ids)
        or (
            (day := claim_day(c.claimed_at)) is not None
            and period.contains(day)
            and (c.incident_id is None or c.incident_id in places)
        )
    ]
    return claims, [g for g in rivals if g.incident_id in places], places


def build_periodic(
    session: Session,
    kb: Knowledge,
    period: Period,
    grain: Grain,
    country: str | None = "PK",
    *,
    today: dt.date | None = None,
    include_aggregates: bool = False,
    appendix_limit: int | None = APPENDIX_MAX,
) -> PeriodicReport:
    """The report for one period (see ``docs/reports.md``). Aggregate records (date coarser
    than a month, or no place) are stated apart unless ``include_aggregates``. Each part of
    the appendix lists at most ``appendix_limit`` incidents (the deadliest; None: all).
    Everything is computed here (counts, grades of the claims, words); rendering only lays
    it out."""
    notes, book = Notes(), SourceBook(lookup=lambda keys: sources_by_key(session, keys))
    prev, ago = previous(period, grain), year_before(period, grain)
    series = series_periods(period, grain, SERIES[grain])
    window = IncidentFilter(
        date_from=min(series[0].start, ago.start, prev.start), date_to=period.end, country=country
    )
    rows = _load(session, period, prev, ago, country, include_aggregates)
    now = rows.now
    words = (period_words(period, grain), period_words(prev, grain), period_words(ago, grain))
    place_rec = kb.gazetteer.get(country) if country else None
    place = place_rec.name if place_rec else (country or "all countries")
    headline = headline_figures(now, rows.before, rows.year_ago, notes, words, place, prev == ago)
    if rows.aggregates and not include_aggregates:
        headline.aggregates = _aggregates_note(rows.aggregates, notes)
    cov = coverage(session, period.start, period.end, country, place)
    headline.coverage = cov.sentence()
    context = _last_high_profile(session, kb, headline, notes, period.start, country)
    tables = _tables(kb, now, notes)
    claims, competing, places = _claims(session, kb, period, rows, window, include_aggregates)
    book.known = sources_by_key(session, [s.get("key") or "" for c in claims for s in c.sources])
    claims_sec = claims_section(session, kb, claims, competing, notes, book, places)
    attacks = [r for r in now if r.is_attack]
    spot = spotlight(session, kb, period, attacks, claims, notes, book, words[0])
    timeline_items, rule = timeline(now, notes, grain)
    countries = (country,) if country else tuple(sorted({r.country for r in now}))
    gaz = kb.gazetteer
    labels = {k: p.name for k in simplified() if k.split("-")[0] in countries and (p := gaz.get(k))}
    series_cells = tallies.counts(
        session, window, series, "event_code", include_aggregates=include_aggregates
    )
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
        by_type=tables.by_type,
        by_province=tables.provinces,
        categories=tables.categories,
        families=tables.families,
        tactics=tables.tactics,
        targets=tables.targets,
        operations=operations_section(now, notes, words[0]),
        strikes=strikes_section(now, notes, words[0]),
        provinces=province_sections(now, notes),
        timeline=timeline_items,
        timeline_rule=rule,
        claims=claims_sec,
        spotlight=spot,
        spotlight_rule=SPOTLIGHT_RULE,
        charts=chart_specs(
            series_cells,
            series,
            grain,
            [
                (tables.provinces, 1),
                (tables.categories, 0),
                (tables.families, 0),
                (tables.tactics, 0),
                (tables.targets, 0),
            ],
        ),
        map=map_spec(now, countries, labels, words[0]),
        notes=notes,
        sources=book,
        appendix=[],
        method=[],
    )
    cited = notes.ids
    compared = [r for r in rows.before + rows.year_ago + context if r.id in cited]
    periodic_appendix(session, report, now, compared, context, appendix_limit)
    report.method = _method(report, len(now), publishers(session, now))
    report.coverage = [cov.sentence()]
    return report


def _v(row: TableRow, i: int) -> int:
    c = row.cells[i]
    return c.value or 0 if isinstance(c, Figure) else 0


def _method(report: PeriodicReport, n: int, by_source: Counter[str]) -> list[str]:
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
        "Headline figures are given per kind of violence, each with its own killed and "
        f"injured; a percentage change is given only on an earlier figure of {MIN_BASE} or "
        "more, and a judgement of the security situation compares the victims of attacks by "
        "militants only (docs/analysis.md).",
        "A perpetrator is who datasets or officials attributed the incident to (or a "
        "suspected or confirmed perpetrator), with the basis; claimants are listed apart and "
        "a claim alone does not make an attack the claimant's.",
        "Aggregate records (a date known only to a span coarser than a month, or no place) "
        "are stated apart and not placed in a month, province or district, unless the report "
        "is made with --include-aggregates.",
    ]
    if by_source:
        out.append(
            f"The {plural(n, 'incident')} of the period come from: "
            + "; ".join(f"{s} ({c})" for s, c in by_source.most_common())
            + "."
        )
    return out


__all__ = ["COMPARED", "PERIOD", "build_periodic"]
