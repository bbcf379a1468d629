"""The monthly report of August 2016 (Pakistan, bundled data) held to its recorded text, on
each backend: the Markdown (every figure, table, footnote and appendix row) and the HTML
with its embedded images cut out (the same, laid out) must equal the files in
``tests/reports/golden/``, which were written by the report code before it was made fast
(issue 15). A change of the report's content, or of the bundled data or its typing rules,
shows here as a diff; when such a change is meant, write the files anew with
``MILITANCYDB_WRITE_GOLDEN=1 .venv/bin/python -m pytest tests/reports/test_report_golden.py
--backend sqlite`` and review the diff.

The coverage note names the day the test database's data were imported (today, whenever the
suite runs); that date is written as ``IMPORT-DAY`` in the recorded files and in the text
compared, so the files hold on any day."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from pathlib import Path

from militancydb.analysis.periods import parse_period
from militancydb.db.engine import make_engine, session_scope
from militancydb.knowledge.loader import load_knowledge
from militancydb.reports.periodic import build_periodic
from militancydb.reports.render import render_html, render_markdown

GOLDEN = Path(__file__).parent / "golden"
IMAGE = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")
#: the import run's day in the coverage note: "import run 1, FILE.csv, 2026-12-05)"
IMPORT_DAY = re.compile(r"(import run \d+, [^,()]+, )\d{4}-\d{2}-\d{2}\)")


def _timeless(text: str) -> str:
    """``text`` with the import run's day written as ``IMPORT-DAY``."""
    return IMPORT_DAY.sub(r"\1IMPORT-DAY)", text)


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    text = _timeless(text)
    if os.environ.get("MILITANCYDB_WRITE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, "utf-8")
    want = path.read_text("utf-8")
    if text != want:
        diff = "".join(
            list(
                difflib.unified_diff(
                    want.splitlines(True), text.splitlines(True), "recorded", "now", n=1
                )
            )[:60]
        )
        raise AssertionError(f"{name} differs from the recorded report:\n{diff}")


def test_monthly_report_content_is_unchanged(ucdp_db_url: str) -> None:
    engine = make_engine(ucdp_db_url)
    period, grain = parse_period("2016-08")
    try:
        with session_scope(engine) as s:
            report = build_periodic(
                s, load_knowledge(s), period, grain, "PK", today=dt.date(2026, 1, 1)
            )
    finally:
        engine.dispose()
    assert len(report.appendix) > 20  # the period's incidents and those cited beside them
    _check("monthly-2016-08.md", render_markdown(report))
    html = render_html(report)
    assert len(IMAGE.findall(html)) == len(report.charts) + 1  # the charts and the map
    _check("monthly-2016-08.html", IMAGE.sub("data:image", html))
