"""``militancydb report ...`` as a user runs it: each command writes its format, a period of
the wrong kind is refused with the form it needs."""

from __future__ import annotations

from pathlib import Path

from report_helpers import read_pdf
from typer.testing import CliRunner, Result

from militancydb.cli.main import app

WIDE = {"COLUMNS": "200", "NO_COLOR": "1"}


def run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", db_url, "report", *args], env=WIDE)


def test_report_commands(ucdp_db_url: str, tmp_path: Path) -> None:
    r = run(ucdp_db_url, "monthly", "--period", "2016-08", "--format", "md")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("# Monthly security report: Pakistan, August 2016")
    out = tmp_path / "week.html"
    r = run(ucdp_db_url, "weekly", "--period", "2016-W32", "--out", str(out))
    assert r.exit_code == 0, r.output
    html = out.read_text("utf-8")
    assert "Weekly security report: Pakistan, week 32 of 2016" in html
    assert "8 August 2016 to 14 August 2016" in html
    r = run(ucdp_db_url, "daily", "--period", "2016-08-08", "--format", "md")
    assert r.exit_code == 0 and "Daily security report: Pakistan, 8 August 2016" in r.stdout
    pdf = tmp_path / "brief.pdf"
    r = run(
        ucdp_db_url, "group", "ISKP", "--as-of", "2016-09-30", "--format", "pdf", "--out", str(pdf)
    )
    assert r.exit_code == 0, r.output
    assert "Group brief: Islamic State Khorasan Province" in read_pdf(pdf.read_bytes()).text


def test_report_refuses_bad_input(ucdp_db_url: str) -> None:
    r = run(ucdp_db_url, "monthly", "--period", "2016")
    assert r.exit_code == 2 and "needs a month, e.g. 2016-08" in r.output
    r = run(ucdp_db_url, "annual", "--period", "sometime")
    assert r.exit_code == 2 and "is not a period" in r.output
    r = run(ucdp_db_url, "monthly", "--period", "2016-08", "--format", "docx")
    said = " ".join(r.output.replace("│", " ").split())
    assert r.exit_code == 2 and "'docx' is not one of 'html', 'pdf', 'md'" in said
    r = run(ucdp_db_url, "monthly", "--period", "2016-08", "--charts", "gif")
    said = " ".join(r.output.replace("│", " ").split())
    assert r.exit_code == 2 and "'gif' is not one of 'svg', 'png'" in said
    r = run(ucdp_db_url, "group", "No Such Group At All", "--as-of", "2016-09-30")
    assert r.exit_code == 1 and "no actor matches" in r.output
