"""Two reports of one attack queued before either is accepted are listed as possible
duplicates of each other (service, API's JSON and command line, both backends); a report of
another attack, and the incidents of one round-up, are not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy.orm import Session
from typer.testing import CliRunner

from militancydb.cli.main import app
from militancydb.knowledge.loader import Knowledge
from militancydb.nlp.lexicon import lexicon_from
from militancydb.services import review
from militancydb.services.candidates import candidate_view, queue
from militancydb.services.documents import ingest
from militancydb.services.history import Editor
from militancydb.services.review_twins import pending_twins

ANALYST = Editor("analyst")
WIDE = {"COLUMNS": "300"}  # a table's cells on one line each
MONDAY = dt.date(2016, 8, 9)  # the reports are dated the day after the attack

REPORTS = {
    "wire.txt": (
        "QUETTA: A bomb exploded in a crowded market in Quetta on Monday, killing five people "
        "and injuring 20 others, officials said."
    ),
    "daily.txt": (
        "Five people were killed and about twenty wounded when a bomb went off in a busy "
        "market of Quetta on Monday, the provincial government said."
    ),
    "other.txt": (
        "PESHAWAR: Gunmen shot dead two policemen guarding a polio team in Peshawar on "
        "Saturday, police said."
    ),
    "roundup.txt": (
        "KARACHI: Three people were killed in a grenade attack on a bus in Karachi on Monday. "
        "In a separate attack, a roadside bomb killed three soldiers in Kech district of "
        "Balochistan on Monday."
    ),
}


def _queue(session: Session, kb: Knowledge, tmp_path: Path) -> dict[str, list[int]]:
    """Ingest the reports; each file's candidate ids."""
    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    ingest(
        session,
        [str(tmp_path / n) for n in REPORTS],
        lexicon_from(kb),
        ANALYST,
        published=MONDAY,
        auto_merge=False,
    )
    by_file: dict[str, list[int]] = {}
    for c in review.list_candidates(session):
        doc = review.get_candidate(session, c.id)[1]
        by_file.setdefault(Path(doc.source_path or "").name, []).append(c.id)
    return by_file


def test_two_reports_of_one_attack_are_paired(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    ids = _queue(session, kb, tmp_path)
    (wire,), (daily,), (other,) = ids["wire.txt"], ids["daily.txt"], ids["other.txt"]
    assert len(ids["roundup.txt"]) == 2  # the round-up's two attacks
    twins = pending_twins(session)
    assert [t.candidate_id for t in twins[wire]] == [daily]
    assert [t.candidate_id for t in twins[daily]] == [wire]
    top = twins[wire][0]
    assert top.decision in ("merge", "review") and "date" in top.reasons
    # another attack, and the two attacks of one report, are not paired
    assert other not in twins
    for cid in ids["roundup.txt"]:
        assert all(t.candidate_id not in ids["roundup.txt"] for t in twins.get(cid, []))
    # the queue and the candidate's page say so too
    lines = {i.id: i for i in queue(session)}
    assert [t["candidate_id"] for t in lines[wire].to_json()["pending_twins"]] == [daily]
    assert lines[other].to_json()["pending_twins"] == []
    shown = candidate_view(session, daily).to_json()
    assert [t["candidate_id"] for t in shown["pending_twins"]] == [wire]


def test_a_decided_candidate_is_no_longer_a_twin(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    ids = _queue(session, kb, tmp_path)
    (wire,), (daily,) = ids["wire.txt"], ids["daily.txt"]
    review.reject(session, wire, "a test", ANALYST)
    assert daily not in pending_twins(session)
    assert candidate_view(session, daily).to_json()["pending_twins"] == []


def test_review_list_and_show_name_the_pending_twin(
    session: Session, kb: Knowledge, tmp_path: Path, db_url: str
) -> None:
    ids = _queue(session, kb, tmp_path)
    session.commit()
    (wire,), (daily,) = ids["wire.txt"], ids["daily.txt"]
    runner = CliRunner()
    listed = runner.invoke(app, ["--db", db_url, "review", "list", "--format", "json"], env=WIDE)
    assert listed.exit_code == 0, listed.output
    rows = {r["id"]: r for r in json.loads(listed.output)}
    assert [t["candidate_id"] for t in rows[wire]["possible_duplicate_of_candidates"]] == [daily]
    table = runner.invoke(app, ["--db", db_url, "review", "list"], env=WIDE)
    assert table.exit_code == 0 and f"candidate {daily} (score" in table.output
    shown = runner.invoke(app, ["--db", db_url, "review", "show", str(daily)], env=WIDE)
    assert shown.exit_code == 0, shown.output
    assert f"pending candidate {wire} (score" in shown.output
