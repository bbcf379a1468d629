"""What every command shares: the database, error translation, dates and output."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from militancydb.config import get_settings
from militancydb.db.engine import make_engine, require_schema, session_scope
from militancydb.errors import MilitancyDBError, ValidationFailed
from militancydb.io.documents import read_document
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.services.history import Editor

# Markup is off: names, keys and sources contain square brackets that must print as they are.
console = Console(markup=False, highlight=False, soft_wrap=True)


def set_width() -> None:
    """COLUMNS decides the width of tables; output piped to a file or another program is
    not cut to 80 columns (Rich's default without a terminal) but to 160."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        console.width = int(columns)
    elif not sys.stdout.isatty():
        console.width = 160


err = Console(stderr=True, markup=False, highlight=False)

P = ParamSpec("P")
R = TypeVar("R")


class State:
    """Options given before the command (``militancydb --db URL ...``)."""

    db_url: str | None = None
    user: str | None = None


STATE = State()


def engine(*, require: bool = True) -> Engine:
    """The engine of the chosen database (checked to be at the current schema)."""
    eng = make_engine(STATE.db_url)
    if require:
        require_schema(eng)
    return eng


@contextmanager
def session(*, require: bool = True) -> Iterator[Session]:
    """A session on the chosen database that commits at the end of the command."""
    with session_scope(engine(require=require)) as s:
        yield s


def knowledge(s: Session) -> Knowledge:
    """The registries held by the database."""
    return load_knowledge(s)


def editor(reason: str | None = None) -> Editor:
    """Who the change log will say made this command's changes."""
    return Editor(user=STATE.user or get_settings().user, reason=reason)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error and stop."""
    err.print(f"error: {message}", style="bold red", soft_wrap=True)
    raise typer.Exit(code)


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn the core's errors into a clean message and exit code 1 (2 for bad input)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except ValidationFailed as exc:
            fail(str(exc), 2)
        except MilitancyDBError as exc:
            fail(str(exc))

    return wrapper


def parse_date(value: str | None, option: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` option value, or a clear error naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        fail(f"{option} {value!r} is not a date; use YYYY-MM-DD (e.g. 2016-08-08)", 2)


def print_json(data: Any) -> None:
    """JSON to standard output (not wrapped or coloured, so it can be piped)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def read_json_input(path: str) -> Any:
    """A JSON document from a file, or from standard input when ``path`` is ``-`` (encoding,
    size and nesting checked by :func:`militancydb.io.documents.read_document`)."""
    return read_document(path, sys.stdin.buffer if path == "-" else None)


def fmt_int(value: int | None) -> str:
    """A count, or a dash for unknown."""
    return "–" if value is None else f"{value:,}"
