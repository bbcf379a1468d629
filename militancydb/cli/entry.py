"""The ``militancydb`` command's entry point: light, so that Ctrl-C even while the program
starts ends in the same one line and exit code 130 as Ctrl-C during a command; and the one
place where the command line's own usage errors (an unknown option, a value of the wrong
type, a missing argument) become one line on stderr with exit code 2, like every other bad
input, instead of a boxed message.

It also pauses Python's cycle collector while the program starts (:func:`pause_collector`):
importing SQLAlchemy, pydantic, Typer, the driver and the command's modules makes hundreds
of thousands of objects, none of them garbage, and every few hundred of them woke the
collector, whose full passes walk every object imported so far: about a tenth of a read
command's CPU before its first query (issue 15). The ``militancydb`` callback resumes it
(:func:`resume_collector`) once the global options are read, with what was imported until
then frozen (never walked again), so every command runs with the collector on.
"""

from __future__ import annotations

import gc
import sys

#: The options of ``militancydb`` itself (given before the command), and whether each takes
#: a value.
GLOBAL_OPTIONS = {"--db": True, "--user": True, "--debug": False, "--quiet": False, "-q": False}

#: Whether :func:`pause_collector` paused the collector and it is still paused.
_PAUSED = False


def pause_collector() -> None:
    """Pause the cycle collector for the start-up (only this entry point does)."""
    global _PAUSED
    if gc.isenabled():
        gc.disable()
        _PAUSED = True


def resume_collector() -> None:
    """End the start-up's pause: what is held now is frozen (it lives as long as the
    process: the modules, classes and functions imported) and the collector runs again.
    Does nothing unless :func:`pause_collector` paused it (a command run in a test's
    process, or by another program, keeps its collector as it was)."""
    global _PAUSED
    if _PAUSED:
        _PAUSED = False
        gc.freeze()
        gc.enable()


def run() -> None:
    """Start the command line app."""
    pause_collector()
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
    option = getattr(exc, "option_name", None)
    if type(exc).__name__ == "NoSuchOption" and option in GLOBAL_OPTIONS:
        # ``militancydb init --db x.db``: the option is the program's, not the command's
        message += (
            f"; {option} is an option of militancydb itself: put it before the command "
            f"(militancydb {option}{' VALUE' if GLOBAL_OPTIONS[option] else ''} COMMAND ...)"
        )
    if ctx is not None:
        sys.stderr.write(f"error: {message}; see `{ctx.command_path} --help`\n")
    else:
        sys.stderr.write(f"error: {message}\n")
    return code
