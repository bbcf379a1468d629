"""The Python counting that the SQL tallies replaced (issue 15, point 4), kept as the
reference the tests hold the SQL path to: the light rows loaded as ORM objects, and the
trend, last high-profile attack, operational answer and periodic report counted from them
one by one, as ``main`` did before the change. Nothing in ``militancydb`` imports this."""

# ruff: noqa: E501

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.analysis.coverage import coverage
from militancydb.analysis.data import ATTACKS, SECURITY, ActorLink, Row, is_aggregate
from militancydb.analysis.high_profile import HighProfile, HighProfileAnswer, _scope, _span
from militancydb.analysis.high_profile_defs import definition as default_definition
from militancydb.analysis.kinds import KINDS, compare_words, kind_of, situation, victims_killed
from militancydb.analysis.kinds import change as kind_change
from militancydb.analysis.operational import (
    WINDOW_DAYS,
    Evidence,
    OperationalAnswer,
    YearCount,
)
from militancydb.analysis.periods import (
    Grain,
    Period,
    months_between,
    period_of,
    previous,
    year_before,
)
from militancydb.analysis.sources import sources_by_key
from militancydb.analysis.tallies import Cell
from militancydb.analysis.trend import Comparison, TrendAnswer, _verdict, groups_of
from militancydb.db.tables import (
    CasualtyFigure,
    Incident,
    IncidentActor,
    IncidentTactic,
    IncidentTarget,
)
from militancydb.knowledge.geometry import simplified
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.appendix import build_appendix, publishers
from militancydb.reports.claims_section import claims_section
from militancydb.reports.model import ChartSpec, Figure, Notes, Series, SourceBook, Table
from militancydb.reports.periodic import (
    PERIOD,
    SERIES,
    TITLES,
    _method,
    _v,
)
from militancydb.reports.periodic_model import Headline, HeadlineRow, PeriodicReport
from militancydb.reports.periodic_sections import (
    map_spec,
    operations_section,
    province_sections,
    series_periods,
    strikes_section,
    timeline,
)
from militancydb.reports.spotlight import SPOTLIGHT_RULE, spotlight
from militancydb.reports.tally import breakdown, category_table, perpetrator_families, tally, total
from militancydb.reports.words import period_words, plural
from militancydb.services.actors import find_actor
from militancydb.services.claims import ClaimFilter, claim_day, competing_claims, list_claims
from militancydb.services.incident_query import IncidentFilter


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def ref_load_rows(session: Session, flt: IncidentFilter | None = None) -> list[Row]:
    """Incidents matching the filter, oldest first, with tactics, targets, actors, figures."""
    flt = flt or IncidentFilter()
    incidents = (
        session.execute(flt.apply(select(Incident)).order_by(Incident.date_start, Incident.id))
        .scalars()
        .all()
    )
    ids = [i.id for i in incidents]
    tactics: dict[int, list[str]] = defaultdict(list)
    targets: dict[int, list[str]] = defaultdict(list)
    actors: dict[int, list[ActorLink]] = defaultdict(list)
    figures: dict[int, dict[tuple[str, str], int | None]] = defaultdict(dict)
    for chunk in _chunks(ids):
        for iid, t in session.execute(
            select(IncidentTactic.incident_id, IncidentTactic.tactic)
            .where(IncidentTactic.incident_id.in_(chunk))
            .order_by(IncidentTactic.id)
        ):
            tactics[iid].append(t)
        for iid, t in session.execute(
            select(IncidentTarget.incident_id, IncidentTarget.target_type)
            .where(IncidentTarget.incident_id.in_(chunk))
            .order_by(IncidentTarget.id)
        ):
            targets[iid].append(t)
        for iid, key, name, role, basis in session.execute(
            select(
                IncidentActor.incident_id,
                IncidentActor.actor_key,
                IncidentActor.actor_name,
                IncidentActor.role,
                IncidentActor.basis,
            )
            .where(IncidentActor.incident_id.in_(chunk))
            .order_by(IncidentActor.id)
        ):
            actors[iid].append(ActorLink(key, name, role, basis))
        for iid, cat, outcome, best in session.execute(
            select(
                CasualtyFigure.incident_id,
                CasualtyFigure.category,
                CasualtyFigure.outcome,
                CasualtyFigure.best,
            ).where(CasualtyFigure.incident_id.in_(chunk))
        ):
            figures[iid][(cat, outcome)] = best
    return [
        Row(
            id=i.id,
            date=i.date_start,
            date_end=i.date_end,
            precision=i.date_precision,
            country=i.country,
            province=i.admin1_key,
            province_name=i.admin1_name,
            province_now=i.admin1_now_key,
            province_now_name=i.admin1_now_name,
            district=i.admin2_key,
            district_name=i.admin2_name,
            place_name=i.place_name,
            latitude=i.latitude,
            longitude=i.longitude,
            event_type=i.event_type,
            killed=i.killed_best,
            killed_low=i.killed_low,
            killed_high=i.killed_high,
            injured=i.injured_best,
            suicide=i.suicide,
            tactics=tuple(tactics[i.id]),
            targets=tuple(targets[i.id]),
            actors=tuple(actors[i.id]),
            figures=figures[i.id],
            summary=i.summary,
            geo_precision=i.geo_precision,
            aggregate=is_aggregate(
                i.date_precision,
                i.date_start,
                i.date_end,
                i.geo_precision,
                getattr(i, "aggregate", None),
            ),
        )
        for i in incidents
    ]


