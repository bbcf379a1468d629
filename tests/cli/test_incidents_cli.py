"""`militancydb incidents ...` through the command line (Typer's CliRunner)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from militancydb.cli.main import app

runner = CliRunner()

QUETTA: dict[str, Any] = {
    "date_start": "2016-08-08",
    "event_type": "militant_attack",
    "province": "Balochistan",
    "district": "Quetta",
    "tactics": ["suicide_bombing"],
    "casualties": [{"category": "total", "best": 75}],
    "actors": [{"actor": "TTP", "basis": "claimed"}],
    "summary": "Suicide bombing at the Civil Hospital",
}


def cli(db: str, *args: str) -> Result:
    return runner.invoke(app, ["--db", db, "--user", "tester", *args])


def add(db: str, tmp_path: Path, doc: dict[str, Any], name: str = "incident.json") -> int:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = cli(db, "incidents", "add", str(path))
    assert result.exit_code == 0, result.output
    found = re.search(r"added incident (\d+) \(version 1\)", result.stdout)
    assert found, result.stdout
    return int(found.group(1))


def show(db: str, incident_id: int) -> dict[str, Any]:
    result = cli(db, "incidents", "show", str(incident_id), "--format", "json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def listing(db: str, *options: str) -> dict[str, Any]:
    result = cli(db, "incidents", "list", "--format", "json", *options)
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


# --- add -----------------------------------------------------------------------------------


def test_add_then_show(db_url: str, tmp_path: Path) -> None:
    iid = add(db_url, tmp_path, QUETTA)
    doc = show(db_url, iid)
    assert doc["location"]["district"] == "PK-BA-quetta"
    assert doc["totals"]["killed_best"] == 75
    assert doc["actors"][0]["actor_key"] == "ttp"
    assert doc["created_by"] == "tester"


def test_add_with_bad_fields_exits_2_and_names_them(db_url: str, tmp_path: Path) -> None:
    bad = dict(
        QUETTA,
        event_type="picnic",
        colour="red",
        casualties=[{"category": "total", "low": 9, "best": 5}],
    )
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    result = cli(db_url, "incidents", "add", str(path))
    assert result.exit_code == 2
    for field in ("event_type", "colour", "casualties.0"):
        assert field in result.stderr, field
    assert listing(db_url)["count"] == 0


def test_add_with_unknown_names_exits_2_and_names_them(db_url: str, tmp_path: Path) -> None:
    bad = dict(
        QUETTA, province="Atlantis", district=None, actors=[{"actor": "No Such Front of Nowhere"}]
    )
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    result = cli(db_url, "incidents", "add", str(path))
    assert result.exit_code == 2
    assert "province" in result.stderr and "actors.0.actor" in result.stderr
    assert "Atlantis" in result.stderr


def test_add_invalid_json_gives_line_and_column(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(
        '{\n  "date_start": "2016-08-08",\n  "event_type" "militant_attack"\n}\n', encoding="utf-8"
    )
    result = cli(db_url, "incidents", "add", str(path))
    assert result.exit_code == 2
    assert "line 3" in result.stderr and "column 16" in result.stderr
    assert "broken.json" in result.stderr


def test_add_a_json_list_is_refused(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([QUETTA]), encoding="utf-8")
    result = cli(db_url, "incidents", "add", str(path))
    assert result.exit_code == 2
    assert "object" in result.stderr


def test_add_from_stdin(db_url: str) -> None:
    result = runner.invoke(app, ["--db", db_url, "incidents", "add", "-"], input=json.dumps(QUETTA))
    assert result.exit_code == 0, result.output
    assert listing(db_url)["count"] == 1


# --- edit ----------------------------------------------------------------------------------


def test_edit_sets_fields_and_bumps_the_version(db_url: str, tmp_path: Path) -> None:
    iid = add(db_url, tmp_path, QUETTA)
    result = cli(
        db_url,
        "incidents",
        "edit",
        str(iid),
        "--expected-version",
        "1",
        "--set",
        "summary=Civil Hospital, Quetta",
        "--set",
        'tactics=["ied"]',
        "--reason",
        "Dawn",
    )
    assert result.exit_code == 0, result.output
    assert "version 2" in result.stdout
    doc = show(db_url, iid)
    assert (doc["version"], doc["summary"], doc["tactics"]) == (
        2,
        "Civil Hospital, Quetta",
        ["ied"],
    )


def test_stale_edit_exits_1_and_changes_nothing(db_url: str, tmp_path: Path) -> None:
    iid = add(db_url, tmp_path, QUETTA)
    first = cli(
        db_url,
        "incidents",
        "edit",
        str(iid),
        "--expected-version",
        "1",
        "--set",
        "summary=first correction",
    )
    assert first.exit_code == 0, first.output
    stale = cli(
        db_url, "incidents", "edit", str(iid), "--expected-version", "1", "--set", "summary=x"
    )
    assert stale.exit_code == 1
    assert "version 2" in stale.stderr and "--expected-version 2" in stale.stderr
    assert "nothing was changed" in stale.stderr
    doc = show(db_url, iid)
    assert (doc["version"], doc["summary"]) == (2, "first correction")
    history = cli(db_url, "history", str(iid), "--format", "json")
    assert [c["action"] for c in json.loads(history.stdout)] == ["create", "update"]


def test_edit_with_a_bad_value_exits_2(db_url: str, tmp_path: Path) -> None:
    iid = add(db_url, tmp_path, QUETTA)
    result = cli(
        db_url,
        "incidents",
        "edit",
        str(iid),
        "--expected-version",
        "1",
        "--set",
        "event_type=picnic",
    )
    assert result.exit_code == 2
    assert "event_type" in result.stderr
    assert show(db_url, iid)["version"] == 1


def test_edit_without_changes_exits_2(db_url: str, tmp_path: Path) -> None:
    iid = add(db_url, tmp_path, QUETTA)
    result = cli(db_url, "incidents", "edit", str(iid), "--expected-version", "1")
    assert result.exit_code == 2


# --- delete, restore, list -----------------------------------------------------------------


def test_delete_and_restore(db_url: str, tmp_path: Path) -> None:
    iid = add(db_url, tmp_path, QUETTA)
    other = add(db_url, tmp_path, dict(QUETTA, date_start="2016-08-09"), "other.json")
    deleted = cli(db_url, "incidents", "delete", str(iid), "--expected-version", "1")
    assert deleted.exit_code == 0, deleted.output
    assert [d["id"] for d in listing(db_url)["data"]] == [other]
    assert {d["id"] for d in listing(db_url, "--include-deleted")["data"]} == {iid, other}
    restored = cli(db_url, "incidents", "restore", str(iid))
    assert restored.exit_code == 0, restored.output
    assert [d["id"] for d in listing(db_url)["data"]] == [iid, other]
    assert show(db_url, iid)["version"] == 3


def test_list_filters(db_url: str, tmp_path: Path) -> None:
    quetta = add(db_url, tmp_path, QUETTA)
    lahore = add(
        db_url,
        tmp_path,
        dict(QUETTA, date_start="2016-03-27", province="Punjab", district="Lahore", casualties=[]),
        "lahore.json",
    )
    assert [d["id"] for d in listing(db_url, "--province", "Baluchistan")["data"]] == [quetta]
    assert [d["id"] for d in listing(db_url, "--to", "2016-04-01")["data"]] == [lahore]
    assert [d["id"] for d in listing(db_url, "--min-killed", "1")["data"]] == [quetta]
    assert listing(db_url, "--limit", "1")["count"] == 2


def test_show_and_list_as_of_a_day(db_url: str, tmp_path: Path) -> None:
    iid = add(db_url, tmp_path, QUETTA)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert [d["id"] for d in listing(db_url, "--as-of", today)["data"]] == [iid]
    assert listing(db_url, "--as-of", "2000-01-01")["count"] == 0
    past = cli(db_url, "incidents", "show", str(iid), "--as-of", "2000-01-01")
    assert past.exit_code == 1
    assert "did not exist" in past.stderr


def test_list_with_unknown_province_exits_2(db_url: str) -> None:
    result = cli(db_url, "incidents", "list", "--province", "Atlantis")
    assert result.exit_code == 2
    assert "province" in result.stderr and "Atlantis" in result.stderr


def test_list_with_a_bad_date_exits_2(db_url: str) -> None:
    result = cli(db_url, "incidents", "list", "--from", "8/8/2016")
    assert result.exit_code == 2
    assert "--from" in result.stderr


def test_list_as_csv_and_geojson(db_url: str, tmp_path: Path) -> None:
    add(
        db_url,
        tmp_path,
        dict(QUETTA, place="Quetta", district=None, casualties=[{"category": "total", "best": 75}]),
    )
    add(db_url, tmp_path, dict(QUETTA, district=None, casualties=[]), "vague.json")
    result = cli(db_url, "incidents", "list", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["killed_best"] for r in rows] == ["75", ""]
    result = cli(db_url, "incidents", "list", "--format", "geojson")
    doc = json.loads(result.stdout)
    assert len(doc["features"]) == 1
    assert doc["properties"]["without_coordinates"] == 1
    lon, lat = doc["features"][0]["geometry"]["coordinates"]
    assert 66 < lon < 68 and 29 < lat < 31  # Quetta is at about 67.0 E, 30.2 N


def test_database_without_schema_is_refused(tmp_path: Path) -> None:
    result = cli(f"sqlite:///{tmp_path / 'nothing.db'}", "incidents", "list")
    assert result.exit_code == 3  # a database problem (docs/reliability.md)
    assert "militancydb init" in result.stderr
    assert not (tmp_path / "nothing.db").exists()


# --- the bundled data ----------------------------------------------------------------------


@pytest.mark.slow
def test_list_finds_the_quetta_hospital_bombing(ucdp_db_url: str) -> None:
    result = runner.invoke(
        app,
        [
            "incidents",
            "list",
            "--province",
            "Balochistan",
            "--from",
            "2016-08-01",
            "--to",
            "2016-08-31",
            "--format",
            "json",
        ],
        env={"MILITANCYDB_DATABASE_URL": ucdp_db_url},
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["count"] == len(doc["data"]) >= 1
    quetta = [d for d in doc["data"] if d["external_ids"].get("ucdp") == "235882"]
    assert len(quetta) == 1
    assert quetta[0]["date_start"] == "2016-08-08"
    assert quetta[0]["totals"]["killed_best"] == 75
    assert all("2016-08-01" <= d["date_start"] <= "2016-08-31" for d in doc["data"])
    assert all(
        "PK-BA" in (d["location"]["province"], d["location"]["province_now"]) for d in doc["data"]
    )
