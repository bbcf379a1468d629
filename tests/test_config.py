"""One settings object per command: the environment, overridden by the global options, passed
down to the engine and the change log; one rule for the recorded user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from militancydb.cli import common
from militancydb.cli.main import app
from militancydb.config import Settings, load_settings, recorded_user
from tests.cli.test_main_cli import ucdp_file

runner = CliRunner()


def test_the_recorded_user_is_the_account_else_the_settings_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MILITANCYDB_USER", "alice")
    settings = load_settings()
    assert recorded_user(settings) == "alice"
    assert recorded_user(settings, "editor1") == "editor1"
    assert recorded_user(settings, "  ") == "alice"
    assert recorded_user(load_settings(user="bob")) == "bob"  # --user wins over the variable


def test_a_command_records_the_environment_user_unless_given_one(
    db_url: str, tmp_path: Path
) -> None:
    path = ucdp_file(tmp_path / "ged.csv", ["235882"])
    env = {"MILITANCYDB_USER": "alice"}
    done = runner.invoke(app, ["--db", db_url, "import", "ucdp", str(path)], env=env)
    assert done.exit_code == 0, done.output
    listed = runner.invoke(app, ["--db", db_url, "incidents", "list", "--format", "json"])
    (incident,) = json.loads(listed.stdout)["data"]
    shown = runner.invoke(
        app, ["--db", db_url, "history", str(incident["id"]), "--format", "json"], env=env
    )
    (change,) = json.loads(shown.stdout)
    assert change["user"] == "alice"


def test_options_last_one_command(tmp_path: Path) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    one = runner.invoke(app, ["--db", str(first), "--debug", "summary"])
    assert one.exit_code == 3 and f"no database at {first}" in one.stderr
    assert "Traceback" in one.stderr  # --debug held for its command
    # the next command in the same process reads the environment afresh: no --db, no --debug
    two = runner.invoke(app, ["summary"], env={"MILITANCYDB_DATABASE_URL": str(second)})
    assert two.exit_code == 3 and f"no database at {second}" in two.stderr
    assert "Traceback" not in two.stderr
    assert common.settings() is not None and common._COMMAND_SETTINGS.get() is None


def test_an_empty_variable_is_unset_but_an_empty_option_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MILITANCYDB_DATABASE_URL", "")
    monkeypatch.setenv("MILITANCYDB_DATA_DIR", str(tmp_path))
    assert Settings().effective_database_url.database == str(tmp_path / "militancydb.db")
    refused = runner.invoke(app, ["--db", "", "summary"])
    assert refused.exit_code == 2 and "empty string" in refused.stderr
