"""``stats --format csv`` is written by the csv module: cells with commas, quotes or line
breaks are quoted, and a text cell a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pytest
from typer.testing import CliRunner

from militancydb.cli.choices import TableJsonCsv
from militancydb.cli.main import app
from militancydb.cli.render import STATS_COLUMNS, print_stats


@dataclass
class Row:
    period: str
    kind: str
    basis: str
    group: str
    incidents: int
    killed: int
    injured: int
    killed_unknown: int


def test_awkward_group_names_survive_a_round_trip(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        Row("2016", "attack", "perpetrator", 'Lashkar-e-Jhangvi, "al-Alami"', 3, 10, 2, 0),
        Row("2016", "attack", "claimed", '=HYPERLINK("http://x")', 1, 1, 0, 0),
        Row("2016", "attack", "perpetrator", "two\nlines", 1, 0, 0, 1),
    ]
    print_stats(rows, TableJsonCsv.CSV, period="year", by="actor")
    read = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert read[0] == list(STATS_COLUMNS)
    assert read[1] == [
        "2016", "attack", "perpetrator", 'Lashkar-e-Jhangvi, "al-Alami"', "3", "10", "2", "0"
    ]  # fmt: skip
    assert read[2][3] == '\'=HYPERLINK("http://x")'
    assert read[3][3] == "two\nlines" and len(read) == 4


def test_stats_csv_of_the_bundled_data_reads_back(ucdp_db_url: str) -> None:
    r = CliRunner().invoke(
        app,
        ["--db", ucdp_db_url, "stats", "--by", "province", "--period", "all", "--format", "csv"],
    )
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and all(int(row["incidents"]) > 0 for row in rows)
    assert {"Balochistan", "Punjab", "Sindh"} <= {row["group"] for row in rows}


def test_claims_csv_reads_back(ucdp_db_url: str) -> None:
    r = CliRunner().invoke(app, ["--db", ucdp_db_url, "claims", "list", "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and {"id", "claimant", "channel", "grade", "sources"} <= set(rows[0])
    assert all(row["id"].isdigit() for row in rows)
