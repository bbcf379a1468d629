"""Issue 15, point 4: the aggregates and answers measured in-process (no CLI start-up),
each beside the same question written by hand in SQL on the same database, on databases of
100,000 and 1,000,000 incidents (the bundled rows repeated under new ids, see ``_common``),
on SQLite and PostgreSQL.

What is timed is the core function a command calls (``search_incident_rows`` for the
filtered page, ``incident_stats``, ``trend``, ``last_high_profile``, ``operational``,
``build_periodic`` + ``render_html``); the knowledge base is loaded once before (its cost is
the start-up's, issue 15 point 1).

    .venv/bin/python bench/aggregates.py --sizes 100000 --backends sqlite --repeat 3
    .venv/bin/python bench/aggregates.py                   # 100000,1000000 on both backends
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from militancydb.analysis.high_profile import last_high_profile
from militancydb.analysis.operational import operational
from militancydb.analysis.periods import parse_period
from militancydb.analysis.stats import incident_stats
from militancydb.analysis.trend import trend
from militancydb.db.engine import make_engine
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.reports.periodic import build_periodic
from militancydb.reports.render import render_html
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incident_search import search_incident_rows

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    _init,
    _scale,
    _upgraded,
    log,
    machine,
    median,
    parse_sizes,
    percentile,
    postgres_urls,
    sqlite_url,  # noqa: E402
)
from scale_queries import hand_sql as hand_sql_scale  # noqa: E402
from scale_queries import page_query  # noqa: E402

#: The hand-written twin of each question, as an analyst would type it in a SQL shell.
ATTACKS = "'militant_attack', 'sectarian_attack', 'sabotage', 'kidnapping'"
NATIONAL = "'judiciary', 'government_officials', 'foreigners', 'political_workers'"
SECURITY = "'army', 'police', 'security_forces', 'frontier_corps', 'rangers', 'khasadar'"
ASSAULT = "'armed_assault', 'raid', 'suicide_bombing', 'vbied'"
IS_FAMILY = "'islamic-state', 'is-pakistan', 'is-hind', 'is-khorasan'"


def _high_profile(
    alive: str, true: str, dated: str, columns: str = "i.id, i.date_start, i.killed_best"
) -> str:
    """The incidents that meet the whole definition (country scope) before 2016-08-08, of
    those ``dated`` picks, as an analyst would select them."""
    return (
        f"SELECT {columns} FROM incidents i WHERE i.{alive} AND "
        f"i.country = 'PK' AND i.date_start < '2016-08-08' AND i.event_type IN ({ATTACKS}) "
        f"AND {dated} AND i.killed_best >= 5 AND (i.killed_best >= 15 "
        f"OR (i.suicide = {true} OR EXISTS (SELECT 1 FROM incident_tactics t WHERE "
        "t.incident_id = i.id AND t.tactic = 'suicide_bombing')) "
        "OR EXISTS (SELECT 1 FROM incident_targets g WHERE g.incident_id = i.id AND "
        f"g.target_type IN ({NATIONAL})) "
        "OR (i.killed_best >= 10 AND EXISTS (SELECT 1 FROM incident_targets g WHERE "
        f"g.incident_id = i.id AND g.target_type IN ({SECURITY})) AND EXISTS (SELECT 1 "
        f"FROM incident_tactics t WHERE t.incident_id = i.id AND t.tactic IN ({ASSAULT}))))"
    )


def hand_sql(dialect: str) -> dict[str, list[str]]:
    month = (
        "strftime('%Y-%m', date_start)" if dialect == "sqlite" else "to_char(date_start, 'YYYY-MM')"
    )
    year = "strftime('%Y', date_start)" if dialect == "sqlite" else "to_char(date_start, 'YYYY')"
    alive = "deleted = false" if dialect == "postgresql" else "deleted = 0"
    true = "true" if dialect == "postgresql" else "1"
    page = hand_sql_scale(dialect)["filtered page"]
    return {
        "filtered page (Balochistan, 2016-08, 50 rows and the total)": [
            st for st in page.split("; ") if st
        ],
        "stats --by province --period month": [
            f"SELECT {month}, event_type, aggregate, admin1_name, count(*), sum(killed_best), "
            f"sum(injured_best) FROM incidents WHERE {alive} GROUP BY 1, 2, 3, 4"
        ],
        "ask trend --period 2016 --by province": [
            f"SELECT admin1_name, {year}, count(*), sum(killed_best), sum(injured_best) "
            f"FROM incidents WHERE {alive} AND aggregate = false AND date_start BETWEEN "
            "'2007-01-01' AND '2016-12-31' GROUP BY 1, 2"
        ],
        "ask last-high-profile --before 2016-08-08 --country PK": [
            f"SELECT id, date_start FROM incidents WHERE {alive} AND country = 'PK' AND "
            f"date_start < '2016-08-08' AND killed_best >= 15 AND event_type IN ({ATTACKS}) "
            "ORDER BY date_start DESC LIMIT 6"
        ],
        # the same question with the whole definition (the analyst's: a toll, a suicide
        # attack, targets of national significance, an assault on the security forces),
        # for the incidents known to the day: the twin above applies the toll only
        "ask last-high-profile, whole definition by hand": [
            _high_profile(alive, true, "i.date_precision = 'day'", "i.id, i.date_start")
            + " ORDER BY i.date_start DESC LIMIT 6"
        ],
        # the whole answer by hand: the definition as above, ties on the last day in the
        # answer's order (the toll, then the id), an incident known to the day only when its
        # end is its start; the perpetrators of the answer and its runners-up (the sentence
        # names them); and the ranged incidents (known to the week, month or year, or with
        # an end date) that started within a year and a day before it and may straddle the
        # date or end later than the answer -- what the answer reads besides
        "ask last-high-profile, the whole answer by hand": [
            "SELECT t.id, t.date_start, t.killed_best, a.actor_name, a.role, a.basis FROM ("
            + _high_profile(
                alive,
                true,
                "i.date_precision = 'day' AND (i.date_end IS NULL OR i.date_end = i.date_start)",
            )
            + " ORDER BY i.date_start DESC, coalesce(i.killed_best, 0) DESC, i.id DESC "
            "LIMIT 6) t LEFT JOIN incident_actors a ON a.incident_id = t.id",
            _high_profile(
                alive,
                true,
                "(i.date_precision != 'day' OR (i.date_end IS NOT "
                "NULL AND i.date_end != i.date_start)) AND i.date_start > '2015-08-05'",
            ),
        ],
        # the group's attacks with the standing claims on them (the group's, and its rivals'
        # that make a claim contested), then its claims linked to no incident: what the
        # answer reports (the links alone until the eleventh session, when the scaled
        # databases began to carry their claims)
        "ask operational --actor 'Islamic State' --country PK": [
            "SELECT i.id, i.date_start, i.admin1_name, a.actor_key, a.basis, c.id, "
            "c.claimant_key, c.claimant_name, c.claimed_at FROM incidents i "
            "JOIN incident_actors a ON a.incident_id = i.id LEFT JOIN claims c ON "
            f"c.incident_id = i.id AND c.{alive} AND c.kind = 'claim' AND c.status != "
            f"'retracted' WHERE i.{alive} AND i.country = "
            f"'PK' AND a.role = 'perpetrator' AND a.actor_key IN ({IS_FAMILY}) AND "
            f"i.date_start <= '2016-08-31' AND i.event_type IN ({ATTACKS})",
            f"SELECT id, claimed_at FROM claims WHERE incident_id IS NULL AND {alive} AND "
            f"kind = 'claim' AND status NOT IN ('retracted', 'rejected') AND claimant_key IN "
            f"({IS_FAMILY}) AND substr(claimed_at, 1, 10) <= '2016-08-31'",
        ],
        "monthly report 2016-08 (HTML)": [
            f"SELECT {month}, event_type, count(*), sum(killed_best) FROM incidents "
            f"WHERE {alive} AND country = 'PK' AND date_start BETWEEN '2015-08-01' AND "
            "'2016-08-31' GROUP BY 1, 2",
            f"SELECT * FROM incidents WHERE {alive} AND country = 'PK' AND date_start "
            "BETWEEN '2016-08-01' AND '2016-08-31'",
        ],
    }


def questions(kb: Knowledge) -> dict[str, Callable[[Session], object]]:
    y2016, _ = parse_period("2016")
    aug, _ = parse_period("2016-08")

    def report(s: Session) -> object:
        return render_html(build_periodic(s, kb, aug, "month", "PK", today=dt.date(2026, 1, 1)))

    page = page_query()
    return {
        "filtered page (Balochistan, 2016-08, 50 rows and the total)": lambda s: (
            search_incident_rows(s, page)
        ),
        "stats --by province --period month": lambda s: incident_stats(
            s, period="month", by="province"
        ),
        "ask trend --period 2016 --by province": lambda s: trend(
            s, IncidentFilter(), y2016, "year", "province"
        ),
        "ask last-high-profile --before 2016-08-08 --country PK": lambda s: last_high_profile(
            s, kb, dt.date(2016, 8, 8), country="PK"
        ),
        "ask last-high-profile, whole definition by hand": lambda s: last_high_profile(
            s, kb, dt.date(2016, 8, 8), country="PK"
        ),
        "ask last-high-profile, the whole answer by hand": lambda s: last_high_profile(
            s, kb, dt.date(2016, 8, 8), country="PK"
        ),
        "ask operational --actor 'Islamic State' --country PK": lambda s: operational(
            s, kb, "Islamic State", "PK", dt.date(2016, 8, 31)
        ),
        "monthly report 2016-08 (HTML)": report,
    }


Figures = tuple[float, float, float]


def timed(fns: list[Callable[[], object]], n: int) -> list[Figures]:
    """Median and p95 wall-clock ms, and the median CPU ms of this process (on SQLite that
    is the database's work too; a PostgreSQL server's is not in it), of each of ``fns``,
    run in turn ``n`` times (ours, then the twin, then ours again...), so that a shared
    machine's load falls on both alike."""
    times: list[list[float]] = [[] for _ in fns]
    cpu: list[list[float]] = [[] for _ in fns]
    for _ in range(n):
        for i, fn in enumerate(fns):
            started, cpu_started = time.perf_counter(), time.process_time()
            fn()
            times[i].append((time.perf_counter() - started) * 1000)
            cpu[i].append((time.process_time() - cpu_started) * 1000)
    return [(median(t), percentile(t, 95), median(c)) for t, c in zip(times, cpu, strict=True)]


