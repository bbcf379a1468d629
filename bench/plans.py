"""The query plans of the measured search and dashboard queries, before and after: the
indexed form the services use on the current schema, then (on a copy brought down to the
schema before ``0003_perf``) the simple form as ``IncidentFilter.apply`` writes it.
``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN (ANALYZE, COSTS OFF)`` on PostgreSQL.

    .venv/bin/python bench/plans.py --backend sqlite --size 1000000
    .venv/bin/python bench/plans.py --backend postgresql --size 100000
    .venv/bin/python bench/plans.py --url sqlite:///some.db      # that database as it is
    .venv/bin/python bench/plans.py --questions --size 100000   # the answers' slowest SQL

``--questions`` runs the aggregates and answers of ``bench/aggregates.py`` once, records every
statement they send (with its parameters and time), and prints the plans of those that took
longer than ``--min-ms``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Select, extract, func, select, text, true
from sqlalchemy.orm import Session

from militancydb.db.engine import current_revision, downgrade, make_engine
from militancydb.db.tables import Incident
from militancydb.knowledge.loader import load_knowledge
from militancydb.services.incident_filters import build_filter
from militancydb.services.incident_search import IncidentQuery, apply_query

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import postgres_urls, sqlite_url  # noqa: E402

MONTH = {
    "province": "Balochistan",
    "date_from": dt.date(2016, 8, 1),
    "date_to": dt.date(2016, 8, 31),
}
BEFORE = "0002_documents"  # the revision before 0003_perf
YEAR = {"date_from": dt.date(2016, 1, 1), "date_to": dt.date(2016, 12, 31)}


def statements(session: Session, simple: bool) -> Iterator[tuple[str, Select[Any]]]:
    kb = load_knowledge(session)
    month = IncidentQuery(filter=build_filter(kb, **MONTH))  # type: ignore[arg-type]
    year = IncidentQuery(filter=build_filter(kb, **YEAR))  # type: ignore[arg-type]
    every = IncidentQuery()
    date = Incident.date_start.asc().nulls_last() if simple else Incident.date_start.asc()
    yield (
        "filtered page: ids",
        apply_query(month, select(Incident.id), simple=simple)
        .order_by(date, Incident.id)
        .limit(50),
    )
    yield "filtered page: count", apply_query(month, select(func.count(Incident.id)), simple=simple)
    yield (
        "first page: ids",
        apply_query(every, select(Incident.id), simple=simple)
        .order_by(date, Incident.id)
        .limit(50),
    )
    if simple:
        yield "first page: count", apply_query(every, select(func.count(Incident.id)), simple=True)
    else:  # what search_incidents counts when nothing is filtered
        yield "first page: count, the table", select(func.count()).select_from(Incident)
        yield (
            "first page: count, the deleted",
            select(func.count()).where(Incident.deleted == true()),
        )
    if simple:
        yield (
            "sorted by killed, desc",
            apply_query(every, select(Incident.id), simple=True)
            .order_by(Incident.killed_best.desc().nulls_last(), Incident.id.desc())
            .limit(50),
        )
    else:  # the first of page_ids' two parts (the second runs only past the last figure)
        yield (
            "sorted by killed, desc (those with a figure)",
            apply_query(every, select(Incident.id))
            .where(Incident.killed_best.is_not(None))
            .order_by(Incident.killed_best.desc(), Incident.id.desc())
            .limit(50),
        )
    y, m = extract("year", Incident.date_start), extract("month", Incident.date_start)
    for label, q in (("province + month", month), ("one year", year), ("no filter", every)):
        if simple:  # as the dashboard grouped before: by event type, year and month
            tally = apply_query(
                q, select(Incident.event_type, y, m, func.count(Incident.id)), simple=True
            ).group_by(Incident.event_type, y, m)
        else:  # by day and event type, in the order of ix_incidents_tally
            tally = apply_query(
                q,
                select(
                    Incident.date_start,
                    Incident.event_type,
                    func.count(Incident.id),
                    func.sum(Incident.killed_best),
                ),
            ).group_by(Incident.date_start, Incident.event_type)
        yield f"dashboard tallies, {label}", tally
        yield (
            f"dashboard map points, {label}",
            apply_query(q, select(Incident.id, Incident.latitude), simple=simple)
            .where(Incident.latitude.is_not(None), Incident.longitude.is_not(None))
            .order_by(Incident.killed_best.desc().nulls_last(), Incident.id)
            .limit(3000),
        )


def explain(session: Session, stmt: Select[Any]) -> list[str]:
    bind = session.get_bind()
    sql = str(stmt.compile(bind, compile_kwargs={"literal_binds": True}))
    if bind.dialect.name == "sqlite":
        return [str(r[3]) for r in session.execute(text("EXPLAIN QUERY PLAN " + sql))]
    return [r[0] for r in session.execute(text("EXPLAIN (ANALYZE, COSTS OFF) " + sql))]


def show(url: str, simple: bool) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        n = session.scalar(select(func.count(Incident.id)))
        form = "simple" if simple else "indexed"
        schema = current_revision(engine)
        print(f"\n### {engine.dialect.name}, {n:,} incidents, schema {schema}, {form} form\n")
        for label, stmt in statements(session, simple):
            print(f"{label}:\n```")
            print("\n".join(explain(session, stmt)))
            print("```")
    engine.dispose()


def before(url: str) -> None:
    """Bring ``url`` down to the schema before 0003_perf, analyse it, show the simple form."""
    engine = make_engine(url)
    downgrade(engine, BEFORE)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()
    show(url, simple=True)


def question_plans(url: str, min_ms: float) -> None:
    """Plans of the statements the answers send that take longer than ``min_ms``."""
    import time

    from aggregates import questions  # bench/aggregates.py
    from sqlalchemy import event

    engine = make_engine(url)
    seen: dict[str, tuple[str, Any, float]] = {}

    def before(conn: Any, cursor: Any, stmt: str, params: Any, ctx: Any, many: bool) -> None:
        conn.info["started"] = time.perf_counter()

    def after(conn: Any, cursor: Any, stmt: str, params: Any, ctx: Any, many: bool) -> None:
        ms = (time.perf_counter() - conn.info["started"]) * 1000
        if not many and (stmt not in seen or seen[stmt][2] < ms):
            seen[stmt] = (current, params, ms)

    current = ""
    with Session(engine) as session:
        kb = load_knowledge(session)
        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        for name, fn in questions(kb).items():
            current = name
            fn(session)
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
        n = session.scalar(select(func.count(Incident.id)))
        print(f"\n### {engine.dialect.name}, {n:,} incidents: statements over {min_ms:g} ms\n")
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        for stmt, (name, params, ms) in sorted(seen.items(), key=lambda kv: -kv[1][2]):
            if ms < min_ms:
                continue
            prefix = (
                "EXPLAIN QUERY PLAN "
                if engine.dialect.name == "sqlite"
                else "EXPLAIN (ANALYZE, COSTS OFF) "
            )
            cur = raw.cursor()
            cur.execute(prefix + stmt, params)
            lines = [str(r[3]) if engine.dialect.name == "sqlite" else r[0] for r in cur]
            short = " ".join(stmt.split())[:160]
            print(f"{name}, {ms:,.0f} ms: `{short}…`\n```\n" + "\n".join(lines) + "\n```")
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="show this database's plans (indexed form) and stop")
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--questions", action="store_true", help="the answers' slow statements")
    ap.add_argument("--min-ms", type=float, default=20.0)
    args = ap.parse_args()
    if args.questions:
        if args.url:
            question_plans(args.url, args.min_ms)
        elif args.backend == "sqlite":
            question_plans(sqlite_url(args.size), args.min_ms)
        else:
            with postgres_urls([args.size]) as pg_url:
                question_plans(pg_url(args.size), args.min_ms)
        return
    if args.url:
        show(args.url, simple=False)
        return
    if args.backend == "sqlite":
        url = sqlite_url(args.size)
        show(url, simple=False)
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "before.db"
            shutil.copyfile(url.removeprefix("sqlite:///"), copy)
            before(f"sqlite:///{copy}")
        return
    with postgres_urls([args.size]) as pg_url:
        url = pg_url(args.size)
        show(url, simple=False)
        before(url)


if __name__ == "__main__":
    main()
