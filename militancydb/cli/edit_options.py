"""Options of the commands that change a record: the version the user saw
(``--expected-version``), why (``--reason``, kept in the history) and ``--set FIELD=VALUE``
pairs."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from militancydb.cli.common import EXIT_INPUT, fail

#: the version the user saw; the change is refused if the record changed since
ExpectedVersion = Annotated[
    int,
    typer.Option(
        "--expected-version",
        help="The version you saw (`show`); refused if the record changed since.",
    ),
]
#: why the change is made, kept in the record's history
Reason = Annotated[str | None, typer.Option(help="Why (kept in the history).")]


def parse_sets(pairs: list[str]) -> dict[str, Any]:
    """``FIELD=VALUE`` pairs as a dict; a VALUE that is JSON is parsed, any other is text."""
    out: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            fail(f"--set {pair!r}: use FIELD=VALUE (VALUE may be JSON)", EXIT_INPUT)
        key, value = pair.split("=", 1)
        try:
            out[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            out[key.strip()] = value
    return out
