"""The last high-profile attack found by a walk back from the date (issue 15, point 4) gives
the answer the search over every attack gave (``reference_tallies.ref_last_high_profile``,
the code before the walk): the same attack, runners-up in the same order, the same
straddling incidents, the same sentence -- on varied incidents built here, among them date
ranges wider than the walk's stretch (an explicit end date years after the start, known to
the year, month or week) and ties on the day and the toll; and the walk stops before the
oldest attack when the answer is certain."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any

from reference_tallies import ref_last_high_profile
from sqlalchemy.orm import Session

from militancydb.analysis.high_profile import HighProfileAnswer, last_high_profile
from militancydb.analysis.high_profile_defs import definition
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident

ANALYST = Editor(user="analyst")
PLACES = [("Balochistan", "Quetta"), ("Punjab", "Lahore"), ("Khyber Pakhtunkhwa", "Peshawar")]
KINDS = ["militant_attack"] * 6 + ["sectarian_attack", "drone_strike", "armed_clash"]
TOLLS = [None, 0, 1, 3, 5, 5, 9, 10, 12, 15, 15, 20, 40]
TACTICS = ["suicide_bombing", "armed_assault", "ied", "targeted_killing"]
TARGETS = ["police", "army", "judiciary", "foreigners", "civilians", "government_officials"]


def add(session: Session, kb: Knowledge, start: dt.date, **fields: Any) -> int:
    province, district = fields.pop("place", PLACES[0])
    doc: dict[str, Any] = {
        "date_start": start.isoformat(),
        "province": province,
        "district": district,
        "event_type": fields.pop("event_type", "militant_attack"),
    }
    killed = fields.pop("killed", None)
    if killed is not None:
        doc["casualties"] = [{"category": "total", "best": killed}]
    end = fields.pop("date_end", None)
    if end is not None:
        doc["date_end"] = end.isoformat()
    doc.update(fields)
    return create_incident(session, doc, kb, ANALYST).id


def varied(session: Session, kb: Knowledge, n: int, seed: int) -> None:
    """``n`` incidents from 2008 to 2016: mostly known to the day, some to the week, month
    or year, some with an end date days or years after the start; tolls drawn from a short
    list (ties), several on the same day."""
    rng = random.Random(seed)
    days = [dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(9 * 365)) for _ in range(n)]
    for i, start in enumerate(days):
        if i % 7 == 3:
            start = days[i - 1]  # the same day as the one before: ties
        fields: dict[str, Any] = {
            "place": rng.choice(PLACES),
            "event_type": rng.choice(KINDS),
            "killed": rng.choice(TOLLS),
        }
        shape = rng.random()
        if shape < 0.08:
            fields["date_precision"] = "days"
            fields["date_end"] = start + dt.timedelta(days=rng.randrange(400, 2500))
        elif shape < 0.16:
            fields["date_precision"] = "days"
            fields["date_end"] = start + dt.timedelta(days=rng.randrange(1, 300))
        elif shape < 0.24:
            fields["date_precision"] = "year"
        elif shape < 0.32:
            fields["date_precision"] = "month"
        elif shape < 0.38:
            fields["date_precision"] = "week"
        if rng.random() < 0.4:
            fields["tactics"] = sorted(set(rng.sample(TACTICS, rng.randrange(1, 3))))
        if rng.random() < 0.15:
            fields["suicide"] = True
        if rng.random() < 0.5:
            chosen = sorted(set(rng.sample(TARGETS, rng.randrange(1, 3))))
            fields["targets"] = [{"type": t} for t in chosen]
        add(session, kb, start, **fields)


def same_answer(got: HighProfileAnswer, want: HighProfileAnswer, case: str) -> None:
    """Every field but ``considered`` equal; ``considered`` counts attacks really weighed:
    at least those the answer names, at most all there are."""
    assert dataclasses.replace(got, considered=0) == dataclasses.replace(want, considered=0), case
    named = (1 if got.incident else 0) + len(got.runners_up) + len(got.straddling)
    assert named <= got.considered <= want.considered, case


CASES: list[tuple[str, dict[str, str]]] = [
    ("analyst", {"country": "PK"}),
    ("broad", {"country": "PK"}),
    ("mass-casualty", {"country": "PK"}),
    ("analyst", {"province": "Punjab"}),
    ("analyst", {"district": "Quetta"}),
    ("broad", {}),
]
BEFORE = ["2008-02-01", "2009-06-30", "2012-01-01", "2014-12-16", "2016-08-08", "2018-01-01"]


def test_the_walk_gives_the_answer_of_the_search_over_every_attack(
    session: Session, kb: Knowledge
) -> None:
    varied(session, kb, 240, seed=15)
    stopped_early = 0
    for name, where in CASES:
        d = definition(name)
        for before in BEFORE:
            day = dt.date.fromisoformat(before)
            got = last_high_profile(session, kb, day, definition=d, **where)  # type: ignore[arg-type]
            want = ref_last_high_profile(session, kb, day, definition=d, **where)  # type: ignore[arg-type]
            same_answer(got, want, f"{name} {where} before {before}")
            stopped_early += got.considered < want.considered
    # the walk did not read every attack each time: it stopped once the answer was certain
    assert stopped_early >= 6


def test_an_attack_with_a_range_of_years_is_not_missed(session: Session, kb: Knowledge) -> None:
    """An attack that started years before the date but may have happened until a week
    before it is the last one wholly before it; another that started years before and ends
    after the date straddles it. Neither started within the walk's first stretch."""
    before = dt.date(2016, 8, 8)
    for month in range(1, 13):  # plenty of attacks a year and more before the date
        add(session, kb, dt.date(2015, month, 2), killed=20)
    wide = add(
        session,
        kb,
        dt.date(2011, 3, 1),
        killed=16,
        date_precision="days",
        date_end=dt.date(2016, 8, 1),
    )
    across = add(
        session,
        kb,
        dt.date(2012, 5, 5),
        killed=30,
        date_precision="days",
        date_end=dt.date(2016, 9, 30),
    )
    year = add(session, kb, dt.date(2015, 1, 1), killed=18, date_precision="year")
    got = last_high_profile(session, kb, before, country="PK")
    want = ref_last_high_profile(session, kb, before, country="PK")
    same_answer(got, want, "wide ranges")
    assert got.incident is not None and got.incident.id == wide
    assert got.runners_up[0].id == year  # 31 December 2015 is later than 2 December 2015
    assert [r.id for r in got.straddling] == [across]


