"""The incident filter: its SQL form (IncidentFilter.apply, the live list) and its Python
form (IncidentFilter.matches, the as-of list) select the same incidents."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from sqlalchemy.orm import Session

from militancydb.domain.incident import IncidentPublic
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
from militancydb.services.incident_query import IncidentFilter, event_type_family
from militancydb.services.incidents import (
    create_incident,
    delete_incident,
    get_incident,
    list_incidents,
)

ED = Editor(user="tester")

#: A varied set: FATA before the merger, districts split since, no province, another
#: country, unknown and zero death tolls, several roles, tactics and event types.
POOL: list[dict[str, Any]] = [
    {
        "date_start": "2009-05-01",
        "province": "FATA",
        "district": "Khyber Agency",
        "event_type": "militant_attack",
        "tactics": ["suicide_bombing"],
        "casualties": [{"category": "total", "best": 10}],
        "actors": [{"actor": "ttp"}],
    },
    {
        "date_start": "2014-06-15",
        "province": "FATA",
        "district": "North Waziristan Agency",
        "event_type": "military_operation",
        "tactics": ["air_strike"],
        "casualties": [{"category": "militants", "best": 50}],
        "actors": [{"actor": "pakistan-army"}, {"actor": "ttp", "role": "target"}],
    },
    {
        "date_start": "2012-01-01",
        "province": "Punjab",
        "district": "Lahore",
        "event_type": "sectarian_attack",
        "tactics": ["ied"],
        "actors": [{"actor": "lej"}],
    },
    {
        "date_start": "2019-03-03",
        "province": "Khyber Pakhtunkhwa",
        "district": "Khyber",
        "event_type": "armed_clash",
        "tactics": ["firefight"],
        "casualties": [{"category": "total", "best": 0}],
        "actors": [{"actor": "ttp", "role": "party"}, {"actor": "frontier-corps", "role": "party"}],
    },
    {
        "date_start": "2015-05-13",
        "province": "Sindh",
        "district": "Karachi East",
        "event_type": "sectarian_attack",
        "tactics": ["armed_assault"],
        "casualties": [{"category": "civilians", "best": 45}],
        "actors": [{"actor": "is-khorasan"}],
    },
    {
        "date_start": "2010-07-01",
        "province": "FATA",
        "district": "North Waziristan Agency",
        "event_type": "drone_strike",
        "tactics": ["drone_missile"],
        "casualties": [{"category": "total", "best": 5}],
        "actors": [{"actor": "cia"}],
    },
    {
        "date_start": "2018-07-13",
        "province": "Balochistan",
        "district": "Mastung",
        "event_type": "militant_attack",
        "tactics": ["suicide_bombing", "ied"],
        "casualties": [{"category": "total", "best": 149}],
        "actors": [{"actor": "is-khorasan"}, {"actor": "lej", "role": "party"}],
    },
    {
        "date_start": "2011-05-22",
        "province": "Sindh",
        "district": "Karachi",
        "event_type": "search_operation",
        "tactics": ["raid"],
        "casualties": [{"category": "militants", "best": 3}],
        "actors": [{"actor": "ctd"}],
    },
    {
        "date_start": "2017-02-16",
        "country": "AF",
        "province": "Kunar",
        "event_type": "cross_border_attack",
        "tactics": ["artillery"],
        "actors": [{"actor": "pakistan-army"}],
    },
    {
        "date_start": "2016-08-08",
        "province": "Balochistan",
        "district": "Quetta",
        "event_type": "militant_attack",
        "tactics": ["suicide_bombing"],
        "casualties": [{"category": "total", "best": 75}],
        "actors": [{"actor": "jamaat-ul-ahrar"}],
    },
    {"date_start": "2020-01-01", "event_type": "other"},
    {
        "date_start": "2013-02-16",
        "province": "Balochistan",
        "district": "Quetta",
        "event_type": "sectarian_attack",
        "tactics": ["vbied"],
        "casualties": [{"category": "total", "best": 84}],
        "actors": [{"actor": "lej"}],
    },
]
DELETED = (2, 9)  # positions in POOL deleted after creation

PROVINCES = ["PK-BA", "PK-PB", "PK-SD", "PK-KP", "PK-TA", "AF-KNR", "PK-IS"]
DISTRICTS = [
    "PK-BA-quetta",
    "PK-KP-khyber",
    "PK-TA-khyber-agency",
    "PK-SD-karachi",
    "PK-KP-north-waziristan",
    "PK-PB-lahore",
]
ACTORS = ["ttp", "lej", "is-khorasan", "pakistan-army", "cia", "frontier-corps", "ctd"]
ROLES = ["perpetrator", "target", "party"]
EVENT_TYPES = [
    "militant_attack",
    "sectarian_attack",
    "security_operation",
    "military_operation",
    "drone_strike",
    "armed_clash",
    "other",
]
TACTICS = ["suicide_bombing", "ied", "vbied", "raid", "firefight", "artillery"]
DAYS = [dt.date(y, m, 1) for y in range(2009, 2021) for m in (1, 7)]


@pytest.fixture
def pool(session: Session, kb: Knowledge) -> list[IncidentPublic]:
    """Every incident of POOL, stored, in its current public form (deleted ones too)."""
    ids = [create_incident(session, doc, kb, ED).id for doc in POOL]
    for n in DELETED:
        delete_incident(session, ids[n], expected_version=1, editor=ED)
    return [get_incident(session, i, include_deleted=True) for i in ids]


def random_filter(rng: random.Random) -> IncidentFilter:
    def some(values: list[Any]) -> frozenset[Any]:
        return (
            frozenset(rng.sample(values, rng.randint(1, 3))) if rng.random() < 0.35 else frozenset()
        )

    date_from = rng.choice(DAYS) if rng.random() < 0.3 else None
    date_to = rng.choice(DAYS) if rng.random() < 0.3 else None
    return IncidentFilter(
        date_from=date_from,
        date_to=date_to,
        country=rng.choice(["PK", "AF"]) if rng.random() < 0.2 else None,
        provinces=some(PROVINCES),
        districts=some(DISTRICTS),
        actors=some(ACTORS),
        roles=some(ROLES),
        event_types=some(EVENT_TYPES),
        tactics=some(TACTICS),
        min_killed=rng.choice([0, 1, 5, 50, 100]) if rng.random() < 0.3 else None,
        include_deleted=rng.random() < 0.3,
    )


HAND_PICKED = [
    IncidentFilter(),
    IncidentFilter(include_deleted=True),
    IncidentFilter(date_from=dt.date(2012, 1, 1), date_to=dt.date(2016, 8, 8)),
    IncidentFilter(country="AF"),
    IncidentFilter(provinces=frozenset({"PK-KP"})),  # today's KP holds former FATA
    IncidentFilter(provinces=frozenset({"PK-TA"})),
    IncidentFilter(districts=frozenset({"PK-KP-khyber"})),
    IncidentFilter(districts=frozenset({"PK-BA-quetta"}), include_deleted=True),
    IncidentFilter(event_types=frozenset(event_type_family("security_operation"))),
    IncidentFilter(event_types=frozenset({"sectarian_attack"}), include_deleted=True),
    IncidentFilter(tactics=frozenset({"suicide_bombing", "vbied"})),
    IncidentFilter(min_killed=0),
    IncidentFilter(min_killed=50),
    IncidentFilter(actors=frozenset({"ttp"})),
    IncidentFilter(actors=frozenset({"ttp"}), roles=frozenset({"perpetrator"})),
    IncidentFilter(actors=frozenset({"lej", "ttp"}), roles=frozenset({"party", "target"})),
    IncidentFilter(ids=frozenset({1, 2, 3, 4})),
]


def sql_ids(session: Session, flt: IncidentFilter) -> set[int]:
    result = list_incidents(session, flt)
    ids = {i.id for i in result.data}
    assert result.count == len(ids)
    return ids


def python_ids(pool: list[IncidentPublic], flt: IncidentFilter) -> set[int]:
    return {i.id for i in pool if flt.matches(i)}


def test_sql_and_python_filters_agree_on_hand_picked_filters(
    session: Session, pool: list[IncidentPublic]
) -> None:
    for flt in HAND_PICKED:
        assert sql_ids(session, flt) == python_ids(pool, flt), flt


def test_hand_picked_filters_select_proper_subsets(pool: list[IncidentPublic]) -> None:
    # otherwise the agreement above would prove little
    everything = {i.id for i in pool}
    for flt in HAND_PICKED[2:]:
        chosen = python_ids(pool, flt)
        assert chosen and chosen != everything, flt


def test_sql_and_python_filters_agree_on_random_filters(
    session: Session, pool: list[IncidentPublic]
) -> None:
    rng = random.Random(20160808)
    sizes = set()
    for _ in range(60):
        flt = random_filter(rng)
        expected = python_ids(pool, flt)
        assert sql_ids(session, flt) == expected, flt
        sizes.add(len(expected))
    assert len(sizes) >= 4  # the filters select different amounts, not always none or all


def test_as_of_today_lists_what_the_live_list_does(
    session: Session, pool: list[IncidentPublic]
) -> None:
    today = dt.datetime.now(dt.UTC).date()
    rng = random.Random(1947)
    for flt in HAND_PICKED + [random_filter(rng) for _ in range(20)]:
        if flt.include_deleted:
            continue  # as-of leaves deleted incidents out by definition
        past = {i.id for i in list_incidents(session, flt, as_of=today).data}
        assert past == sql_ids(session, flt), flt


def test_known_facts_of_the_pool(pool: list[IncidentPublic]) -> None:
    # an independent check of a few filters on the pool's definition
    by_pos = {n: i.id for n, i in enumerate(pool)}
    kp = python_ids(pool, IncidentFilter(provinces=frozenset({"PK-KP"})))
    assert kp == {by_pos[n] for n in (0, 1, 3, 5)}
    ops = python_ids(
        pool, IncidentFilter(event_types=frozenset(event_type_family("security_operation")))
    )
    assert ops == {by_pos[n] for n in (1, 7)}
    big = python_ids(pool, IncidentFilter(min_killed=50))
    assert big == {by_pos[n] for n in (1, 6, 11)}  # 75 (position 9) is deleted
