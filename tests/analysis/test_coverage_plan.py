"""Coverage's walk for the incidents entered by hand in a country reads the country's part of
``ix_incidents_country_date`` (migration 0007_tidy7), on SQLite and PostgreSQL: without it,
the walk read the date index of every country from 1989 (117-125 ms for Afghanistan's spans
at 1,000,000 incidents: docs/performance.md). The index is on ``upper(country)``, which
only the walk asks for, so that the queries that name a country and dates (the last
high-profile attack) keep their own index. SQLite takes it once the database has
statistics (``upgrade`` runs ANALYZE), as the test database here is given them; the spans
read through it are one GROUP BY's."""

from __future__ import annotations

from typing import Any

from reference_tallies import ref_spans
from sqlalchemy import select

from militancydb.analysis.coverage import _spans, manual_walk
from militancydb.db.engine import make_engine, session_factory
from militancydb.db.tables import Incident


def _plan(url: str, sql: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            if engine.dialect.name == "sqlite":
                rows = c.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
                return "\n".join(str(r[3]) for r in rows)
            # on the bundled 6,416 incidents a sequential scan may cost as little as any
            # index; what is asked here is which index the walk can use
            c.exec_driver_sql("SET LOCAL enable_seqscan = off")
            return "\n".join(str(r[0]) for r in c.exec_driver_sql(f"EXPLAIN {sql}"))
    finally:
        engine.dispose()


def _sql(url: str, query: Any) -> str:
    engine = make_engine(url)
    try:
        return str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    finally:
        engine.dispose()


LIVE = [Incident.deleted.is_(False)]


def _analysed(url: str) -> str:
    engine = make_engine(url)
    with engine.begin() as c:
        c.exec_driver_sql("ANALYZE")
    engine.dispose()
    return url


def test_the_walk_starts_at_the_countrys_first_and_last_day(ucdp_db_url: str) -> None:
    url = _analysed(ucdp_db_url)
    # Afghanistan: a few dozen of the bundled incidents, after most of Pakistan's in date
    # order (Pakistan's walk may be planned as a hash anti-join of all its rows on 6,416)
    for country in ("AF",):
        for last in (False, True):
            walk = manual_walk(LIVE, last=last, country=country)
            plan = _plan(url, _sql(url, walk))
            first = plan.splitlines()[0] if url.startswith("sqlite") else plan
            assert "ix_incidents_country_date" in first, plan


def test_a_query_of_a_country_and_dates_keeps_its_own_index(ucdp_db_url: str) -> None:
    """A statement naming the country and a date range, as the answers write them."""
    url = _analysed(ucdp_db_url)
    query = select(Incident.id).where(
        Incident.deleted.is_(False),
        Incident.country == "PK",
        Incident.date_start < "2016-08-08",
        Incident.date_start > "2015-08-08",
    )
    plan = _plan(url, _sql(url, query))
    assert "ix_incidents_country_date" not in plan, plan


def test_the_spans_by_country_are_the_group_by(shared_ucdp_db_url: str) -> None:
    engine = make_engine(shared_ucdp_db_url)
    s = session_factory(engine)()
    try:
        for country in ("AF", "PK"):
            got = _spans(s, LIVE, country)
            assert got and got == ref_spans(s, country)
    finally:
        s.close()
        engine.dispose()