def test_ties_on_the_last_day_and_toll_go_by_id_across_the_walk(
    session: Session, kb: Knowledge
) -> None:
    """Attacks ending on the same day with the same toll, one of them known to the month
    (so it started weeks before the others): the order is the search's order."""
    before = dt.date(2016, 8, 8)
    ids = [add(session, kb, dt.date(2016, 7, 31), killed=15) for _ in range(3)]
    ids.append(add(session, kb, dt.date(2016, 7, 1), killed=15, date_precision="month"))
    ids += [add(session, kb, dt.date(2015, 7, 31), killed=k) for k in (15, 40, 15, 15)]
    got = last_high_profile(session, kb, before, country="PK")
    want = ref_last_high_profile(session, kb, before, country="PK")
    same_answer(got, want, "ties")
    assert got.incident is not None and got.incident.id == max(ids[:4])


def test_an_attack_known_to_the_year_outlasts_later_ones(session: Session, kb: Knowledge) -> None:
    """Six attacks in the last weeks before the date, and one known only to the year that
    started almost a year earlier: it may have happened on 31 December, after all six, so it
    is the answer; the walk must reach back to its first day."""
    before = dt.date(2017, 1, 10)
    for day in range(20, 26):
        add(session, kb, dt.date(2016, 12, day), killed=20)
    year = add(session, kb, dt.date(2016, 1, 1), killed=50, date_precision="year")
    got = last_high_profile(session, kb, before, country="PK")
    same_answer(got, ref_last_high_profile(session, kb, before, country="PK"), "year")
    assert got.incident is not None and got.incident.id == year
