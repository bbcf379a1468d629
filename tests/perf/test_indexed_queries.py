"""The search and dashboard queries written for the indexes (docs/performance.md) return
exactly what the simple forms return, on the bundled data, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from militancydb.db.engine import make_engine, session_factory
from militancydb.db.tables import Incident
from militancydb.knowledge.loader import load_knowledge
from militancydb.services.dashboard import Tally, dashboard
from militancydb.services.incident_filters import build_filter
from militancydb.services.incident_search import (
    SORTS,
    IncidentQuery,
    apply_query,
    page_ids,
    search_incidents,
)

D = dt.date


@pytest.fixture
def session(shared_ucdp_db_url: str) -> Iterator[Session]:
    engine = make_engine(shared_ucdp_db_url)
    s = session_factory(engine)()
    try:
        yield s
    finally:
        s.rollback()
        s.close()
        engine.dispose()


FILTERS: list[dict[str, object]] = [
    {},
    {"province": "Balochistan", "date_from": D(2016, 8, 1), "date_to": D(2016, 8, 31)},
    {"province": "Balochistan"},
    {"province": "Khyber Pakhtunkhwa", "date_from": D(2009, 1, 1)},
    {"province": "Punjab", "date_to": D(2005, 12, 31), "min_killed": 5},
    {"district": "Quetta"},
    {"district": "Peshawar", "date_from": D(2010, 1, 1), "date_to": D(2014, 12, 31)},
    {"date_from": D(2014, 1, 1), "date_to": D(2014, 12, 31), "event_types": ["sectarian_attack"]},
]


def _queries(session: Session) -> Iterator[IncidentQuery]:
    kb = load_knowledge(session)
    for kwargs in FILTERS:
        flt = build_filter(kb, **kwargs)  # type: ignore[arg-type]
        for sort in SORTS:
            for descending in (False, True):
                yield IncidentQuery(filter=flt, sort=sort, descending=descending, limit=1000)


def test_every_order_and_filter_gives_the_same_ids(session: Session) -> None:
    checked = 0
    for q in _queries(session):
        simple_count = session.scalar(apply_query(q, select(func.count()), simple=True))
        indexed_count = session.scalar(apply_query(q, select(func.count())))
        assert indexed_count == simple_count, q
        for page in (1, 2):
            paged = replace(q, page=page)
            assert page_ids(session, paged) == page_ids(session, paged, simple=True), paged
        checked += 1
    assert checked == len(FILTERS) * len(SORTS) * 2


def test_the_count_of_a_search_is_the_full_count(session: Session) -> None:
    for q in _queries(session):
        if q.sort != "date" or q.descending:
            continue
        total = session.scalar(apply_query(q, select(func.count()), simple=True))
        for limit, page in ((50, 1), (7, 3), (1000, 1), (50, 10_000)):
            result = search_incidents(session, replace(q, limit=limit, page=page))
            assert result.count == total, (q.filter, limit, page)
    some = search_incidents(session, IncidentQuery(limit=50))
    assert some.count > 6000 and len(some.data) == 50


def _reference(session: Session, q: IncidentQuery) -> tuple[Tally, list[Tally], list[Tally]]:
    """The dashboard's tallies as three separate GROUP BY queries (the form before)."""
    killed, injured = func.sum(Incident.killed_best), func.sum(Incident.injured_best)

    def opt(v: object) -> int | None:
        return None if v is None else int(v)  # type: ignore[call-overload]

    n, k, i = session.execute(
        apply_query(q, select(func.count(Incident.id), killed, injured), simple=True)
    ).one()
    total = Tally("all", "All incidents", int(n), opt(k), opt(i))
    by_type = sorted(
        (
            (et, int(c), opt(kk), opt(ii))
            for et, c, kk, ii in session.execute(
                apply_query(
                    q,
                    select(Incident.event_type, func.count(Incident.id), killed, injured),
                    simple=True,
                ).group_by(Incident.event_type)
            )
        ),
        key=lambda t: (-t[1], t[0]),
    )
    year, month = extract("year", Incident.date_start), extract("month", Incident.date_start)
    by_month = [
        Tally(f"{int(y):04d}-{int(m):02d}", f"{int(y):04d}-{int(m):02d}", int(c), opt(kk), None)
        for y, m, c, kk in session.execute(
            apply_query(q, select(year, month, func.count(Incident.id), killed), simple=True)
            .group_by(year, month)
            .order_by(year, month)
        )
    ]
    types = [Tally(et, "", c, kk, ii) for et, c, kk, ii in by_type]
    return total, types, by_month


def test_dashboard_tallies_match_separate_queries(session: Session) -> None:
    kb = load_knowledge(session)
    for kwargs in FILTERS:
        q = IncidentQuery(filter=build_filter(kb, **kwargs))  # type: ignore[arg-type]
        d = dashboard(session, q)
        total, types, months = _reference(session, q)
        assert d.total == total, kwargs
        assert [(t.key, t.incidents, t.killed, t.injured) for t in d.by_event_type] == [
            (t.key, t.incidents, t.killed, t.injured) for t in types
        ], kwargs
        assert d.by_month == months, kwargs
        placed = session.scalar(
            apply_query(q, select(func.count()), simple=True).where(
                Incident.latitude.is_not(None), Incident.longitude.is_not(None)
            )
        )
        assert len(d.points) + d.points_left_out == placed, kwargs


def test_pages_across_the_incidents_without_a_figure(session: Session) -> None:
    """The nullable sorts are read in two parts; the pages where one part ends and the
    other begins are the same as the single query's."""
    checked = 0
    for sort in ("killed", "injured"):
        with_figure = session.scalar(
            select(func.count()).where(SORTS[sort].is_not(None), Incident.deleted.is_(False))
        )
        assert with_figure
        for limit in (50, 7):
            boundary = with_figure // limit + 1
            for page in sorted({max(1, boundary - 1), boundary, boundary + 1}):
                for descending in (False, True):
                    q = IncidentQuery(sort=sort, descending=descending, limit=limit, page=page)
                    ids = page_ids(session, q)
                    assert ids == page_ids(session, q, simple=True), q
                    checked += len(ids)
    assert checked > 0
