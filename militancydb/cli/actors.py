"""``militancydb actors ...``: resolve a name, show an actor on a date, its timeline."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

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
from militancydb.domain.limits import ACTOR_NAME, bounded
from militancydb.knowledge.actors import ActorRegistry
from militancydb.services.actors import actor_state, actor_timeline

app = typer.Typer(no_args_is_help=True)


@app.command("resolve")
@handle_errors
def resolve_cmd(
    text: Annotated[str, typer.Argument(help="A group or force name, acronym or spelling.")],
    on: Annotated[str | None, typer.Option(help="The date the name refers to.")] = None,
    country: Annotated[str | None, typer.Option(help="Country of the mention (PK, AF).")] = None,
    dataset: Annotated[str | None, typer.Option(help="Dataset the name comes from (ucdp).")] = None,
    fmt: Annotated[TableJson, typer.Option("--format", help="How to print.")] = TableJson.TABLE,
) -> None:
    """Resolve an actor name: the match, the rule, and every alternative with its reason."""
    bounded(text, "name", ACTOR_NAME)
    with session() as s:
        reg = knowledge(s).registry
    r = reg.resolve(text, on=parse_date(on, "--on"), country=country, dataset=dataset)
    if fmt == "json":
        print_json(asdict(r))
        return
    print_resolution(text, r)
    for why in r.reasons if not r.match else []:
        console.print(f"  {why}", highlight=False)
    print_alternatives(r.alternatives)


def _name(reg: ActorRegistry, key: str | None) -> str:
    if not key:
        return "–"
    a = reg.get(key)
    return a.name if a else key


@app.command("show")
@handle_errors
def show_cmd(
    name: Annotated[str, typer.Argument(help="Actor name, alias or key.")],
    on: Annotated[str | None, typer.Option(help="Show the actor as it was on this date.")] = None,
    fmt: Annotated[TableJson, typer.Option("--format", help="How to print.")] = TableJson.TABLE,
) -> None:
    """An actor as it was on a date: parent and chapters, leaders and their fates,
    relations, proclaimed territory and territory held, each with its sources."""
    with session() as s:
        reg = knowledge(s).registry
    st = actor_state(reg, name, parse_date(on, "--on"))
    if fmt == "json":
        print_json(asdict(st))
        return
    a = st.actor
    console.print(
        f"{a.name} [{a.key}] — {a.kind.replace('_', ' ')}, {a.family}; "
        f"as of {st.on}" + ("" if st.existed else " (did not exist then)"),
        highlight=False,
    )
    if a.unverified:
        console.print("unverified: parts of this record lack a source")
    if a.note:
        console.print(a.note, highlight=False)
    t = Table(show_header=False)
    t.add_column("", style="bold")
    t.add_column("")
    t.add_row(
        "founded",
        f"{a.founded or 'unknown'}" + (f"; dissolved {a.dissolved}" if a.dissolved else ""),
    )
    if st.parent:
        t.add_row("parent", f"{st.parent.name} [{st.parent.key}]")
    if st.chapters:
        t.add_row("chapters", "; ".join(f"{c.name} [{c.key}]" for c in st.chapters))
    t.add_row("also known as", "; ".join(x.name for x in a.aliases[:25]) or "–")
    if a.countries:
        t.add_row("countries", ", ".join(a.countries))
    if a.areas:
        t.add_row("areas of operation", ", ".join(a.areas))
    for p in st.proclaimed:
        t.add_row(
            "proclaimed territory",
            f"{', '.join(p.places)} (since {p.start or '?'}; {p.confidence} confidence) "
            f"[sources: {', '.join(p.sources)}]",
        )
        if p.note:
            t.add_row("", p.note)
    for ld in st.leaders:
        t.add_row(
            f"{ld.role} (now)",
            f"{ld.name} since {ld.start or '?'} [sources: {', '.join(ld.sources)}]",
        )
    for ld in st.former_leaders:
        fate = "; ".join(
            f"{f.type} {f.date or ''}"
            + (f" by {_name(reg, f.by)}" if f.by else "")
            + (f" ({f.how})" if f.how else "")
            for f in ld.fates
        )
        t.add_row(
            f"former {ld.role}",
            f"{ld.name} {ld.start or '?'} to {ld.end or '?'}" + (f" — {fate}" if fate else ""),
        )
    if st.vacancy:
        t.add_row("leadership", st.vacancy)
    for rv in st.relations:
        r = rv.relation
        arrow = "→" if rv.direction == "outgoing" else "←"
        span = f"{r.start or '?'} to {r.end or ('now' if rv.active else '?')}"
        part = " (a segment)" if r.partial else ""
        t.add_row(
            r.type,
            f"{arrow} {rv.other_name}{part}, {span}, {r.confidence} confidence"
            f" [sources: {', '.join(r.sources)}]",
        )
    for tc in st.territory:
        t.add_row(
            f"territory ({tc.status})",
            f"{tc.place} since {tc.start or '?'} [sources: {', '.join(tc.sources)}]",
        )
    t.add_row("sources", ", ".join(a.sources) or "–")
    console.print(t)


@app.command("timeline")
@handle_errors
def timeline_cmd(
    name: Annotated[str, typer.Argument(help="Actor name, alias or key.")],
    fmt: Annotated[TableJson, typer.Option("--format", help="How to print.")] = TableJson.TABLE,
) -> None:
    """Every dated fact about an actor, its leaders and territory, oldest first."""
    with session() as s:
        reg = knowledge(s).registry
    entries = actor_timeline(reg, name)
    if fmt == "json":
        print_json([asdict(e) for e in entries])
        return
    t = Table(title=f"Timeline of {name}")
    t.add_column("date")
    t.add_column("what")
    t.add_column("sources")
    for e in entries:
        t.add_row(e.date, e.what, ", ".join(e.sources))
    console.print(t)
