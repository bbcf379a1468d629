"""The settings are read from the environment and ``.env`` without ``pydantic-settings``
(issue 15: importing it cost every command's start-up about 0.04 CPU s); they must be
what ``pydantic-settings`` read: the same values, the same precedence, the same errors.

The reference is a ``pydantic-settings`` class with the same fields and the configuration
:class:`militancydb.config.Settings` had (prefix ``MILITANCYDB_``, ``.env`` in the working
folder, extra values ignored, empty values as not set)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError, create_model
from pydantic_settings import BaseSettings, SettingsConfigDict

from militancydb.config import Settings, load_settings
from militancydb.errors import ConfigError


def _reference() -> type[BaseSettings]:
    fields: dict[str, Any] = {
        name: (field.annotation, field) for name, field in Settings.model_fields.items()
    }
    model = create_model("Reference", __base__=BaseSettings, **fields)
    model.model_config = SettingsConfigDict(
        env_prefix="MILITANCYDB_", env_file=".env", extra="ignore", env_ignore_empty=True
    )
    model.model_rebuild(force=True)
    return model


def _read(cls: type[Any], given: dict[str, Any]) -> dict[str, Any] | list[tuple[Any, ...]]:
    try:
        return dict(cls(**given).model_dump())
    except ValidationError as exc:
        return [(e["loc"], e["msg"], e["type"]) for e in exc.errors()]


CASES: list[tuple[str, dict[str, str], str | None, dict[str, Any]]] = [
    ("nothing set", {}, None, {}),
    (
        "every variable",
        {
            "MILITANCYDB_DATABASE_URL": "postgresql://u@h/db",
            "MILITANCYDB_DATA_DIR": "/tmp/x",
            "MILITANCYDB_USER": "alice",
            "MILITANCYDB_DEBUG": "yes",
            "MILITANCYDB_BUSY_TIMEOUT": "2.5",
            "MILITANCYDB_CONNECT_TIMEOUT": "3",
            "MILITANCYDB_MATCH_RULES": "rules.yaml",
        },
        None,
        {},
    ),  # fmt: skip
    ("any case", {"militancydb_user": "bob", "MilitancyDB_Debug": "1"}, None, {}),
    ("empty is unset", {"MILITANCYDB_USER": "", "MILITANCYDB_DATABASE_URL": ""}, None, {}),
    ("other variables", {"MILITANCYDB_NOSUCH": "1", "USER_X": "y"}, None, {}),
    ("given wins", {"MILITANCYDB_USER": "alice"}, None, {"user": "carol", "debug": True}),
    ("the file", {}, "MILITANCYDB_USER=dave\nmilitancydb_busy_timeout=7\n", {}),
    ("the variable over the file", {"MILITANCYDB_USER": "erin"}, "MILITANCYDB_USER=dave\n", {}),
    ("an empty line of the file", {}, "MILITANCYDB_USER=\nMILITANCYDB_DEBUG\n", {}),
    (
        "quotes, export, comments",
        {},
        (
            "# settings\nexport MILITANCYDB_USER='frank o'  # the editor\n"
            'MILITANCYDB_DATA_DIR="/tmp/with space"\nOTHER=1\nMILITANCYDB_NOSUCH=2\n'
        ),
        {},
    ),  # fmt: skip
    ("a bad number", {"MILITANCYDB_BUSY_TIMEOUT": "soon"}, None, {}),
    ("a negative number", {"MILITANCYDB_BUSY_TIMEOUT": "-1"}, None, {}),
    ("a bad number in the file", {}, "MILITANCYDB_CONNECT_TIMEOUT=0\n", {}),
    ("a bad flag", {"MILITANCYDB_DEBUG": "maybe"}, None, {}),
    ("several bad", {"MILITANCYDB_DEBUG": "x", "MILITANCYDB_CONNECT_TIMEOUT": "y"}, None, {}),
]


@pytest.mark.parametrize(("case", "env", "dotenv", "given"), CASES, ids=[c[0] for c in CASES])
def test_the_settings_are_what_pydantic_settings_read(
    case: str,
    env: dict[str, str],
    dotenv: str | None,
    given: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    for key in [k for k in os.environ if k.upper().startswith("MILITANCYDB_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    if dotenv is not None:
        (tmp_path / ".env").write_text(dotenv, encoding="utf-8")
    ours, reference = _read(Settings, given), _read(_reference(), given)
    assert ours == reference
    if case.startswith(("a bad", "a negative", "several")):
        assert isinstance(ours, list) and ours  # refused, by both
        with pytest.raises(ConfigError, match="MILITANCYDB_.*fix the environment or .env"):
            load_settings(**given)
    else:
        assert isinstance(ours, dict)


def test_reading_the_settings_does_not_import_pydantic_settings() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from militancydb.config import load_settings; load_settings(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pydantic_settings',)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_the_settings_look_up_no_pydantic_plugins_and_leave_the_environment_as_it_was() -> None:
    code = (
        "import os, sys, importlib.metadata as md\n"
        "import pydantic.plugin._loader as loader\n"
        "calls = []\n"
        "loader.entry_points = lambda *a, **k: calls.append(1) or md.entry_points(*a, **k)\n"
        "from militancydb.config import load_settings\n"
        "load_settings(); load_settings(user='x')\n"
        "print(len(calls), 'PYDANTIC_DISABLE_PLUGINS' in os.environ)\n"
        "from pydantic import BaseModel\n"
        "class Other(BaseModel):\n"
        "    a: int = 0\n"
        "print(len(calls))\n"  # the next model looks them up as before
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False", "1"]
