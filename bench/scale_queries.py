"""The questions of bench/scale.py: each through the CLI, the filtered page also through the
service the API calls (in this process), beside the same question written by hand in SQL and
in pandas (the incidents table read into a DataFrame once, then each question asked of it)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy import Engine, text

from militancydb.db.engine import make_engine, session_scope
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incident_search import IncidentQuery, search_incident_rows

MONTH = ["--province", "Balochistan", "--from", "2016-08-01", "--to", "2016-08-31"]
IS_KEYS = ("islamic-state", "is-khorasan")
NOT_ATTACKS = ("security_operation", "military_operation", "drone_strike", "armed_clash")


def hand_sql(dialect: str) -> dict[str, str]:
    """Each question written by hand, as an analyst would in a SQL shell."""
    month = (
        "strftime('%Y-%m', date_start)" if dialect == "sqlite" else "to_char(date_start, 'YYYY-MM')"
    )
    year = "strftime('%Y', date_start)" if dialect == "sqlite" else "to_char(date_start, 'YYYY')"
    alive = "deleted = false" if dialect == "postgresql" else "deleted = 0"
    keys = ", ".join(f"'{k}'" for k in IS_KEYS)
    not_attacks = ", ".join(f"'{k}'" for k in NOT_ATTACKS)
    return {
        "filtered page": (
            f"SELECT * FROM incidents WHERE {alive} AND date_start BETWEEN '2016-08-01' AND "
            "'2016-08-31' AND (admin1_key = 'PK-BA' OR admin1_now_key = 'PK-BA') "
            "ORDER BY date_start, id LIMIT 50; "
            f"SELECT count(*) FROM incidents WHERE {alive} AND date_start BETWEEN "
            "'2016-08-01' AND '2016-08-31' AND (admin1_key = 'PK-BA' OR admin1_now_key = 'PK-BA')"
        ),
        "stats --by province --period month": (
            f"SELECT admin1_key, {month}, count(*), sum(killed_best), sum(injured_best) "
            f"FROM incidents WHERE {alive} GROUP BY 1, 2"
        ),
        "ask trend --period 2016": (
            f"SELECT admin1_key, {year}, count(*), sum(killed_best), sum(injured_best) "
            f"FROM incidents WHERE {alive} AND date_start BETWEEN '2015-01-01' AND "
            "'2016-12-31' GROUP BY 1, 2"
        ),
        "ask last-high-profile": (
            f"SELECT id, date_start FROM incidents WHERE {alive} AND country = 'PK' AND "
            f"date_start < '2020-01-01' AND killed_best >= 10 AND event_type NOT IN "
            f"({not_attacks}) ORDER BY date_start DESC LIMIT 1"
        ),
        "ask operational": (
            f"SELECT a.actor_key, a.role, {year}, i.admin1_key, count(*) FROM incident_actors a "
            f"JOIN incidents i ON i.id = a.incident_id WHERE i.{alive} AND i.country = 'PK' "
            f"AND a.actor_key IN ({keys}) GROUP BY 1, 2, 3, 4"
        ),
    }


def cli_questions(db: list[str]) -> dict[str, list[str]]:
    """The same questions as CLI commands (each a subprocess: start-up included)."""
    return {
        "filtered page": [*db, "incidents", "list", *MONTH, "--limit", "50", "--format", "csv"],
        "stats --by province --period month": [
            *[*db, "stats", "--by", "province", "--period", "month", "--format", "csv"]
        ],
        "ask trend --period 2016": [*db, "ask", "trend", "--period", "2016", "--format", "json"],
        "ask last-high-profile": [
            *[*db, "ask", "last-high-profile", "--before", "2020-01-01", "--country", "PK"],
            *["--format", "json"],
        ],
        "ask operational": [
            *[*db, "ask", "operational", "--actor", "Islamic State", "--country", "PK"],
            *["--format", "json"],
        ],
    }


def by_hand(engine: Engine, statements: list[str]) -> Callable[[], None]:
    def go() -> None:
        with engine.connect() as conn:
            for s in statements:
                conn.execute(text(s)).all()

    return go


def page_query() -> IncidentQuery:
    """The filtered page the benchmarks time: Balochistan, August 2016, 50 rows."""
    return IncidentQuery(
        filter=IncidentFilter(
            provinces=frozenset({"PK-BA"}),
            date_from=dt.date(2016, 8, 1),
            date_to=dt.date(2016, 8, 31),
        ),
        limit=50,
    )


def filtered_page(url: str) -> Callable[[], None]:
    """The API's filtered page (:func:`page_query`, with the total) through
    ``search_incident_rows``, in this process (no HTTP, no start-up)."""
    engine = make_engine(url)
    q = page_query()

    def go() -> None:
        with session_scope(engine) as s:
            page = search_incident_rows(s, q)
            assert len(page.data) == min(50, page.count), page.count

    return go


class Pandas:
    """The incidents table (and the actor links the questions need) read into DataFrames."""

    def __init__(self, engine: Engine) -> None:
        started = time.perf_counter()
        self.df = pd.read_sql(
            "SELECT id, date_start, country, admin1_key, admin1_now_key, event_type, "
            "killed_best, injured_best, deleted FROM incidents",
            engine,
            parse_dates=["date_start"],
        )
        self.df = self.df[~self.df["deleted"].astype(bool)]
        keys = ", ".join(f"'{k}'" for k in IS_KEYS)
        self.actors = pd.read_sql(
            f"SELECT incident_id, actor_key, role FROM incident_actors WHERE actor_key IN ({keys})",
            engine,
        )
        self.load_seconds = time.perf_counter() - started

    def questions(self) -> dict[str, Callable[[], Any]]:
        df = self.df

        def page() -> Any:
            sel = df[
                ((df.admin1_key == "PK-BA") | (df.admin1_now_key == "PK-BA"))
                & (df.date_start >= "2016-08-01")
                & (df.date_start <= "2016-08-31")
            ]
            return sel.sort_values(["date_start", "id"]).head(50), len(sel)

        def stats() -> Any:
            month = df.date_start.dt.to_period("M")
            return df.groupby([df.admin1_key, month])[["killed_best", "injured_best"]].agg(
                ["count", "sum"]
            )

        def trend() -> Any:
            sel = df[(df.date_start >= "2015-01-01") & (df.date_start <= "2016-12-31")]
            by = [sel.admin1_key, sel.date_start.dt.year]
            return sel.groupby(by)[["killed_best", "injured_best"]].agg(["count", "sum"])

        def last_high_profile() -> Any:
            sel = df[
                (df.country == "PK")
                & (df.date_start < "2020-01-01")
                & (df.killed_best >= 10)
                & ~df.event_type.isin(NOT_ATTACKS)
            ]
            return sel.nlargest(1, "date_start")

        def operational() -> Any:
            j = self.actors.merge(df[df.country == "PK"], left_on="incident_id", right_on="id")
            return j.groupby(["actor_key", "role", j.date_start.dt.year, "admin1_key"]).size()

        return {
            "filtered page": page,
            "stats --by province --period month": stats,
            "ask trend --period 2016": trend,
            "ask last-high-profile": last_high_profile,
            "ask operational": operational,
        }
