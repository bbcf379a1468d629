"""The SQL path of the aggregates and answers (issue 15, point 4) holds to the Python
counting it replaced (``reference_tallies.py``, the code of ``main`` before the change), on
the bundled data and on a scaled-up copy (``militancydb.testing.scale``), on both backends:
the same trend (every cell, the ids behind the compared periods), the same last high-profile
attack, the same operational answer, the same monthly and annual reports, the same light
rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from reference_stats import ref_stats
from reference_tallies import (
    ref_build_periodic,
    ref_last_high_profile,
    ref_load_rows,
    ref_operational,
    ref_spans,
    ref_trend,
)
from sqlalchemy.orm import Session

from militancydb.analysis import tallies
from militancydb.analysis.coverage import _spans
from militancydb.analysis.data import load_rows
from militancydb.analysis.high_profile import last_high_profile
from militancydb.analysis.high_profile_defs import definition
from militancydb.analysis.operational import operational
from militancydb.analysis.periods import parse_period, previous, year_before
from militancydb.analysis.stats import GroupBy, Period, incident_stats
from militancydb.analysis.trend import DIMENSIONS, TrendAnswer, trend
from militancydb.db.engine import make_engine, session_factory
from militancydb.db.tables import Incident
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.reports.periodic import build_periodic
from militancydb.reports.render import render_markdown
from militancydb.services.incident_query import IncidentFilter
from militancydb.testing.scale import scale_up

SCALED = 15_000
_SCALED: dict[str, str] = {}


@pytest.fixture(params=["bundled", "scaled"])
def data(
    request: pytest.FixtureRequest, backend: str, shared_ucdp_db_url: str
) -> Iterator[tuple[Session, Knowledge]]:
    """A session on the bundled data, or on a copy scaled up to ``SCALED`` incidents (made
    once per backend)."""
    url = shared_ucdp_db_url
    if request.param == "scaled":
        if backend not in _SCALED:
            _SCALED[backend] = request.getfixturevalue("ucdp_db_url")
            engine = make_engine(_SCALED[backend])
            assert scale_up(engine, SCALED) >= SCALED
            engine.dispose()
        url = _SCALED[backend]
    engine = make_engine(url)
    s = session_factory(engine)()
    try:
        yield s, load_knowledge(s)
    finally:
        s.rollback()
        s.close()
        engine.dispose()


def _counts(answer: TrendAnswer) -> dict[str, dict[str, tuple[int, ...]]]:
    return {
        p: {
            g: (c.incidents, c.killed, c.injured, c.killed_known, c.injured_known)
            for g, c in cells.items()
        }
        for p, cells in answer.series.items()
    }


@pytest.mark.parametrize(
    ("period", "by"),
    [("2016", by) for by in DIMENSIONS] + [("2016-08", "province"), ("2014-Q4", "actor")],
)
def test_trend_is_the_python_count(data: tuple[Session, Knowledge], period: str, by: str) -> None:
    s, _ = data
    p, grain = parse_period(period)
    got = trend(s, IncidentFilter(), p, grain, by)
    want = ref_trend(s, IncidentFilter(), p, grain, by)
    assert got.total.now.incidents > 0
    assert got.sentence == want.sentence
    assert got.rows == want.rows  # every compared cell, with the ids behind it
    assert got.total == want.total
    assert (got.aggregates, got.aggregate_killed) == (want.aggregates, want.aggregate_killed)
    assert _counts(got) == _counts(want)  # the series: counts (its cells carry no ids)
    assert list(got.series) == list(want.series)


def test_trend_with_a_filter_and_aggregates_counted_in(data: tuple[Session, Knowledge]) -> None:
    s, _ = data
    p, grain = parse_period("2009")
    flt = IncidentFilter(country="PK", event_types=frozenset({"militant_attack", "drone_strike"}))
    for include in (False, True):
        got = trend(s, flt, p, grain, "event_type", include_aggregates=include)
        want = ref_trend(s, flt, p, grain, "event_type", include_aggregates=include)
        assert (got.sentence, got.rows, got.total) == (want.sentence, want.rows, want.total)
        assert _counts(got) == _counts(want)


@pytest.mark.parametrize(
    ("period", "by", "by_kind"),
    [("month", "province", True), ("year", "district", True), ("all", "event_type", True)]
    + [("year", "province_now", True), ("year", "actor", True), ("all", "none", True)]
    + [("all", "province", False), ("month", "actor", False)],
)
def test_stats_are_the_python_count(
    data: tuple[Session, Knowledge], period: Period, by: GroupBy, by_kind: bool
) -> None:
    """Every row of ``stats`` (the GROUP BY by day, kind, flag and group, the months and
    kinds made in Python) is the count made incident by incident."""
    s, _ = data
    got = incident_stats(s, period=period, by=by, by_kind=by_kind)
    assert len(got) > 5 and sum(r.incidents for r in got) > 1000
    assert got == ref_stats(s, period=period, by=by, by_kind=by_kind)


def test_stats_with_a_filter_are_the_python_count(data: tuple[Session, Knowledge]) -> None:
    s, _ = data
    flt = IncidentFilter(
        country="PK",
        date_from=dt.date(2009, 3, 1),
        date_to=dt.date(2013, 6, 30),
        event_types=frozenset({"militant_attack", "drone_strike", "sectarian_attack"}),
    )
    got = incident_stats(s, flt, period="month", by="district")
    assert got and got == ref_stats(s, flt, period="month", by="district")


@pytest.mark.parametrize(("period", "by"), [("2016", "province"), ("2014-Q4", "tactic")])
def test_the_ids_pass_gives_each_periods_event_types(
    data: tuple[Session, Knowledge], period: str, by: str
) -> None:
    """``add_ids`` returns the event types of each compared period's incidents (what
    ``trend`` judges the number of kinds by), aggregate records left out unless counted
    in, as the light rows give them."""
    s, _ = data
    p, grain = parse_period(period)
    compared = [p, previous(p, grain), year_before(p, grain)]
    flt = IncidentFilter()
    first = min(q.start for q in compared)
    rows = ref_load_rows(s, IncidentFilter(date_from=first, date_to=p.end))
    for include in (False, True):
        cells = tallies.counts(s, flt, compared, by, include_aggregates=include)
        got = tallies.add_ids(s, flt, compared, by, cells, include_aggregates=include)
        want: dict[str, set[str]] = {}
        for q in compared:
            kept = [r for r in rows if q.contains(r.date) and (include or not r.aggregate)]
            if kept:
                want[q.label] = {r.event_type for r in kept}
        assert got == want
        assert len(want[p.label]) > 1


@pytest.mark.parametrize(
    ("before", "where", "name"),
    [
        ("2016-08-08", {"country": "PK"}, None),
        ("2014-12-16", {"country": "PK"}, "broad"),
        ("2016-01-01", {"province": "Balochistan"}, None),
        ("2013-06-01", {"district": "Peshawar"}, "mass-casualty"),
        ("2016-08-08", {"country": "PK", "actor": "Jamaat-ul-Ahrar"}, None),
        ("2010-01-01", {}, None),
    ],
)
def test_last_high_profile_is_the_python_search(
    data: tuple[Session, Knowledge], before: str, where: dict[str, str], name: str | None
) -> None:
    s, kb = data
    day = dt.date.fromisoformat(before)
    d = definition(name)
    got = last_high_profile(s, kb, day, definition=d, **where)  # type: ignore[arg-type]
    want = ref_last_high_profile(s, kb, day, definition=d, **where)
    assert got.incident is not None
    # sentence, incident, runners-up, straddling; ``considered`` counts the attacks the walk
    # back from the date read (test_high_profile_walk.py), at most all there are
    assert dataclasses.replace(got, considered=0) == dataclasses.replace(want, considered=0)
    assert 1 + len(got.runners_up) + len(got.straddling) <= got.considered <= want.considered


def test_last_high_profile_with_a_zero_threshold(data: tuple[Session, Knowledge]) -> None:
    """An unknown toll counts as 0, so a zero threshold takes attacks with no toll."""
    s, kb = data
    d = definition("mass-casualty", min_killed=0)
    day = dt.date(2012, 1, 1)
    got = last_high_profile(s, kb, day, country="PK", definition=d)
    want = ref_last_high_profile(s, kb, day, country="PK", definition=d)
    assert dataclasses.replace(got, considered=0) == dataclasses.replace(want, considered=0)


@pytest.mark.parametrize(
    ("actor", "country", "on"),
    [
        ("Islamic State", "PK", "2016-08-31"),
        ("Islamic State", "PK", "2015-06-01"),
        ("Tehrik-i-Taliban Pakistan", "PK", "2016-08-31"),
        ("Lashkar-e-Jhangvi", "PK", "2013-12-31"),
        ("Jamaat-ul-Ahrar", "PK", "2016-08-31"),
    ],
)
def test_operational_is_the_python_answer(
    data: tuple[Session, Knowledge], actor: str, country: str, on: str
) -> None:
    s, kb = data
    day = dt.date.fromisoformat(on)
    got = operational(s, kb, actor, country, day)
    assert got == ref_operational(s, kb, actor, country, day)


@pytest.mark.parametrize("period", ["2016-08", "2016", "2014-Q4", "2016-W32"])
def test_periodic_report_is_the_python_report(data: tuple[Session, Knowledge], period: str) -> None:
    s, kb = data
    p, grain = parse_period(period)
    today = dt.date(2026, 1, 1)
    got = build_periodic(
        s, kb, p, grain, "PK", today=today, appendix_limit=None
    )  # all listed, as before
    want = ref_build_periodic(s, kb, p, grain, "PK", today=today)
    assert got.charts == want.charts
    assert render_markdown(got) == render_markdown(want)
    assert got.appendix == want.appendix
    assert got.notes.ids == want.notes.ids


def test_light_rows_are_the_orm_rows(data: tuple[Session, Knowledge]) -> None:
    s, _ = data
    flt = IncidentFilter(date_from=dt.date(2014, 1, 1), date_to=dt.date(2014, 12, 31))
    got, want = load_rows(s, flt), ref_load_rows(s, flt)
    assert len(got) > 100
    assert [dataclasses.asdict(r) for r in got] == [dataclasses.asdict(r) for r in want]


@pytest.mark.parametrize("country", ["PK", "AF", None])
def test_coverage_spans_are_the_group_by(
    data: tuple[Session, Knowledge], country: str | None
) -> None:
    s, _ = data
    where = [Incident.deleted.is_(False)] + ([Incident.country == country] if country else [])
    got = _spans(s, where)
    assert got == ref_spans(s, country)
    assert got and list(got) == sorted(got)
