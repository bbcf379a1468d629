"""Help that reads as sentences (issue 10): a description is never broken where its
docstring happened to wrap, and an option shows what it takes — its choices, or a plain word
such as TEXT or INTEGER — instead of Typer's ``<str>`` and ``<bool>`` markers (a flag takes
nothing, so it shows nothing)."""

from __future__ import annotations

import inspect
from typing import Any, get_args

from typer.core import TyperArgument, TyperOption

# Typer carries its own copy of click; its classes are reached through the objects
# themselves (attributes), not imported.


def sentences(text: str | None) -> str | None:
    """Docstring text with each paragraph on one line (paragraphs kept apart)."""
    if text is None:
        return None
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def value_word(param: Any) -> str | None:
    """What an option or argument takes, as help shows it: its choices, or a word for its
    type (nothing for a flag)."""
    if getattr(param, "is_flag", False):
        return None
    desc = param.type_descriptor
    if desc.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
    if desc.is_path:
        return "PATH"
    kind = desc.annotation
    if desc.is_list:
        kind = (get_args(kind) or (str,))[0]
    return WORDS.get(kind, getattr(kind, "__name__", "value").upper())


WORDS: dict[Any, str] = {str: "TEXT", int: "INTEGER", float: "NUMBER"}


class _Option(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        word = value_word(self)
        return None if word is None else word + ("..." if self.multiple else "")


class _Argument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return value_word(self)


def tidy_params(command: Any) -> None:
    """Show every option and argument of ``command`` plainly (:func:`value_word`), the
    ``--help`` option (made when first asked for) included."""
    import typer

    command.get_help_option(typer.Context(command))  # made now, so that it is tidied too
    params = [*command.params, getattr(command, "_help_option", None)]
    for param in params:
        if type(param) is TyperOption:
            param.__class__ = _Option  # same fields; only how the value is shown differs
        elif type(param) is TyperArgument:
            param.__class__ = _Argument
        help_text: Any = getattr(param, "help", None)
        if isinstance(help_text, str):
            param.help = sentences(help_text)


def tidy_command(command: Any) -> Any:
    """Tidy the help of a command and everything below it; returns the same command."""
    command.help = sentences(command.help)
    command.short_help = sentences(command.short_help)
    tidy_params(command)
    for sub in (getattr(command, "commands", None) or {}).values():
        tidy_command(sub)
    return command