def ms(value: float) -> str:
    """A figure in ms: one decimal below 100."""
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def bench_db(backend: str, size: int, url: str, n: int, only: list[str]) -> list[str]:
    engine: Engine = make_engine(url)
    rows = []
    with Session(engine) as s:
        kb = load_knowledge(s)
        sql = hand_sql(engine.dialect.name)
        for name, fn in questions(kb).items():
            if only and not any(o in name for o in only):
                continue

            def by_hand(statements: list[str] = sql[name]) -> None:
                with engine.connect() as conn:
                    for st in statements:
                        conn.execute(text(st)).all()

            def ours(fn: Callable[[Session], object] = fn) -> None:
                s.expire_all()
                fn(s)

            try:
                timed([ours, by_hand], 1)  # untimed: the pages each reads, from disk
                (a, b, c), (h, h95, hc) = timed([ours, by_hand], n)
                ours_txt = f"{ms(a)} | {ms(b)} | {ms(c)}"
            except Exception as exc:  # a failure is a figure too
                ours_txt = f"failed: {type(exc).__name__}: {str(exc)[:60]} | | "
                ((h, h95, hc),) = timed([by_hand], n)
            line = (
                f"| {backend} | {size:,} | {name} | {ours_txt} | {ms(h)} | {ms(h95)} | {ms(hc)} |"
            )
            log(line)
            rows.append(line)
    engine.dispose()
    return rows