def cell_add(c: Cell, r: Row) -> None:
    c.incidents += 1
    if r.killed is not None:
        c.killed += r.killed
        c.killed_known += 1
    if r.injured is not None:
        c.injured += r.injured
        c.injured_known += 1
    c.ids.append(r.id)


def aggregate(rows: list[Row], period: Period, by: str) -> dict[str, Cell]:
    """Counts per group within one period (by start date)."""
    out: dict[str, Cell] = defaultdict(Cell)
    for r in rows:
        if period.contains(r.date):
            for g in groups_of(r, by):
                cell_add(out[g], r)
    return dict(out)


def ref_trend(
    session: Session,
    flt: IncidentFilter,
    period: Period,
    grain: Grain,
    by: str = "province",
    *,
    series_periods: int = 12,
    include_aggregates: bool = False,
) -> TrendAnswer:
    """Compare a period with the previous one and with a year earlier, by a dimension, and
    give the series of the ``series_periods`` periods up to it. Aggregate records (a date
    coarser than a month, or no place) are kept out of the tallies and stated apart, unless
    ``include_aggregates``."""
    prev, ago = previous(period, grain), year_before(period, grain)
    start = min(ago.start, prev.start)
    first = period
    for _ in range(series_periods - 1):
        first = previous(first, grain)
    start = min(start, first.start)
    base = IncidentFilter(**{**flt.__dict__, "date_from": start, "date_to": period.end})
    loaded = ref_load_rows(session, base)
    rows = [r for r in loaded if include_aggregates or not r.aggregate]
    apart = [
        r for r in loaded if r.aggregate and not include_aggregates and period.contains(r.date)
    ]
    now, before, year = (aggregate(rows, p, by) for p in (period, prev, ago))
    comparisons = [
        Comparison(g, now.get(g, Cell()), before.get(g, Cell()), year.get(g, Cell()))
        for g in sorted(set(now) | set(before) | set(year))
    ]
    comparisons.sort(key=lambda c: (-c.now.killed, -c.now.incidents, c.group))
    totals = [aggregate(rows, p, "all").get("all", Cell()) for p in (period, prev, ago)]
    total = Comparison("all", *totals)
    series: dict[str, dict[str, Cell]] = {}
    p = first
    while p.start <= period.start:
        series[p.label] = aggregate(rows, p, by)
        p = period_of(p.end + dt.timedelta(days=1), grain)
    kinds = {kind_of(r) for r in rows if period.contains(r.date) or prev.contains(r.date)}
    sentence = _verdict(total, period.label, len(kinds))
    killed_apart = sum(r.killed or 0 for r in apart)
    if apart:
        sentence += (
            f"; plus {len(apart)} aggregate record(s), {killed_apart} killed, not placed in a "
            "period or place (--include-aggregates counts them in)"
        )
    return TrendAnswer(
        period,
        prev,
        ago,
        by,
        comparisons,
        total,
        sentence,
        series,
        [r.id for r in apart],
        killed_apart,
    )


