"""The ``militancydb`` command's entry point: light, so that Ctrl-C even while the program
starts ends in the same one line and exit code 130 as Ctrl-C during a command."""

from __future__ import annotations

import sys


def run() -> None:
    """Start the command line app."""
    try:
        from militancydb.cli.main import app
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted; nothing was done\n")
        raise SystemExit(130) from None
    app()
