"""``militancydb db ...`` (schema) and ``militancydb knowledge ...`` (the knowledge base:
load, check, add, show, edit, delete)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from militancydb.cli.choices import BackupChoice
from militancydb.cli.common import (
    confirm,
    console,
    editor,
    engine,
    fail,
    handle_errors,
    print_json,
    session,
    writable_target,
)
from militancydb.cli.edit_options import ExpectedVersion, Reason, parse_sets
from militancydb.db.engine import (
    check_revision,
    current_revision,
    describe,
    downgrade,
    head_revision,
    upgrade,
)
from militancydb.knowledge.loader import load_shipped
from militancydb.services.knowledge import add_knowledge, delete_record, edit_record, record_state

db_app = typer.Typer(help="Database schema: upgrade, downgrade, current revision.")
knowledge_app = typer.Typer(help="The shipped knowledge base (places, actors, local facts).")


@db_app.command("upgrade")
@handle_errors
def db_upgrade(
    revision: Annotated[
        str, typer.Option(help="The revision to migrate to (see `db current`).")
    ] = "head",
) -> None:
    """Migrate the database schema up (default: to the newest revision)."""
    eng = engine(require=False, create=True)
    upgrade(eng, revision)
    console.print(f"schema at {current_revision(eng)}")


@db_app.command("downgrade")
@handle_errors
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision or 'base'.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Do it without asking (tables dropped lose their rows).")
    ] = False,
) -> None:
    """Migrate the database schema down ('base' removes every table). Asks first (or needs
    --yes): what a downgrade drops is gone; make a `militancydb backup` first."""
    eng = engine(require=False)
    check_revision(eng, revision)
    current = current_revision(eng) or "base (empty)"
    confirm(
        f"Downgrade {describe(eng.url)} from {current} to {revision}? Tables and columns it "
        "drops lose their rows.",
        yes=yes,
        refusal=f"`db downgrade {revision}` drops tables and their rows; run it at a terminal "
        "to be asked, or give --yes (after `militancydb backup FILE`)",
    )
    downgrade(eng, revision)
    console.print(f"schema at {current_revision(eng) or 'base (empty)'}")


@db_app.command("current")
@handle_errors
def db_current() -> None:
    """Show the schema revision of the database and of this code."""
    eng = engine(require=False)
    console.print(f"database: {current_revision(eng) or 'none'}; code: {head_revision(eng)}")


@handle_errors
def backup_cmd(
    file: Annotated[Path, typer.Argument(help="The backup file to write (must not exist).")],
    fmt: Annotated[
        BackupChoice | None,
        typer.Option(
            "--format",
            help="sqlite (a SQLite copy, from a SQLite database) or portable (JSON lines, "
            "any database; restores into SQLite or PostgreSQL). Default: sqlite for a SQLite "
            "database, portable otherwise.",
        ),
    ] = None,
) -> None:
    """Back up the whole database (every table and the change history) to FILE, while
    others may keep using it."""
    from militancydb.services.backup import BackupFormat, backup

    writable_target(file)
    result = backup(engine(), file, BackupFormat(fmt.value) if fmt else None)
    console.print(
        f"backed up {result.rows:,} rows of {result.tables} tables to {file} "
        f"({result.format}, schema {result.revision})"
    )


@handle_errors
def restore_cmd(
    file: Annotated[Path, typer.Argument(help="A file written by `militancydb backup`.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace what a non-empty database holds, without asking.")
    ] = False,
) -> None:
    """Restore a backup into the database (--db): all or nothing. A database that already
    holds data is only replaced after a yes at the terminal or with --yes."""
    from militancydb.services.backup import restore

    eng = engine(require=False, create=True)
    result = restore(
        eng,
        file,
        confirm_replace=lambda held: confirm(
            f"{describe(eng.url)} holds {held:,} rows; replace them with the backup?",
            yes=yes,
            refusal=f"{describe(eng.url)} is not empty ({held:,} rows); restoring would "
            "replace them: give --yes to do so",
        ),
    )
    console.print(
        f"restored {result.rows:,} rows of {result.tables} tables from {file} "
        f"(schema {result.revision})"
    )


@knowledge_app.command("load")
@handle_errors
def knowledge_load() -> None:
    """Load the shipped knowledge into the database (only differences are written)."""
    with session() as s:
        report = load_shipped(s)
    table = Table(title="Shipped knowledge")
    for col in ("records", "created", "updated", "unchanged", "conflicts"):
        table.add_column(col)
    for name, c in report.counts.items():
        table.add_row(
            name,
            str(c.created),
            str(c.updated),
            str(c.unchanged),
            ", ".join(c.conflicts[:5]) or "0",
        )
    console.print(table)


@knowledge_app.command("add")
@handle_errors
def knowledge_add(
    file: Annotated[Path, typer.Argument(help="YAML document in the shipped formats.")],
    reason: Reason = None,
) -> None:
    """Add places, actors, relations, people, memberships, events and territory (with their
    sources) from a YAML document in the shipped formats (militancydb/knowledge/data/README.md)."""
    import yaml

    try:
        doc = yaml.safe_load(file.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        fail(f"cannot read {file}: {exc}", 2)
    if not isinstance(doc, dict):
        fail(f"{file}: the document must be a mapping (sources:, places:, actors:, ...)", 2)
    with session() as s:
        counts = add_knowledge(s, doc, editor(reason))
    console.print("added: " + (", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing"))


@knowledge_app.command("show")
@handle_errors
def knowledge_show(
    entity: Annotated[
        str,
        typer.Argument(
            help="place, actor, relation, person, membership, "
            "person_event, territory, proclaimed, local_fact"
        ),
    ],
    key: Annotated[str, typer.Argument(help="The record's key.")],
) -> None:
    """A knowledge record as stored, with its version (to edit it)."""
    with session() as s:
        print_json(record_state(s, entity, key))


@knowledge_app.command("edit")
@handle_errors
def knowledge_edit(
    entity: Annotated[str, typer.Argument(help="place, actor, relation, person, ...")],
    key: Annotated[str, typer.Argument(help="The record's key.")],
    expected_version: ExpectedVersion,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="FIELD=VALUE (VALUE may be JSON).")
    ] = None,
    reason: Reason = None,
) -> None:
    """Change fields of a knowledge record; refused if it changed since the version you saw."""
    changes = parse_sets(set_ or [])
    if not changes:
        fail("nothing to change: give --set FIELD=VALUE", 2)
    with session() as s:
        after = edit_record(
            s, entity, key, changes, expected_version=expected_version, editor=editor(reason)
        )
    console.print(f"{entity} {key} is now at version {after['version']}")


@knowledge_app.command("delete")
@handle_errors
def knowledge_delete(
    entity: Annotated[str, typer.Argument(help="place, actor, relation, person, ...")],
    key: Annotated[str, typer.Argument(help="The record's key.")],
    expected_version: ExpectedVersion,
    reason: Reason = None,
) -> None:
    """Delete a knowledge record (its history is kept)."""
    with session() as s:
        after = delete_record(
            s, entity, key, expected_version=expected_version, editor=editor(reason)
        )
    console.print(f"{entity} {key} deleted (version {after['version']})")


@knowledge_app.command("check")
@handle_errors
def knowledge_check() -> None:
    """Check the shipped knowledge for dangling references and missing sources."""
    from militancydb.knowledge.check import check_shipped

    problems = check_shipped()
    for p in problems:
        console.print(f"- {p}", highlight=False)
    console.print(f"{len(problems)} problem(s)")
    if problems:
        raise typer.Exit(1)
