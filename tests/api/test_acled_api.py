"""``/acled/read`` with an unmodified ACLED client: the ``acled`` package (1.0.2) pointed at the
server through its ``ACLED_API_HOST`` setting, authenticating with key/email (an API token and
its account name). The client reads ``ACLED_API_HOST`` when it is imported, so it runs in a
separate process, as a user's script would."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap

import httpx
from live_server import Server
from sqlalchemy import text

from militancydb.db.engine import make_engine

CLIENT = textwrap.dedent(
    """
    import json, sys, warnings
    warnings.simplefilter("ignore")
    from acled import AcledClient
    client = AcledClient(api_key=sys.argv[1], email=sys.argv[2])
    events = client.get_data(
        country="Pakistan",
        event_date="2016-08-01|2016-08-31",
        limit=1000,
        query_params={"event_date_where": "BETWEEN"},
    )
    print(json.dumps([{k: str(v) for k, v in e.items()} for e in events]))
    """
)


def pakistan_august_2016(db_url: str) -> list[int]:
    engine = make_engine(db_url)
    with engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT id FROM incidents WHERE NOT deleted AND country = 'PK' "
                "AND date_start BETWEEN :a AND :b ORDER BY date_start, id"
            ),
            {"a": dt.date(2016, 8, 1), "b": dt.date(2016, 8, 31)},
        ).all()
    engine.dispose()
    return [r[0] for r in rows]


def test_acled_package_reads_pakistan_for_a_date_range(api: Server) -> None:
    env = {**os.environ, "ACLED_API_HOST": api.base, "ACLED_MAX_RETRIES": "0"}
    done = subprocess.run(
        [sys.executable, "-c", CLIENT, api.tokens["viewer"], "test-viewer"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    events = json.loads(done.stdout)
    expected = pakistan_august_2016(api.db_url)
    assert len(events) == len(expected) > 0
    ids = {e["event_id_cnty"] for e in events}
    assert "MDB5528" in ids or any(e["event_id_cnty"].endswith("5528") for e in events)
    assert all(e["country"] == "Pakistan" for e in events)
    assert all("2016-08-01" <= e["event_date"] <= "2016-08-31" for e in events)


def test_acled_key_of_another_account_is_refused(api: Server) -> None:
    r = httpx.get(
        api.base + "/acled/read",
        params={"key": api.tokens["viewer"], "email": "test-admin", "country": "Pakistan"},
    )
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "not_authenticated"


def test_acled_fields_paging_and_where(api: Server) -> None:
    base = {"key": api.tokens["viewer"], "email": "test-viewer", "country": "Pakistan"}
    dates = {"event_date": "2016-01-01|2016-12-31", "event_date_where": "BETWEEN"}
    with httpx.Client(base_url=api.base, timeout=60) as c:
        all_rows = c.get("/acled/read", params={**base, **dates, "limit": 5000}).json()
        page2 = c.get("/acled/read", params={**base, **dates, "limit": 10, "page": 2}).json()
        some = c.get(
            "/acled/read",
            params={**base, **dates, "fields": "event_id_cnty|fatalities", "limit": 3},
        ).json()
        big = c.get(
            "/acled/read",
            params={**base, **dates, "fatalities": 20, "fatalities_where": ">="},
        ).json()
        bad = c.get("/acled/read", params={**base, "event_date": "2016-02-30"})
    assert all_rows["success"] is True and all_rows["count"] == len(all_rows["data"])
    assert [r["event_id_cnty"] for r in page2["data"]] == [
        r["event_id_cnty"] for r in all_rows["data"][10:20]
    ]
    assert all(set(r) == {"event_id_cnty", "fatalities"} for r in some["data"])
    expected_big = [r for r in all_rows["data"] if (r["fatalities"] or 0) >= 20]
    assert {r["event_id_cnty"] for r in big["data"]} == {r["event_id_cnty"] for r in expected_big}
    assert bad.status_code == 422
