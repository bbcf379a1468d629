"""An appendix part of more incidents than the report lists (issue 15: a month of a million
incidents holds thousands): it lists the deadliest, keeps the headline's last high-profile
attack, says exactly how many are left out and gives the commands that list them all, which
do; every figure, footnote and the method's source tally stay those of the whole appendix,
and a note's incident numbers link only to rows that are there. Shown on the bundled data
with a limit of 5 rows per part."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from collections.abc import Iterator

import pytest
from report_helpers import parse_html
from sqlalchemy import text
from typer.testing import CliRunner

from militancydb.analysis.periods import parse_period
from militancydb.cli.main import app
from militancydb.db.engine import make_engine, session_scope
from militancydb.knowledge.loader import load_knowledge
from militancydb.reports.periodic import COMPARED, PERIOD, build_periodic
from militancydb.reports.periodic_model import PeriodicReport
from militancydb.reports.render import render_html, render_markdown

LIMIT = 5
TODAY = dt.date(2026, 1, 1)


Facts = dict[int, tuple[int | None, dt.date]]
Built = tuple[PeriodicReport, PeriodicReport, Facts, str]


@pytest.fixture
def reports(ucdp_db_url: str) -> Iterator[Built]:
    """The August 2016 report whole and cut, (killed, date) of every incident, the URL."""
    engine = make_engine(ucdp_db_url)
    period, grain = parse_period("2016-08")
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        whole = build_periodic(s, kb, period, grain, "PK", today=TODAY, appendix_limit=None)
        cut = build_periodic(s, kb, period, grain, "PK", today=TODAY, appendix_limit=LIMIT)
    with engine.connect() as c:
        facts: Facts = {
            iid: (killed, day)
            for iid, killed, day in c.execute(
                text("SELECT id, killed_best, date_start FROM incidents")
            )
        }
    engine.dispose()
    yield whole, cut, facts, ucdp_db_url


def _part(r: PeriodicReport, part: str) -> list[int]:
    return [a.id for a in r.appendix if a.part == part]


def _listed_by(db_url: str, command: str) -> set[int]:
    """The incidents a command of the report's text lists, run as the user would."""
    args = shlex.split(command)
    assert args[:3] == ["militancydb", "incidents", "list"]
    r = CliRunner().invoke(app, ["--db", db_url, *args[1:], "--format", "json"])
    assert r.exit_code == 0, r.output
    return {row["id"] for row in json.loads(r.stdout)["data"]}


def test_cut_parts_list_the_deadliest_and_say_what_is_left_out(reports: Built) -> None:
    whole, cut, facts, db_url = reports
    assert not whole.appendix_more
    hp = next(n for n in cut.notes.items if n.label == "last high-profile attack").ids[0]
    assert hp in _part(whole, COMPARED)
    linked = {hp} | {i.id for i in cut.timeline + cut.strikes.items}
    linked |= {c.incident_id for c in cut.claims.items if c.incident_id is not None}
    linked |= {g.incident_id for g in cut.claims.competing}
    for part in (PERIOD, COMPARED):
        everyone = _part(whole, part)
        keep = linked & set(everyone)
        shown = max(LIMIT, len(keep))
        assert len(everyone) > shown  # else nothing is cut and the test shows nothing

        def rank(i: int, keep: set[int] = keep) -> tuple[bool, int, dt.date, int]:
            killed, day = facts[i]
            return (i not in keep, -(killed or 0), day, i)

        want = sorted(sorted(everyone, key=rank)[:shown], key=lambda i: (facts[i][1], i))
        assert _part(cut, part) == want
        more = cut.appendix_more[part]
        assert more.text.startswith(f"{shown} of these {len(everyone)} incidents are listed")
        assert f"the other {len(everyone) - shown} are" in more.text
        assert (more.listed, more.of) == (shown, len(everyone))
        listed: set[int] = set()
        for command in more.commands:
            listed |= _listed_by(db_url, command)
        assert set(everyone) - set(want) <= listed  # the commands list every one left out
    assert hp in _part(cut, COMPARED)  # kept whatever its toll


def test_cut_keeps_every_figure_note_and_source_tally(reports: Built) -> None:
    whole, cut, _, _ = reports
    assert [(n.label, n.ids) for n in cut.notes.items] == [
        (n.label, n.ids) for n in whole.notes.items
    ]
    assert cut.headline == whole.headline
    assert cut.by_type == whole.by_type and cut.provinces == whole.provinces
    assert cut.method == whole.method  # the sources of all the period's incidents


def test_cut_report_links_only_to_listed_rows(reports: Built) -> None:
    _, cut, _, _ = reports
    listed = {a.id for a in cut.appendix}
    page = parse_html(render_html(cut))
    targets = {int(x[len("inc-") :]) for x in page.links if x.startswith("inc-")}
    assert targets == listed  # every listed row is pointed to, no link points elsewhere
    html = render_html(cut)
    for more in cut.appendix_more.values():
        assert more.text in html and all(f"<code>{c}</code>" in html for c in more.commands)
    md = render_markdown(cut)
    md_targets = {int(i) for i in re.findall(r"\]\(#inc-(\d+)\)", md)}
    assert md_targets == listed
    for more in cut.appendix_more.values():
        assert more.text in md and all(f"`{c}`" in md for c in more.commands)
    whole_note = max(cut.notes.items, key=lambda n: len(n.ids))
    unlisted = [i for i in whole_note.ids if i not in listed]
    assert unlisted and all(f"#inc-{i}" not in md for i in unlisted)
