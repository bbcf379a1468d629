"""The brief on the Islamic State's Khorasan chapter as of 30 September 2016, on the bundled
data and each backend: built (facts with sources, nothing dated after the brief), rendered to
PDF (pages to PNG, text checked for the headings and for facts the test reads itself from
the database), to HTML (anchors resolve, map and chart embedded) and to Markdown."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

import pytest
from report_helpers import parse_html, read_pdf, variance
from sqlalchemy import text

from militancydb.db.engine import make_engine, session_scope
from militancydb.domain.knowledge_date import AsOf
from militancydb.knowledge.loader import load_knowledge
from militancydb.reports.group import build_group_brief
from militancydb.reports.group_gather import months_before
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
        # the first source of the killing that was out by the brief's date (a full date)
        publisher = c.execute(
            text(
                "SELECT s.publisher FROM sources s JOIN citations c ON c.source_id = s.id "
                "WHERE c.entity_type = 'person_event' "
                "AND c.entity_id = 'hafiz-saeed-khan:killed:2016-07-26' "
                "AND length(s.published) = 10 AND s.published <= :d ORDER BY c.id"
            ),
            {"d": AS_OF.isoformat()},
        ).first()
        links = c.execute(
            text(
                "SELECT i.id, a.basis FROM incidents i JOIN incident_actors a "
                "ON a.incident_id = i.id WHERE a.actor_key = 'is-khorasan' "
                "AND a.role = 'perpetrator' AND i.date_start <= :d"
            ),
            {"d": AS_OF},
        ).all()
        published = dict(c.execute(text("SELECT key, published FROM sources")).all())
        # ties of the chapter valid on the date whose every dated source is later than it,
        # with at least one such later source (e.g. the TTP segment's defection of 2015-01,
        # dated only by a 2021 blog)
        later_ties = c.execute(
            text(
                "SELECT r.key, r.type FROM actor_relations r WHERE "
                "(r.from_key = 'is-khorasan' OR r.to_key = 'is-khorasan') AND r.start <= :d "
                "AND EXISTS (SELECT 1 FROM citations c JOIN sources s ON s.id = c.source_id "
                "  WHERE c.entity_type = 'relation' AND c.entity_id = r.key "
                "  AND length(s.published) = 10 AND s.published > :d) "
                "AND NOT EXISTS (SELECT 1 FROM citations c JOIN sources s ON s.id = c.source_id "
                "  WHERE c.entity_type = 'relation' AND c.entity_id = r.key "
                "  AND length(s.published) = 10 AND s.published <= :d)"
            ),
            {"d": AS_OF.isoformat()},
        ).all()
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        b = build_group_brief(s, kb, "Islamic State Khorasan Province", AS_OF, today=AS_OF)
        later = build_group_brief(
            s, kb, "Islamic State Khorasan Province", AsOf(AS_OF, with_later=True), today=AS_OF
        )
    engine.dispose()
    by_incident: dict[int, set[str]] = {}
    for iid, basis in links:
        by_incident.setdefault(iid, set()).add(basis)
    yield (
        b,
        {
            "own_claims": own_claims,
            "publisher": publisher[0] if publisher else None,
            "af_held": af_held,
            "attacks": {i for i, bs in by_incident.items() if bs - {"claimed"}},
            "claimed_only": {i for i, bs in by_incident.items() if bs == {"claimed"}},
            "published": published,
            "later_ties": later_ties,
            "later": later,
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
    # tactics by year count the group's attacks (attributed, suspected or confirmed) up to
    # the date
    assert sum(r.cells[0].value for r in b.tactics.rows) == len(exp["attacks"])  # type: ignore[union-attr,arg-type]
    # every fact's sources are in the source list; the fact of the killing cites its publisher
    numbers = {s.number for s in b.sources.items}
    assert all(n in numbers for f in b.identity for n in f.sources)
    assert exp["publisher"] and any(s.publisher == exp["publisher"] for s in b.sources.items)


def test_brief_cites_only_sources_published_by_its_date(
    brief: tuple[GroupBrief, dict[str, object]],
) -> None:
    """As of 2016-09-30 means as known then: every cited source was published (full date)
    on or before the day, by the sources table read here; none is printed without its
    publisher when the database has one (issue 14, points 5 and 9)."""
    b, exp = brief
    published: dict[str, str | None] = exp["published"]  # type: ignore[assignment]
    assert b.sources.items
    for s in b.sources.items:
        day = published[s.key]
        assert day is not None, s.key
        # the last day a partial date can mean: 2015-07 -> 2015-07-31, 2016 -> 2016-12-31
        y, m = int(day[:4]), int(day[5:7]) if len(day) > 4 else 12
        last = day if len(day) == 10 else f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
        assert last <= AS_OF.isoformat(), (s.key, day)
        assert s.publisher, s.key
    text_all = " ".join(
        [*b.summary, *(f.text for f in b.identity), *(f.text for f in b.proclaimed), b.leadership]
    )
    for year in ("2017", "2018", "2019", "2020", "2021"):
        assert year not in text_all, year


def test_a_fact_known_only_from_a_later_source_is_left_out_and_shown_apart_when_asked(
    brief: tuple[GroupBrief, dict[str, object]],
) -> None:
    b, exp = brief
    ties: list[tuple[str, str]] = exp["later_ties"]  # type: ignore[assignment]
    assert ties, "the bundled registry holds a tie known only from a later source"
    later: GroupBrief = exp["later"]  # type: ignore[assignment]
    shown = {(n.type, n.source_actor, n.target_actor) for n in b.network}
    for key, kind in ties:
        _, source, target, _ = key.split(":")
        assert not any(t == kind and source in s.lower().replace(" ", "-") for t, s, _ in shown)
        assert not b.later  # not asked for
        assert any(f"— {kind} —" in f.text for f in later.later), key
    assert b.left_out == later.left_out > 0
    assert "Known later" not in render_markdown(b)
    assert "## Known later (not known on 2016-09-30)" in render_markdown(later)


def test_brief_attacks_state_their_basis(brief: tuple[GroupBrief, dict[str, object]]) -> None:
    """A claimed-only attack is not the group's attack: it is listed apart, with the grade of
    the claim, and counted in neither its attacks, killed nor suicide attacks (point 3)."""
    b, exp = brief
    assert {i.id for i in b.attacks} == exp["attacks"]
    assert {i.id for i in b.claimed_attacks} == exp["claimed_only"]
    assert 5528 in exp["claimed_only"]  # the Quetta hospital bombing: claimed, graded doubtful
    assert f"claimed only {len(exp['claimed_only'])}" in b.attack_basis  # type: ignore[arg-type]
    assert "graded doubtful" in b.attack_basis
    assert f"attributed {len(exp['attacks'])} " in b.attack_basis  # type: ignore[arg-type]
    assert sum(r.cells[0].value for r in b.tactics.rows) == len(exp["attacks"])  # type: ignore[union-attr,arg-type]
    quetta = next(i for i in b.claimed_attacks if i.id == 5528)
    assert "Islamic State Khorasan Province" in quetta.claimants
    assert "Islamic State Khorasan Province" not in quetta.perpetrators


def test_brief_losses_not_recorded_and_not_covered(
    brief: tuple[GroupBrief, dict[str, object]],
) -> None:
    b, _ = brief
    assert b.losses.militants_arrested.value is None
    assert any("not covered: no incident data for Afghanistan" in c for c in b.losses.caveats)
    assert any("arrests: not recorded" in line for line in b.summary)
    assert not any("0 arrested" in line for line in b.summary)
    assert any(
        c.startswith("Not covered: the database holds no incident") and "Afghanistan" in c
        for c in b.coverage
    )


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
