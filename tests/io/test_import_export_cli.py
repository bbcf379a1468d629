"""``militancydb import gtd|acled`` and ``incidents list --format ... --out`` end to end."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner, Result

from militancydb.cli.main import app

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def cli(db: str, *args: str) -> Result:
    return runner.invoke(app, ["--db", db, "--user", "tester", *args])


def test_import_with_countries_and_export(db_url: str, tmp_path: Path) -> None:
    result = cli(db_url, "import", "gtd", str(FIXTURES / "gtd_sample.csv"), "--country", "af")
    assert result.exit_code == 0, result.output
    assert "3 imported" in result.stdout and "24 skipped" in result.stdout
    assert "skipped 22 row(s): country Pakistan (asked for AF)" in result.stdout
    assert "skipped 1 row(s): country Iraq (asked for AF)" in result.stdout
    result = cli(db_url, "import", "ucdp", str(FIXTURES / "gtd_sample.csv"), "--country", "PK")
    assert result.exit_code != 0 and "takes no option countries" in result.output
    result = cli(db_url, "import", "acled", str(FIXTURES / "acled_sample.csv"))
    assert result.exit_code == 0 and "15 imported" in result.stdout
    listed = cli(db_url, "incidents", "list", "--country", "AF", "--format", "gtd")
    assert listed.exit_code == 0, listed.output
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert {r["country_txt"] for r in rows} == {"Afghanistan"} and len(rows) == 5
    out = tmp_path / "af.parquet"
    done = cli(
        db_url, "incidents", "list", "--country", "AF", "--format", "parquet", "--out", str(out)
    )
    assert done.exit_code == 0 and "5 incident(s) written" in done.stdout
    assert len(pd.read_parquet(out)) == 5


def test_bad_format_and_binary_without_file(db_url: str) -> None:
    result = cli(db_url, "incidents", "list", "--format", "xml")
    assert result.exit_code == 2 and "parquet" in result.output
    result = cli(db_url, "incidents", "list", "--format", "parquet")
    assert result.exit_code == 2 and "--out FILE" in result.output
