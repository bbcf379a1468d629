"""Reports whose every figure is true (issue 14), on the bundled data: the right answer is
computed here with SQL and compared with the report.

- the Quetta hospital bombing's "perpetrator" is who attributed it, its four claimants are
  in their own column (timeline and appendix);
- headline figures by kind of violence, each with its own killed; no percentage on a base
  under the documented minimum ("+780% from a base of 15" must not appear);
- aggregate records are stated apart, not placed in a month, province or district, unless
  asked;
- the annual report compares with one earlier year once ("compared with 2015");
- coverage names the datasets behind the period;
- rendering helpers: right-to-left titles, whole-number ticks, count markers on the map.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import matplotlib.pyplot as plt
import pytest
from sqlalchemy import Engine, text

from militancydb.analysis.kinds import MIN_BASE, change, compare_words
from militancydb.analysis.periods import parse_period
from militancydb.db.engine import make_engine, session_scope
from militancydb.knowledge.loader import load_knowledge
from militancydb.reports.charts import _hbar
from militancydb.reports.maps import grouped
from militancydb.reports.model import ChartSpec, MapPoint, Series
from militancydb.reports.periodic import build_periodic
from militancydb.reports.periodic_model import PeriodicReport
from militancydb.reports.render import is_rtl, render_markdown, script_lang

ATTACKS = ("militant_attack", "sectarian_attack", "sabotage", "kidnapping")
OPERATIONS = ("security_operation", "military_operation", "operational_attack", "search_operation")


@pytest.fixture
def engine(ucdp_db_url: str) -> Iterator[Engine]:
    eng = make_engine(ucdp_db_url)
    yield eng
    eng.dispose()


def build(engine: Engine, period: str, **kw: bool) -> PeriodicReport:
    p, grain = parse_period(period)
    with session_scope(engine) as s:
        return build_periodic(s, load_knowledge(s), p, grain, "PK", **kw)


def sql_rows(engine: Engine, start: dt.date, end: dt.date) -> list[tuple[int, str, int | None]]:
    with engine.connect() as c:
        return [
            (r[0], r[1], r[2])
            for r in c.execute(
                text(
                    "SELECT id, event_type, killed_best FROM incidents WHERE country = 'PK' "
                    "AND deleted = :f AND date_start BETWEEN :a AND :b"
                ),
                {"f": False, "a": start, "b": end},
            )
        ]


def test_claimants_are_not_perpetrators(engine: Engine) -> None:
    with engine.connect() as c:
        bases = c.execute(
            text(
                "SELECT a.actor_name, a.basis FROM incident_actors a JOIN incidents i "
                "ON i.id = a.incident_id WHERE a.role = 'perpetrator' AND i.date_start = :d "
                "AND i.killed_best = 75"
            ),
            {"d": dt.date(2016, 8, 8)},
        ).all()
    claimants = {n for n, b in bases if b == "claimed"}
    attributed = {n for n, b in bases if b != "claimed"}
    assert len(claimants) == 4 and attributed == {"Tehrik-i-Taliban Pakistan"}
    report = build(engine, "2016-08")
    quetta = next(i for i in report.timeline if i.killed == 75)
    assert quetta.claimants == ", ".join(sorted(claimants))
    assert quetta.perpetrators == "Tehrik-i-Taliban Pakistan (attributed by a dataset)"
    row = next(a for a in report.appendix if a.id == quetta.id)
    assert row.perpetrators == quetta.perpetrators and row.claimants == quetta.claimants
    md = render_markdown(report)
    assert "| Perpetrator (basis) | Claimed by |" in md
    assert "IncidentDate" not in md and "| No. | Date |" in md


def test_headline_by_kind_matches_sql_and_refuses_small_bases(engine: Engine) -> None:
    aug = sql_rows(engine, dt.date(2016, 8, 1), dt.date(2016, 8, 31))
    jul = sql_rows(engine, dt.date(2016, 7, 1), dt.date(2016, 7, 31))
    report = build(engine, "2016-08")
    rows = {r.metric: r for r in report.headline.rows}
    attacks = rows["Attacks by militants"]
    assert attacks.now.value == sum(1 for _, t, _ in aug if t in ATTACKS)
    assert attacks.previous.value == sum(1 for _, t, _ in jul if t in ATTACKS)
    ops = rows["Security-force operations"]
    assert ops.now.value == sum(1 for _, t, _ in aug if t in OPERATIONS)
    total = rows["killed (all kinds)"]
    assert total.now.value == sum(k or 0 for _, _, k in aug)
    before = sum(k or 0 for _, _, k in jul)
    assert before < MIN_BASE  # 15 killed in July 2016
    assert total.change_previous is None  # no "+780%"
    for r in report.headline.rows:
        if r.previous.value is not None and r.previous.value < MIN_BASE:
            assert r.change_previous is None, r.metric
    md = render_markdown(report)
    assert "780%" not in md
    assert "markedly deteriorated" not in md
    assert f"too small a base for a percentage: under {MIN_BASE}" in md
    # a total is only shown with its parts: the kind rows precede it
    metrics = [r.metric for r in report.headline.rows]
    assert metrics.index("Attacks by militants") < metrics.index("killed (all kinds)")


def test_change_and_words_on_small_bases() -> None:
    assert change(132, 15) is None
    assert change(132, 278) == pytest.approx(100 * (132 - 278) / 278)
    assert compare_words(132, 15, "deaths") == (
        f"deaths rose from 15 to 132 (too small a base for a percentage: under {MIN_BASE})"
    )
    assert compare_words(132, 278, "deaths") == "deaths fell by 53% (from 278 to 132)"


def test_aggregates_stated_apart_unless_asked(engine: Engine) -> None:
    with engine.connect() as c:
        agg = c.execute(
            text(
                "SELECT id, killed_best FROM incidents WHERE country = 'PK' AND deleted = :f "
                "AND date_start BETWEEN :a AND :b AND (date_precision = 'year' "
                "OR geo_precision IN ('country', 'none'))"
            ),
            {"f": False, "a": dt.date(2016, 1, 1), "b": dt.date(2016, 12, 31)},
        ).all()
    all_2016 = sql_rows(engine, dt.date(2016, 1, 1), dt.date(2016, 12, 31))
    assert agg, "2016 holds an aggregate record (no place)"
    report = build(engine, "2016")
    assert report.headline.aggregates is not None
    assert f"Not counted above: {len(agg)} aggregate record" in report.headline.aggregates
    rows = {r.metric: r for r in report.headline.rows}
    incidents = rows["All kinds (the sum of the parts above): incidents"]
    assert incidents.now.value == len(all_2016) - len(agg)
    ids = {a for a, _ in agg}
    in_tables = set()
    for p in report.provinces:
        note = p.incidents.note
        if note:
            in_tables |= set(report.notes.items[note - 1].ids)
    assert not in_tables & ids
    asked = build(engine, "2016", include_aggregates=True)
    assert asked.headline.aggregates is None
    rows = {r.metric: r for r in asked.headline.rows}
    assert rows["All kinds (the sum of the parts above): incidents"].now.value == len(all_2016)


def test_annual_report_compares_with_one_year_once(engine: Engine) -> None:
    report = build(engine, "2016")
    assert [c[0] for c in report.comparisons] == ["2015"]
    md = render_markdown(report)
    assert "compared with 2015." in md and "2015 and 2015" not in md
    assert "| | 2016 | 2015 | Change |" in md


def test_report_states_its_coverage(engine: Engine) -> None:
    report = build(engine, "2016-08")
    assert report.headline.coverage is not None
    assert "UCDP Georeferenced Event Dataset (GED) 22.1" in report.headline.coverage
    assert "omits injuries, arrests" in report.headline.coverage
    assert report.headline.last_high_profile is not None
    assert "recorded in the database" in report.headline.last_high_profile


def test_right_to_left_titles() -> None:
    assert is_rtl("مقتل الإماراتي المسؤول العسكري")
    assert script_lang("مقتل الإماراتي") == "ar"
    assert script_lang("افغانستان : جھڑپیں، طالبان نے داعش کو نکال دیا") == "ur"
    assert not is_rtl("Islamic State claims Quetta attack")


def test_count_axes_have_whole_number_ticks() -> None:
    fig, ax = plt.subplots()
    _hbar(ax, ChartSpec("x", "x", "hbar", ("a", "b"), (Series("Attacks", (1.0, 2.0)),)))
    fig.canvas.draw()
    ticks = [t for t in ax.get_xticks() if 0 <= t <= 2]
    plt.close(fig)
    assert ticks and all(float(t).is_integer() for t in ticks)


def test_incidents_at_one_place_share_a_marker_with_their_count() -> None:
    karachi = [MapPoint(i, 24.86, 67.01 + i * 0.001, 1, "attack") for i in range(31)]
    other = [MapPoint(99, 30.18, 66.99, None, "attack")]
    groups = grouped((*karachi, *other))
    counts = sorted(g[3] for g in groups)
    assert counts == [1, 31]
    assert next(g for g in groups if g[3] == 31)[4] == 31
    assert next(g for g in groups if g[3] == 1)[4] is None
