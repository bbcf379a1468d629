"""``militancydb incidents ...``: list, show, add, edit, delete, restore, provenance."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from militancydb.cli.choices import ListFormat, TableJson
from militancydb.cli.common import (
    console,
    editor,
    fail,
    fmt_int,
    handle_errors,
    knowledge,
    parse_date,
    print_json,
    read_json_input,
    session,
)
from militancydb.cli.edit_options import ExpectedVersion, Reason, parse_sets
from militancydb.cli.progress import progress_bar

if TYPE_CHECKING:  # the services are imported by the commands that use them (issue 15)
    from sqlalchemy.orm import Session

    from militancydb.domain.incident import IncidentPublic
    from militancydb.services.incident_query import IncidentFilter

app = typer.Typer(no_args_is_help=True)

#: rows of the ``incidents list`` table when no --limit is given (--all shows every one)
TABLE_ROWS = 20


def build_filter(
    s: Session,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    country: str | None = None,
    province: str | None = None,
    district: str | None = None,
    actor: str | None = None,
    event_type: list[str] | None = None,
    tactic: list[str] | None = None,
    min_killed: int | None = None,
    include_deleted: bool = False,
) -> IncidentFilter:
    """The filter the options describe (names resolved through the knowledge base)."""
    from militancydb.services import incident_filters

    return incident_filters.build_filter(
        knowledge(s),
        date_from=parse_date(date_from, "--from"),
        date_to=parse_date(date_to, "--to"),
        country=country.upper() if country else None,
        province=province,
        district=district,
        actor=actor,
        event_types=event_type,
        tactics=tactic,
        min_killed=min_killed,
        include_deleted=include_deleted,
    )


@app.command("list")
@handle_errors
def list_cmd(
    date_from: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO country code, e.g. PK.")] = None,
    province: Annotated[
        str | None, typer.Option(help="Province (then or now), by name, alias or key.")
    ] = None,
    district: Annotated[str | None, typer.Option(help="District or tribal agency.")] = None,
    actor: Annotated[
        str | None, typer.Option(help="Actor in any role; a group includes its chapters.")
    ] = None,
    event_type: Annotated[
        list[str] | None,
        typer.Option("--event-type", help="Event type code or label (repeat for several)."),
    ] = None,
    tactic: Annotated[
        list[str] | None, typer.Option("--tactic", help="Tactic code or label.")
    ] = None,
    min_killed: Annotated[
        int | None, typer.Option("--min-killed", help="At least this many killed (best).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="What the database said at the end of this day."),
    ] = None,
    include_deleted: Annotated[bool, typer.Option(help="Include deleted incidents.")] = False,
    limit: Annotated[
        int | None,
        typer.Option(help=f"At most this many (a table shows {TABLE_ROWS} unless told)."),
    ] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    show_all: Annotated[
        bool, typer.Option("--all", help="A table of every incident selected.")
    ] = False,
    fmt: Annotated[
        ListFormat,
        typer.Option(
            "--format",
            help="How to print: a table, or an export (csv neutralises spreadsheet formulas; "
            "gtd and acled are those datasets' layouts; parquet needs --out).",
        ),
    ] = ListFormat.TABLE,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the export to this file.")
    ] = None,
) -> None:
    """List incidents, filtered, oldest first."""
    from militancydb.cli.render import incident_table
    from militancydb.services.incident_reader import list_page

    if fmt is ListFormat.PARQUET and out is None:
        fail(f"--format {fmt.value} writes a binary file: give it with --out FILE", 2)
    with session() as s:
        flt = build_filter(
            s,
            date_from=date_from,
            date_to=date_to,
            country=country,
            province=province,
            district=district,
            actor=actor,
            event_type=event_type,
            tactic=tactic,
            min_killed=min_killed,
            include_deleted=include_deleted,
        )
        day = parse_date(as_of, "--as-of")
        if fmt is not ListFormat.TABLE:
            from militancydb.io.export_output import ExportFormat, write_incidents

            with progress_bar(f"writing {fmt.value}", "incidents") as bar:
                n = write_incidents(
                    s,
                    flt,
                    ExportFormat(fmt.value),
                    out=sys.stdout,
                    path=out,
                    as_of=day,
                    limit=limit,
                    offset=offset,
                    progress=bar,
                )
            if out is not None:
                console.print(f"{n:,} incident(s) written to {out}", highlight=False)
            return
        if limit is None and not show_all:
            limit = TABLE_ROWS
        result = list_page(s, flt, as_of=day, limit=None if show_all else limit, offset=offset)
    title = f"{result.count:,} incident(s)" + (f" as of {as_of}" if as_of else "")
    if len(result.data) < result.count:
        title += f" (showing {len(result.data):,})"
    console.print(incident_table(result.data, title))
    rest = result.count - offset - len(result.data)
    if rest > 0:
        console.print(
            f"… and {rest:,} more: --limit N (and --offset N) shows more, --all shows every "
            "one, --format csv|json|... exports them",
            highlight=False,
        )


@app.command("show")
@handle_errors
def show_cmd(
    incident_id: Annotated[int, typer.Argument(help="Incident id.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="As it stood on this day.")] = None,
    fmt: Annotated[TableJson, typer.Option("--format", help="How to print.")] = TableJson.TABLE,
) -> None:
    """Show one incident with every field and its sources."""
    from militancydb.services.incidents import get_incident

    with session() as s:
        inc = get_incident(s, incident_id, as_of=parse_date(as_of, "--as-of"), include_deleted=True)
    if fmt == "json":
        print_json(inc.model_dump(mode="json"))
        return
    print_incident(inc)


def print_incident(i: IncidentPublic) -> None:
    """One incident in full."""
    from rich.table import Table

    from militancydb.codebook import label
    from militancydb.io.type_rules import explain_rule

    loc = i.location
    t = Table(
        show_header=False,
        title=f"Incident {i.id} (version {i.version}" + (", DELETED" if i.deleted else "") + ")",
    )
    t.add_column("field", style="bold")
    t.add_column("value")

    def row(name: str, value: Any) -> None:
        if value not in (None, "", []):
            t.add_row(name, str(value))

    when = i.date_start.isoformat() + (f" to {i.date_end}" if i.date_end else "")
    row("date", f"{when} (precision: {i.date_precision})")
    province = loc.province_name
    if loc.province_now and loc.province_now != loc.province:
        province = f"{loc.province_name} (today {loc.province_now_name})"
    district = loc.district_name
    if loc.district_now and loc.district_now != loc.district:
        district = f"{loc.district_name} (today {loc.district_now_name})"
    row("province", province)
    row("district", district)
    row("place", loc.place_name)
    row("place detail", loc.place_detail)
    if loc.latitude is not None:
        row("coordinates", f"{loc.latitude:.4f}, {loc.longitude:.4f} ({loc.geo_precision})")
    row("event type", label(i.event_type))
    if i.event_type_rule:
        why = explain_rule(i.event_type_rule)
        row(
            "typed by",
            f"rule {i.event_type_rule}"
            + (f", {i.event_type_confidence} confidence" if i.event_type_confidence else "")
            + (f": {why}" if why else ""),
        )
    else:
        row("typed by", "a person (no importer's rule)")
    if i.aggregate:
        row(
            "aggregate",
            "yes: dated only to a year or placed only in the country (not one incident)",
        )
    row("tactics", ", ".join(label(x) for x in i.tactics))
    row("suicide", i.suicide)
    row(
        "targets",
        "; ".join(
            label(x.type) + (f" ({x.description})" if x.description else "") for x in i.targets
        ),
    )
    for a in i.actors:
        row(
            a.role,
            f"{a.actor_name} [{a.actor_key or 'not in registry'}] — {label(a.basis)}"
            + (f", {a.confidence} confidence" if a.confidence else ""),
        )
    for c in i.casualties:
        figures = "/".join(fmt_int(v) for v in (c.low, c.best, c.high))
        row(f"{c.outcome}: {c.category}", f"{figures} (low/best/high)")
    row("summary", i.summary)
    row("operation", i.operation)
    row("review", i.review_status)
    for k, v in i.external_ids.items():
        row(f"{k} id", v)
    for n, src in enumerate(i.sources, start=1):
        text = ", ".join(x for x in (src.publisher, src.title, src.published, src.url) if x)
        if src.locator:
            text += f" [{src.locator}]"
        if src.excerpt:
            text += f"\n  “{src.excerpt[:300]}”"
        row(f"source {n}", text)
    row("created", f"{i.created_at:%Y-%m-%d %H:%M} by {i.created_by}")
    row("updated", f"{i.updated_at:%Y-%m-%d %H:%M} by {i.updated_by}")
    console.print(t)


@app.command("add")
@handle_errors
def add_cmd(
    file: Annotated[str, typer.Argument(help="JSON file with the incident, or - for stdin.")],
    reason: Reason = None,
) -> None:
    """Add an incident from a JSON document (fields as in `incidents show --format json`
    input form; see docs/incidents.md). Every bad field is reported at once."""
    from militancydb.services.incidents import create_incident

    data = read_json_input(file)
    if not isinstance(data, dict):
        fail("the JSON document must be an object with the incident's fields", 2)
    with session() as s:
        inc = create_incident(s, data, knowledge(s), editor(reason))
    console.print(f"added incident {inc.id} (version {inc.version})")


@app.command("edit")
@handle_errors
def edit_cmd(
    incident_id: Annotated[int, typer.Argument(help="Incident id.")],
    expected_version: Annotated[
        int, typer.Option("--expected-version", help="The version you are editing (see show).")
    ],
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="FIELD=VALUE; VALUE may be JSON (repeat for several)."),
    ] = None,
    file: Annotated[
        str | None, typer.Option("--file", help="JSON file (or -) with the changed fields.")
    ] = None,
    reason: Reason = None,
) -> None:
    """Change fields of an incident. Refused if someone changed it since the version you
    give; lists replace the whole list."""
    from militancydb.services.incidents import update_incident

    changes: dict[str, Any] = {}
    if file:
        doc = read_json_input(file)
        if not isinstance(doc, dict):
            fail("the JSON document must be an object with the fields to change", 2)
        changes.update(doc)
    changes.update(parse_sets(set_ or []))
    if not changes:
        fail("nothing to change: give --set FIELD=VALUE or --file", 2)
    with session() as s:
        inc = update_incident(
            s,
            incident_id,
            changes,
            expected_version=expected_version,
            kb=knowledge(s),
            editor=editor(reason),
        )
    console.print(f"incident {inc.id} is now at version {inc.version}")


@app.command("delete")
@handle_errors
def delete_cmd(
    incident_id: Annotated[int, typer.Argument(help="Incident id.")],
    expected_version: ExpectedVersion,
    reason: Reason = None,
) -> None:
    """Delete an incident (recoverable with `incidents restore`)."""
    from militancydb.services.incidents import delete_incident

    with session() as s:
        inc = delete_incident(
            s, incident_id, expected_version=expected_version, editor=editor(reason)
        )
    console.print(
        f"incident {inc.id} deleted (version {inc.version}); "
        f"`militancydb incidents restore {inc.id}` brings it back"
    )


@app.command("restore")
@handle_errors
def restore_cmd(
    incident_id: Annotated[int, typer.Argument(help="Incident id.")],
    reason: Reason = None,
) -> None:
    """Bring back a deleted incident."""
    from militancydb.services.incidents import restore_incident

    with session() as s:
        inc = restore_incident(s, incident_id, editor=editor(reason))
    console.print(f"incident {inc.id} restored (version {inc.version})")


@app.command("provenance")
@handle_errors
def provenance_cmd(
    incident_id: Annotated[int, typer.Argument(help="Incident id.")],
    fmt: Annotated[TableJson, typer.Option("--format", help="How to print.")] = TableJson.TABLE,
) -> None:
    """Where each field of an incident came from: the import or edit that last set it, and
    the sources cited."""
    from rich.table import Table

    from militancydb.services.incidents import get_incident
    from militancydb.services.provenance import field_provenance

    with session() as s:
        rows = field_provenance(s, incident_id)
        sources = get_incident(s, incident_id, include_deleted=True).sources
    if fmt == "json":
        print_json([r.__dict__ for r in rows])
        return
    t = Table(title=f"Provenance of incident {incident_id}")
    for col in ("field", "value", "set in version", "by", "when", "how"):
        t.add_column(col)
    for r in rows:
        t.add_row(r.field, r.value, str(r.version), r.user, r.at, r.how)
    console.print(t)
    for n, src in enumerate(sources, start=1):
        text = ", ".join(x for x in (src.publisher, src.title, src.published, src.url) if x)
        console.print(f"source {n}: {text}" + (f" [{src.locator}]" if src.locator else ""))
