"""The periodic report's figures on incidents built here, with the expected values worked
out in the test from the fixture itself: headline counts, "not recorded" kept apart from 0,
killed by category, perpetrator families, operations (militants killed and arrested), drone
strikes, provinces and districts, and footnotes that list exactly the incidents behind a
figure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy.orm import Session

from militancydb.analysis.periods import parse_period
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.model import Figure, Notes, Table
from militancydb.reports.periodic import build_periodic
from militancydb.reports.periodic_model import PeriodicReport
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident

ED = Editor(user="tester")


@dataclass(frozen=True)
class Spec:
    day: str
    province: str
    district: str
    event_type: str
    actors: tuple[tuple[str, str], ...] = ()  # (actor, role)
    figures: dict[tuple[str, str], int] = field(default_factory=dict)  # (category, outcome)
    tactics: tuple[str, ...] = ()


# Week 32 of 2016 is 8 to 14 August. The last spec falls in the week before.
SPECS = [
    Spec(
        "2016-08-08",
        "Balochistan",
        "Quetta",
        "militant_attack",
        (("ttp", "perpetrator"),),
        {
            ("total", "killed"): 8,
            ("police", "killed"): 3,
            ("civilians", "killed"): 5,
            ("total", "injured"): 10,
        },
        ("suicide_bombing",),
    ),
    Spec("2016-08-09", "Balochistan", "Kech", "militant_attack", (("bla", "perpetrator"),)),
    Spec(
        "2016-08-10",
        "Khyber Pakhtunkhwa",
        "Swat",
        "security_operation",
        (("pakistan-army", "perpetrator"), ("ttp", "target")),
        {("militants", "killed"): 6, ("militants", "arrested"): 4},
    ),
    Spec(
        "2016-08-11",
        "FATA",
        "North Waziristan Agency",
        "drone_strike",
        (("us-forces", "perpetrator"), ("ttp", "target")),
        {("militants", "killed"): 2},
    ),
    Spec(
        "2016-08-12",
        "Punjab",
        "Lahore",
        "sectarian_attack",
        (("lej", "perpetrator"),),
        {("civilians", "killed"): 0},
        ("armed_assault",),
    ),
    Spec(
        "2016-08-03",
        "Punjab",
        "Lahore",
        "militant_attack",
        (("ttp", "perpetrator"),),
        {("total", "killed"): 4},
    ),
]
WEEK = [s for s in SPECS if "2016-08-08" <= s.day <= "2016-08-14"]


def doc(s: Spec) -> dict[str, Any]:
    return {
        "date_start": s.day,
        "country": "PK",
        "province": s.province,
        "district": s.district,
        "event_type": s.event_type,
        "tactics": list(s.tactics),
        "actors": [{"actor": a, "role": r} for a, r in s.actors],
        "casualties": [{"category": c, "outcome": o, "best": n} for (c, o), n in s.figures.items()],
    }


@pytest.fixture
def built(session: Session, kb: Knowledge) -> tuple[PeriodicReport, dict[str, int]]:
    ids = {s.day: create_incident(session, doc(s), kb, ED).id for s in SPECS}
    period, grain = parse_period("2016-W32")
    return build_periodic(session, kb, period, grain, "PK", today=dt.date(2020, 1, 1)), ids


def killed_of(s: Spec) -> int | None:
    """The incident's killed total as the core derives it (total, else the sum of categories)."""
    if ("total", "killed") in s.figures:
        return s.figures[("total", "killed")]
    parts = [n for (c, o), n in s.figures.items() if o == "killed"]
    return sum(parts) if parts else None


def noted(report: PeriodicReport, f: Figure) -> set[int]:
    assert f.note is not None
    return set(report.notes.items[f.note - 1].ids)


def row(table: Table, label: str) -> tuple[Any, ...]:
    found = [r for r in table.rows if r.label == label]
    assert found, f"{label!r} not in {[r.label for r in table.rows]}"
    return found[0].cells


def headline(report: PeriodicReport, metric: str, after: str | None = None) -> Any:
    """A headline row by its label (the first after the row labelled ``after``)."""
    rows = report.headline.rows
    if after is not None:
        rows = rows[[r.metric for r in rows].index(after) + 1 :]
    return next(r for r in rows if r.metric == metric)


ALL = "All kinds (the sum of the parts above): incidents"


