"""One error shape for every error, tokens and sign-in, roles, rate limiting, read-only mode."""

from __future__ import annotations

import httpx
import pytest
from live_server import PASSWORD, Server, start_server

ERROR_CASES = [
    ("get", "/api/v1/incidents/2147483647", None, 404),
    ("get", "/api/v1/incidents/99999999999999999999", None, 422),
    ("get", "/api/v1/incidents?date_from=2016-13-01", None, 422),
    ("get", "/api/v1/incidents?limit=0", None, 422),
    ("get", "/api/v1/incidents?sort=nonsense", None, 422),
    ("get", "/api/v1/incidents?target=spaceships", None, 422),
    ("get", "/api/v1/incidents?format=xml", None, 422),
    ("get", "/api/v1/actors/No%20Such%20Group", None, 404),
    ("get", "/api/v1/claims/2147483647", None, 404),
    ("get", "/api/v1/no-such-route", None, 404),
    ("put", "/api/v1/incidents", None, 405),
    ("post", "/api/v1/incidents", None, 401),
    ("post", "/api/v1/auth/token", {"username": "x"}, 422),
    ("get", "/api/v1/accounts", None, 401),
]


@pytest.mark.parametrize(("method", "path", "body", "status"), ERROR_CASES)
def test_every_error_has_one_shape(
    api: Server, method: str, path: str, body: dict[str, str] | None, status: int
) -> None:
    with api.client() as c:
        r = c.request(method, path, json=body)
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert set(err) >= {"status", "code", "message"}
    assert err["status"] == status
    assert isinstance(err["message"], str) and err["message"]


def test_bad_token_is_refused(api: Server) -> None:
    with httpx.Client(base_url=api.base, headers={"Authorization": "Bearer mdb_nonsense"}) as c:
        r = c.get("/api/v1/incidents", params={"limit": 1})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "not_authenticated"


def test_password_gives_a_working_token(api: Server) -> None:
    with api.client() as c:
        r = c.post("/api/v1/auth/token", json={"username": "test-viewer", "password": PASSWORD})
        assert r.status_code == 201
        token = r.json()["token"]
        me = c.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me == {"username": "test-viewer", "role": "viewer", "anonymous": False, "via": "token"}


def test_sign_in_attempts_are_rate_limited(api: Server) -> None:
    with api.client() as c:
        codes = [
            c.post(
                "/api/v1/auth/token", json={"username": "test-editor", "password": f"wrong {n}"}
            ).status_code
            for n in range(6)
        ]
        blocked = c.post(
            "/api/v1/auth/token", json={"username": "test-editor", "password": PASSWORD}
        )
    assert codes[:5] == [401] * 5
    assert codes[5] == 429
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0


def test_admin_manages_accounts_others_cannot(api: Server) -> None:
    with api.client("editor") as c:
        assert c.get("/api/v1/accounts").status_code == 403
    with api.client("admin") as c:
        made = c.post(
            "/api/v1/accounts",
            json={"username": "new-analyst", "password": "a long password", "role": "analyst"},
        )
        assert made.status_code == 201, made.text
        names = [a["username"] for a in c.get("/api/v1/accounts").json()["data"]]
        assert "new-analyst" in names
        dup = c.post("/api/v1/accounts", json={"username": "new-analyst", "role": "viewer"})
        assert dup.status_code == 409
        changed = c.patch(
            "/api/v1/accounts/new-analyst", json={"expected_version": 1, "active": False}
        )
        assert changed.status_code == 200 and changed.json()["active"] is False
    with api.client() as c:
        r = c.post(
            "/api/v1/auth/token", json={"username": "new-analyst", "password": "a long password"}
        )
    assert r.status_code == 401


def test_read_only_server_refuses_every_write(api: Server) -> None:
    server = start_server(api.db_url, "--read-only")
    try:
        with httpx.Client(
            base_url=server.base, headers={"Authorization": f"Bearer {api.tokens['admin']}"}
        ) as c:
            assert c.get("/api/v1/incidents", params={"limit": 1}).status_code == 200
            r = c.post("/api/v1/incidents", json={"date_start": "2016-01-01"})
            assert r.status_code == 403
            assert "read-only" in r.json()["error"]["message"]
    finally:
        server.stop()


def test_login_to_read_mode(api: Server) -> None:
    server = start_server(api.db_url, "--login-to-read")
    try:
        assert httpx.get(server.base + "/api/v1/incidents").status_code == 401
        ok = httpx.get(
            server.base + "/api/v1/incidents",
            headers={"Authorization": f"Bearer {api.tokens['viewer']}"},
        )
        assert ok.status_code == 200
    finally:
        server.stop()


def test_openapi_is_served(api: Server) -> None:
    spec = httpx.get(api.base + "/api/v1/openapi.json").json()
    assert "/api/v1/incidents" in spec["paths"]
    assert spec["paths"]["/api/v1/incidents"]["get"]["summary"] == "Search incidents"
