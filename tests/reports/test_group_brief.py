"""The brief on the Islamic State's Khorasan chapter as of 30 September 2016, on the bundled
data and each backend: built (facts with sources, nothing dated after the brief), rendered to
PDF (pages to PNG, text checked for the headings and for facts the test reads itself from
the database), to HTML (anchors resolve, map and chart embedded) and to Markdown."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from report_helpers import parse_html, read_pdf, variance
from sqlalchemy import text

from militancydb.db.engine import make_engine, session_scope
from militancydb.knowledge.loader import load_knowledge
from militancydb.reports.group import build_group_brief, months_before
from militancydb.reports.group_model import GroupBrief
from militancydb.reports.render import render_html, render_markdown, render_pdf

AS_OF = dt.date(2016, 9, 30)
HEADINGS = (
    "Group brief: Islamic State Khorasan Province, as of 30 September 2016",
    "Identity and aliases",
    "Parent and chapters",
    "Proclaimed territory",
    "Leadership",
    "Network",
    "Losses, 2016-07-31 to 2016-09-30",
    "Tactics and targets by year",
    "Operational status by country",
    "Claims of responsibility and their credibility",
    "Territory",
    "Sources cited",
    "Appendix: incidents",
)


@pytest.fixture
def brief(ucdp_db_url: str) -> Iterator[tuple[GroupBrief, dict[str, object]]]:
    engine = make_engine(ucdp_db_url)
    with engine.connect() as c:
        af_held = c.execute(
            text(
                "SELECT count(*) FROM incidents WHERE country = 'AF' AND deleted = :f "
                "AND date_start > :start AND date_start <= :d"
            ),
            {"f": False, "start": AS_OF - dt.timedelta(days=365), "d": AS_OF},
        ).scalar_one()
        own_claims = c.execute(
            text(
                "SELECT count(*) FROM claims WHERE claimant_key = 'is-khorasan' "
                "AND claimed_at <= :ds"
            ),
            {"ds": AS_OF.isoformat()},  # nothing dated after the brief
        ).scalar_one()
        publisher = c.execute(
            text(
                "SELECT s.publisher FROM sources s JOIN citations c ON c.source_id = s.id "
                "WHERE c.entity_type = 'person_event' "
                "AND c.entity_id = 'hafiz-saeed-khan:killed:2016-07-26' ORDER BY c.id"
            )
        ).first()
        attacks = c.execute(
            text(
                "SELECT DISTINCT i.id FROM incidents i JOIN incident_actors a "
                "ON a.incident_id = i.id WHERE a.actor_key = 'is-khorasan' "
                "AND a.role = 'perpetrator' AND i.date_start <= :d"
            ),
            {"d": AS_OF},
        ).all()
    with session_scope(engine) as s:
        b = build_group_brief(
            s, load_knowledge(s), "Islamic State Khorasan Province", AS_OF, today=AS_OF
        )
    engine.dispose()
    yield (
        b,
        {
            "own_claims": own_claims,
            "publisher": publisher[0] if publisher else None,
            "attacks": {r[0] for r in attacks},
            "af_held": af_held,
        },
    )


def test_brief_content(brief: tuple[GroupBrief, dict[str, object]]) -> None:
    b, exp = brief
    assert b.key == "is-khorasan" and b.parent is not None and "Islamic State" in b.parent.text
    assert any("ISKP" in a for a in b.aliases)
    # leadership: Hafiz Saeed Khan killed on 2016-07-26, no successor in post on the date
    hsk = [x for x in b.leaders if x.name == "Hafiz Saeed Khan"]
    assert hsk and not hsk[0].current
    assert any("killed on 2016-07-26" in f.text for f in hsk[0].fates)
    assert "no successor is recorded" in b.leadership
    # losses over the two months before the date
    assert (b.losses.start, b.losses.end) == (months_before(AS_OF, 2), AS_OF)
    assert b.losses.start == dt.date(2016, 7, 31)
    # nothing dated after the brief: territory, ties and posts that ended later show no end
    for t in b.territory:
        assert t.start is None or t.start[:4] <= "2016"
        assert t.end is None or t.end <= "2016-09-30"
    assert all(e.end is None or e.end <= "2016-09-30" for e in b.network)
    # operational status per country it operates in
    assert {o.country for o in b.operational} == {"AF", "PK"}
    pk = next(o for o in b.operational if o.country == "PK")
    assert pk.verdict in ("emerging", "operational", "no record")
    af = next(o for o in b.operational if o.country == "AF")
    if exp["af_held"]:  # the claims corpus holds Afghan attacks: no coverage warning
        assert af.coverage is None
    else:
        assert af.coverage and "holds no incident in Afghanistan" in af.coverage
    # claims: the group's own (and its parent's in its countries), each graded
    own = [c for c in b.claims.items if c.claimant == "Islamic State Khorasan Province"]
    assert len(own) == exp["own_claims"]
    assert all(c.grade in ("likely", "plausible", "doubtful", "unlikely") for c in own)
    # tactics by year count the group's attacks up to the date
    assert sum(r.cells[0].value for r in b.tactics.rows) == len(exp["attacks"])  # type: ignore[union-attr]
    # every fact's sources are in the source list; the fact of the killing cites its publisher
    numbers = {s.number for s in b.sources.items}
    assert all(n in numbers for f in b.identity for n in f.sources)
    assert exp["publisher"] and any(s.publisher == exp["publisher"] for s in b.sources.items)


def test_brief_pdf(brief: tuple[GroupBrief, dict[str, object]]) -> None:
    b, exp = brief
    pdf = read_pdf(render_pdf(b), render=(0, 1))
    assert pdf.pages > 1
    assert all(variance(img) > 100 for img in pdf.images)
    for heading in HEADINGS:
        assert heading in pdf.text, heading
    for fact in ("Hafiz Saeed Khan", "2016-07-26", "ISKP", "Quetta"):
        assert fact in pdf.text, fact
    assert str(exp["publisher"]) in pdf.text
    pk = next(o for o in b.operational if o.country == "PK")
    assert f"Pakistan: {pk.verdict.upper()}" in pdf.text


def test_brief_html_and_markdown(brief: tuple[GroupBrief, dict[str, object]]) -> None:
    b, _ = brief
    page = parse_html(render_html(b))
    assert not page.external
    assert set(page.links) <= page.ids, set(page.links) - page.ids
    assert {x for x in page.links if x.startswith("src-")}
    assert len(page.images) == len(b.charts) + 1
    assert all(src.startswith("data:image/svg+xml;base64,") for src in page.images)
    md = render_markdown(b)
    assert md.startswith("# Group brief: Islamic State Khorasan Province")
    for heading in ("## Leadership", "## Network", "## Operational status by country"):
        assert f"\n{heading}\n" in md
    assert "## Sources cited" in md and re.search(r"\[S1[\],]", md)
