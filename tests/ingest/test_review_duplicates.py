"""A candidate that may duplicate a held incident is shown as such, with the held incident,
the matcher's score and its reasons (service and command line, both backends)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy.orm import Session
from typer.testing import CliRunner

from militancydb.cli.main import app
from militancydb.knowledge.loader import Knowledge
from militancydb.nlp.lexicon import lexicon_from
from militancydb.services import review
from militancydb.services.documents import ingest
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident, delete_incident
from militancydb.services.review_links import possible_duplicates

ANALYST = Editor("analyst")
HELD = {
    "date_start": "2016-08-08",
    "country": "PK",
    "province": "PK-BA",
    "district": "PK-BA-quetta",
    "place": "gn:1167528",
    "latitude": 30.18414,
    "longitude": 67.00141,
    "geo_precision": "exact",
    "event_type": "militant_attack",
    "tactics": ["bombing"],
    "casualties": [{"category": "total", "outcome": "killed", "best": 4}],
    "sources": [{"publisher": "Earlier Wire", "title": "Bomb in Quetta"}],
}


def _held(session: Session, kb: Knowledge, day: str, killed: int) -> int:
    data = {
        **HELD,
        "date_start": day,
        "casualties": [{"category": "total", "outcome": "killed", "best": killed}],
    }
    return create_incident(session, data, kb, ANALYST).id


def test_possible_duplicates_listed_with_score_and_reasons(
    session: Session, kb: Knowledge, news_folder: Path
) -> None:
    near = _held(session, kb, "2016-08-08", 4)  # the same day and town
    far = _held(session, kb, "2016-08-10", 30)  # two days later, many more dead
    ingest(session, [str(news_folder / "page.html")], lexicon_from(kb), ANALYST, auto_merge=False)
    (cand,) = review.list_candidates(session)
    found = possible_duplicates(session, cand)
    assert found and found[0].incident_id == near
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    top = found[0]
    assert top.decision in ("merge", "review") and top.score is not None
    assert "date" in top.reasons and top.held
    assert (top.date, top.place, top.killed) == ("2016-08-08", "Quetta", 4)
    assert far not in {m.incident_id for m in found} or any(
        m.incident_id == far and m.score is not None and m.score < top.score for m in found
    )
    # a deleted incident is still named, as no longer held
    delete_incident(session, near, expected_version=1, editor=ANALYST)
    again = possible_duplicates(session, cand)
    assert again[0].incident_id == near and not again[0].held


def test_older_candidate_with_one_reason_line(
    session: Session, kb: Knowledge, news_folder: Path
) -> None:
    near = _held(session, kb, "2016-08-08", 4)
    ingest(session, [str(news_folder / "page.html")], lexicon_from(kb), ANALYST, auto_merge=False)
    (cand,) = review.list_candidates(session)
    # as stored before every match was kept: the matcher's one line
    cand.match_reasons = ["72 review: date +30 (same day)"]
    found = possible_duplicates(session, cand)
    assert [(m.incident_id, m.decision, m.reasons) for m in found] == [
        (near, "review", "72 review: date +30 (same day)")
    ]


def test_review_list_and_show_name_the_held_incident(
    db_url: str, news_folder: Path, tmp_path: Path
) -> None:
    runner = CliRunner()

    def cli(*args: str) -> str:
        res = runner.invoke(
            app, ["--db", db_url, "--user", "tester", *args], env={"COLUMNS": "300"}
        )
        assert res.exit_code == 0, res.output
        return res.stdout

    incident = tmp_path / "held.json"
    incident.write_text(json.dumps(HELD))
    added = re.search(r"added incident (\d+)", cli("incidents", "add", str(incident)))
    assert added
    held = int(added.group(1))
    cli("ingest", str(news_folder / "page.html"), "--no-merge")
    (row,) = json.loads(cli("review", "list", "--format", "json"))
    assert row["possible_duplicate_of"][0]["incident_id"] == held
    table = cli("review", "list")
    assert f"incident {held} (score" in table
    shown = cli("review", "show", str(row["id"]))
    assert f"incident {held} (score" in shown and "2016-08-08, Quetta" in shown
    assert "matcher:" in shown and "date" in shown
    data = json.loads(cli("review", "show", str(row["id"]), "--format", "json"))
    assert data["possible_duplicates"][0]["incident_id"] == held
    assert data["possible_duplicates"][0]["reasons"]
