"""The ``militancydb`` command. Each command parses its options, calls one core function,
and renders the result; the work is done in :mod:`militancydb.services` and friends."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from militancydb import __version__
from militancydb.cli import (
    actors,
    analysis,
    claims,
    extract,
    incidents,
    places,
    reports,
    review,
    web,
)
from militancydb.cli.admin import backup_cmd, db_app, knowledge_app, restore_cmd
from militancydb.cli.common import (
    STATE,
    SafeGroup,
    console,
    engine,
    fmt_int,
    handle_errors,
    knowledge,
    print_json,
    session,
    set_width,
    writable_target,
)
from militancydb.cli.render import print_history, print_import_report, print_summary
from militancydb.codebook.render import codebook_markdown
from militancydb.io.engine import run_import
from militancydb.io.registry import format_names, importer_for
from militancydb.services import history as history_service
from militancydb.services.setup import initialise
from militancydb.services.stats import NOTE as STATS_NOTE
from militancydb.services.stats import incident_stats
from militancydb.services.summary import database_summary

app = typer.Typer(
    cls=SafeGroup,
    help="militancydb: a militancy-incident database for Pakistan and its region.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(incidents.app, name="incidents", help="List, show, add, edit and delete incidents.")
app.add_typer(places.app, name="places", help="Resolve and show places of the gazetteer.")
app.add_typer(actors.app, name="actors", help="Resolve and show armed groups and forces.")
app.add_typer(claims.app, name="claims", help="Claims of responsibility and their credibility.")
app.add_typer(analysis.app, name="ask", help="Questions analysts ask, answered from the data.")
app.add_typer(reports.app, name="report", help="Security reports (HTML, PDF, Markdown).")
app.add_typer(db_app, name="db")
app.add_typer(knowledge_app, name="knowledge")
app.command("backup")(handle_errors(backup_cmd))
app.command("restore")(handle_errors(restore_cmd))
app.add_typer(web.users_app, name="users")
app.command("serve")(web.serve_cmd)
app.command("extract")(extract.extract_command)
app.command("ingest")(review.ingest_command)
app.add_typer(review.app, name="review", help="Review incidents extracted from news documents.")


def _version(value: bool) -> None:
    if value:
        console.print(f"militancydb {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL or SQLite file (default: MILITANCYDB_DATABASE_URL, "
            "else the embedded database).",
            envvar="MILITANCYDB_DATABASE_URL",
        ),
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", help="Name to record in the change history.")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar="MILITANCYDB_DEBUG",
            help="On an error, show the traceback as well as the one-line message.",
        ),
    ] = False,
) -> None:
    """Global options."""
    STATE.db_url = db
    STATE.user = user
    STATE.debug = debug
    set_width()


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


@app.command("init")
@handle_errors
def init_cmd(
    no_data: Annotated[
        bool, typer.Option("--no-data", help="Only the schema and the knowledge base.")
    ] = False,
) -> None:
    """Create (or bring up to date) the database: schema, knowledge base, bundled UCDP data
    and the seeded claims; then print a summary. Running it again changes nothing."""
    started = time.perf_counter()
    eng = engine(require=False, create=True)
    with _progress() as bar:
        task = bar.add_task("importing UCDP GED", total=None)
        report = initialise(
            eng,
            user=STATE.user or "militancydb init",
            with_data=not no_data,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
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
    with session() as s:
        print_summary(database_summary(s))


@app.command("import")
@handle_errors
def import_cmd(
    fmt: Annotated[str, typer.Argument(help=f"Format: {', '.join(format_names())}.")],
    file: Annotated[Path, typer.Argument(help="The file to import.")],
    country: Annotated[
        str | None,
        typer.Option(
            help="Countries to take, ISO codes separated by commas (gtd and acled; "
            "default PK,AF). Rows elsewhere are skipped and counted."
        ),
    ] = None,
    show: Annotated[int, typer.Option(help="How many rejected rows to print.")] = 20,
    rejects: Annotated[
        Path | None, typer.Option(help="Write every rejected row (number, reason) to this CSV.")
    ] = None,
) -> None:
    """Import a dataset file. Every row is imported, updated, left unchanged or rejected with
    its reason; importing the same file again adds nothing."""
    countries = (
        tuple(c.strip().upper() for c in country.split(",") if c.strip()) if country else None
    )
    importer = importer_for(fmt, countries=countries)
    if rejects is not None:
        writable_target(rejects)  # before anything is imported, not after it is saved
    with session() as s:
        kb = knowledge(s)
        with _progress() as bar:
            task = bar.add_task(f"importing {file.name}", total=None)
            report = run_import(
                s,
                importer,
                file,
                kb,
                STATE.user or _user(),
                lambda done, total: bar.update(task, completed=done, total=total),
            )
    print_import_report(report, show=show)
    if rejects is not None:
        import csv

        with rejects.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["row", "line", "reason"])
            for r in report.rejects:
                w.writerow([r.row, r.line or "", r.reason])
        console.print(f"rejected rows written to {rejects}")


def _user() -> str:
    from militancydb.config import get_settings

    return get_settings().user


@app.command("history")
@handle_errors
def history_cmd(
    record_id: Annotated[str, typer.Argument(help="Incident id, or a key with --entity.")],
    entity: Annotated[
        str,
        typer.Option(
            help="incident, claim, place, actor, relation, person, membership, "
            "person_event, territory, local_fact"
        ),
    ] = "incident",
    diff: Annotated[bool, typer.Option(help="Show old and new values of changed fields.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Every change to a record: who, when, what (and from what to what with --diff)."""
    with session() as s:
        changes = history_service.history(s, entity, record_id)
    if not changes:
        from militancydb.cli.common import fail

        fail(f"no history for {entity} {record_id}; check the id (and --entity)")
    if fmt == "json":
        print_json([c.__dict__ for c in changes])
        return
    print_history(changes, diff=diff)


