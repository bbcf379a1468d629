"""``incidents list`` as a table is paged: the first rows and a count of the rest, ``--limit``
and ``--all`` (issue 15)."""

from __future__ import annotations

import csv
import io
import re

from typer.testing import CliRunner, Result

from militancydb.cli.incidents import TABLE_ROWS
from militancydb.cli.main import app

runner = CliRunner()
BALOCHISTAN_2016 = ["--province", "Balochistan", "--from", "2016-01-01", "--to", "2016-12-31"]


def cli(db: str, *args: str) -> Result:
    result = runner.invoke(app, ["--db", db, "incidents", "list", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result


def shown_ids(output: str) -> list[int]:
    return [int(m) for m in re.findall(r"^│\s+(\d+) │", output, flags=re.M)]


def test_a_table_shows_the_first_rows_and_counts_the_rest(ucdp_db_url: str) -> None:
    exported = cli(ucdp_db_url, "--format", "csv", *BALOCHISTAN_2016).stdout
    total = len(list(csv.DictReader(io.StringIO(exported))))
    assert total > TABLE_ROWS + 5
    out = cli(ucdp_db_url, *BALOCHISTAN_2016).stdout
    assert f"{total:,} incident(s) (showing {TABLE_ROWS})" in out
    assert f"… and {total - TABLE_ROWS:,} more" in out and "--all" in out
    first = shown_ids(out)
    assert len(first) == TABLE_ROWS
    # --limit and --offset page on; --all shows every one, with no "more" line
    nxt = shown_ids(cli(ucdp_db_url, *BALOCHISTAN_2016, "--limit", "5", "--offset", "3").stdout)
    assert nxt == first[3:8]
    every = cli(ucdp_db_url, *BALOCHISTAN_2016, "--all").stdout
    assert len(shown_ids(every)) == total and "more" not in every
    assert shown_ids(every)[:TABLE_ROWS] == first
