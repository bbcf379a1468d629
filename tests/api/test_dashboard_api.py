"""``GET /api/v1/dashboard`` against the same figures counted in SQL by the test."""

from __future__ import annotations

import datetime as dt

from live_server import Server
from test_incidents_api import QUETTA_HOSPITAL, sql


def test_dashboard_figures_match_sql(api: Server) -> None:
    params = {"province": "Balochistan", "date_from": "2016-07-01", "date_to": "2016-09-30"}
    with api.client("viewer") as c:
        r = c.get("/api/v1/dashboard", params=params)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    d = r.json()
    where = (
        "NOT deleted AND date_start BETWEEN :a AND :b "
        "AND (admin1_key = 'PK-BA' OR admin1_now_key = 'PK-BA')"
    )
    span = {"a": dt.date(2016, 7, 1), "b": dt.date(2016, 9, 30)}
    ((n, killed),) = sql(
        api.db_url, f"SELECT count(*), sum(killed_best) FROM incidents WHERE {where}", **span
    )
    assert d["total"]["incidents"] == n and d["total"]["killed"] == killed
    by_type = dict(
        sql(
            api.db_url,
            f"SELECT event_type, count(*) FROM incidents WHERE {where} GROUP BY event_type",
            **span,
        )
    )
    assert {t["key"]: t["incidents"] for t in d["by_event_type"]} == by_type
    months = [m["key"] for m in d["by_month"]]
    assert months == sorted(months) and all("2016-07" <= m <= "2016-09" for m in months)
    assert sum(m["incidents"] for m in d["by_month"]) == n
    quetta = [p for p in d["points"] if p["id"] == QUETTA_HOSPITAL]
    assert len(quetta) == 1 and 29 < quetta[0]["latitude"] < 31
    assert quetta[0]["date"] == "2016-08-08"
