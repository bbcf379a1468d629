"""What the ``militancydb ask`` commands share: the output option, the answer as JSON, the
options handed to the questions service."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from militancydb.cli.choices import TableJson
from militancydb.cli.common import print_json

FMT = Annotated[TableJson, typer.Option("--format", help="How to print.")]


def print_answer_json(obj: Any) -> None:
    """An answer as JSON (dates as ISO strings), as the API gives it."""
    from militancydb.analysis.questions import plain

    print_json(plain(obj))


def given(**options: str | int | bool | list[str] | None) -> dict[str, str]:
    """Options as the questions service reads them: strings; flags as "1"; repeated options
    comma-separated."""
    out = {}
    for k, v in options.items():
        if v is None or v is False or v == []:
            continue
        out[k] = "1" if v is True else ",".join(v) if isinstance(v, list) else str(v)
    return out


def ids_text(ids: list[int], n: int = 12) -> str:
    """The first ``n`` ids, and how many there are in all."""
    return ", ".join(str(i) for i in ids[:n]) + (f" … ({len(ids)} in all)" if len(ids) > n else "")
