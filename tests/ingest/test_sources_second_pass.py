"""Files as an analyst's own folder holds them, second pass (no database): a link to a folder
inside the folder, a link that leads back to itself, a text saved by Windows as "Unicode"
(UTF-16), a page whose only date is its copyright year, and feed items without text. Each is
read, or rejected with its own reason; nothing is dropped or taken for another document."""

from __future__ import annotations

from pathlib import Path

from militancydb.ingest.sources import RawDocument, Rejected, read_path, walk

STORY = "KOHAT: Militants attacked a police patrol in Kohat on Tuesday, killing four policemen."


def _read(folder: Path) -> list[RawDocument | Rejected]:
    return [doc for path in walk([str(folder)]) for doc in read_path(path)]


def test_a_link_to_a_folder_inside_is_reported_not_dropped(tmp_path: Path) -> None:
    (tmp_path / "elsewhere" / "2024").mkdir(parents=True)
    (tmp_path / "elsewhere" / "2024" / "a.txt").write_text(STORY, "utf-8")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "2024").symlink_to(tmp_path / "elsewhere" / "2024")
    (only,) = _read(tmp_path / "news")
    assert isinstance(only, Rejected), only
    assert "link to the folder" in only.reason and "elsewhere" in only.reason
    assert "ingest that folder" in only.reason  # the fix
    assert len(only.content_hash) == 64


def test_a_link_that_leads_to_itself_is_called_a_loop(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (gone,) = _read(tmp_path)
    assert isinstance(gone, Rejected)
    assert "loop" in gone.reason and "does not exist" not in gone.reason


def test_a_text_saved_as_utf16_is_read_not_called_binary(tmp_path: Path) -> None:
    (tmp_path / "unicode.txt").write_bytes(STORY.encode("utf-16"))  # with its byte-order mark
    (tmp_path / "page.html").write_bytes(
        f"<html><body><p>{STORY}</p></body></html>".encode("utf-16-be").join([b"\xfe\xff", b""])
    )
    docs = _read(tmp_path)
    assert [type(d).__name__ for d in docs] == ["RawDocument", "RawDocument"], docs
    assert all(isinstance(d, RawDocument) and STORY in d.text for d in docs)


def test_a_copyright_year_is_not_taken_for_the_publication_date(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Four policemen killed in Kohat</title></head><body>"
        f"<article><p>{STORY}</p><p>The attackers fled.</p></article>"
        "<footer>(c) 2024 Example Daily</footer></body></html>"
    )
    (tmp_path / "undated.html").write_text(page, "utf-8")
    dated = page.replace(
        "</title>", '</title><meta property="article:published_time" content="2024-04-10">'
    )
    (tmp_path / "dated.html").write_text(dated, "utf-8")
    docs = {Path(d.source_path).name: d for d in _read(tmp_path)}
    undated, with_date = docs["undated.html"], docs["dated.html"]
    assert isinstance(undated, RawDocument) and isinstance(with_date, RawDocument)
    assert undated.published is None  # then --published dates it, not "2024-01-01"
    assert with_date.published == "2024-04-10"


def test_feed_items_without_text_are_each_rejected(tmp_path: Path) -> None:
    empty_item = "<item><title></title><description></description></item>"
    for name in ("a.rss", "b.rss"):
        (tmp_path / name).write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"<item><title>Kohat</title><description>{STORY} ({name})</description></item>"
            f"{empty_item}</channel></rss>",
            "utf-8",
        )
    (tmp_path / "blank.html").write_text("<html><body><div> </div></body></html>", "utf-8")
    docs = _read(tmp_path)
    refused = [d for d in docs if isinstance(d, Rejected)]
    assert len(refused) == 3 and len(docs) == 5
    assert {d.source_path.rsplit("/", 1)[-1] for d in refused} == {
        "a.rss#item 2",
        "b.rss#item 2",
        "blank.html",
    }
    assert all("has no text" in d.reason for d in refused)
    assert len({d.content_hash for d in refused}) == 3  # not one another's duplicates


def test_an_item_id_is_not_taken_for_its_web_address(tmp_path: Path) -> None:
    (tmp_path / "atom.xml").write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        f"<entry><title>Kohat</title><id>tag:wire,2024:1</id><summary>{STORY}</summary></entry>"
        '<entry><title>Bannu</title><id>tag:wire,2024:2</id><link href="https://wire.example/2"/>'
        f"<summary>{STORY.replace('Kohat', 'Bannu')}</summary></entry></feed>",
        "utf-8",
    )
    first, second = _read(tmp_path)
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.item, first.url) == ("tag:wire,2024:1", None)
    assert second.url == "https://wire.example/2"
