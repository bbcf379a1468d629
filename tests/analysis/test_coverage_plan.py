"""Coverage's walk for the incidents entered by hand in a country reads the country's part of
``ix_incidents_country_date`` (migration 0007_tidy7), on SQLite and PostgreSQL: without it,
the walk read the date index of every country from 1989 (117-125 ms for Afghanistan's spans
at 1,000,000 incidents: docs/performance.md). The test database is as `init` makes it,
with no ANALYZE: SQLite takes the index without statistics. What the walk answers is held to one
GROUP BY in ``test_sql_tallies.py``."""

from __future__ import annotations

from militancydb.analysis.coverage import manual_walk
from militancydb.db.engine import make_engine
from militancydb.db.tables import Incident


def _plan(url: str, country: str, last: bool) -> str:
    engine = make_engine(url)
    where = [Incident.deleted.is_(False), Incident.country == country]
    sql = str(manual_walk(where, last=last).compile(engine, compile_kwargs={"literal_binds": True}))
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


def test_the_walk_starts_at_the_countrys_first_and_last_day(shared_ucdp_db_url: str) -> None:
    for country in ("AF", "PK"):
        for last in (False, True):
            plan = _plan(shared_ucdp_db_url, country, last)
            walk = plan.splitlines()[0] if "sqlite" in shared_ucdp_db_url else plan
            assert "ix_incidents_country_date" in walk, plan
