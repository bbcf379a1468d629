"""``last-high-profile``: the last high-profile attack before a date, on incidents built here.

The definition tested here is ``broad`` (the first round's default, kept by name): an attack
(militant, sectarian, sabotage or kidnapping event) that killed 10 or more, or a suicide
attack that killed 5 or more, or an attack on national targets (judiciary, government
officials, foreigners, political workers) that killed 1 or more. The default ``analyst``
definition is tested in ``test_high_profile_definitions.py``. Operations, drone strikes and clashes
never count. An incident counts as before the date only when every day it may have happened
on is before it. Ties: latest possible day first, then more killed, then the higher id.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from militancydb.analysis.high_profile import HighProfile, last_high_profile
from militancydb.analysis.high_profile_defs import definition
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident

ANALYST = Editor(user="analyst")
BEFORE = dt.date(2016, 8, 8)
BROAD = definition("broad")


def add(
    session: Session,
    kb: Knowledge,
    day: str,
    killed: int | None,
    *,
    event_type: str = "militant_attack",
    province: str = "Balochistan",
    district: str = "Quetta",
    **fields: Any,
) -> int:
    doc: dict[str, Any] = {
        "date_start": day,
        "province": province,
        "district": district,
        "event_type": event_type,
    }
    if killed is not None:
        doc["casualties"] = [{"category": "total", "best": killed}]
    doc.update(fields)
    return create_incident(session, doc, kb, ANALYST).id


def plus_months(day: dt.date, n: int) -> dt.date:
    """The same day of the month ``n`` months later (the month's last day if it is shorter)."""
    y, m = divmod(day.month - 1 + n, 12)
    last = calendar.monthrange(day.year + y, m + 1)[1]
    return dt.date(day.year + y, m + 1, min(day.day, last))


def months_and_days(earlier: dt.date, later: dt.date) -> tuple[int, int]:
    """Whole calendar months from ``earlier`` not passing ``later``, and the days left."""
    months = 0
    while plus_months(earlier, months + 1) <= later:
        months += 1
    return months, (later - plus_months(earlier, months)).days


def test_no_attack_gives_no_answer(session: Session, kb: Knowledge) -> None:
    a = last_high_profile(session, kb, BEFORE, country="PK", definition=BROAD)
    assert a.incident is None and a.months is None and a.criteria == []
    assert a.sentence.startswith("no high-profile attack in Pakistan before 2016-08-08 is recorded")


def test_attacks_below_every_threshold_give_no_answer(session: Session, kb: Knowledge) -> None:
    add(session, kb, "2016-07-01", 9)
    add(session, kb, "2016-07-02", 4, tactics=["suicide_bombing"])
    add(session, kb, "2016-07-03", 0, targets=[{"type": "judiciary"}])
    add(session, kb, "2016-07-04", None)
    assert last_high_profile(session, kb, BEFORE, definition=BROAD).incident is None


def test_the_latest_qualifying_attack_and_the_months_since(session: Session, kb: Knowledge) -> None:
    add(session, kb, "2016-01-20", 21)
    latest = add(session, kb, "2016-03-27", 76, province="Punjab", district="Lahore")
    add(session, kb, "2016-05-10", 9)  # later, but not high-profile
    a = last_high_profile(session, kb, BEFORE, country="PK", definition=BROAD)
    assert a.incident is not None and a.incident.id == latest
    months, days = months_and_days(dt.date(2016, 3, 27), BEFORE)
    assert (a.months, a.days) == (months, days) == (4, 12)
    assert f"{months} months and {days} days earlier" in a.sentence
    assert "in Lahore, Punjab" in a.sentence and f"incident {latest}" in a.sentence
    assert a.criteria == ["killed 76 (threshold 10)"]


def test_each_criterion_alone_is_enough(session: Session, kb: Knowledge) -> None:
    suicide = add(session, kb, "2016-07-01", 5, tactics=["suicide_bombing"])
    flagged = add(session, kb, "2016-07-02", 6, suicide=True)
    judge = add(session, kb, "2016-07-03", 1, targets=[{"type": "judiciary"}])
    a = last_high_profile(session, kb, BEFORE, definition=BROAD)
    assert a.incident is not None and a.incident.id == judge
    assert a.criteria == ["aimed at judiciary and killed 1 (threshold 1)"]
    assert [r.id for r in a.runners_up] == [flagged, suicide]


def test_operations_drone_strikes_and_clashes_never_count(session: Session, kb: Knowledge) -> None:
    attack = add(session, kb, "2016-06-01", 12)
    for day, kind in (
        ("2016-07-01", "security_operation"),
        ("2016-07-10", "drone_strike"),
        ("2016-07-20", "armed_clash"),
        ("2016-07-25", "military_operation"),
    ):
        add(
            session,
            kb,
            day,
            None,
            event_type=kind,
            casualties=[{"category": "militants", "best": 60}],
            targets=[{"type": "militants"}],
        )
    a = last_high_profile(session, kb, BEFORE, definition=BROAD)
    assert a.incident is not None and a.incident.id == attack
    assert a.considered == 1


def test_ties_on_the_same_day_go_by_killed_then_id(session: Session, kb: Knowledge) -> None:
    fewer = add(session, kb, "2016-07-10", 12)
    more = add(session, kb, "2016-07-10", 15)
    same_a = add(session, kb, "2016-07-10", 12)
    earlier = add(session, kb, "2016-07-09", 90)
    a = last_high_profile(session, kb, BEFORE, definition=BROAD)
    assert a.incident is not None
    order = [a.incident.id, *(r.id for r in a.runners_up)]
    assert order == [more, max(fewer, same_a), min(fewer, same_a), earlier]


def test_a_month_straddling_the_date_is_not_before_it(session: Session, kb: Knowledge) -> None:
    day_attack = add(session, kb, "2016-07-20", 11)
    straddling = add(session, kb, "2016-08-01", 40, date_precision="month")
    a = last_high_profile(session, kb, BEFORE, definition=BROAD)
    assert a.incident is not None and a.incident.id == day_attack
    assert [r.id for r in a.straddling] == [straddling]


def test_a_month_wholly_before_the_date_counts_by_its_last_day(
    session: Session, kb: Knowledge
) -> None:
    day_attack = add(session, kb, "2016-07-20", 30)
    july = add(session, kb, "2016-07-01", 11, date_precision="month")
    a = last_high_profile(session, kb, BEFORE, definition=BROAD)
    assert a.incident is not None and a.incident.id == july  # may be as late as 31 July
    assert (a.months, a.days) == months_and_days(dt.date(2016, 7, 31), BEFORE)
    assert "date known to the month" in a.sentence
    assert [r.id for r in a.runners_up] == [day_attack]


def test_an_attack_on_the_date_itself_is_not_before_it(session: Session, kb: Knowledge) -> None:
    add(session, kb, "2016-08-08", 70)
    assert last_high_profile(session, kb, BEFORE, definition=BROAD).incident is None


def test_the_definition_is_configurable(session: Session, kb: Knowledge) -> None:
    big = add(session, kb, "2016-06-01", 25)
    smaller = add(session, kb, "2016-07-01", 12)
    default = last_high_profile(session, kb, BEFORE, definition=BROAD)
    assert default.incident is not None and default.incident.id == smaller
    strict = HighProfile(min_killed=20, min_killed_suicide=20)
    a = last_high_profile(session, kb, BEFORE, definition=strict)
    assert a.incident is not None and a.incident.id == big
    assert "killed at least 20" in a.definition


def test_the_area_and_actor_narrow_the_question(session: Session, kb: Knowledge) -> None:
    quetta = add(session, kb, "2016-06-01", 15, actors=[{"actor": "is-khorasan"}])
    add(
        session,
        kb,
        "2016-07-01",
        15,
        province="Punjab",
        district="Lahore",
        actors=[{"actor": "TTP"}],
    )
    by_province = last_high_profile(session, kb, BEFORE, province="Balochistan", definition=BROAD)
    by_group = last_high_profile(
        session, kb, BEFORE, actor="Islamic State", definition=BROAD
    )  # its chapter
    assert by_province.incident is not None and by_province.incident.id == quetta
    assert by_group.incident is not None and by_group.incident.id == quetta