@app.command("stats")
@handle_errors
def stats_cmd(
    by: Annotated[
        str, typer.Option(help="province, province_now, district, event_type, actor or none")
    ] = "province",
    period: Annotated[str, typer.Option(help="year, month or all")] = "year",
    date_from: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    province: Annotated[str | None, typer.Option(help="Only this province.")] = None,
    event_type: Annotated[
        list[str] | None, typer.Option("--event-type", help="Only these event types.")
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Only incidents of this actor.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv")] = "table",
) -> None:
    """Incidents, killed and injured by year or month and by province, event type or actor."""
    from militancydb.cli.incidents import build_filter

    if by not in ("province", "province_now", "district", "event_type", "actor", "none"):
        from militancydb.cli.common import fail

        fail(f"--by {by!r}: use province, province_now, district, event_type, actor or none", 2)
    if period not in ("year", "month", "all"):
        from militancydb.cli.common import fail

        fail(f"--period {period!r}: use year, month or all", 2)
    with session() as s:
        flt = build_filter(
            s,
            date_from=date_from,
            date_to=date_to,
            province=province,
            event_type=event_type,
            actor=actor,
        )
        rows = incident_stats(s, flt, period=period, by=by)  # type: ignore[arg-type]
    if fmt == "json":
        print_json([r.__dict__ for r in rows])
        return
    if fmt == "csv":
        console.print(
            "period,kind,basis,group,incidents,killed,injured,incidents_with_unknown_killed"
        )
        for r in rows:
            console.print(
                f"{r.period},{r.kind},{r.basis},{r.group},{r.incidents},{r.killed},{r.injured},"
                f"{r.killed_unknown}",
                highlight=False,
            )
        return
    table = Table(title=f"Incidents by {period}, kind and {by}", caption=STATS_NOTE)
    cols = ("period", "kind", *(("basis",) if by == "actor" else ()), by)
    for col in (*cols, "incidents", "killed", "injured", "killed unknown"):
        table.add_column(col, justify="right" if col not in cols else "left")
    for r in rows:
        table.add_row(
            r.period,
            r.kind_label,
            *((r.basis,) if by == "actor" else ()),
            r.group,
            fmt_int(r.incidents),
            fmt_int(r.killed_or_none),
            fmt_int(r.injured_or_none),
            fmt_int(r.killed_unknown),
        )
    console.print(table)


@app.command("codebook")
def codebook_cmd() -> None:
    """Print the codebook (vocabularies and crosswalk) as Markdown."""
    import sys

    sys.stdout.write(codebook_markdown())
