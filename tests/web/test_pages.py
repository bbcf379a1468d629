"""The pages over HTTP, as HTML: what they show, who may change what, CSRF, escaping."""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import closing

import httpx
from live_server import PASSWORD, Server
from sqlalchemy import text

from militancydb.db.engine import make_engine

QUETTA_HOSPITAL = 5528


def signed_in(api: Server, role: str) -> httpx.Client:
    """A client with a browser session of the test account of ``role``."""
    c = httpx.Client(base_url=api.base, timeout=60, follow_redirects=False)
    form = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token
    r = c.post(
        "/login",
        data={"username": f"test-{role}", "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert r.status_code == 303, r.text
    return c


def csrf_of(page: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert m, "no CSRF token in the page"
    return m.group(1)


def test_dashboard_filtered_shows_quetta_on_map_and_in_list(api: Server) -> None:
    r = httpx.get(
        api.base + "/",
        params={"province": "PK-BA", "date_from": "2016-08-01", "date_to": "2016-08-31"},
    )
    assert r.status_code == 200
    assert f'<circle class="incident" data-incident-id="{QUETTA_HOSPITAL}"' in r.text
    assert f'<tr data-incident-id="{QUETTA_HOSPITAL}">' in r.text
    assert 'data-month="2016-08"' in r.text


def test_incident_page_keeps_claimants_apart_from_perpetrators(api: Server) -> None:
    r = httpx.get(api.base + f"/incidents/{QUETTA_HOSPITAL}")
    assert r.status_code == 200
    assert 'id="history"' in r.text and 'id="claims"' in r.text
    assert "Islamic State" in r.text


def test_unknown_incident_is_a_page_not_json(api: Server) -> None:
    r = httpx.get(api.base + "/incidents/123456789", headers={"accept": "text/html"})
    assert r.status_code == 404
    assert "no incident with id 123456789" in r.text


def test_form_post_without_csrf_token_is_refused(api: Server) -> None:
    with closing(signed_in(api, "analyst")) as c:
        page = c.get(f"/incidents/{QUETTA_HOSPITAL}/edit").text
        version = re.search(r'name="expected_version" value="(\d+)"', page)
        assert version
        r = c.post(
            f"/incidents/{QUETTA_HOSPITAL}/edit",
            data={"expected_version": version.group(1), "summary": "no token"},
            headers={"accept": "text/html"},
        )
        assert r.status_code == 403
        after = c.get(f"/incidents/{QUETTA_HOSPITAL}").text
    assert "no token" not in after


def test_viewer_cannot_open_the_edit_form(api: Server) -> None:
    with closing(signed_in(api, "viewer")) as c:
        r = c.get(f"/incidents/{QUETTA_HOSPITAL}/edit", headers={"accept": "text/html"})
    assert r.status_code == 403


def test_user_html_is_shown_as_text(api: Server) -> None:
    payload = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
    with api.client("analyst") as c:
        made = c.post(
            "/api/v1/incidents",
            json={
                "date_start": "2016-09-01",
                "event_type": "militant_attack",
                "province": "Sindh",
                "place_detail": payload,
                "summary": payload,
            },
        )
    assert made.status_code == 201, made.text
    page = httpx.get(api.base + f"/incidents/{made.json()['id']}").text
    assert "<script>window.__xss" not in page
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
    assert "<img src=x onerror" not in page


def test_stale_form_shows_both_versions_and_keeps_the_edit(api: Server) -> None:
    with api.client("analyst") as c:
        made = c.post(
            "/api/v1/incidents",
            json={"date_start": "2016-09-02", "event_type": "militant_attack", "province": "Sindh"},
        ).json()
    with closing(signed_in(api, "analyst")) as browser:
        form = browser.get(f"/incidents/{made['id']}/edit").text
        token = csrf_of(form)
        with api.client("editor") as other:  # someone else saves first
            r = other.patch(
                f"/api/v1/incidents/{made['id']}",
                json={"expected_version": 1, "changes": {"summary": "their words"}},
            )
            assert r.status_code == 200
        mine = browser.post(
            f"/incidents/{made['id']}/edit",
            data={
                "csrf_token": token,
                "expected_version": "1",
                "date_start": "2016-09-02",
                "event_type": "militant_attack",
                "province": "Sindh",
                "summary": "my careful words",
            },
        )
    assert mine.status_code == 409
    assert 'id="conflict"' in mine.text
    assert "their words" in mine.text and "my careful words" in mine.text
    assert 'name="expected_version" value="2"' in mine.text


def test_actor_page_keeps_claimed_incidents_apart_from_perpetration(api: Server) -> None:
    engine = make_engine(api.db_url)
    with engine.connect() as c:
        parents = dict(c.execute(text("SELECT key, parent_key FROM actors")).all())
        links = c.execute(
            text(
                "SELECT i.id, i.date_start, a.actor_key, a.role, a.basis FROM incidents i "
                "JOIN incident_actors a ON a.incident_id = i.id WHERE NOT i.deleted"
            )
        ).all()
    engine.dispose()

    def in_family(key: str | None) -> bool:
        while key is not None:
            if key == "islamic-state":
                return True
            key = parents.get(key)
        return False

    ties: dict[int, set[str]] = defaultdict(set)
    year_of: dict[int, str] = {}
    for iid, day, key, role, basis in links:
        if in_family(key):
            year_of[iid] = str(day)[:4]
            claimed = (role, basis) == ("perpetrator", "claimed")
            ties[iid].add("claimed" if claimed else role)
    claimed_2016 = sum(
        1
        for i, t in ties.items()
        if year_of[i] == "2016" and "claimed" in t and "perpetrator" not in t
    )
    assert claimed_2016 >= 1  # the Quetta hospital bombing: claimed by IS, attributed to TTP
    r = httpx.get(api.base + "/actors/islamic-state")
    assert r.status_code == 200
    row = re.search(r'<tr data-year="2016">(.*?)</tr>', r.text, re.S)
    assert row, "no 2016 row"
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))
    assert int(cells[2]) == claimed_2016
    assert 'data-tie="claimed"' in r.text
