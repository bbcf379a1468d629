"""The questions, the review queue and the reports as pages, over HTTP (accepting a review
item in a real browser is in ``test_browser.py``)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import httpx
from live_server import Server, queue_document
from test_pages import csrf_of, signed_in


def test_questions_index_links_every_question(api: Server) -> None:
    r = httpx.get(api.base + "/questions")
    assert r.status_code == 200
    names = ("operational", "last-high-profile", "trend", "losses", "leadership", "tactics")
    for name in (*names, "network"):
        assert f'href="/questions/{name}"' in r.text


def test_answer_page_shows_the_answer_its_incident_and_coverage(api: Server) -> None:
    r = httpx.get(
        api.base + "/questions/last-high-profile",
        params={"before": "2016-09-01", "country": "PK"},
        timeout=60,
    )
    assert r.status_code == 200
    api_answer = httpx.get(
        api.base + "/api/v1/questions/last-high-profile",
        params={"before": "2016-09-01", "country": "PK"},
        timeout=60,
    ).json()["answer"]
    assert 'id="answer"' in r.text
    assert f'href="/incidents/{api_answer["incident"]["id"]}"' in r.text
    assert "Coverage:" in r.text


def test_answer_page_names_bad_fields_beside_them(api: Server) -> None:
    r = httpx.get(api.base + "/questions/trend", params={"period": "last summer", "by": "mood"})
    assert r.status_code == 422
    assert 'id="answer"' not in r.text
    assert "choose one of" in r.text and "last summer" in r.text


def test_actor_questions_render(api: Server) -> None:
    for name, params in (
        ("leadership", {"actor": "TTP", "on": "2014-01-01"}),
        ("network", {"actor": "Islamic State", "on": "2016-01-01"}),
        ("tactics", {"actor": "TTP"}),
        ("losses", {"actor": "TTP", "date_from": "2014-06-01", "date_to": "2014-12-31"}),
        ("operational", {"actor": "Islamic State", "country": "PK", "on": "2017-01-01"}),
    ):
        r = httpx.get(api.base + f"/questions/{name}", params=params, timeout=60)
        assert r.status_code == 200, (name, r.text[-500:])
        assert 'id="answer"' in r.text, name


def test_reports_download_and_refuse_a_wrong_period(api: Server) -> None:
    md = httpx.get(
        api.base + "/reports",
        params={"kind": "monthly", "period": "2016-08", "country": "PK", "format": "md"},
        timeout=120,
    )
    assert md.status_code == 200
    assert md.headers["content-type"].startswith("text/markdown")
    assert 'filename="militancydb-monthly-' in md.headers["content-disposition"]
    assert "August 2016" in md.text or "2016-08" in md.text
    wrong = httpx.get(api.base + "/reports", params={"kind": "monthly", "period": "2016"})
    assert wrong.status_code == 422 and "needs a month" in wrong.text
    form = httpx.get(api.base + "/reports")
    assert form.status_code == 200 and 'id="report-form"' in form.text


def test_review_pages_side_by_side_and_csrf(api: Server, tmp_path: Path) -> None:
    (cid,) = queue_document(
        api.db_url,
        "CHARSADDA: A suicide bomber blew himself up at a checkpoint in Charsadda on Tuesday, "
        "killing six people, police said (web review test).",
        "2016-08-24",
        tmp_path,
    )
    with closing(signed_in(api, "analyst")) as c:
        queue = c.get("/review").text
        assert f'href="/review/{cid}"' in queue
        page = c.get(f"/review/{cid}").text
        assert 'id="extracted"' in page and 'id="suggested"' in page and "Charsadda" in page
        no_token = c.post(f"/review/{cid}", data={"action": "reject", "reason": "x"})
        assert no_token.status_code == 403
        empty = c.post(
            f"/review/{cid}",
            data={"action": "reject", "reason": "", "csrf_token": csrf_of(page)},
        )
        assert empty.status_code == 422 and "say why" in empty.text
        done = c.post(
            f"/review/{cid}",
            data={"action": "reject", "reason": "duplicate wire copy", "csrf_token": csrf_of(page)},
        )
        assert done.status_code == 303
        after = c.get(f"/review/{cid}").text
    assert "duplicate wire copy" in after and 'id="accept-form"' not in after
    with closing(signed_in(api, "viewer")) as v:
        assert v.get(f"/review/{cid}").status_code == 200
        assert 'id="accept-form"' not in v.get(f"/review/{cid}").text


def test_candidate_page_marks_a_group_the_registry_does_not_know(
    api: Server, tmp_path: Path
) -> None:
    """A claimant the registry lacks is shown by the name the report gives, marked
    unregistered; a registered one is not marked."""
    (cid,) = queue_document(
        api.db_url,
        "PESHAWAR: Six policemen were killed when militants attacked a police station in "
        "Peshawar on Monday. A little-known group, Tehreek-e-Azadi Mujahideen, claimed "
        "responsibility in a statement to journalists (web unregistered test).",
        "2019-03-05",
        tmp_path,
    )
    with closing(signed_in(api, "viewer")) as c:
        page = c.get(f"/review/{cid}").text
    assert 'Tehreek-e-Azadi Mujahideen (claimed, <span class="unregistered">unregistered' in page
    assert 'Tehreek-e-Azadi Mujahideen (<span class="unregistered">unregistered</span>) via' in page
    (known,) = queue_document(
        api.db_url,
        "QUETTA: Five soldiers were killed in an attack in Quetta on Monday. The Balochistan "
        "Liberation Army claimed responsibility (web registered test).",
        "2019-03-05",
        tmp_path / "b",
    )
    with closing(signed_in(api, "viewer")) as c:
        page = c.get(f"/review/{known}").text
    assert "Balochistan Liberation Army (claimed)" in page and "unregistered" not in page


def test_merge_on_the_page_names_the_version_shown(api: Server, tmp_path: Path) -> None:
    """The merge form carries the version of the suggested incident the page shows; a merge
    after someone changed the incident is refused on the page, with nothing written."""
    text = (
        "MARDAN: Gunmen killed three policemen at a checkpoint in Mardan on Sunday, police "
        "said (web merge test{})."
    )
    (first,) = queue_document(api.db_url, text.format(""), "2016-08-29", tmp_path / "a")
    with closing(signed_in(api, "analyst")) as c:
        page = c.get(f"/review/{first}").text
        made = c.post(f"/review/{first}", data={"action": "accept", "csrf_token": csrf_of(page)})
        assert made.status_code == 303
        incident = int(made.headers["location"].split("/")[2].split("?")[0])
    (second,) = queue_document(api.db_url, text.format(", second report"), "2016-08-29",
                               tmp_path / "b")  # fmt: skip
    with closing(signed_in(api, "analyst")) as c:
        page = c.get(f"/review/{second}").text
        assert f"Incident {incident}</a> (version 1)" in page
        assert "<dt>Killed</dt><dd>3</dd>" in page  # the suggested incident's toll
        assert f"Why: incident {incident}: " in page and "{'incident_id'" not in page
        assert 'name="expected_version" value="1"' in page
        form = {"action": "merge", "incident_id": str(incident), "csrf_token": csrf_of(page)}
        with api.client("analyst") as a:  # someone edits the incident meanwhile
            edit = a.patch(
                f"/api/v1/incidents/{incident}",
                json={"expected_version": 1, "changes": {"summary": "edited"}, "reason": "x"},
            )
        assert edit.status_code == 200, edit.text
        stale = c.post(f"/review/{second}", data={**form, "expected_version": "1"})
        assert stale.status_code == 409, stale.text[-300:]
        assert "is at version 2" in stale.text and "nothing was changed" in stale.text
        done = c.post(f"/review/{second}", data={**form, "expected_version": "2"})
        assert done.status_code == 303


def test_two_pending_reports_of_one_attack_link_to_each_other(api: Server, tmp_path: Path) -> None:
    """The queue and the candidate page name another pending candidate that may be the same
    event, with a link; the matcher's reasons are shown as text, not as stored records."""
    text = (
        "HANGU: A roadside bomb killed four policemen on patrol in Hangu on Thursday, "
        "officials said (web twins test{})."
    )
    (first,) = queue_document(api.db_url, text.format(""), "2016-09-02", tmp_path / "a")
    (second,) = queue_document(api.db_url, text.format(", second report"), "2016-09-02",
                               tmp_path / "b")  # fmt: skip
    with closing(signed_in(api, "viewer")) as c:
        queue_page = c.get("/review").text
        page = c.get(f"/review/{second}").text
    assert f'<a href="/review/{second}">candidate {second}</a> (score' in queue_page
    assert (
        f'Perhaps the same event as pending <a href="/review/{first}">candidate {first}</a>' in page
    )
    assert "{'incident_id'" not in page
