"""Top-level commands: codebook, import, history, stats, db."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner, Result

from militancydb.bootstrap import bundled_ucdp
from militancydb.cli.main import app
from militancydb.codebook.render import codebook_markdown

runner = CliRunner()


def cli(db: str, *args: str) -> Result:
    return runner.invoke(app, ["--db", db, "--user", "tester", *args])


def ucdp_file(
    path: Path, ids: list[str], drop: tuple[str, ...] = (), broken: dict[str, str] | None = None
) -> Path:
    with bundled_ucdp().open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        cols = [c for c in reader.fieldnames or [] if c not in drop]
        rows = [r for r in reader if r["id"] in ids]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
        if broken is not None:
            w.writerow(dict(rows[0], **broken))
    return path


def test_codebook_prints_the_codebook() -> None:
    result = runner.invoke(app, ["codebook"])
    assert result.exit_code == 0
    assert result.stdout == codebook_markdown()


def test_import_then_history_and_stats(db_url: str, tmp_path: Path) -> None:
    path = ucdp_file(tmp_path / "ged.csv", ["235882"], broken={"id": "990001", "best": "x"})
    rejects = tmp_path / "rejects.csv"
    result = cli(db_url, "import", "ucdp", str(path), "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    with rejects.open(encoding="utf-8", newline="") as f:
        (reject,) = list(csv.DictReader(f))
    assert (reject["row"], reject["line"]) == ("2", "3")
    assert "best" in reject["reason"]
    listed = json.loads(cli(db_url, "incidents", "list", "--format", "json").stdout)
    (incident,) = listed["data"]
    history = cli(db_url, "history", str(incident["id"]), "--format", "json")
    assert history.exit_code == 0, history.output
    (change,) = json.loads(history.stdout)
    assert (change["action"], change["user"], change["import_format"]) == (
        "create",
        "tester",
        "ucdp",
    )
    stats = cli(db_url, "stats", "--by", "province", "--format", "json")
    assert stats.exit_code == 0, stats.output
    (row,) = json.loads(stats.stdout)
    assert (row["period"], row["group"], row["incidents"], row["killed"]) == (
        "2016",
        "Balochistan",
        1,
        75,
    )
    assert row["killed_unknown"] == 0


def test_import_of_a_file_missing_columns_exits_1_and_names_them(
    db_url: str, tmp_path: Path
) -> None:
    path = ucdp_file(tmp_path / "ged.csv", ["235882"], drop=("best", "deaths_a"))
    result = cli(db_url, "import", "ucdp", str(path))
    assert result.exit_code == 1
    assert "best" in result.stderr and "deaths_a" in result.stderr
    listed = json.loads(cli(db_url, "incidents", "list", "--format", "json").stdout)
    assert listed["count"] == 0


def test_import_of_an_unknown_format_exits_1(db_url: str, tmp_path: Path) -> None:
    path = ucdp_file(tmp_path / "ged.csv", ["235882"])
    result = cli(db_url, "import", "no-such-format", str(path))
    assert result.exit_code == 1
    assert "ucdp" in result.stderr  # the message lists the formats there are


def test_history_of_an_unknown_record_exits_1(db_url: str) -> None:
    result = cli(db_url, "history", "987654")
    assert result.exit_code == 1
    assert "987654" in result.stderr


def test_db_downgrade_and_upgrade(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert cli(db, "db", "upgrade").exit_code == 0
    current = cli(db, "db", "current")
    assert current.exit_code == 0
    database, code = current.stdout.strip().split("; ")
    assert database.split(": ")[1] == code.split(": ")[1] != "none"
    refused = cli(db, "db", "downgrade", "base")  # no terminal, no --yes: refused
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    assert "database: none" not in cli(db, "db", "current").stdout
    down = cli(db, "db", "downgrade", "base", "--yes")
    assert down.exit_code == 0
    assert "database: none" in cli(db, "db", "current").stdout