def ref_last_high_profile(
    session: Session,
    kb: Knowledge,
    before: dt.date,
    *,
    country: str | None = None,
    province: str | None = None,
    district: str | None = None,
    actor: str | None = None,
    definition: HighProfile | None = None,
) -> HighProfileAnswer:
    """The most recent high-profile attack wholly before ``before``."""
    from militancydb.services.incident_filters import build_filter

    d = definition or default_definition()
    scope = "district" if district else "province" if province else "country"
    flt = build_filter(
        kb,
        date_to=before,
        country=country,
        province=province,
        district=district,
        actor=actor,
        event_types=sorted(ATTACKS),
    )
    if actor:
        flt = IncidentFilter(**{**flt.__dict__, "roles": frozenset({"perpetrator"})})
    rows = [r for r in ref_load_rows(session, flt) if d.why(r, scope)]
    wholly = [r for r in rows if r.last_day < before]
    straddling = [r for r in rows if r.date < before <= r.last_day]
    wholly.sort(key=lambda r: (r.last_day, r.killed or 0, r.id), reverse=True)
    if not wholly:
        return HighProfileAnswer(
            before,
            d.describe(),
            None,
            [],
            None,
            None,
            f"no high-profile attack{_scope(kb, country, province, actor, district)} before "
            f"{before} is recorded in the database",
            [],
            straddling,
            len(rows),
        )
    top = wholly[0]
    months, days = months_between(top.last_day if top.precision != "day" else top.date, before)
    approx = "" if top.precision in ("day",) else f" (date known to the {top.precision})"
    perps = ", ".join(sorted({a.name for a in top.perpetration()})) or "no perpetrator"
    claimed = sorted({a.name for a in top.claimants()})
    claims = f"; claimed by {', '.join(claimed)}" if claimed else ""
    toll = f"{top.killed} killed" if top.killed is not None else "toll unknown"
    ago = _span(months or 0, days or 0)
    where = _scope(kb, country, province, actor, district)
    sentence = (
        f"The last high-profile attack{where} recorded in the database before {before} was "
        f"carried out {ago} earlier, on {top.date}{approx}, in {top.where} ({toll}; attributed "
        f"to {perps}{claims}; incident {top.id})."
    )
    return HighProfileAnswer(
        before,
        d.describe(),
        top,
        d.why(top, scope),
        months,
        days,
        sentence,
        wholly[1:6],
        straddling,
        len(rows),
    )


def _chapter(r: Row, family: set[str], names: dict[str, str]) -> str:
    keys = [a.key for a in r.perpetrators() if a.key in family]
    return ", ".join(sorted({names.get(k or "", k or "") for k in keys}))


