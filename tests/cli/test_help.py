"""Help that reads as sentences (issue 10): every command and option is described, no
description is broken where its docstring wrapped, and no option shows Typer's ``<str>`` or
``<bool>`` markers."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from militancydb.cli.main import app
from militancydb.cli.reference import all_commands

COMMANDS = [path for path, _ in all_commands()]


def test_every_command_and_option_is_described() -> None:
    missing = []
    for path, command in all_commands():
        if not (command.help or "").strip():
            missing.append(path)
        for param in command.params:
            if not (getattr(param, "help", None) or "").strip():
                missing.append(f"{path} {param.name}")
    assert missing == []


def test_descriptions_are_not_broken_mid_sentence() -> None:
    for path, command in all_commands():
        for paragraph in (command.help or "").split("\n\n"):
            assert "\n" not in paragraph, path


@pytest.mark.parametrize("path", COMMANDS)
def test_help_shows_no_type_markers(path: str) -> None:
    args = path.split()[1:]
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for marker in ("<str>", "<bool>", "<int>", "<path>", "<list"):
        assert marker not in result.output, (path, marker)
    assert "Usage:" in result.output