def test_headline_counts_and_footnotes(built: tuple[PeriodicReport, dict[str, int]]) -> None:
    report, ids = built
    incidents = headline(report, ALL)
    killed = headline(report, "killed (all kinds)")
    injured = headline(report, "injured (all kinds)")
    attacks = headline(report, "Attacks by militants")
    assert incidents.now.value == len(WEEK)
    assert noted(report, incidents.now) == {ids[s.day] for s in WEEK}
    tolls = [k for s in WEEK if (k := killed_of(s)) is not None]
    assert killed.now.value == sum(tolls)
    assert (killed.now.recorded, killed.now.of) == (len(tolls), len(WEEK))
    assert injured.now.value == 10 and injured.now.recorded == 1
    assert attacks.now.value == sum(
        1 for s in WEEK if s.event_type in ("militant_attack", "sectarian_attack")
    )
    # the week before holds one incident (4 killed), 2015-W32 none
    assert (incidents.previous.value, killed.previous.value) == (1, 4)
    assert incidents.year_ago.value == 0 and incidents.change_year is None
    # each kind apart, with its own killed: the parts add up to the total
    ops = headline(report, "Security-force operations")
    assert ops.now.value == 1
    assert headline(report, "militants killed", "Security-force operations").now.value == 6
    assert headline(report, "militants arrested", "Security-force operations").now.value == 4
    drones = headline(report, "Drone and air strikes")
    assert drones.now.value == 1
    assert headline(report, "killed", "Drone and air strikes").now.value == 2
    victims = headline(report, "killed: civilians and security forces", "Attacks by militants")
    assert victims.now.value == 3 + 5 + 0  # police and civilians of the attacks; no attackers
    # a base of 1 incident or 4 killed is too small for a percentage
    assert killed.change_previous is None and incidents.change_previous is None


def test_categories_keep_not_recorded_apart_from_zero(
    built: tuple[PeriodicReport, dict[str, int]],
) -> None:
    report, ids = built
    police_killed, police_injured = row(report.categories, "Police")
    assert police_killed.value == 3 and noted(report, police_killed) == {ids["2016-08-08"]}
    assert police_injured.value is None  # no incident records injured police
    army_killed, _ = row(report.categories, "Army")
    assert army_killed.value is None and army_killed.recorded == 0
    civilians, _ = row(report.categories, "Civilians")
    assert civilians.value == 5 and civilians.recorded == 2  # 5 and a recorded 0
    militants, _ = row(report.categories, "Militants")
    assert militants.value == 8


def test_families_tactics_operations_strikes(
    built: tuple[PeriodicReport, dict[str, int]],
) -> None:
    report, ids = built
    religious = row(report.families, "Religiously motivated militants")
    assert religious[0].value == 1 and noted(report, religious[0]) == {ids["2016-08-08"]}
    assert row(report.families, "Nationalist insurgents")[0].value == 1
    assert row(report.families, "Sectarian groups")[0].value == 1
    assert row(report.tactics, "Suicide bombing")[1].value == 8
    ops = report.operations
    assert ops.operations.value == 1
    assert ops.militants_killed.value == 6 and ops.militants_arrested.value == 4
    assert noted(report, ops.militants_arrested) == {ids["2016-08-10"]}
    drones = row(report.strikes.table, "Drone strikes")
    assert drones[0].value == 1 and drones[2].value == 2
    assert row(report.strikes.table, "Cross-border attacks")[0].value == 0
    assert [i.id for i in report.strikes.items] == [ids["2016-08-11"]]


def test_provinces_districts_spotlight_and_appendix(
    built: tuple[PeriodicReport, dict[str, int]],
) -> None:
    report, ids = built
    names = [p.name for p in report.provinces]
    assert names[0] == "Balochistan"  # deadliest first
    balochistan = report.provinces[0]
    assert balochistan.incidents.value == 2 and balochistan.attacks == 2
    assert {r.label for r in balochistan.districts.rows} == {"Quetta", "Kech"}
    # the spotlight: most attacks (TTP, BLA and LeJ one each) -> more killed -> TTP
    assert report.spotlight is not None and report.spotlight.key == "ttp"
    # every incident a note points to is in the appendix, exactly once
    appendix = [a.id for a in report.appendix]
    assert len(appendix) == len(set(appendix))
    assert report.notes.ids <= set(appendix)
    assert {a.id for a in report.appendix if a.part == "In the period"} == {
        ids[s.day] for s in WEEK
    }


def test_notes_are_shared_by_identical_incident_sets() -> None:
    notes = Notes()
    a = notes.cite("incidents", [3, 1, 2])
    b = notes.cite("killed", [1, 2, 3, 3])
    c = notes.cite("other", [4])
    assert a == b == 1 and c == 2 and notes.cite("none", []) is None
    assert notes.items[0].ids == (1, 2, 3)