def ref_operational(
    session: Session, kb: Knowledge, actor: str, country: str, on: dt.date | None = None
) -> OperationalAnswer:
    """Answer "has ``actor`` become operational in ``country`` by ``on``?"."""
    day = on or dt.date.today()
    a = find_actor(kb.registry, actor, day)
    family = set(kb.registry.family(a.key))
    names = {k: kb.registry.actors[k].name for k in family}
    rows = ref_load_rows(
        session,
        IncidentFilter(
            date_to=day,
            country=country,
            actors=frozenset(family),
            roles=frozenset({"perpetrator"}),
            event_types=ATTACKS,
        ),
    )
    contested_ids = {
        g.incident_id
        for g in competing_claims(session, kb, date_to=day)
        if any(c.claimant_key in family for c in g.claims)
    }
    claims = [
        c
        for c in list_claims(session, ClaimFilter(date_to=day, claimants=frozenset(family)))
        if c.kind == "claim" and c.status not in ("retracted", "rejected")
    ]
    by_id = {r.id: r for r in rows}
    claim_ev = []
    for c in claims:
        r = by_id.get(c.incident_id or -1)
        if r is None:
            continue  # unlinked, or in another country
        claim_ev.append(
            Evidence(
                r.id,
                r.date,
                r.where,
                r.province_name,
                names.get(c.claimant_key or "", c.claimant_name),
                "claimed",
                r.killed,
                c.id,
                r.id in contested_ids,
            )
        )
    attributed: list[Evidence] = []
    confirmed: list[Evidence] = []
    for r in rows:
        for link in r.perpetrators():
            if link.key not in family or link.basis == "claimed":
                continue
            ev = Evidence(
                r.id,
                r.date,
                r.where,
                r.province_name,
                _chapter(r, family, names),
                link.basis,
                r.killed,
            )
            (confirmed if link.basis == "confirmed" else attributed).append(ev)
            break
    claim_ev.sort(key=lambda e: (e.date, e.incident_id))
    attributed.sort(key=lambda e: (e.date, e.incident_id))
    years: dict[int, YearCount] = {}
    claimed_years: dict[int, set[int]] = {}
    for e in claim_ev:  # incidents, not claims: two chapters claiming one attack count once
        claimed_years.setdefault(e.date.year, set()).add(e.incident_id)
    for y, ids in claimed_years.items():
        years.setdefault(y, YearCount(y)).claimed = len(ids)
    for e in attributed:
        years.setdefault(e.date.year, YearCount(e.date.year)).attributed += 1
    for e in confirmed:
        years.setdefault(e.date.year, YearCount(e.date.year)).confirmed += 1
    provinces = Counter(
        e.province or "(unknown)"
        for e in {e.incident_id: e for e in claim_ev + attributed + confirmed}.values()
    )
    window = day - dt.timedelta(days=WINDOW_DAYS)
    recent_claims = list(
        {e.incident_id: e for e in claim_ev if e.date > window and not e.contested}.values()
    )
    recent_contested = list(
        {e.incident_id: e for e in claim_ev if e.date > window and e.contested}.values()
    )
    recent_attr = [e for e in attributed if e.date > window]
    recent_conf = [e for e in confirmed if e.date > window]
    reasons = [
        f"in the 12 months to {day}: {len(recent_claims)} attack(s) claimed uncontested and "
        f"{len(recent_contested)} claimed but contested, through the group's own channels; "
        f"{len(recent_attr)} attack(s) attributed by datasets or officials; "
        f"{len(recent_conf)} confirmed",
    ]
    if recent_conf or len(recent_claims) >= 2 or len(recent_attr) >= 3:
        verdict = "operational"
    elif claim_ev or attributed or confirmed:
        verdict = "emerging"
        if recent_contested and not recent_claims:
            reasons.append("its recent claims are all contested by another organisation")
    else:
        verdict = "no record"
    all_attacks = sorted(claim_ev + attributed + confirmed, key=lambda e: (e.date, e.incident_id))
    first_attack = all_attacks[0] if all_attacks else None
    first_claim = claim_ev[0] if claim_ev else None
    disagreements = []
    if first_claim and attributed and attributed[0].date < first_claim.date:
        before = [e for e in attributed if e.date < first_claim.date]
        disagreements.append(
            f"datasets or officials attribute {len(before)} attack(s) to the group before its "
            f"first own claim in {country} ({first_claim.date}); the earliest on "
            f"{before[0].date} in {before[0].where} (incident {before[0].incident_id})"
        )
    if attributed and not claim_ev:
        disagreements.append(f"{len(attributed)} attack(s) attributed to it, none claimed by it")
    unclaimed = {e.incident_id for e in attributed} - {e.incident_id for e in claim_ev}
    if claim_ev and unclaimed:
        disagreements.append(f"{len(unclaimed)} attributed attack(s) it never claimed")
    if first_claim:
        reasons.append(
            f"first own claim in {country}: {first_claim.date}, {first_claim.where} "
            f"(claim {first_claim.claim_id}"
            + (", contested" if first_claim.contested else "")
            + ")"
        )
    else:
        reasons.append(f"no claim by the group in {country} is recorded")
    if first_attack:
        reasons.append(
            f"first attack linked to it in {country}: {first_attack.date}, "
            f"{first_attack.where} ({first_attack.basis})"
        )
    unlinked = [
        c for c in claims if c.incident_id is None and (claim_day(c.claimed_at) or day) <= day
    ]
    if unlinked:
        reasons.append(f"{len(unlinked)} claim(s) not linked to any incident are not counted")
    return OperationalAnswer(
        actor=a.key,
        actor_name=a.name,
        country=country,
        on=day,
        verdict=verdict,
        reasons=reasons,
        first_attack=first_attack,
        first_claim=first_claim,
        claims=claim_ev,
        attributed=attributed,
        confirmed=confirmed,
        by_year=[years[y] for y in sorted(years)],
        by_province=dict(provinces.most_common()),
        disagreements=disagreements,
    )


