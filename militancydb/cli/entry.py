"""The ``militancydb`` command's entry point: light, so that Ctrl-C even while the program
starts ends in the same one line and exit code 130 as Ctrl-C during a command; and the one
place where the command line's own usage errors (an unknown option, a value of the wrong
type, a missing argument) become one line on stderr with exit code 2, like every other bad
input, instead of a boxed message."""

from __future__ import annotations

import sys


def run() -> None:
    """Start the command line app."""
    try:
        from typer.exceptions import TyperException

        from militancydb.cli.main import app
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted; nothing was done\n")
        raise SystemExit(130) from None
    try:
        result = app(standalone_mode=False)
    except TyperException as exc:  # Typer's (vendored) click errors
        raise SystemExit(_report(exc)) from None
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted; nothing was done\n")
        raise SystemExit(130) from None
    raise SystemExit(result if isinstance(result, int) else 0)


def _report(exc: Exception) -> int:
    """Print a command-line error as one line (or the help asked for); its exit code."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        sys.stdout.write(ctx.get_help() + "\n")
        return 0
    if type(exc).__name__ == "Abort":
        sys.stderr.write("error: interrupted; nothing was done\n")
        return 130
    fmt = getattr(exc, "format_message", None)
    message = " ".join((fmt() if callable(fmt) else str(exc)).split()).rstrip(".")
    message = message.replace("Value error, ", "")  # pydantic's prefix on a bad choice
    code = int(getattr(exc, "exit_code", 2) or 2)
    if ctx is not None:
        sys.stderr.write(f"error: {message}; see `{ctx.command_path} --help`\n")
    else:
        sys.stderr.write(f"error: {message}\n")
    return code
