"""``militancydb places ...``: resolve a name, show a place and its history. The resolving
is done in :mod:`militancydb.services.places`; these commands render it."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from militancydb.cli.choices import TableJson
from militancydb.cli.common import (
    console,
    handle_errors,
    knowledge,
    parse_date,
    print_json,
    session,
)
from militancydb.cli.render import print_alternatives, print_resolution
from militancydb.domain.limits import PLACE_NAME, bounded

if TYPE_CHECKING:
    from militancydb.knowledge.gazetteer import Gazetteer
    from militancydb.knowledge.place_tree import Admin

app = typer.Typer(no_args_is_help=True)


def admin_text(gaz: Gazetteer, admin: Admin, several: tuple[str, ...]) -> str:
    """``province Sindh [PK-SD], district ...`` (or ``districts ..., ...``: when several
    covered the place)."""
    from militancydb.services.places import place_label

    district = f"district {place_label(gaz, admin.district)}"
    if several:
        district = "districts " + ", ".join(place_label(gaz, d) for d in several)
    return f"province {place_label(gaz, admin.province)}, {district}"


@app.command("resolve")
@handle_errors
def resolve_cmd(
    text: Annotated[str, typer.Argument(help="A place name as found in news or a dataset.")],
    on: Annotated[
        str | None, typer.Option(help="The date the name refers to (YYYY-MM-DD).")
    ] = None,
    country: Annotated[str | None, typer.Option(help="Restrict to a country (PK, AF).")] = None,
    within: Annotated[
        str | None, typer.Option(help="Restrict to a province (name or key).")
    ] = None,
    fmt: Annotated[TableJson, typer.Option("--format", help="How to print.")] = TableJson.TABLE,
) -> None:
    """Resolve a place name: the match, the rule that matched, the alternatives, and the
    province and district on the date given and today."""
    from militancydb.services.places import resolve_name

    day = parse_date(on, "--on")
    bounded(text, "name", PLACE_NAME)
    bounded(within or "", "--within", PLACE_NAME)
    with session() as s:
        gaz = knowledge(s).gazetteer
    v = resolve_name(gaz, text, on=day, country=country, within=within)
    r = v.resolution
    if fmt is TableJson.JSON:
        print_json(
            {
                **asdict(r),
                "within": v.within.key if v.within else None,
                "admin_on": asdict(v.admin_on) if v.admin_on else None,
                "admin_today": asdict(v.admin_today) if v.admin_today else None,
                "districts_on": list(v.districts_on),
                "districts_today": list(v.districts_today),
            }
        )
        return
    print_resolution(text, r)
    if r.match:
        for label, admin, several in (
            (f"on {day}", v.admin_on, v.districts_on),
            ("today", v.admin_today, v.districts_today),
        ):
            if admin:
                console.print(f"  {label}: {admin_text(gaz, admin, several)}", highlight=False)
    for why in r.reasons if not r.match else []:
        console.print(f"  {why}", highlight=False)
    if r.alternatives:
        console.print("  alternatives:")
        print_alternatives(r.alternatives)


@app.command("show")
@handle_errors
def show_cmd(
    text: Annotated[str, typer.Argument(help="A place name or key.")],
    on: Annotated[str | None, typer.Option(help="Also show where it lay on this date.")] = None,
    fmt: Annotated[TableJson, typer.Option("--format", help="How to print.")] = TableJson.TABLE,
) -> None:
    """Show a place: what it is, where it lies, its names, and its administrative history
    (e.g. a tribal agency of the former FATA and the district it became in 2018)."""
    from rich.table import Table

    from militancydb.services.places import place_view

    day = parse_date(on, "--on")
    with session() as s:
        gaz = knowledge(s).gazetteer
    v = place_view(gaz, text, day)
    p = v.place
    if fmt is TableJson.JSON:
        print_json(asdict(v))
        return
    t = Table(show_header=False, title=f"{p.name} [{p.key}]")
    t.add_column("", style="bold")
    t.add_column("")
    t.add_row("kind", p.kind.replace("_", " "))
    if v.ancestors:
        t.add_row("within", " < ".join(f"{a.name}" for a in v.ancestors))
    if p.valid_from or p.valid_to:
        t.add_row("existed", f"{p.valid_from or '(before records)'} to {p.valid_to or 'today'}")
    if v.predecessors:
        t.add_row("formed from", ", ".join(f"{x.name} [{x.key}]" for x in v.predecessors))
    if v.successors:
        t.add_row("became", ", ".join(f"{x.name} [{x.key}]" for x in v.successors))
    if p.hq:
        t.add_row("headquarters", p.hq)
    if p.lat is not None:
        t.add_row("coordinates", f"{p.lat:.4f}, {p.lon:.4f}")
    if p.population:
        t.add_row("population", f"{p.population:,}")
    if v.admin_on:
        t.add_row(f"on {day}", admin_text(gaz, v.admin_on, v.districts_on))
    t.add_row("today", admin_text(gaz, v.admin_today, v.districts_today))
    if p.aliases:
        t.add_row("also", "; ".join(a for a, _ in p.aliases[:30]))
    if v.children:
        t.add_row("places in it", str(v.children))
    if p.note:
        t.add_row("note", p.note)
    if p.sources:
        t.add_row("sources", ", ".join(p.sources))
    console.print(t)
