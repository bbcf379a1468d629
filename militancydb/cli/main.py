"""The ``militancydb`` command. Each command parses its options, calls one core function,
and renders the result; the work is done in :mod:`militancydb.services` and friends.

The command groups and the heavier commands are registered by name (:mod:`.lazy`): their
modules are imported only when they run, so that ``--version`` and ``--help`` start at once
and each command imports only what it needs (issue 15)."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from militancydb.cli.choices import StatsBy, StatsPeriod, TableJson, TableJsonCsv
from militancydb.cli.common import (
    begin_command,
    console,
    handle_errors,
    print_json,
    session,
    set_width,
)
from militancydb.cli.lazy import Lazy, LazyGroup
from militancydb.cli.progress import progress_bar

app = typer.Typer(
    cls=LazyGroup,
    help="militancydb: a militancy-incident database for Pakistan and its region.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

LazyGroup.lazy = {
    lazy.name: lazy
    for lazy in (
        Lazy("import", "militancydb.cli.imports:import_cmd", "Import a dataset file."),
        Lazy(
            "incidents",
            "militancydb.cli.incidents:app",
            "List, show, add, edit and delete incidents.",
        ),
        Lazy("places", "militancydb.cli.places:app", "Resolve and show places of the gazetteer."),
        Lazy("actors", "militancydb.cli.actors:app", "Resolve and show armed groups and forces."),
        Lazy(
            "claims",
            "militancydb.cli.claims:app",
            "Claims of responsibility and their credibility.",
        ),
        Lazy(
            "ask", "militancydb.cli.analysis:app", "Questions analysts ask, answered from the data."
        ),
        Lazy("report", "militancydb.cli.reports:app", "Security reports (HTML, PDF, Markdown)."),
        Lazy(
            "db",
            "militancydb.cli.admin:db_app",
            "Database schema: upgrade, downgrade, current revision.",
        ),
        Lazy(
            "knowledge",
            "militancydb.cli.admin:knowledge_app",
            "The knowledge base: load, check, add, show, edit, delete.",
        ),
        Lazy(
            "backup",
            "militancydb.cli.admin:backup_cmd",
            "Back up the whole database to a file, while others may keep using it.",
        ),
        Lazy(
            "restore",
            "militancydb.cli.admin:restore_cmd",
            "Restore a backup into the database: all or nothing.",
        ),
        Lazy("users", "militancydb.cli.web:users_app", "Accounts of the web application and API."),
        Lazy("serve", "militancydb.cli.web:serve_cmd", "Start the web application and REST API."),
        Lazy(
            "extract",
            "militancydb.cli.extract:extract_command",
            "Candidate incidents in English news text, with the words each field came from.",
        ),
        Lazy(
            "ingest",
            "militancydb.cli.ingest:ingest_command",
            "Store news documents and queue the incidents extracted from them for review.",
        ),
        Lazy(
            "review",
            "militancydb.cli.review:app",
            "Review incidents extracted from news documents.",
        ),
    )
}


def _version(value: bool) -> None:
    if value:
        from militancydb import __version__

        console.print(f"militancydb {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL or SQLite file (default: MILITANCYDB_DATABASE_URL, "
            "else the embedded database).",
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            help="Name to record in the change history (default: MILITANCYDB_USER, else "
            "the login name).",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="On an error, show the traceback as well as the one-line message "
            "(also MILITANCYDB_DEBUG).",
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="No progress bars (none are drawn when standard error is not a terminal).",
        ),
    ] = False,
) -> None:
    """Global options."""
    from militancydb.cli.entry import resume_collector
    from militancydb.config import load_settings

    set_width()
    # one settings object for this command: the environment, overridden by the options given
    given = load_settings(database_url=db, user=user or None, debug=debug or None)
    resume_collector()  # the start-up is over: the command runs with the collector on
    ctx.obj = given
    ctx.call_on_close(begin_command(given, quiet=quiet))


@app.command("init")
@handle_errors
def init_cmd(
    no_data: Annotated[
        bool, typer.Option("--no-data", help="Only the schema and the knowledge base.")
    ] = False,
) -> None:
    """Create (or bring up to date) the database: schema, knowledge base, bundled UCDP data
    and the seeded claims; then print a summary. Running it again changes nothing."""
    from militancydb.analysis.summary import database_summary
    from militancydb.bootstrap import initialise
    from militancydb.cli.common import editor, engine
    from militancydb.cli.render import print_import_report, print_summary

    started = time.perf_counter()
    eng = engine(require=False, create=True)
    with progress_bar("importing UCDP GED", "rows") as bar:
        report = initialise(
            eng,
            user=editor().user,
            with_data=not no_data,
            progress=bar.update_total,
        )
    k = report.knowledge
    changed = ", ".join(
        f"{n} {c.created + c.updated}" for n, c in k.counts.items() if c.created or c.updated
    )
    console.print(
        f"knowledge base: {k.changed:,} records created or updated ({changed or 'none changed'})"
    )
    for r in report.imports:
        print_import_report(r, show=5)
    for line in report.seeds:
        console.print(line)
    with session() as s:
        print_summary(database_summary(s))
    console.print(
        f"database: {eng.url.render_as_string(hide_password=True)} "
        f"({time.perf_counter() - started:.1f} s)"
    )


@app.command("summary")
@handle_errors
def summary_cmd() -> None:
    """What the database holds: incidents, years, killed by province, the largest incidents."""
    from militancydb.analysis.summary import database_summary
    from militancydb.cli.render import print_summary

    with session() as s:
        print_summary(database_summary(s))


@app.command("history")
@handle_errors
def history_cmd(
    record_id: Annotated[str, typer.Argument(help="Incident id, or a key with --entity.")],
    entity: Annotated[
        str,
        typer.Option(
            help="What the id names: incident, claim, place, actor, relation, person, "
            "membership, person_event, territory, proclaimed or local_fact."
        ),
    ] = "incident",
    diff: Annotated[bool, typer.Option(help="Show old and new values of changed fields.")] = False,
    fmt: Annotated[TableJson, typer.Option("--format", help="How to print.")] = TableJson.TABLE,
) -> None:
    """Every change to a record: who, when, what (and from what to what with --diff)."""
    from militancydb.cli.common import fail
    from militancydb.cli.render import print_history
    from militancydb.services import history as history_service

    with session() as s:
        changes = history_service.history(s, entity, record_id)
    if not changes:
        fail(f"no history for {entity} {record_id}; check the id (and --entity)")
    if fmt is TableJson.JSON:
        print_json([c.__dict__ for c in changes])
        return
    print_history(changes, diff=diff)


@app.command("stats")
@handle_errors
def stats_cmd(
    by: Annotated[StatsBy, typer.Option(help="What to count by.")] = StatsBy.PROVINCE,
    period: Annotated[StatsPeriod, typer.Option(help="The period to count by.")] = StatsPeriod.YEAR,
    date_from: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    province: Annotated[str | None, typer.Option(help="Only this province.")] = None,
    event_type: Annotated[
        list[str] | None,
        typer.Option("--event-type", help="Only these event types (repeat for several)."),
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Only incidents of this actor.")] = None,
    fmt: Annotated[
        TableJsonCsv, typer.Option("--format", help="How to print.")
    ] = TableJsonCsv.TABLE,
) -> None:
    """Incidents, killed and injured by year or month and by province, event type or actor."""
    from militancydb.analysis.stats import incident_stats
    from militancydb.cli.incidents import build_filter
    from militancydb.cli.render import print_stats

    with session() as s:
        flt = build_filter(
            s,
            date_from=date_from,
            date_to=date_to,
            province=province,
            event_type=event_type,
            actor=actor,
        )
        rows = incident_stats(s, flt, period=period.value, by=by.value)
    print_stats(rows, fmt, period=period.value, by=by.value)


@app.command("codebook")
def codebook_cmd() -> None:
    """Print the codebook (vocabularies and crosswalk) as Markdown."""
    import sys

    from militancydb.codebook.render import codebook_markdown

    sys.stdout.write(codebook_markdown())
