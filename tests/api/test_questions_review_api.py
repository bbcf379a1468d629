"""The questions and the review queue over HTTP, against a real server: the answers are the
command line's answers, bad parameters are named, and decisions need a writer's role."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from live_server import Server, queue_document


def cli_json(api: Server, *args: str) -> dict[str, object]:
    env = {**os.environ, "MILITANCYDB_DATABASE_URL": api.db_url}
    out = subprocess.run(
        [sys.executable, "-m", "militancydb", "ask", *args, "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, object] = json.loads(out.stdout)
    return data


def test_questions_are_listed_with_their_parameters(api: Server) -> None:
    with api.client("viewer") as c:
        body = c.get("/api/v1/questions").json()
    names = [q["name"] for q in body["data"]]
    assert names == [
        "operational",
        "last-high-profile",
        "trend",
        "losses",
        "leadership",
        "tactics",
        "network",
    ]
    lhp = next(q for q in body["data"] if q["name"] == "last-high-profile")
    before = next(p for p in lhp["parameters"] if p["name"] == "before")
    assert before["required"] is True and before["kind"] == "date"


def test_answers_are_the_command_lines(api: Server) -> None:
    asked = {
        "last-high-profile": {"before": "2016-09-01", "country": "PK"},
        "operational": {"actor": "Islamic State", "country": "PK", "on": "2017-01-01"},
        "trend": {"period": "2016-08", "by": "province", "country": "PK"},
    }
    with api.client("viewer") as c:
        for name, params in asked.items():
            args = [x for k, v in params.items() for x in (f"--{k}", v)]
            r = c.get(f"/api/v1/questions/{name}", params=params)
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["question"] == name and body["coverage"]
            assert body["answer"] == cli_json(api, name, *args), name


def test_last_high_profile_answer_names_an_attack_before_the_day(api: Server) -> None:
    with api.client("viewer") as c:
        a = c.get(
            "/api/v1/questions/last-high-profile", params={"before": "2016-09-01", "country": "PK"}
        ).json()["answer"]
    assert a["incident"] is not None
    assert a["incident"]["date"] < "2016-09-01" and a["criteria"]
    assert a["sentence"].startswith(("The last", "the last")) or "ago" in a["sentence"]


def test_bad_parameters_are_each_named(api: Server) -> None:
    with api.client("viewer") as c:
        r = c.get(
            "/api/v1/questions/last-high-profile",
            params={"before": "yesterday", "definition": "loud", "colour": "red"},
        )
        unknown = c.get("/api/v1/questions/why")
    assert r.status_code == 422
    err = r.json()["error"]
    fields = {f["field"] for f in err["fields"]}
    assert fields == {"before", "definition", "colour"}
    assert unknown.status_code == 404 and "operational" in unknown.json()["error"]["message"]


def test_review_queue_decisions_need_a_writer(api: Server, tmp_path: Path) -> None:
    ids = queue_document(
        api.db_url,
        "MARDAN: A roadside bomb struck a police van in Mardan on Saturday, killing three "
        "policemen and injuring two others, officials said. No group claimed responsibility "
        "(api review test).",
        "2016-08-21",
        tmp_path,
    )
    assert len(ids) == 1
    (cid,) = ids
    with api.client("viewer") as c:
        listed = c.get("/api/v1/review").json()
        shown = c.get(f"/api/v1/review/{cid}").json()
        refused = c.post(f"/api/v1/review/{cid}/accept")
    assert cid in [i["id"] for i in listed["data"]]
    assert shown["extracted"]["location"]["city"] == "Mardan"
    assert shown["killed"] == "3" and shown["status"] == "pending"
    assert refused.status_code == 403
    with api.client("analyst") as c:
        no_reason = c.post(f"/api/v1/review/{cid}/reject", json={"reason": " "})
        accepted = c.post(f"/api/v1/review/{cid}/accept")
        again = c.post(f"/api/v1/review/{cid}/accept")
        after = c.get(f"/api/v1/review/{cid}").json()
    assert no_reason.status_code == 400 and "say why" in no_reason.json()["error"]["message"]
    assert accepted.status_code == 200, accepted.text
    incident = accepted.json()["incident"]
    assert incident["date_start"] == "2016-08-20"
    assert again.status_code == 400 and "accepted" in again.json()["error"]["message"]
    assert after["status"] == "accepted" and after["incident_id"] == incident["id"]
    assert after["decided_by"] == "test-analyst"


def test_review_merge_and_reject(api: Server, tmp_path: Path) -> None:
    first = queue_document(
        api.db_url,
        "KOHAT: Militants attacked a checkpoint in Kohat on Friday, killing four soldiers, the "
        "army said (api merge test).",
        "2016-08-27",
        tmp_path / "a",
    )
    second = queue_document(
        api.db_url,
        "KOHAT: Gunmen stormed a checkpoint in Kohat on Friday and killed four soldiers, "
        "security officials said (api merge test, second report).",
        "2016-08-27",
        tmp_path / "b",
    )
    third = queue_document(
        api.db_url,
        "A grenade attack on a shop in Bannu on Thursday injured two people, police said "
        "(api reject test).",
        "2016-08-26",
        tmp_path / "c",
    )
    with api.client("analyst") as c:
        made = c.post(f"/api/v1/review/{first[0]}/accept").json()["incident"]
        into = f"/api/v1/review/{second[0]}/merge"
        unversioned = c.post(into, json={"incident_id": made["id"]})
        stale = c.post(into, json={"incident_id": made["id"], "expected_version": 9})
        merged = c.post(into, json={"incident_id": made["id"], "expected_version": made["version"]})
        rejected = c.post(f"/api/v1/review/{third[0]}/reject", json={"reason": "not militancy"})
        history = c.get(f"/api/v1/incidents/{made['id']}/history").json()
    assert unversioned.status_code == 422, unversioned.text
    assert "expected_version" in unversioned.text
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_edit"
    assert merged.status_code == 200, merged.text
    assert merged.json()["incident"]["version"] == made["version"] + 1
    assert len(merged.json()["incident"]["sources"]) == len(made["sources"]) + 1
    assert len(history["data"]) == 2
    assert rejected.json() == {
        "candidate": third[0],
        "status": "rejected",
        "reason": "not militancy",
    }


def test_an_automatic_merge_is_undone_over_http(api: Server, tmp_path: Path) -> None:
    """``militancydb review undo`` had no API twin: a user of the API could not take back
    what the matcher merged."""
    text = (
        "LAKKI MARWAT: Militants attacked a police station in Lakki Marwat on Friday, killing "
        "five policemen, officials said (api undo test)."
    )
    (first,) = queue_document(api.db_url, text, "2016-09-03", tmp_path / "a")
    with api.client("analyst") as c:
        made = c.post(f"/api/v1/review/{first}/accept").json()["incident"]
    (second,) = queue_document(
        api.db_url,
        text.replace("(api undo test)", "(api undo test, second report)"),
        "2016-09-03",
        tmp_path / "b",
        auto_merge=True,
    )
    with api.client("viewer") as c:
        merged = c.get(f"/api/v1/review/{second}").json()
        refused = c.post(f"/api/v1/review/{second}/undo")
    assert merged["status"] == "auto_merged" and merged["incident_id"] == made["id"]
    assert refused.status_code == 403
    with api.client("analyst") as c:
        undone = c.post(f"/api/v1/review/{second}/undo")
        again = c.post(f"/api/v1/review/{second}/undo")
        after = c.get(f"/api/v1/review/{second}").json()
    assert undone.status_code == 200, undone.text
    assert len(undone.json()["incident"]["sources"]) == len(made["sources"])
    assert after["status"] == "pending"
    assert again.status_code == 400 and "not an automatic merge" in again.text
