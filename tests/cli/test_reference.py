"""``docs/cli-reference.md`` is generated from the commands (``scripts/cli_reference.py``)
and must be committed up to date."""

from __future__ import annotations

from pathlib import Path

from militancydb.cli.reference import all_commands, reference_markdown

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "cli-reference.md"


def test_the_committed_reference_is_up_to_date() -> None:
    assert REFERENCE.read_text("utf-8") == reference_markdown(), (
        "docs/cli-reference.md is out of date: run `.venv/bin/python scripts/cli_reference.py`"
    )


def test_the_reference_documents_every_command_and_option() -> None:
    text = REFERENCE.read_text("utf-8")
    for path, command in all_commands():
        assert f"## `{path}`" in text
        for param in command.params:
            for name in getattr(param, "opts", ()):
                if name.startswith("--"):
                    assert f"`{name}`" in text, (path, name)
