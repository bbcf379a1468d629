"""Reading documents from files (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from militancydb.ingest import sources
from militancydb.ingest.language import detect
from militancydb.ingest.sources import RawDocument, Rejected, read_path, text_hash, walk


def _read(folder: Path) -> list[RawDocument | Rejected]:
    return [d for p in walk([str(folder)]) for d in read_path(p)]


def test_every_kind_of_file(news_folder: Path) -> None:
    docs = _read(news_folder)
    kinds = sorted(
        (Path(d.source_path).name, d.kind if isinstance(d, RawDocument) else "x") for d in docs
    )
    assert kinds == [
        ("article.txt", "text"),
        ("broken.rss", "feed-item"),
        ("feed.xml", "feed-item"),
        ("feed.xml", "feed-item"),
        ("page.html", "html"),
        ("photo.jpg", "x"),
        ("urdu.txt", "text"),
    ]


def test_html_main_text_and_metadata(news_folder: Path) -> None:
    (page,) = list(read_path(news_folder / "page.html"))
    assert isinstance(page, RawDocument)
    assert "killing five people" in page.text
    assert "All rights reserved" not in page.text and "Home" not in page.text
    assert page.published == "2016-08-08"
    assert page.title and "Quetta" in page.title


def test_feed_items_and_broken_feed(news_folder: Path) -> None:
    items = list(read_path(news_folder / "feed.xml"))
    assert [d.url for d in items if isinstance(d, RawDocument)] == [
        "https://example.org/a1",
        "https://example.org/a2",
    ]
    assert all(isinstance(d, RawDocument) and d.published == "2019-07-23" for d in items)
    (broken,) = list(read_path(news_folder / "sub" / "broken.rss"))
    assert isinstance(broken, RawDocument)
    assert "Kandahar" in broken.text
    assert broken.note and broken.note.startswith("malformed feed")


def test_binary_and_oversized_files_are_rejected_with_the_fix(
    news_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (binary,) = list(read_path(news_folder / "sub" / "photo.jpg"))
    assert isinstance(binary, Rejected) and "binary file" in binary.reason
    monkeypatch.setattr(sources, "MAX_BYTES", 100)
    (big,) = list(read_path(news_folder / "article.txt"))
    assert isinstance(big, Rejected)
    assert "over the limit" in big.reason and "split the file" in big.reason
    assert big.size == (news_folder / "article.txt").stat().st_size


def test_language_and_hash() -> None:
    assert detect("Gunmen shot dead two policemen in Peshawar on Monday, police said.")[0] == "en"
    assert detect("پشاور میں پیر کے روز فائرنگ سے دو پولیس اہلکار جاں بحق ہو گئے")[0] == "ur"
    assert detect("12 3")[0] == "und"
    assert text_hash("A  bomb\nexploded.") == text_hash("A bomb exploded. ")


def test_malformed_html_still_gives_its_text(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        "<html><body><div><p>Unclosed <b>bold <p>A bomb exploded in Kabul on Monday, "
        "killing three people.<div><span>",
        encoding="utf-8",
    )
    (doc,) = list(read_path(page))
    assert isinstance(doc, RawDocument) and doc.kind == "html"
    assert "killing three people" in doc.text


def test_missing_path_is_rejected(tmp_path: Path) -> None:
    (doc,) = list(read_path(tmp_path / "nowhere.txt"))
    assert isinstance(doc, Rejected) and "no such file" in doc.reason
