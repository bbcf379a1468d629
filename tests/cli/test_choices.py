"""Choices of options (issue 10): every ``--format`` is an enum that Typer checks, so that a
wrong value is a usage error listing the allowed ones; the CLI's enums (kept light for
start-up) hold the same values as the core's own lists."""

from __future__ import annotations

import subprocess
import sys
import typing
from enum import Enum
from pathlib import Path

import pytest

from militancydb.analysis.stats import GroupBy, Period
from militancydb.cli import choices
from militancydb.cli.reference import all_commands
from militancydb.io.export_output import ExportFormat
from militancydb.nlp.batch import FORMATS as EXTRACT_FORMATS
from militancydb.reports.render import FORMATS as REPORT_FORMATS
from militancydb.services.backup import BackupFormat

COMMAND = str(Path(sys.executable).parent / "militancydb")


def values(enum: type[Enum]) -> list[str]:
    return [str(m.value) for m in enum]


@pytest.mark.parametrize(
    ("cli", "core"),
    [
        (choices.ListFormat, [str(f.value) for f in ExportFormat]),
        (choices.ExtractFormat, list(EXTRACT_FORMATS)),
        (choices.ReportFormat, list(REPORT_FORMATS)),
        (choices.BackupChoice, [str(f.value) for f in BackupFormat]),
        (choices.StatsBy, list(typing.get_args(GroupBy))),
        (choices.StatsPeriod, list(typing.get_args(Period))),
    ],
)
def test_the_cli_choices_are_the_cores(cli: type[Enum], core: list[str]) -> None:
    assert values(cli) == core


def test_every_format_option_is_a_choice() -> None:
    formats = 0
    for path, command in all_commands():
        for param in command.params:
            if "--format" in getattr(param, "opts", ()):
                formats += 1
                assert param.type_descriptor.is_choice, f"{path} --format is a free string"
    assert formats >= 16


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["stats", "--format", "xml"], "'table', 'json', 'csv'"),
        (["stats", "--by", "colour"], "'province', 'province_now', 'district'"),
        (["incidents", "list", "--format", "xls"], "'table', 'json', 'jsonl', 'csv'"),
        (["report", "weekly", "--period", "2016-W32", "--format", "docx"], "'html', 'pdf', 'md'"),
        (["places", "show", "Quetta", "--format", "yaml"], "'table', 'json'"),
    ],
)
def test_a_wrong_choice_is_a_usage_error_listing_the_choices(args: list[str], allowed: str) -> None:
    done = subprocess.run([COMMAND, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("error: Invalid value for") and allowed in line
    assert done.stdout == ""
