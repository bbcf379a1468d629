"""What every command shares: the database, error translation, dates and output."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from typer.core import TyperGroup

from militancydb.errors import (
    ConfigError,
    DatabaseNotReady,
    DatabaseProblem,
    FileProblem,
    MilitancyDBError,
    Refused,
    ValidationFailed,
)

if TYPE_CHECKING:  # imported where used: the command line starts without them (issue 15)
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL
    from sqlalchemy.orm import Session

    from militancydb.config import Settings
    from militancydb.knowledge.loader import Knowledge
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


# The settings of the running command: built once by the ``militancydb`` callback from the
# environment and the global options (--db, --user, --debug), bound for that command and
# unbound when it ends (so two commands run in one process never see each other's options).
_COMMAND_SETTINGS: ContextVar[Settings | None] = ContextVar("command_settings", default=None)
# ``--quiet``: no progress bars (a matter of the terminal, not a setting of the database).
_QUIET: ContextVar[bool] = ContextVar("quiet", default=False)


def begin_command(settings: Settings, *, quiet: bool = False) -> Callable[[], None]:
    """Bind ``settings`` (and ``--quiet``) for the command about to run; returns what
    unbinds them."""
    token, quiet_token = _COMMAND_SETTINGS.set(settings), _QUIET.set(quiet)

    def end() -> None:
        _COMMAND_SETTINGS.reset(token)
        _QUIET.reset(quiet_token)

    return end


def quiet() -> bool:
    """Whether ``--quiet`` was given to the running command."""
    return _QUIET.get()


def settings() -> Settings:
    """The running command's settings (outside a command: the process's defaults)."""
    from militancydb.config import get_settings

    return _COMMAND_SETTINGS.get() or get_settings()


def _debug() -> bool:
    bound = _COMMAND_SETTINGS.get()
    return bound.debug if bound is not None else False


# Exit codes (documented in docs/reliability.md).
EXIT_FAILED = 1  # refused or not done: not found, stale edit, conflict, not confirmed
EXIT_INPUT = 2  # bad input: a value, a document, a file's content, a command line
EXIT_DATABASE = 3  # the database cannot be reached or used
EXIT_FILE = 4  # a file or folder cannot be read or written
EXIT_INTERNAL = 70  # a bug: please report it (with --debug's traceback)
EXIT_INTERRUPTED = 130  # Ctrl-C
EXIT_BROKEN_PIPE = 141  # the program reading the output stopped reading (128 + SIGPIPE)


# what Typer itself turns into a message and exit code (usage errors, --help, typer.Exit)
_PASS_THROUGH = (typer.Exit, typer.TyperException)


def _url() -> URL | None:
    try:
        return settings().effective_database_url
    except MilitancyDBError:
        return None


def engine(*, require: bool = True, create: bool = False) -> Engine:
    """The engine of the chosen database (checked to be at the current schema).

    Only commands that make a database (``create``) may create a SQLite file; every other
    command on a path where there is none stops with a clear error and touches nothing.
    """
    from militancydb.db.engine import make_engine, require_schema

    given = settings()
    eng = make_engine(given.effective_database_url, must_exist=not create, settings=given)
    if require:
        require_schema(eng)
    return eng


@contextmanager
def session(*, require: bool = True) -> Iterator[Session]:
    """A session on the chosen database that commits at the end of the command."""
    from militancydb.db.engine import session_scope

    with session_scope(engine(require=require)) as s:
        yield s


def knowledge(s: Session) -> Knowledge:
    """The registries held by the database (from the snapshot in the user's cache while
    neither the database's knowledge nor the shipped files have changed), read when the
    command first looks at them: a command that resolves no name does not read them."""
    from militancydb.knowledge.loader import LazyKnowledge

    def load() -> Knowledge:
        from militancydb.knowledge.snapshot import cached_knowledge

        return cached_knowledge(s)

    return LazyKnowledge(load, s)


def editor(reason: str | None = None) -> Editor:
    """Who the change log will say made this command's changes."""
    from militancydb.config import recorded_user
    from militancydb.services.history import Editor

    return Editor(user=recorded_user(settings()), reason=reason)


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """Print an error (one line, or the lines of a list of bad fields) and stop."""
    from militancydb.db.faults import redact

    err.print(f"error: {redact(message, _url())}", style="bold red", soft_wrap=True)
    raise typer.Exit(code)


def exit_code(exc: MilitancyDBError) -> int:
    """The documented exit code of an error."""
    if isinstance(exc, ValidationFailed | ConfigError):
        return EXIT_INPUT
    if isinstance(exc, DatabaseProblem | DatabaseNotReady):
        return EXIT_DATABASE
    if isinstance(exc, FileProblem):
        return EXIT_FILE
    return EXIT_FAILED


def report_failure(exc: BaseException) -> NoReturn:
    """The one error path: whatever went wrong, one clear line on stderr and its exit code;
    with ``--debug`` the traceback first. Never returns."""
    from militancydb.db.faults import redact, translate

    if isinstance(exc, _PASS_THROUGH):
        raise exc
    if _debug():
        err.print(redact("".join(traceback.format_exception(exc)), _url()), soft_wrap=True)
    if isinstance(exc, BrokenPipeError):  # the reader went away (`| head`): nothing to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces a closed stream for good
        raise typer.Exit(EXIT_BROKEN_PIPE)
    if isinstance(exc, KeyboardInterrupt | typer.Abort):
        fail("interrupted; the unfinished command's changes were not saved", EXIT_INTERRUPTED)
    known = translate(exc, _url())
    if known is not None:
        fail(str(known), exit_code(known))
    fail(
        f"unexpected {type(exc).__name__}: {_one_line(str(exc))}. This is a bug; run the "
        "command again with --debug and report the traceback",
        EXIT_INTERNAL,
    )


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit] + "…"


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Route every failure of a command through :func:`report_failure`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except _PASS_THROUGH:
            raise
        except BaseException as exc:  # noqa: BLE001 - the one place every failure ends
            if isinstance(exc, SystemExit):
                raise
            report_failure(exc)

    return wrapper


