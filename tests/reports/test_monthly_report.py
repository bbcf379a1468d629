"""The monthly report for August 2016 (Pakistan) on the bundled data, on each backend:
rendered to PDF (pages rendered to PNG, text read back and checked for the headings and for
figures the test computes itself with SQL), to HTML (footnote anchors resolve to appendix
rows; charts and map embedded as data URIs; nothing loaded from outside; text escaped) and
to Markdown."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator

import pytest
from report_helpers import parse_html, read_pdf, variance
from sqlalchemy import text

from militancydb.analysis.periods import parse_period
from militancydb.db.engine import make_engine, session_scope
from militancydb.knowledge.loader import load_knowledge
from militancydb.reports.periodic import build_periodic
from militancydb.reports.periodic_model import PeriodicReport
from militancydb.reports.render import render_html, render_markdown, render_pdf

HEADINGS = (
    "Monthly security report: Pakistan, August 2016",
    "Summary",
    "Headline figures",
    "Killed and injured by category",
    "Attacks by perpetrator, tactic and target",
    "Security operations",
    "Drone strikes and cross-border attacks",
    "Provinces",
    "Timeline of major incidents",
    "Claims of responsibility and their credibility",
    "Group spotlight",
    "Notes: the incidents behind each figure",
    "Appendix: incidents",
)


@dataclasses.dataclass
class Expected:
    """August 2016 in Pakistan, counted by the test with SQL."""

    ids: set[int]
    killed: int
    quetta_killed: int


@pytest.fixture
def august(ucdp_db_url: str) -> Iterator[tuple[PeriodicReport, Expected]]:
    engine = make_engine(ucdp_db_url)
    with engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT id, killed_best FROM incidents WHERE country = 'PK' AND deleted = :f "
                "AND date_start BETWEEN :a AND :b"
            ),
            {"f": False, "a": dt.date(2016, 8, 1), "b": dt.date(2016, 8, 31)},
        ).all()
        quetta = c.execute(
            text(
                "SELECT max(killed_best) FROM incidents WHERE date_start = :d "
                "AND admin2_name = 'Quetta'"
            ),
            {"d": dt.date(2016, 8, 8)},
        ).scalar_one()
    expected = Expected({r[0] for r in rows}, sum(r[1] or 0 for r in rows), quetta)
    period, grain = parse_period("2016-08")
    with session_scope(engine) as s:
        report = build_periodic(s, load_knowledge(s), period, grain, "PK")
    engine.dispose()
    yield report, expected


def test_monthly_pdf_pages_headings_and_figures(
    august: tuple[PeriodicReport, Expected],
) -> None:
    report, exp = august
    pdf = read_pdf(render_pdf(report), render=(0, 1))
    assert pdf.pages > 1
    for img in pdf.images:
        assert img.width > 500 and variance(img) > 100, "page rendered blank"
    for heading in HEADINGS:
        assert heading in pdf.text, heading
    assert f"records {len(exp.ids)} incidents" in pdf.text
    total = next(r for r in report.headline.rows if r.metric == "killed (all kinds)")
    assert total.now.value == exp.killed
    assert f"killed (all kinds) {exp.killed:,}" in pdf.text
    assert f"{exp.quetta_killed} killed" in pdf.text  # the Quetta hospital bombing
    assert f"Page {pdf.pages} of {pdf.pages}" in pdf.text


def test_monthly_html_footnotes_resolve_and_images_embedded(
    august: tuple[PeriodicReport, Expected],
) -> None:
    report, exp = august
    html = render_html(report)
    page = parse_html(html)
    assert not page.external, page.external
    incident_links = {x for x in page.links if x.startswith("inc-")}
    note_links = {x for x in page.links if x.startswith("note-")}
    assert incident_links and note_links
    assert incident_links <= page.ids, incident_links - page.ids
    assert note_links <= page.ids
    assert {x for x in page.links if x.startswith("src-")} <= page.ids
    # every appendix row is an incident a note points to, and holds its figures
    assert {int(x[4:]) for x in page.rows if x.startswith("inc-")} == report.notes.ids
    assert exp.ids <= report.notes.ids
    # the note of the month's incident count lists exactly the month's incidents
    first = next(r for r in report.headline.rows if r.metric.startswith("All kinds")).now
    assert first.value == len(exp.ids) and first.note is not None
    assert set(report.notes.items[first.note - 1].ids) == exp.ids
    # charts (SVG) and the map embedded as data URIs
    svgs = [src for src in page.images if src.startswith("data:image/svg+xml;base64,")]
    assert len(svgs) == len(page.images) == len(report.charts) + 1
    assert re.search(r'<figure class="map">\s*<img src="data:image/svg\+xml;base64,', html)


def test_html_escapes_text(august: tuple[PeriodicReport, Expected]) -> None:
    report, _ = august
    item = dataclasses.replace(report.timeline[0], summary="<script>alert('x')</script> & co")
    report.timeline[0] = item
    html = render_html(report)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co" in html


def test_monthly_markdown(august: tuple[PeriodicReport, Expected]) -> None:
    report, exp = august
    md = render_markdown(report)
    for heading in (
        "# Monthly security report: Pakistan, August 2016",
        "## Summary",
        "## Killed and injured by category",
        "## Provinces",
        "### Balochistan",
        "## Appendix: incidents",
    ):
        assert f"\n{heading}\n" in f"\n{md}", heading
    assert f"| **All kinds (the sum of the parts above): incidents** | {len(exp.ids)}[^" in md
    used = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    defined = set(re.findall(r"^\[\^(\d+)\]:", md, re.M))
    assert used and used <= defined
    anchors = set(re.findall(r'<a id="(inc-\d+)"></a>', md))
    assert set(re.findall(r"\]\(#(inc-\d+)\)", md)) <= anchors
    assert "data:image" not in md
    assert "| Police | *not recorded* |" in md