def kept_server_urls(admin_url: str) -> Callable[[int], str]:
    """Databases on a server that outlives the run (``--pg-server``): ``mdb_bundled`` and
    ``mdb_<size>`` are built when missing and kept, so that two runs (the code before and
    after a change) measure the same databases. Each is upgraded to the current schema and
    analysed before use."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    base = make_url(admin_url)

    def exists(name: str) -> bool:
        with admin.connect() as c:
            found = c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            return found.first() is not None

    def url(size: int) -> str:
        if not exists("mdb_bundled"):
            with admin.connect() as c:
                c.execute(text("CREATE DATABASE mdb_bundled"))
            _init(base.set(database="mdb_bundled").render_as_string(hide_password=False))
        name = f"mdb_{size}" if size else "mdb_bundled"
        target = base.set(database=name).render_as_string(hide_password=False)
        if not exists(name):
            with admin.connect() as c:
                c.execute(text(f"CREATE DATABASE {name}_tmp TEMPLATE mdb_bundled"))
            _scale(base.set(database=f"{name}_tmp").render_as_string(hide_password=False), size)
            with admin.connect() as c:
                c.execute(text(f"ALTER DATABASE {name}_tmp RENAME TO {name}"))
        return _upgraded(target)

    return url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--only", action="append", default=[], help="only the questions naming this (repeatable)"
    )
    ap.add_argument(
        "--pg-server",
        help="the URL of a running PostgreSQL server to build and keep the databases on "
        "(default: a throwaway server, its databases built anew)",
    )
    args = ap.parse_args()
    sizes = parse_sizes(args.sizes)
    backends = [b.strip() for b in args.backends.split(",")]
    print(f"machine: {machine()}", flush=True)
    rows: list[str] = []
    if "sqlite" in backends:
        for size in sizes:
            rows += bench_db("sqlite", size, sqlite_url(size), args.repeat, args.only)
    if "postgresql" in backends and args.pg_server:
        kept = kept_server_urls(args.pg_server)
        for size in sizes:
            rows += bench_db("postgresql", size, kept(size), args.repeat, args.only)
    elif "postgresql" in backends:
        with postgres_urls(sizes) as pg_url:
            for size in sizes:
                rows += bench_db("postgresql", size, pg_url(size), args.repeat, args.only)
    print(f"load average after: {machine().split('load average ')[1]}")
    print(
        "\n| backend | incidents | what | median ms | p95 ms | CPU ms | by hand in SQL: median ms "
        "| p95 ms | CPU ms |\n|---|---:|---|---:|---:|---:|---:|---:|---:|"
    )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