class SafeGroup(TyperGroup):
    """The command group of the ``militancydb`` app: a failure anywhere below it (global
    options, commands without :func:`handle_errors`) takes the same one error path."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _PASS_THROUGH:
            raise
        except BaseException as exc:  # noqa: BLE001
            if isinstance(exc, SystemExit):
                raise
            report_failure(exc)


def writable_target(path: Path) -> None:
    """Stop with a clear error, before any work is done, if ``path`` cannot be written."""
    target = path.expanduser()
    if target.is_dir():
        raise FileProblem(f"{path} is a folder; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileProblem(
            f"{path}: the folder {folder} does not exist; create it or choose another path"
        )
    exists = target.exists()
    if (exists and not os.access(target, os.W_OK)) or (
        not exists and not os.access(folder, os.W_OK)
    ):
        raise FileProblem(f"{path}: permission denied; choose a path you can write to")


def confirm(question: str, *, yes: bool, refusal: str) -> None:
    """Go on only if ``--yes`` was given or a person at a terminal answers yes; without a
    terminal (a script, a pipe) stop with ``refusal`` (which should name ``--yes``)."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise Refused(refusal)
    if not typer.confirm(question, default=False, err=True):
        raise Refused("not confirmed; nothing was changed")


def parse_date(value: str | None, option: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` option value, or a clear error naming the option."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        fail(f"{option} {value!r} is not a date; use YYYY-MM-DD (e.g. 2016-08-08)", EXIT_INPUT)
    if not 1 < day.year < 9999:  # a day before or after it would be out of the calendar
        fail(f"{option} {value!r} is out of range; give a date in years 2 to 9998", EXIT_INPUT)
    return day


def print_json(data: Any) -> None:
    """JSON to standard output (not wrapped or coloured, so it can be piped)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def read_json_input(path: str) -> Any:
    """A JSON document from a file, or from standard input when ``path`` is ``-`` (encoding,
    size and nesting checked by :func:`militancydb.io.documents.read_document`)."""
    from militancydb.io.documents import read_document

    return read_document(path, sys.stdin.buffer if path == "-" else None)


def fmt_int(value: int | None) -> str:
    """A count, or a dash for unknown."""
    return "–" if value is None else f"{value:,}"
