"""A person's merge names the version of the incident they saw and is refused, with nothing
written, when the incident changed since; ``review rematch`` asks the matcher again about
the pending candidates and leaves decided ones as they were (service and command line,
both backends)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from militancydb.cli.main import app
from militancydb.db.document_tables import ReviewCandidate
from militancydb.errors import StaleEdit
from militancydb.knowledge.loader import Knowledge
from militancydb.nlp.lexicon import lexicon_from
from militancydb.services import review
from militancydb.services.documents import ingest
from militancydb.services.history import Editor, history
from militancydb.services.incidents import create_incident, get_incident, update_incident
from militancydb.services.review_rematch import rematch
from tests.ingest.test_review_duplicates import HELD

ANALYST = Editor("analyst")


def _queued(session: Session, kb: Knowledge, folder: Path, name: str = "page.html") -> int:
    ingest(session, [str(folder / name)], lexicon_from(kb), ANALYST, auto_merge=False)
    (cand,) = review.list_candidates(session)
    return cand.id


def test_merge_into_an_incident_changed_since_is_refused(
    session: Session, kb: Knowledge, news_folder: Path
) -> None:
    held = create_incident(session, HELD, kb, ANALYST)
    cand_id = _queued(session, kb, news_folder)
    seen = held.version
    # someone corrects the incident after the reviewer looked at it
    update_incident(
        session, held.id, {"summary": "corrected"}, expected_version=seen, kb=kb, editor=ANALYST
    )
    with pytest.raises(StaleEdit, match=rf"version {seen + 1}.*nothing was changed"):
        review.merge(session, cand_id, held.id, kb, ANALYST, expected_version=seen)
    now = get_incident(session, held.id)
    assert now.version == seen + 1 and len(now.sources) == 1  # the report was not added
    cand = session.get(ReviewCandidate, cand_id)
    assert cand is not None and cand.status == "pending" and cand.decided_by is None
    merged = review.merge(session, cand_id, held.id, kb, ANALYST, expected_version=seen + 1)
    assert len(merged.sources) == 2
    # the merge (and the claim it records) made the versions after the correction
    steps = [(h.version, h.reason) for h in history(session, "incident", str(held.id))]
    assert steps[2][0] == seen + 2 and f"review candidate {cand_id}: merged" in str(steps[2][1])
    assert merged.version == steps[-1][0]


def test_rematch_finds_an_incident_held_since_and_keeps_decisions(
    session: Session, kb: Knowledge, news_folder: Path
) -> None:
    queued = _queued(session, kb, news_folder)  # nothing held yet: a new incident
    ingest(session, [str(news_folder / "article.txt")], lexicon_from(kb), ANALYST)
    other = next(c.id for c in review.list_candidates(session) if c.id != queued)
    review.reject(session, other, "not an attack", ANALYST)
    before = session.get(ReviewCandidate, queued)
    assert before is not None and before.suggested_incident_id is None
    held = create_incident(session, HELD, kb, ANALYST)  # another report, accepted since

    report = rematch(session)

    (changed,) = report.changed
    assert changed.candidate_id == queued and changed.before == ()
    assert changed.added == (held.id,) and changed.suggested == held.id
    cand = session.get(ReviewCandidate, queued)
    assert cand is not None and cand.status == "pending"
    assert cand.suggested_incident_id == held.id and cand.match_score == changed.score
    assert cand.match_reasons and cand.match_reasons[0]["incident_id"] == held.id
    rejected = session.get(ReviewCandidate, other)
    assert rejected is not None and rejected.status == "rejected"
    assert rejected.suggested_incident_id is None and rejected.reason == "not an attack"
    assert [r.candidate_id for r in report.candidates] == [queued]
    # asked again with nothing new: nothing changes
    assert rematch(session).changed == []


def test_rematch_lists_a_candidate_without_a_date_apart(
    session: Session, kb: Knowledge, news_folder: Path
) -> None:
    undated = _queued(session, kb, news_folder, "article.txt")  # "on Monday", no publication
    report = rematch(session)
    assert report.candidates == [] and report.undated == [undated]
    assert report.as_dict()["undated"] == [undated]


def test_merge_and_rematch_on_the_command_line(db_url: str, news_folder: Path) -> None:
    runner = CliRunner()

    def cli(*args: str) -> tuple[int, str]:
        res = runner.invoke(app, ["--db", db_url, "--user", "tester", *args])
        return res.exit_code, res.output

    assert cli("ingest", str(news_folder / "page.html"), "--no-merge")[0] == 0
    (cand,) = json.loads(cli("review", "list", "--format", "json")[1])
    held = news_folder.parent / "held.json"
    held.write_text(json.dumps(HELD), encoding="utf-8")
    code, out = cli("incidents", "add", str(held))
    assert code == 0, out
    code, out = cli("review", "rematch")
    assert code == 0, out
    assert f"candidate {cand['id']}: now matches incident" in out and "1 changed" in out
    assert "(score " in out
    (after,) = json.loads(cli("review", "list", "--format", "json")[1])
    target = after["suggested"]
    assert target is not None
    code, out = cli("review", "show", str(cand["id"]))
    assert f"incident {target} (" in out and "version 1)" in out
    code, out = cli("review", "merge", str(cand["id"]))
    assert code == 2 and "--expected-version" in out
    code, out = cli("review", "merge", str(cand["id"]), "--expected-version", "7")
    assert code != 0 and "is at version 1" in out and "nothing was changed" in out
    code, out = cli("review", "merge", str(cand["id"]), "--expected-version", "1")
    assert code == 0 and f"merged into incident {target} (version " in out
