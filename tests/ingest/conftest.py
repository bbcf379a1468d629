"""Documents written for these tests: an article, a saved page, feeds (one broken), text in
Urdu, a binary file."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTICLE = (
    "PESHAWAR: Gunmen shot dead two policemen guarding a polio team in Peshawar on Monday, "
    "police said. No group claimed responsibility for the attack."
)
PAGE = """<!doctype html><html><head><title>Blast in Quetta</title>
<meta property="article:published_time" content="2016-08-08">
<meta property="og:site_name" content="Example Daily"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Blast kills five in Quetta market</h1>
<p>A bomb exploded in a crowded market in Quetta on Monday, killing five people and injuring
20 others, officials said.</p><p>The Balochistan Liberation Army claimed responsibility in a
statement to reporters.</p></article>
<footer>Copyright Example Daily. All rights reserved.</footer></body></html>"""
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Wire</title>
<item><title>Suicide attack in Kabul</title><link>https://example.org/a1</link>
<pubDate>Tue, 23 Jul 2019 08:00:00 GMT</pubDate>
<description>A suicide bomber killed 11 people near a university in Kabul on
Monday.</description></item>
<item><title>Markets rally</title><link>https://example.org/a2</link>
<pubDate>Tue, 23 Jul 2019 09:00:00 GMT</pubDate>
<description>Shares rose in Karachi on strong earnings.</description></item>
</channel></rss>"""
BROKEN_FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>
<item><title>Roadside bomb in Kandahar</title>
<description>A roadside bomb killed three
soldiers in Kandahar on Sunday.<description></item>"""
URDU = (
    "پشاور میں پیر کے روز فائرنگ سے دو پولیس اہلکار جاں بحق ہو گئے۔ "
    "پولیس کے مطابق حملہ آور فرار ہو گئے۔"
)


@pytest.fixture
def news_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "feed.xml").write_text(FEED, encoding="utf-8")
    (folder / "sub" / "broken.rss").write_text(BROKEN_FEED, encoding="utf-8")
    (folder / "sub" / "urdu.txt").write_text(URDU, encoding="utf-8")
    (folder / "sub" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200))
    return folder
