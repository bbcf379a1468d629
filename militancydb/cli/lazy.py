"""Commands registered by name and loaded when used, so that ``militancydb --version`` and
``--help`` start at once (issue 15): a command's module, and the libraries it needs
(matplotlib, WeasyPrint, FastAPI, the importers…), are imported only when that command runs
or its own help is asked for.

A :class:`Lazy` entry names a Typer sub-app (``module:app``) or one command function
(``module:function``) and the one-line help that the top-level ``--help`` lists, so that
listing the commands imports none of them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperCommand

from militancydb.cli.common import SafeGroup
from militancydb.cli.help import tidy_command, tidy_params

COMPLETION = ("install_completion", "show_completion")


@dataclass(frozen=True)
class Lazy:
    """A command known by name: where it lives and the line ``--help`` lists for it."""

    name: str
    target: str  # "package.module:attribute" — a typer.Typer or a command function
    help: str

    def load(self) -> Any:
        """Import the module and build the click command (help tidied)."""
        module_name, attribute = self.target.split(":")
        obj: Any = getattr(importlib.import_module(module_name), attribute)
        if isinstance(obj, typer.Typer):
            command = typer.main.get_command(obj)
            command.help = command.help or self.help
        else:  # one function: a Typer holding only it gives back the command itself
            single = typer.Typer(rich_markup_mode="rich")
            single.command(self.name)(obj)
            command = typer.main.get_command(single)
        # shell completion is installed from the top-level command only
        command.params = [p for p in command.params if p.name not in COMPLETION]
        command.name = self.name
        return tidy_command(command)


class LazyGroup(SafeGroup):
    """The top-level group: eager commands as Typer builds them, then the :data:`LAZY`
    ones, each imported the first time it is looked up (not when help lists it)."""

    lazy: dict[str, Lazy] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._listing = False
        tidy_command(self)

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in self.lazy if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands or cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        entry = self.lazy[cmd_name]
        if self._listing:  # the help of the group: a stand-in with the one line
            return TyperCommand(entry.name, help=entry.help)
        command = entry.load()
        self.add_command(command, cmd_name)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        tidy_params(self)  # Typer adds the completion options after the group is made
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def load_all(self, ctx: Any) -> None:
        """Import every lazy command (for the generated CLI reference and its test)."""
        for name in list(self.lazy):
            self.get_command(ctx, name)
