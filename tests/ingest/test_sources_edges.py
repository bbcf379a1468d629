"""Files as a user's folder really holds them (no database): symbolic-link loops, dangling
links, sockets and unreadable files, empty files, XML that is no feed, saved pages whose main
text trafilatura cannot find. Each is read or rejected with the problem and the fix, and
nothing is skipped silently."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from militancydb.ingest.language import detect
from militancydb.ingest.sources import RawDocument, Rejected, read_path, walk

HEX = set("0123456789abcdef")


def _names(folder: Path) -> list[str]:
    return [str(p.relative_to(folder)) for p in walk([str(folder)])]


def test_a_symlink_loop_is_walked_once_and_a_dangling_link_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "story.txt").write_text("Gunmen killed two in Bannu.", "utf-8")
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    up = os.path.join("a", "b", "up")  # yielded to be reported, not followed
    assert _names(tmp_path) == [os.path.join("a", "b", "story.txt"), up, "gone.txt"]
    (loop,) = list(read_path(tmp_path / up))
    assert isinstance(loop, Rejected) and "not followed" in loop.reason
    (gone,) = list(read_path(tmp_path / "gone.txt"))
    assert isinstance(gone, Rejected)
    assert "symbolic link" in gone.reason and "nowhere.txt" in gone.reason


def test_a_folder_named_through_a_link_is_walked(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    for i in range(3):
        (tmp_path / "real" / f"{i}.txt").write_text(f"story {i}", "utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    it = walk([str(tmp_path / "link")])
    assert [p.name for p in it] == ["0.txt", "1.txt", "2.txt"]


def test_a_file_that_cannot_be_read_is_rejected_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "feed.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        (doc,) = list(read_path(path))
    finally:
        server.close()
    assert isinstance(doc, Rejected)
    assert "not a regular file" in doc.reason and len(doc.content_hash) == 64


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_rejected_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Gunmen killed two in Bannu.", "utf-8")
    path.chmod(0)
    (doc,) = list(read_path(path))
    assert isinstance(doc, Rejected) and "cannot be read" in doc.reason
    assert "permission" in doc.reason.lower()


def test_empty_files_are_rejected_each_as_itself(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b" \n\n\t \n")
    docs = [d for p in walk([str(tmp_path)]) for d in read_path(p)]
    assert all(isinstance(d, Rejected) and "empty" in d.reason for d in docs)
    hashes = {d.content_hash for d in docs if isinstance(d, Rejected)}
    assert len(hashes) == 2  # two empty files are not "the same document twice"


def test_rejections_carry_a_hash_that_fits_the_column(tmp_path: Path) -> None:
    (doc,) = list(read_path(tmp_path / ("x" * 120) / "missing-article.txt"))
    assert isinstance(doc, Rejected) and len(doc.content_hash) == 64
    assert set(doc.content_hash) <= HEX


def test_xml_that_is_no_feed_is_rejected_naming_its_root(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<urlset><url><loc>https://example.org/a</loc></url></urlset>',
        "utf-8",
    )
    (doc,) = list(read_path(path))
    assert isinstance(doc, Rejected)
    assert "<urlset>" in doc.reason and "RSS or Atom" in doc.reason


def test_a_page_without_main_text_keeps_no_script_style_or_comment(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Blast <b>in</b> Quetta</title>"
        "<script>var headline = 'ninety killed';</script><style>p{color:red}</style></head>"
        "<body><!-- teaser: 77 dead --><table><tr><td>QUETTA: Two Levies men &amp; a driver "
        "were killed in Kohlu.</td></tr></table><noscript>Enable JavaScript</noscript>",
        encoding="utf-8",
    )
    (doc,) = list(read_path(path))
    assert isinstance(doc, RawDocument)
    assert "Two Levies men & a driver were killed in Kohlu." in doc.text
    for leaked in ("ninety", "color:red", "77 dead", "Enable JavaScript", "<b>", "&amp;"):
        assert leaked not in doc.text and leaked not in (doc.title or "")


def test_feed_items_decode_escaped_html_and_keep_a_missing_date_missing(tmp_path: Path) -> None:
    path = tmp_path / "wire.atom"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Wire</title><entry><title>Blast in Khost</title><id>urn:1</id>"
        '<content type="html">&lt;p&gt;Police &amp;amp; soldiers were among 4 killed in '
        "Khost.&lt;/p&gt;</content></entry>"
        "<entry><title><![CDATA[Two <i>killed</i> in Kunar]]></title><id>urn:2</id>"
        "<summary><![CDATA[<p>Gunmen killed two teachers in Kunar.</p>]]></summary></entry>"
        "</feed>",
        encoding="utf-8",
    )
    first, second = list(read_path(path))
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert "Police & soldiers were among 4 killed in Khost." in first.text
    assert "<" not in first.text + second.text and "&amp;" not in first.text
    assert "Gunmen killed two teachers in Kunar." in second.text
    assert first.published is None and second.published is None


def test_one_line_english_reports_are_english() -> None:
    for line in (
        "MARDAN: Gunmen shot dead 3 policemen in Mardan on 3 March 2015, police said.",
        "Gunmen killed two Taliban fighters in Jalalabad, Nangarhar province, late Friday night.",
        "Shares rose in Karachi on strong earnings.",
    ):
        assert detect(line)[0] == "en", line
    assert detect("Des hommes armés ont tué deux policiers à Quetta lundi.")[0] == "fr"


@pytest.mark.skipif(not Path("/proc/self/mem").is_file(), reason="needs Linux /proc")
def test_a_regular_file_whose_read_fails_is_rejected_with_the_reason() -> None:
    """/proc/self/mem is a regular file that no one can read from its start (EIO), even root:
    the same path through read_path as a file without read permission."""
    (doc,) = list(read_path(Path("/proc/self/mem")))
    assert isinstance(doc, Rejected) and doc.reason.startswith("cannot be read (")
    assert "check its permissions" in doc.reason and len(doc.content_hash) == 64


DAILY_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Three policemen martyred in Dera Ismail Khan attack - Newspaper</title>
<meta property="article:published_time" content="2023-10-12T09:15:00+05:00">
<meta property="og:site_name" content="Example News">
<script>window.dataLayer=[];gtag('js',new Date());</script>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Forty killed"}</script>
</head><body>
<div id="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ul></nav>
</header>
<div class="container"><div class="row"><div class="col-8"><article>
<h2>Three policemen martyred in Dera Ismail Khan attack</h2>
<div class="body"><p>DERA ISMAIL KHAN: Three policemen were martyred and two others injured when
gunmen attacked a police checkpost in the Kulachi area of Dera Ismail Khan on Wednesday night,
officials said.</p><p>According to police, the assailants opened fire with heavy weapons and
fled under cover of darkness. A search operation was launched in the area.</p>
<div class="ad"><script>googletag.display('div-gpt-ad-1')</script></div>
<p>No group has so far claimed responsibility for the attack.</p></div></article></div>
<aside><h3>Most popular</h3><ul><li><a href="/x">PSL final tickets sold out</a></li></ul></aside>
</div></div>
<section class="comments"><h3>Comments (2)</h3><div class="comment">Very sad news.</div></section>
<footer><p>Copyright 2023 Example News. All rights reserved.</p></footer></body></html>"""


def test_a_dailys_page_keeps_the_story_and_drops_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(DAILY_PAGE, encoding="utf-8")
    (doc,) = list(read_path(path))
    assert isinstance(doc, RawDocument) and doc.note is None
    assert "Three policemen were martyred" in doc.text
    assert "No group has so far claimed responsibility" in doc.text
    for boilerplate in ("cookies", "Most popular", "PSL final", "Very sad", "Copyright",
                        "googletag", "Forty killed", "Sport"):  # fmt: skip
        assert boilerplate not in doc.text, boilerplate
    assert (doc.published, doc.publisher) == ("2023-10-12", "Example News")
