"""``trend``: a month against the month before and the same month a year earlier, on
incidents built here; every expected figure is summed in the test from the fixture list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from sqlalchemy.orm import Session

from militancydb.analysis.periods import Period, parse_period
from militancydb.analysis.trend import TrendAnswer, trend
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import create_incident

ANALYST = Editor(user="analyst")
PLACES = {"Balochistan": "Quetta", "Punjab": "Lahore", "Sindh": "Karachi"}


@dataclass(frozen=True)
class Spec:
    day: str
    province: str
    killed: int
    injured: int | None = None
    tactics: tuple[str, ...] = field(default=())


FIXTURE = [
    # August 2016, the period asked about (its first and last day included)
    Spec("2016-08-01", "Balochistan", 5, 10, ("suicide_bombing",)),
    Spec("2016-08-08", "Balochistan", 3, None, ("ied", "armed_assault")),
    Spec("2016-08-31", "Punjab", 2, 4, ("ied",)),
    # July 2016, the period before
    Spec("2016-07-01", "Balochistan", 20, 30),
    Spec("2016-07-31", "Sindh", 10),
    # August 2015, a year earlier
    Spec("2015-08-15", "Punjab", 7, 1),
    Spec("2015-08-20", "Sindh", 1, 0),
    # in none of the three
    Spec("2016-06-10", "Sindh", 4),
    Spec("2015-07-31", "Punjab", 50),
    Spec("2016-09-01", "Balochistan", 90),
]
AUGUST, JULY, AUGUST_2015 = (parse_period(p)[0] for p in ("2016-08", "2016-07", "2015-08"))


def in_period(p: Period) -> list[Spec]:
    return [s for s in FIXTURE if p.start <= dt.date.fromisoformat(s.day) <= p.end]


def pct(now: int, before: int) -> float | None:
    return None if before == 0 else 100.0 * (now - before) / before


@pytest.fixture
def august(session: Session, kb: Knowledge) -> TrendAnswer:
    for s in FIXTURE:
        create_incident(
            session,
            {
                "date_start": s.day,
                "province": s.province,
                "district": PLACES[s.province],
                "event_type": "militant_attack",
                "tactics": list(s.tactics),
                "casualties": [{"category": "total", "best": s.killed}]
                + (
                    [{"category": "total", "outcome": "injured", "best": s.injured}]
                    if s.injured is not None
                    else []
                ),
            },
            kb,
            ANALYST,
        )
    period, grain = parse_period("2016-08")
    return trend(session, IncidentFilter(country="PK"), period, grain, "province")


def test_the_periods_compared(august: TrendAnswer) -> None:
    assert (august.period, august.previous, august.year_ago) == (AUGUST, JULY, AUGUST_2015)
    assert (AUGUST.start, AUGUST.end) == (dt.date(2016, 8, 1), dt.date(2016, 8, 31))


def test_totals_of_each_period(august: TrendAnswer) -> None:
    for cell, p in (
        (august.total.now, AUGUST),
        (august.total.before, JULY),
        (august.total.year_ago, AUGUST_2015),
    ):
        specs = in_period(p)
        assert cell.incidents == len(specs)
        assert cell.killed == sum(s.killed for s in specs)
        assert cell.injured == sum(s.injured or 0 for s in specs)
    assert sorted(august.incidents) == sorted(august.total.now.ids)
    assert len(august.incidents) == len(in_period(AUGUST))


def test_change_against_the_month_before_and_a_year_earlier(august: TrendAnswer) -> None:
    now = sum(s.killed for s in in_period(AUGUST))
    before = sum(s.killed for s in in_period(JULY))
    year_ago = sum(s.killed for s in in_period(AUGUST_2015))
    assert (
        august.total.change() == pytest.approx(pct(now, before)) == pytest.approx(-66.67, abs=0.01)
    )
    assert august.total.change_year() == pct(now, year_ago) == 25.0
    assert august.total.change("incidents") == pct(3, 2)


def test_the_sentence_says_the_situation_much_improved(august: TrendAnswer) -> None:
    now = sum(s.killed for s in in_period(AUGUST))
    before = sum(s.killed for s in in_period(JULY))
    assert august.sentence == (
        f"{now} killed in {len(in_period(AUGUST))} incident(s) in 2016-08: "
        f"{abs(pct(now, before) or 0):.0f}% fewer than the period before ({before}); "
        "the situation much improved"
    )


def test_each_province_against_its_own_past(august: TrendAnswer) -> None:
    rows = {c.group: c for c in august.rows}
    assert set(rows) == {s.province for p in (AUGUST, JULY, AUGUST_2015) for s in in_period(p)}
    for province, c in rows.items():
        for cell, p in ((c.now, AUGUST), (c.before, JULY), (c.year_ago, AUGUST_2015)):
            specs = [s for s in in_period(p) if s.province == province]
            assert (cell.incidents, cell.killed) == (len(specs), sum(s.killed for s in specs))
    assert [c.group for c in august.rows][0] == "Balochistan"  # most killed now
    assert rows["Sindh"].change() == pct(0, 10)


def test_the_series_runs_twelve_months_up_to_the_period(august: TrendAnswer) -> None:
    assert list(august.series) == [f"2015-{m:02d}" for m in range(9, 13)] + [
        f"2016-{m:02d}" for m in range(1, 9)
    ]
    june = parse_period("2016-06")[0]
    assert august.series["2016-06"]["Sindh"].killed == sum(s.killed for s in in_period(june))
    assert "2015-08" not in august.series


def test_by_tactic_an_incident_counts_under_each_of_its_tactics(
    session: Session, august: TrendAnswer
) -> None:
    a = trend(session, IncidentFilter(country="PK"), AUGUST, "month", "tactic")
    rows = {c.group: c.now for c in a.rows}
    for label, code in (
        ("Suicide bombing", "suicide_bombing"),
        ("Improvised explosive device", "ied"),
        ("Armed assault", "armed_assault"),
    ):
        specs = [s for s in in_period(AUGUST) if code in s.tactics]
        assert (rows[label].incidents, rows[label].killed) == (
            len(specs),
            sum(s.killed for s in specs),
        )


def test_a_quarter_against_the_quarter_before_and_a_year_earlier(
    session: Session, august: TrendAnswer
) -> None:
    q3, grain = parse_period("2016-Q3")
    a = trend(session, IncidentFilter(country="PK"), q3, grain, "all")
    expected = {
        "now": [s for s in FIXTURE if "2016-07-01" <= s.day <= "2016-09-30"],
        "before": [s for s in FIXTURE if "2016-04-01" <= s.day <= "2016-06-30"],
        "year_ago": [s for s in FIXTURE if "2015-07-01" <= s.day <= "2015-09-30"],
    }
    for name, specs in expected.items():
        assert getattr(a.total, name).killed == sum(s.killed for s in specs), name


def test_no_incidents_gives_zeros_and_no_percentage(session: Session) -> None:
    a = trend(session, IncidentFilter(country="PK"), AUGUST, "month", "province")
    assert a.rows == []
    assert (a.total.now.incidents, a.total.now.killed) == (0, 0)
    assert a.total.change() is None
    assert a.sentence == "0 killed in 0 incident(s) in 2016-08; none the period before"


def test_series_groups_in_a_fixed_order(august: TrendAnswer) -> None:
    """Each period of the series lists its groups in order of their names, whatever order
    the database grouped them in (SQLite and PostgreSQL differ)."""
    assert any(len(cells) > 1 for cells in august.series.values())
    for cells in august.series.values():
        assert list(cells) == sorted(cells)
