"""Ingesting an analyst's own folder, second pass (a real database): a run again over the same
folder says again which files are refused (not "already held"), and the same report saved as
a page with only a copyright year and as text gets the one date --published gives it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.document_tables import Document
from militancydb.errors import FileProblem
from militancydb.knowledge.loader import Knowledge
from militancydb.nlp.lexicon import lexicon_from
from militancydb.services import review
from militancydb.services.documents import ingest
from militancydb.services.history import Editor

ANALYST = Editor("analyst")
STORY = "KOHAT: Militants attacked a police patrol in Kohat on Tuesday, killing four policemen."


def test_a_second_run_says_again_which_files_are_refused(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    (tmp_path / "story.txt").write_text(STORY, "utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(100))
    (tmp_path / "empty.txt").write_bytes(b"")
    first = ingest(session, [str(tmp_path)], lexicon_from(kb), ANALYST)
    assert (first.stored, len(first.errors)) == (3, 2)
    again = ingest(session, [str(tmp_path)], lexicon_from(kb), ANALYST)
    assert (again.stored, again.skipped_seen) == (0, 1)  # only the story is held
    assert sorted(Path(p).name for p, _ in again.errors) == ["empty.txt", "photo.png"]
    assert all("as before: document" in why for _, why in again.errors)
    assert len(list(session.scalars(select(Document.id)))) == 3  # nothing stored twice


def test_a_page_dated_only_by_its_copyright_takes_the_date_given(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    (tmp_path / "page.html").write_text(
        "<html><head><title>Four policemen killed</title></head><body><article>"
        f"<p>{STORY}</p><p>No group claimed responsibility.</p></article>"
        "<footer>(c) 2024 Example Daily</footer></body></html>",
        "utf-8",
    )
    r = ingest(session, [str(tmp_path)], lexicon_from(kb), ANALYST, published=dt.date(2024, 4, 10))
    assert r.incidents == 1
    (doc,) = session.scalars(select(Document))
    assert doc.published == "2024-04-10"


def test_a_short_english_report_is_read_with_the_language_given(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    """A one-line report is too short for its language to be told: stored, not extracted, and
    named with the fix; --language en reads it, also when it was stored before."""
    (tmp_path / "alert.txt").write_text("Bomb kills 3 in Bannu on Monday.", "utf-8")
    (tmp_path / "urdu.txt").write_text(
        "پشاور میں پیر کے روز فائرنگ سے دو پولیس اہلکار جاں بحق ہو گئے۔", "utf-8"
    )
    day = dt.date(2024, 4, 10)
    first = ingest(session, [str(tmp_path)], lexicon_from(kb), ANALYST, published=day)
    assert (first.stored, first.not_extracted, first.incidents) == (2, 2, 0)
    named = {Path(where).name: why for where, why in first.not_read}
    assert "not recognised" in named["alert.txt"] and "language ur" in named["urdu.txt"]
    again = ingest(
        session, [str(tmp_path)], lexicon_from(kb), ANALYST, published=day, language="en"
    )
    assert (again.stored, again.reread, again.skipped_seen, again.incidents) == (0, 1, 1, 1)
    docs = {Path(d.source_path or "").name: d for d in session.scalars(select(Document))}
    alert, urdu = docs["alert.txt"], docs["urdu.txt"]
    assert (alert.language, alert.status, alert.incidents_found) == ("en", "extracted", 1)
    assert "as --language gives" in (alert.reason or "")
    assert (urdu.language, urdu.status) == ("ur", "not_extracted")  # told by its text: kept
    (new,) = [tmp_path / "headline.txt"]
    new.write_text("Quetta blast: 9 dead on Monday.", "utf-8")
    third = ingest(session, [str(new)], lexicon_from(kb), ANALYST, published=day, language="en")
    assert (third.stored, third.not_extracted, third.incidents) == (1, 0, 1)


def test_a_path_named_wrong_refuses_the_run_before_anything_is_stored(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    """A typo on the command line was stored as a document "no such file" (and the run
    ended with exit code 0); standard input was taken for a file named "-"."""
    (tmp_path / "story.txt").write_text(STORY, "utf-8")
    for wrong, said in (("stroy.txt", "no such file or folder"), ("-", "standard input")):
        paths = [str(tmp_path / "story.txt"), wrong if wrong == "-" else str(tmp_path / wrong)]
        with pytest.raises(FileProblem) as refused:
            ingest(session, paths, lexicon_from(kb), ANALYST)
        assert said in str(refused.value) and "nothing was ingested" in str(refused.value)
    assert list(session.scalars(select(Document.id))) == []


def test_an_accept_with_a_date_out_of_the_calendar_is_refused_by_name(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    """`review accept N --date 2024-02-30` stopped with "unexpected ValueError ... This is a
    bug" (the API's "date" the same)."""
    (tmp_path / "story.txt").write_text(STORY, "utf-8")
    ingest(session, [str(tmp_path)], lexicon_from(kb), ANALYST, published=dt.date(2024, 4, 10))
    (cand,) = review.list_candidates(session)
    for bad in ("2024-02-30", "10/04/2024"):
        with pytest.raises(review.ReviewError) as refused:
            review.accept(session, cand.id, kb, ANALYST, {"date_start": bad})
        assert bad in str(refused.value) and "YYYY-MM-DD" in str(refused.value)
    assert review.list_candidates(session)[0].status == "pending"
    made = review.accept(session, cand.id, kb, ANALYST, {"date_start": "2024-04-09"})
    assert str(made.date_start) == "2024-04-09"
