"""The command-line reference (``docs/cli-reference.md``), written from the commands
themselves so that it cannot drift from them: ``scripts/cli_reference.py`` writes it, and
``tests/cli/test_reference.py`` fails when the committed file is out of date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

from militancydb.cli.help import sentences, value_word

HEADER = """# Command-line reference

Every command of `militancydb`, its arguments and options, as `--help` shows them. This
file is generated from the code by `scripts/cli_reference.py`; do not edit it by hand (a
test fails when it is out of date). Options before the command (`--db`, `--user`,
`--quiet`, `--debug`) are those of `militancydb` itself.
"""


def root_command() -> Any:
    """The top-level command group with every command loaded."""
    from militancydb.cli.lazy import LazyGroup
    from militancydb.cli.main import app

    group = typer.main.get_command(app)
    assert isinstance(group, LazyGroup)
    group.load_all(typer.Context(group))
    return group


def all_commands(root: Any | None = None) -> Iterator[tuple[str, Any]]:
    """Every command and group, with its path (``militancydb report monthly``)."""

    def walk(path: str, command: Any) -> Iterator[tuple[str, Any]]:
        yield path, command
        subs = getattr(command, "commands", None) or {}
        for name in sorted(subs):
            yield from walk(f"{path} {name}", subs[name])

    yield from walk("militancydb", root if root is not None else root_command())


def _cell(text: str | None) -> str:
    return (sentences(text) or "").replace("|", "\\|").replace("\n\n", "<br>")


def _default(param: Any) -> str:
    if getattr(param, "is_flag", False) or param.required:
        return ""
    default = param.default
    if default is None or default == [] or default == ():
        return ""
    return f"`{getattr(default, 'value', default)}`"


def _section(path: str, command: Any) -> list[str]:
    lines = [f"## `{path}`", ""]
    if command.help:
        lines += [sentences(command.help) or "", ""]
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    options = [p for p in command.params if p.param_type_name == "option"]
    subs = getattr(command, "commands", None) or {}
    usage = " ".join([path, *(["[OPTIONS]"] if options else [])])
    usage += "".join(f" {a.name.upper()}" + ("..." if a.nargs != 1 else "") for a in arguments)
    if subs:
        usage += " COMMAND [ARGS]..."
    lines += [f"Usage: `{usage}`", ""]
    if arguments:
        lines += ["| argument | takes | description |", "|---|---|---|"]
        for a in arguments:
            required = "" if a.required else " (optional)"
            lines.append(
                f"| `{a.name.upper()}`{required} | {_cell(value_word(a))} | {_cell(a.help)} |"
            )
        lines.append("")
    if options:
        lines += ["| option | takes | default | description |", "|---|---|---|---|"]
        for o in options:
            names = ", ".join(f"`{n}`" for n in [*o.opts, *o.secondary_opts])
            word = (value_word(o) or "").replace("|", "\\|")
            word = f"`{word}`" if word else ""
            help_text = _cell(o.help)
            if o.required:
                help_text += " (required)"
            if getattr(o, "envvar", None):
                help_text += f" Environment: `{o.envvar}`."
            lines.append(f"| {names} | {word} | {_default(o)} | {help_text} |")
        lines.append("")
    if subs:
        lines += ["| command | what it does |", "|---|---|"]
        for name in sorted(subs):
            short = (sentences(subs[name].help) or "").split("\n\n")[0]
            lines.append(f"| [`{name}`](#{_anchor(f'{path} {name}')}) | {_cell(short)} |")
        lines.append("")
    return lines


def _anchor(path: str) -> str:
    return path.replace(" ", "-")


def reference_markdown() -> str:
    """The whole reference, as Markdown."""
    lines = [HEADER]
    for path, command in all_commands():
        if path.endswith(("--install-completion", "--show-completion")):
            continue
        lines += _section(path, command)
    return "\n".join(lines).rstrip() + "\n"
