"""Ingesting documents into a real database (SQLite and PostgreSQL) and deciding the review
queue: accept, merge, reject, automatic merge and its undoing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.document_tables import Document, ReviewCandidate
from militancydb.errors import NotFound
from militancydb.ingest import sources
from militancydb.knowledge.loader import Knowledge
from militancydb.nlp.lexicon import lexicon_from
from militancydb.services import review
from militancydb.services.claims import list_claims
from militancydb.services.documents import ingest
from militancydb.services.history import Editor, history
from militancydb.services.incidents import create_incident, get_incident

ANALYST = Editor("analyst")


def test_ingest_stores_everything_and_queues_incidents(
    session: Session, kb: Knowledge, news_folder: Path
) -> None:
    lex = lexicon_from(kb)
    seen: list[str] = []
    r = ingest(session, [str(news_folder)], lex, ANALYST, progress=lambda p, _: seen.append(p))
    assert r.files == 6 and len(seen) == 6
    docs = {(Path(d.source_path or "").name, d.item): d for d in session.scalars(select(Document))}
    assert len(docs) == 7  # the feed gives two documents, the binary file one error record
    urdu = docs[("urdu.txt", None)]
    assert (urdu.language, urdu.status) == ("ur", "not_extracted")
    assert "English only" in (urdu.reason or "")
    photo = docs[("photo.jpg", None)]
    assert photo.status == "error" and "binary" in (photo.reason or "")
    page = docs[("page.html", None)]
    assert (page.language, page.status, page.published) == ("en", "extracted", "2016-08-08")
    assert page.incidents_found == 1
    markets = docs[("feed.xml", "https://example.org/a2")]
    assert markets.incidents_found == 0
    cands = review.list_candidates(session, "pending")
    assert r.incidents == len(cands) == r.pending
    by_doc = {c.document_id: c for c in cands}
    quetta = by_doc[page.id]
    assert quetta.proposal["date_start"] == "2016-08-08"
    assert quetta.data["location"]["city"] == "Quetta"
    assert quetta.proposal["actors"] == [
        {"actor": "bla", "role": "perpetrator", "basis": "claimed"}
    ]

    again = ingest(session, [str(news_folder)], lex, ANALYST)
    assert again.stored == 0 and again.skipped_seen == 6  # the binary file: refused again
    assert [Path(p).name for p, _ in again.errors] == ["photo.jpg"]
    assert len(review.list_candidates(session, None)) == len(cands)


def test_article_without_date_waits_for_one(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    f = tmp_path / "a.txt"
    f.write_text("A bomb exploded near a police station in Mardan, injuring four people.")
    ingest(session, [str(f)], lexicon_from(kb), ANALYST)
    (cand,) = review.list_candidates(session)
    assert cand.proposal == {} and "no date" in (cand.reason or "")
    with pytest.raises(review.ReviewError, match="no date"):
        review.accept(session, cand.id, kb, ANALYST)
    created = review.accept(session, cand.id, kb, ANALYST, {"date_start": "2015-03-02"})
    assert str(created.date_start) == "2015-03-02"
    assert created.location.district == "PK-KP-mardan"


def test_accept_creates_an_incident_with_its_source(
    session: Session, kb: Knowledge, news_folder: Path
) -> None:
    ingest(session, [str(news_folder / "page.html")], lexicon_from(kb), ANALYST)
    (cand,) = review.list_candidates(session)
    created = review.accept(session, cand.id, kb, ANALYST)
    assert created.location.province == "PK-BA"
    killed = [c for c in created.casualties if c.outcome == "killed"]
    assert killed and killed[0].best == 5
    assert created.sources and "killing five people" in (created.sources[0].excerpt or "")
    (claim,) = list_claims(session)
    assert (claim.claimant_key, claim.incident_id, claim.channel) == (
        "bla",
        created.id,
        "spokesperson_statement",
    )
    stored = session.get(ReviewCandidate, cand.id)
    assert stored is not None and stored.status == "accepted" and stored.decided_by == "analyst"
    assert stored.incident_id == created.id
    with pytest.raises(review.ReviewError, match="only pending"):
        review.reject(session, cand.id, "duplicate", ANALYST)


def test_person_merges_a_suggested_match(
    session: Session, kb: Knowledge, news_folder: Path
) -> None:
    held_id = _held_quetta(session, kb)
    ingest(session, [str(news_folder / "page.html")], lexicon_from(kb), ANALYST, auto_merge=False)
    (cand,) = review.list_candidates(session)
    assert cand.suggested_incident_id == held_id and cand.match_reasons
    seen = get_incident(session, held_id).version
    merged = review.merge(session, cand.id, held_id, kb, ANALYST, expected_version=seen)
    assert len(merged.sources) == 2
    assert [(a.actor_key, a.basis) for a in merged.actors] == [("bla", "claimed")]
    assert session.get(ReviewCandidate, cand.id).status == "merged"  # type: ignore[union-attr]


def test_reject_needs_a_reason(session: Session, kb: Knowledge, news_folder: Path) -> None:
    ingest(session, [str(news_folder / "article.txt")], lexicon_from(kb), ANALYST, published=None)
    (cand,) = review.list_candidates(session)
    with pytest.raises(review.ReviewError, match="say why"):
        review.reject(session, cand.id, "  ", ANALYST)
    done = review.reject(session, cand.id, "not an attack by militants", ANALYST)
    assert (done.status, done.reason, done.decided_by) == (
        "rejected",
        "not an attack by militants",
        "analyst",
    )
    with pytest.raises(NotFound):
        review.reject(session, 999_999, "x", ANALYST)


def _held_quetta(session: Session, kb: Knowledge) -> int:
    held = create_incident(
        session,
        {
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
        },
        kb,
        ANALYST,
    )
    return held.id


def test_automatic_merge_and_undo(session: Session, kb: Knowledge, news_folder: Path) -> None:
    held_id = _held_quetta(session, kb)
    r = ingest(session, [str(news_folder / "page.html")], lexicon_from(kb), ANALYST)
    (cand,) = review.list_candidates(session, None)
    assert cand.suggested_incident_id == held_id
    # same day, same town, same kind, 5 killed against 4: a confident match
    assert r.auto_merged == 1 and r.pending == 0
    assert cand.status == "auto_merged"
    merged = get_incident(session, held_id)
    assert len(merged.sources) == 2
    killed = next(c for c in merged.casualties if c.outcome == "killed")
    assert (killed.low, killed.best, killed.high) == (4, 4, 5)
    restored = review.undo(session, cand.id, kb, ANALYST)
    assert len(restored.sources) == 1
    killed = next(c for c in restored.casualties if c.outcome == "killed")
    assert (killed.low, killed.best, killed.high) == (None, 4, None)
    reasons = [c.reason or "" for c in history(session, "incident", held_id)]
    assert any("merged by the matcher" in x for x in reasons)
    assert any("undone" in x for x in reasons)
    assert cand.status == "pending"


def test_large_file_is_recorded_not_lost(
    session: Session, kb: Knowledge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text("A bomb exploded in Quetta. " * 100)
    r = ingest(session, [str(big)], lexicon_from(kb), ANALYST)
    assert r.stored == 1 and len(r.errors) == 1 and "over the limit" in r.errors[0][1]
    (doc,) = session.scalars(select(Document))
    assert doc.status == "error" and doc.size == big.stat().st_size
