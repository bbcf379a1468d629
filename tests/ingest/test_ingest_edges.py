"""Ingesting a user's folder into a real database: why a document was not read, an
interrupted run resumed, empty files; and review decisions that race or come too late (two
people deciding one candidate, an automatic merge undone after the incident changed)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from militancydb.db.document_tables import Document, ReviewCandidate
from militancydb.db.engine import session_scope
from militancydb.db.tables import Incident
from militancydb.ingest.sources import text_hash
from militancydb.knowledge.loader import Knowledge
from militancydb.nlp.lexicon import lexicon_from
from militancydb.services import documents, review
from militancydb.services.documents import IngestReport, ingest
from militancydb.services.history import Editor
from militancydb.services.incidents import get_incident, update_incident

ANALYST = Editor("analyst")
STORY = "{place}: Gunmen shot dead {n} policemen in {place} on 3 March 2015, police said."


def _docs(session: Session) -> dict[str, Document]:
    return {Path(d.source_path or "").name: d for d in session.scalars(select(Document))}


def test_why_a_document_was_not_read_is_the_real_reason(
    session: Session, kb: Knowledge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "roman.txt").write_text(
        "Quetta mein kal shaam aik dhamake mein teen afraad jaan bahaq aur paanch zakhmi ho "
        "gaye. Police ke mutabiq dhamaka khez mawad motorcycle mein nasb tha.",
        encoding="utf-8",
    )
    (tmp_path / "short.txt").write_text("12 / 3 / 7", encoding="utf-8")
    (tmp_path / "long.txt").write_text(STORY.format(place="Quetta", n=2) * 40, "utf-8")
    monkeypatch.setattr(documents, "MAX_TEXT", 1000)
    ingest(session, [str(tmp_path)], lexicon_from(kb), ANALYST)
    docs = _docs(session)
    roman, short, long = docs["roman.txt"], docs["short.txt"], docs["long.txt"]
    assert roman.status == short.status == long.status == "not_extracted"
    assert "too little text" not in (roman.reason or "")
    assert "not recognised" in (roman.reason or "") and "English only" in (roman.reason or "")
    assert "too little text" in (short.reason or "")
    assert long.language == "en" and "longer than 1,000 characters" in (long.reason or "")


def test_empty_files_are_rejected_not_taken_for_a_document_seen(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("\n  \n", encoding="utf-8")
    r = ingest(session, [str(tmp_path)], lexicon_from(kb), ANALYST)
    assert (r.stored, r.skipped_seen) == (2, 0)
    assert sorted(p for p, why in r.errors if "empty" in why) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
    ]
    again = ingest(session, [str(tmp_path)], lexicon_from(kb), ANALYST)
    assert (again.stored, again.skipped_seen, len(again.errors)) == (0, 0, 2)  # said again


def test_an_interrupted_run_keeps_what_was_committed_and_resumes(
    engine: Engine, kb: Knowledge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    places = ["Quetta", "Peshawar", "Karachi", "Bannu", "Mardan", "Kohat", "Lahore"]
    for i, place in enumerate(places):
        (tmp_path / f"{i}.txt").write_text(STORY.format(place=place, n=i + 2), "utf-8")
    monkeypatch.setattr(documents, "COMMIT_EVERY", 2)

    def ctrl_c(path: str, r: IngestReport) -> None:
        if r.files == 5:
            raise KeyboardInterrupt

    report = IngestReport()
    with pytest.raises(KeyboardInterrupt), session_scope(engine) as s:
        ingest(s, [str(tmp_path)], lexicon_from(kb), ANALYST, progress=ctrl_c, report=report)
    assert report.files == 5 and report.kept == 4  # two batches of two were committed
    with session_scope(engine) as s:
        assert len(_docs(s)) == 4
        assert len(review.list_candidates(s, None)) == 4
        again = ingest(s, [str(tmp_path)], lexicon_from(kb), ANALYST)
    assert (again.skipped_seen, again.stored) == (4, 3)


def _pending_candidate(session: Session, kb: Knowledge, tmp_path: Path) -> int:
    f = tmp_path / "mardan.txt"
    f.write_text(STORY.format(place="Mardan", n=3), encoding="utf-8")
    ingest(session, [str(f)], lexicon_from(kb), ANALYST, auto_merge=False)
    (cand,) = review.list_candidates(session)
    return cand.id


def test_two_people_deciding_one_candidate_one_wins(
    engine: Engine, kb: Knowledge, tmp_path: Path
) -> None:
    """Amina's accept is written but not yet committed when Bilal's starts: his read still
    finds the candidate pending; his decision waits for hers and is then refused."""
    with session_scope(engine) as s:
        cid = _pending_candidate(s, kb, tmp_path)
        incidents_before = len(list(s.scalars(select(Incident.id))))
    first, second = session_scope(engine), session_scope(engine)
    s1, s2 = first.__enter__(), second.__enter__()
    refused: list[Exception] = []

    def bilal() -> None:
        try:
            review.accept(s2, cid, kb, Editor("bilal"))
        except review.ReviewError as exc:
            refused.append(exc)

    try:
        made = review.accept(s1, cid, kb, Editor("amina"))
        other = threading.Thread(target=bilal)
        other.start()
        time.sleep(1.0)
        first.__exit__(None, None, None)
        other.join(60)
    finally:
        second.__exit__(None, None, None)
    assert len(refused) == 1
    assert "amina" in str(refused[0]) and "nothing was changed" in str(refused[0])
    with session_scope(engine) as s:
        cand = s.get(ReviewCandidate, cid)
        assert cand is not None
        assert (cand.status, cand.decided_by, cand.incident_id) == ("accepted", "amina", made.id)
        assert len(list(s.scalars(select(Incident.id)))) == incidents_before + 1


def test_undo_refuses_when_the_incident_changed_after_the_merge(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    cid = _pending_candidate(session, kb, tmp_path)
    held = review.accept(session, cid, kb, ANALYST)
    f = tmp_path / "again.txt"
    f.write_text(
        "MARDAN: Three policemen were shot dead by gunmen in Mardan on 3 March 2015, "
        "and a fourth died in hospital, officials said.",
        encoding="utf-8",
    )
    r = ingest(session, [str(f)], lexicon_from(kb), ANALYST)
    assert r.auto_merged == 1
    auto = next(c for c in review.list_candidates(session, "auto_merged"))
    now = get_incident(session, held.id)
    update_incident(
        session, held.id, {"summary": "checked by phone with the district police"},
        expected_version=now.version, kb=kb, editor=Editor("bilal", "called the police"),
    )  # fmt: skip
    with pytest.raises(review.ReviewError, match=r"changed after the automatic merge"):
        review.undo(session, auto.id, kb, ANALYST)
    after = get_incident(session, held.id)
    assert after.summary == "checked by phone with the district police"
    assert len(after.sources) == 2


def test_two_runs_ingesting_one_file_at_once_store_it_once(
    engine: Engine, kb: Knowledge, tmp_path: Path
) -> None:
    """The first run has stored the article but not committed when the second looks it up:
    the second finds it held when it writes, skips it and goes on (no error, no copy)."""
    f = tmp_path / "wire.txt"
    f.write_text(STORY.format(place="Kohat", n=4), encoding="utf-8")
    later = tmp_path / "later.txt"
    later.write_text(STORY.format(place="Bannu", n=5), encoding="utf-8")
    lex = lexicon_from(kb)
    first, second = session_scope(engine), session_scope(engine)
    s1, s2 = first.__enter__(), second.__enter__()
    reports: list[IngestReport] = []
    problems: list[BaseException] = []

    def other_run() -> None:
        try:
            reports.append(ingest(s2, [str(f), str(later)], lex, Editor("bilal")))
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            problems.append(exc)

    try:
        text = f.read_text(encoding="utf-8")  # amina's run has stored it, not yet committed
        s1.add(
            Document(
                content_hash=text_hash(text), source_path=str(f), kind="text",
                status="extracted", text=text, size=len(text), ingested_by="amina",
            )
        )  # fmt: skip
        s1.flush()
        thread = threading.Thread(target=other_run)
        thread.start()
        time.sleep(1.0)
        first.__exit__(None, None, None)
        thread.join(60)
    finally:
        second.__exit__(None, None, None)
    assert problems == [] and len(reports) == 1
    assert (reports[0].stored, reports[0].skipped_seen) == (1, 1)
    with session_scope(engine) as s:
        assert sorted(Path(d.source_path or "").name for d in _docs(s).values()) == [
            "later.txt",
            "wire.txt",
        ]


def test_accepting_a_second_report_of_an_incident_accepted_meanwhile_is_refused(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    """Two papers report one attack; both are queued as new (nothing was held then). Once
    the first is accepted, accepting the second would make the same incident twice: refused,
    naming the incident and the fix; `new=True` (the CLI's --new) accepts it all the same."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "dawn.txt").write_text(
        "PARACHINAR: Four soldiers were martyred when militants attacked a security post in "
        "Kurram district on Friday night, the ISPR said. Two attackers were also killed.",
        encoding="utf-8",
    )
    (folder / "tribune.txt").write_text(
        "KURRAM: At least four security personnel embraced martyrdom and two terrorists were "
        "killed after militants stormed a check post in Kurram on Friday, the military said.",
        encoding="utf-8",
    )
    ingest(session, [str(folder)], lexicon_from(kb), ANALYST, published=dt.date(2024, 5, 4))
    first, second = review.list_candidates(session)
    assert first.suggested_incident_id is None and second.suggested_incident_id is None
    made = review.accept(session, first.id, kb, Editor("amina"))
    with pytest.raises(review.ReviewError) as caught:
        review.accept(session, second.id, kb, Editor("bilal"))
    message = str(caught.value)
    assert f"incident {made.id}" in message and f"review merge {second.id}" in message
    assert "--new" in message
    assert session.get(ReviewCandidate, second.id).status == "pending"  # type: ignore[union-attr]
    other = review.accept(session, second.id, kb, Editor("bilal"), new=True)
    assert other.id != made.id
