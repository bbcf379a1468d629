"""``/api/v1/incidents`` against a real server: filters, paging, sorting, fields, formats,
free text, and writes with roles and versions. Expected answers come from SQL on the same
database, not from the code under test."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from live_server import Server
from sqlalchemy import text

from militancydb.db.engine import make_engine

QUETTA_HOSPITAL = 5528  # UCDP 235882 in the embedded database


def sql(db_url: str, query: str, **params: Any) -> list[Any]:
    engine = make_engine(db_url)
    with engine.connect() as c:
        rows = list(c.execute(text(query), params))
    engine.dispose()
    return rows


def test_filter_balochistan_august_2016_matches_sql(api: Server) -> None:
    with api.client() as c:
        r = c.get(
            "/api/v1/incidents",
            params={"province": "Balochistan", "date_from": "2016-08-01", "date_to": "2016-08-31"},
        )
    assert r.status_code == 200
    body = r.json()
    expected = sql(
        api.db_url,
        "SELECT id FROM incidents WHERE NOT deleted AND date_start BETWEEN :a AND :b "
        "AND (admin1_key = 'PK-BA' OR admin1_now_key = 'PK-BA') ORDER BY date_start, id",
        a=dt.date(2016, 8, 1),
        b=dt.date(2016, 8, 31),
    )
    assert body["count"] == len(expected)
    assert [i["id"] for i in body["data"]] == [row[0] for row in expected]
    assert QUETTA_HOSPITAL in [i["id"] for i in body["data"]]


def test_paging_covers_every_match_once(api: Server) -> None:
    params = {"province": "Punjab", "date_from": "2010-01-01", "date_to": "2014-12-31"}
    with api.client() as c:
        first = c.get("/api/v1/incidents", params={**params, "limit": 7, "page": 1}).json()
        ids: list[int] = []
        page = 1
        while True:
            r = c.get("/api/v1/incidents", params={**params, "limit": 7, "page": page}).json()
            if not r["data"]:
                break
            ids += [i["id"] for i in r["data"]]
            page += 1
    assert first["count"] == len(ids) == len(set(ids))
    assert first["pages"] == -(-first["count"] // 7)
    assert first["next"] is not None and "page=2" in first["next"]


def test_sort_by_killed_descending(api: Server) -> None:
    with api.client() as c:
        body = c.get(
            "/api/v1/incidents",
            params={"country": "PK", "sort": "killed", "order": "desc", "limit": 20},
        ).json()
    killed = [i["totals"]["killed_best"] for i in body["data"]]
    top = sql(
        api.db_url,
        "SELECT max(killed_best) FROM incidents WHERE NOT deleted AND country = 'PK'",
    )[0][0]
    assert killed[0] == top
    assert killed == sorted(killed, reverse=True)


def test_field_selection(api: Server) -> None:
    with api.client() as c:
        body = c.get(
            "/api/v1/incidents", params={"limit": 3, "fields": "date_start,event_type"}
        ).json()
    assert all(set(i) == {"id", "date_start", "event_type"} for i in body["data"])


def test_csv_and_geojson(api: Server) -> None:
    params = {"province": "Balochistan", "date_from": "2016-08-01", "date_to": "2016-08-31"}
    with api.client() as c:
        as_json = c.get("/api/v1/incidents", params=params).json()
        as_csv = c.get("/api/v1/incidents", params={**params, "format": "csv"})
        as_geo = c.get("/api/v1/incidents", params={**params, "format": "geojson"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [int(r["id"]) for r in rows] == [i["id"] for i in as_json["data"]]
    geo = as_geo.json()
    assert geo["type"] == "FeatureCollection"
    placed = [i for i in as_json["data"] if i["location"]["latitude"] is not None]
    assert len(geo["features"]) == len(placed)


def text_matches(db_url: str, q: str) -> set[int]:
    """Live incidents whose summary, place or cited source contains ``q`` (any case)."""
    needle = q.lower()
    found = set()
    for iid, *texts in sql(
        db_url, "SELECT id, summary, place_name, place_detail FROM incidents WHERE NOT deleted"
    ):
        if any(t and needle in t.lower() for t in texts):
            found.add(iid)
    live = {r[0] for r in sql(db_url, "SELECT id FROM incidents WHERE NOT deleted")}
    for eid, *texts in sql(
        db_url,
        "SELECT ct.entity_id, s.title, s.publisher, ct.excerpt FROM citations ct "
        "JOIN sources s ON s.id = ct.source_id WHERE ct.entity_type = 'incident'",
    ):
        if int(eid) in live and any(t and needle in t.lower() for t in texts):
            found.add(int(eid))
    return found


def test_free_text_finds_sources_and_summaries(api: Server) -> None:
    with api.client() as c:
        body = c.get("/api/v1/incidents", params={"q": "Civil Hospital", "limit": 1000}).json()
    assert QUETTA_HOSPITAL in [i["id"] for i in body["data"]]
    assert {i["id"] for i in body["data"]} == text_matches(api.db_url, "Civil Hospital")


def test_sql_metacharacters_are_plain_text(api: Server) -> None:
    before = sql(api.db_url, "SELECT count(*) FROM incidents")[0][0]
    with api.client() as c:
        for q in ["'; DROP TABLE incidents; --", '" OR 1=1 --', "100%", "a_b", "\\R(", "%"]:
            r = c.get("/api/v1/incidents", params={"q": q, "limit": 1000})
            assert r.status_code == 200, r.text
            assert {i["id"] for i in r.json()["data"]} == text_matches(api.db_url, q), q
        r = c.get("/api/v1/incidents", params={"province": "x' OR '1'='1"})
        assert r.status_code == 422
    assert sql(api.db_url, "SELECT count(*) FROM incidents")[0][0] == before


def test_detail_has_claims_and_history(api: Server) -> None:
    with api.client() as c:
        body = c.get(f"/api/v1/incidents/{QUETTA_HOSPITAL}").json()
    assert body["incident"]["id"] == QUETTA_HOSPITAL
    claimants = {x["claimant_key"] for x in body["claims"]}
    assert {"islamic-state", "jamaat-ul-ahrar"} <= claimants
    assert body["history"][0]["action"] == "create"


NEW = {
    "date_start": "2016-08-20",
    "event_type": "militant_attack",
    "country": "PK",
    "province": "Balochistan",
    "district": "Quetta",
    "tactics": ["ied"],
    "casualties": [{"category": "civilians", "outcome": "killed", "best": 2}],
    "summary": "API test incident <script>alert(1)</script>",
    "sources": [
        {"publisher": "Test wire", "url": "https://example.org/a", "published": "2016-08-21"}
    ],
}


def test_analyst_adds_and_edits_editor_deletes(api: Server) -> None:
    with api.client("analyst") as c:
        created = c.post("/api/v1/incidents", json=NEW)
        assert created.status_code == 201, created.text
        inc = created.json()
        assert inc["created_by"] == "test-analyst"
        edited = c.patch(
            f"/api/v1/incidents/{inc['id']}",
            json={"expected_version": 1, "changes": {"summary": "edited"}, "reason": "typo"},
        )
        assert edited.status_code == 200, edited.text
        assert edited.json()["version"] == 2
        stale = c.patch(
            f"/api/v1/incidents/{inc['id']}",
            json={"expected_version": 1, "changes": {"summary": "lost?"}},
        )
        assert stale.status_code == 409
        assert stale.json()["error"]["current_version"] == 2
        refused = c.delete(f"/api/v1/incidents/{inc['id']}", params={"expected_version": 2})
        assert refused.status_code == 403
    with api.client("editor") as c:
        gone = c.delete(f"/api/v1/incidents/{inc['id']}", params={"expected_version": 2})
        assert gone.status_code == 200 and gone.json()["deleted"] is True
        back = c.post(f"/api/v1/incidents/{inc['id']}/restore", params={"expected_version": 3})
        assert back.status_code == 200 and back.json()["deleted"] is False
        hist = c.get(f"/api/v1/incidents/{inc['id']}/history").json()
    assert [h["action"] for h in hist["data"]] == ["create", "update", "delete", "restore"]
    assert [h["user"] for h in hist["data"]] == ["test-analyst"] * 2 + ["test-editor"] * 2
    assert hist["data"][1]["reason"] == "typo"
    rows = sql(api.db_url, "SELECT summary FROM incidents WHERE id = :i", i=inc["id"])
    assert rows[0][0] == "edited"


def test_viewer_and_anonymous_cannot_write(api: Server) -> None:
    with api.client("viewer") as c:
        assert c.post("/api/v1/incidents", json=NEW).status_code == 403
    with api.client() as c:
        r = c.post("/api/v1/incidents", json=NEW)
        assert r.status_code == 401
        assert r.headers["www-authenticate"] == "Bearer"


def test_bad_document_lists_every_field(api: Server) -> None:
    bad = {**NEW, "date_start": "someday", "province": "Atlantis", "tactics": ["teleport"]}
    with api.client("analyst") as c:
        r = c.post("/api/v1/incidents", json=bad)
    assert r.status_code == 422
    fields = {f["field"] for f in r.json()["error"]["fields"]}
    assert {"date_start", "tactics.0"} <= fields


def test_csv_neutralises_spreadsheet_formulas(api: Server) -> None:
    formula = '=HYPERLINK("http://example.org/x","click")'
    with api.client("analyst") as c:
        made = c.post(
            "/api/v1/incidents",
            json={
                "date_start": "2016-09-04",
                "event_type": "militant_attack",
                "province": "Sindh",
                "summary": formula,
                "place_detail": "+1 @home -2",
            },
        )
        assert made.status_code == 201, made.text
        out = c.get(
            "/api/v1/incidents",
            params={"q": "HYPERLINK", "format": "csv", "date_from": "2016-09-04"},
        )
    rows = list(csv.DictReader(io.StringIO(out.text)))
    row = next(r for r in rows if int(r["id"]) == made.json()["id"])
    assert row["summary"] == "'" + formula
    assert row["place_detail"] == "'+1 @home -2"
