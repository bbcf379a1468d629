"""HTML injection (issue 9, point 5), from the failures as reported: a source URL
``javascript:alert(4)`` became a live link in the HTML report; Markdown reports passed
``<script>`` and ``<img onerror>`` from summaries through. The report of August 2016 is
built from the bundled data, then hostile text and URLs are put where stored records would
put them (reports must be safe even for URLs stored before the boundary refused them)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from militancydb.analysis.periods import parse_period
from militancydb.db.engine import make_engine, session_scope
from militancydb.knowledge.loader import load_knowledge
from militancydb.reports.model import SourceItem
from militancydb.reports.periodic import build_periodic
from militancydb.reports.periodic_model import PeriodicReport
from militancydb.reports.render import md_escape, render_html, render_markdown

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
LINK = "[click](javascript:alert(3))"
BAD_URLS = ("javascript:alert(4)", "file:///etc/passwd", "not a url", "data:text/html,<b>x")


@pytest.fixture
def report(ucdp_db_url: str) -> PeriodicReport:
    engine = make_engine(ucdp_db_url)
    period, grain = parse_period("2016-08")
    with session_scope(engine) as s:
        report = build_periodic(s, load_knowledge(s), period, grain, "PK")
    engine.dispose()
    report.timeline[0] = dataclasses.replace(
        report.timeline[0], summary=f"{SCRIPT} {IMG} {LINK} & &amp; done"
    )
    report.sources.items = [
        SourceItem(i + 1, f"key-{i}", f"Pub {IMG}", f"Title {SCRIPT}", u, "2016")
        for i, u in enumerate(BAD_URLS)
    ] + [SourceItem(len(BAD_URLS) + 1, "good", "Dawn", "A story", "https://dawn.com/a(b)", None)]
    report.appendix[0] = dataclasses.replace(
        report.appendix[0],
        source_url="javascript:alert(5)",
        source=f"Source {SCRIPT}",
        place=f"Quetta {IMG} | pipe",
    )
    return report


def test_html_never_links_a_url_that_is_not_http(report: PeriodicReport) -> None:
    html = render_html(report)
    hrefs = re.findall(r'href="([^"#][^"]*)"', html)
    assert "https://dawn.com/a(b)" in hrefs
    assert all(h.startswith(("http://", "https://")) for h in hrefs)
    for bad in (*BAD_URLS, "javascript:alert(5)"):
        assert f'href="{bad}' not in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:alert(4)" in html  # shown as text, so the reader sees what is stored


def test_markdown_escapes_raw_html_links_and_images_in_every_field(
    report: PeriodicReport,
) -> None:
    md = render_markdown(report)
    assert "<script>" not in md and "<img" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert '&lt;img src=x onerror="alert(2)"&gt;' in md
    assert "\\[click\\](javascript:alert(3))" in md  # not a link
    assert "](javascript:" not in md.replace("\\[click\\](javascript:", "")
    assert "<javascript:" not in md and "<file:" not in md
    assert "javascript:alert(4)" in md  # listed as text
    assert "<https://dawn.com/a%28b%29>" in md
    assert 'Quetta &lt;img src=x onerror="alert(2)"&gt; \\| pipe' in md
    assert "& &amp;amp; done" in md  # a bare & stays; an entity is shown, not decoded


def test_markdown_keeps_its_own_markup() -> None:
    assert md_escape("TTP & JuA's attack (5 killed)") == "TTP & JuA's attack (5 killed)"
    assert md_escape("a\\b <c> [d] `e` &lt;") == "a\\\\b &lt;c&gt; \\[d\\] \\`e\\` &amp;lt;"