def ref_chart_specs(
    rows_all: list[Row], series: list[Period], grain: str, tables: list[tuple[Table, int]]
) -> list[ChartSpec]:
    """Charts: the trend over recent periods, then bars of one column of each table."""
    cells = [aggregate(rows_all, p, "all").get("all") for p in series]
    stacks = []
    for k in KINDS:
        rs = [r for r in rows_all if kind_of(r) == k.key]
        values = tuple(
            float(cell.killed) if (cell := aggregate(rs, p, "all").get("all")) else 0.0
            for p in series
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
                Series("Incidents", tuple(float(c.incidents) if c else 0.0 for c in cells)),
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


def _toll(killed: Figure, injured: Figure) -> str:
    def partial(f: Figure) -> str:
        return f" (recorded for {f.recorded} of {f.of} incidents)" if f.partial else ""

    k = (
        "killed: not recorded"
        if killed.value is None
        else f"{killed.value:,} killed{partial(killed)}"
    )
    i = (
        "injured: not recorded"
        if injured.value is None
        else f"{injured.value:,} injured{partial(injured)}"
    )
    return f"{k}, {i}"


def _row(metric: str, figs: list[Figure], indent: bool = False) -> HeadlineRow:
    a, b, c = figs
    return HeadlineRow(
        metric,
        a,
        b,
        c,
        kind_change(a.value, b.value),
        kind_change(a.value, c.value),
        indent,
    )


def _sum(rows: list[Row], get: Callable[[Row], int | None], notes: Notes, what: str) -> Figure:
    value, rec, ids = total(rows, get)
    return Figure(value, notes.cite(what, ids), rec, len(rows))


def _kind_rows(sets: list[tuple[list[Row], str]], notes: Notes) -> list[HeadlineRow]:
    """Headline rows per kind of violence, each with its own killed and injured; the total
    comes last, labelled as the sum of the parts."""
    out: list[HeadlineRow] = []
    for k in KINDS:
        parts = [([r for r in rs if kind_of(r) == k.key], w) for rs, w in sets]
        if k.key not in ("attack", "operation") and not any(p for p, _ in parts):
            continue
        t = [tally(rs, notes, f"{k.many}, {w}") for rs, w in parts]
        out.append(_row(k.many[0].upper() + k.many[1:], [x.incidents for x in t]))
        if k.key == "attack":
            out.append(
                _row(
                    "killed: civilians and security forces",
                    [
                        _sum(rs, victims_killed, notes, f"victims of {k.many}, {w}")
                        for rs, w in parts
                    ],
                    True,
                )
            )
            out.append(
                _row(
                    "of whom civilians",
                    [
                        _sum(
                            rs,
                            lambda r: r.figure("civilians"),
                            notes,
                            f"civilians killed in {k.many}, {w}",
                        )
                        for rs, w in parts
                    ],
                    True,
                )
            )
            out.append(
                _row(
                    "of whom security forces",
                    [
                        _sum(
                            rs,
                            lambda r: r.killed_in(SECURITY),
                            notes,
                            f"security forces killed in {k.many}, {w}",
                        )
                        for rs, w in parts
                    ],
                    True,
                )
            )
        elif k.key == "operation":
            out.append(
                _row(
                    "militants killed",
                    [
                        _sum(
                            rs,
                            lambda r: r.figure("militants"),
                            notes,
                            f"militants killed in {k.many}, {w}",
                        )
                        for rs, w in parts
                    ],
                    True,
                )
            )
            out.append(
                _row(
                    "militants arrested",
                    [
                        _sum(
                            rs,
                            lambda r: r.figure("militants", "arrested"),
                            notes,
                            f"militants arrested in {k.many}, {w}",
                        )
                        for rs, w in parts
                    ],
                    True,
                )
            )
            out.append(
                _row(
                    "security forces killed",
                    [
                        _sum(
                            rs,
                            lambda r: r.killed_in(SECURITY),
                            notes,
                            f"security forces killed in {k.many}, {w}",
                        )
                        for rs, w in parts
                    ],
                    True,
                )
            )
        else:
            out.append(_row("killed", [x.killed for x in t], True))
        out.append(_row("injured", [x.injured for x in t], True))
    t = [tally(rs, notes, w) for rs, w in sets]
    out.append(_row("All kinds (the sum of the parts above): incidents", [x.incidents for x in t]))
    out.append(_row("killed (all kinds)", [x.killed for x in t], True))
    out.append(_row("injured (all kinds)", [x.injured for x in t], True))
    return out


def _headline(
    now: list[Row],
    before: list[Row],
    ago: list[Row],
    notes: Notes,
    words: tuple[str, str, str],
    place: str,
    same: bool,
) -> Headline:
    sets = list(zip((now, before, ago), words, strict=True))
    rows = _kind_rows(sets, notes)
    n = len(now)
    if n == 0:
        first = f"The database records no incident in {place} in {words[0]}."
    else:
        parts = []
        for k in KINDS:
            rs = [r for r in now if kind_of(r) == k.key]
            if not rs:
                continue
            t = tally(rs, notes, f"{k.many}, {words[0]}")
            extra = ""
            if k.key == "attack":
                v = _sum(rs, victims_killed, notes, f"victims of {k.many}, {words[0]}")
                extra = (
                    f"; victims (civilians and security forces) killed: "
                    f"{'not recorded' if v.value is None else f'{v.value:,}'}"
                )
            elif k.key == "operation":
                m = _sum(rs, lambda r: r.figure("militants"), notes, "militants killed")
                a = _sum(rs, lambda r: r.figure("militants", "arrested"), notes, "arrested")
                extra = (
                    f"; militants killed: {'not recorded' if m.value is None else f'{m.value:,}'}"
                    f"; arrests: {'not recorded' if a.value is None else f'{a.value:,}'}"
                )
            parts.append(f"{plural(len(rs), k.one, k.many)} ({_toll(t.killed, t.injured)}{extra})")
        first = (
            f"In {words[0]} the database records {plural(n, 'incident')} in {place}, "
            f"counted apart by kind: {'; '.join(parts)}."
        )
    victims = [
        _sum(
            [r for r in rs if kind_of(r) == "attack"], victims_killed, notes, f"victims, {w}"
        ).value
        for rs, w in sets
    ]
    attacks = [sum(1 for r in rs if kind_of(r) == "attack") for rs, _ in sets]
    cmp = [(1, words[1])] if same else [(1, words[1]), (2, words[2])]
    second = " ".join(
        f"Against {w}: {compare_words(attacks[0], attacks[i], 'attacks by militants')}, and "
        f"{compare_words(victims[0], victims[i], 'their victims killed')}."
        for i, w in cmp
    )
    if not (now or before or ago):
        second = (
            f"None is recorded in {words[1]}"
            + ("" if same else f" or {words[2]}")
            + f" either: the database may hold no incident data for {place} in these periods."
        )
    else:
        verdict = situation(victims[0], victims[1], words[1])
        if verdict:
            second += " " + verdict
    return Headline(rows, [first, second])


def ref_build_periodic(
    session: Session,
    kb: Knowledge,
    period: Period,
    grain: Grain,
    country: str | None = "PK",
    *,
    today: dt.date | None = None,
    include_aggregates: bool = False,
) -> PeriodicReport:
    """The report for one period (see ``docs/reports.md``). Aggregate records (date coarser
    than a month, or no place) are stated apart unless ``include_aggregates``."""
    notes, book = Notes(), SourceBook(lookup=lambda keys: sources_by_key(session, keys))
    prev, ago = previous(period, grain), year_before(period, grain)
    series = series_periods(period, grain, SERIES[grain])
    start = min(series[0].start, ago.start, prev.start)
    loaded = ref_load_rows(
        session, IncidentFilter(date_from=start, date_to=period.end, country=country)
    )
    rows_all = [r for r in loaded if include_aggregates or not r.aggregate]
    aggregates = [r for r in loaded if r.aggregate and period.contains(r.date)]
    now = [r for r in rows_all if period.contains(r.date)]
    before = [r for r in rows_all if prev.contains(r.date)]
    year_rows = [r for r in rows_all if ago.contains(r.date)]
    words = (period_words(period, grain), period_words(prev, grain), period_words(ago, grain))
    gaz = kb.gazetteer
    place_rec = gaz.get(country) if country else None
    place = place_rec.name if place_rec else (country or "all countries")
    headline = _headline(now, before, year_rows, notes, words, place, prev == ago)
    if aggregates and not include_aggregates:
        killed, _, _ = total(aggregates, lambda r: r.killed)
        note = notes.cite("aggregate records", [r.id for r in aggregates])
        headline.aggregates = (
            f"Not counted above: {plural(len(aggregates), 'aggregate record')} of the database "
            f"({'killed not recorded' if killed is None else f'{killed:,} killed'}) whose date "
            "is known only to a span coarser than a month or whose place is not recorded; they "
            f"are not placed in a month, province or district (incidents "
            f"{', '.join(str(r.id) for r in aggregates[:8])}"
            f"{' …' if len(aggregates) > 8 else ''}; footnote {note})."
        )
    cov = coverage(session, period.start, period.end, country, place)
    headline.coverage = cov.sentence()
    hp = ref_last_high_profile(session, kb, period.start, country=country)
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
        charts=ref_chart_specs(
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
    ).rows
    report.method = _method(report, len(now), publishers(session, now))
    report.coverage = [cov.sentence()]
    return report


def ref_spans(session: Session, country: str | None) -> dict[str, tuple[dt.date, dt.date]]:
    """Coverage's first and last day of each dataset, as one GROUP BY over every incident."""
    from sqlalchemy import func

    from militancydb.db.tables import ExternalId

    where = [Incident.deleted.is_(False)] + ([Incident.country == country] if country else [])
    system = func.coalesce(ExternalId.system, "manual")
    return {
        s: (lo, hi)
        for s, lo, hi in session.execute(
            select(system, func.min(Incident.date_start), func.max(Incident.date_start))
            .select_from(Incident)
            .outerjoin(ExternalId, ExternalId.incident_id == Incident.id)
            .where(*where)
            .group_by(system)
        )
    }
