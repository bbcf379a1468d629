"""``militancydb ask`` about a group: what it lost, who leads it, how its tactics changed,
whom it is tied to. Each command reads its options, asks
:func:`militancydb.analysis.questions.ask` (the service the API and the web pages ask too)
and prints the answer."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from militancydb.cli.ask_common import FMT, given, ids_text, print_answer_json
from militancydb.cli.choices import TableJson
from militancydb.cli.common import (
    console,
    fmt_int,
    handle_errors,
    knowledge,
    parse_date,
    session,
)
from militancydb.codebook import label
from militancydb.domain.dates import earliest, latest

if TYPE_CHECKING:  # the questions are imported by the commands that ask them (issue 15)
    from militancydb.analysis.actor_questions import NetworkEntry


@handle_errors
def losses_cmd(
    actor: Annotated[str, typer.Option(help="The group (with its chapters).")],
    date_from: Annotated[str, typer.Option("--from", help="First day.")],
    date_to: Annotated[str, typer.Option("--to", help="Last day.")],
    fmt: FMT = TableJson.TABLE,
) -> None:
    """What a group lost: militants killed and captured, leaders killed and how,
    defections, territory lost."""
    from militancydb.analysis.questions import ask

    parse_date(date_from, "--from")  # a bad day is a usage error here, as everywhere
    parse_date(date_to, "--to")
    with session() as s:
        answered = ask(
            s, knowledge(s), "losses", given(actor=actor, date_from=date_from, date_to=date_to)
        )
    a = answered.answer
    if fmt == "json":
        print_answer_json(a)
        return
    console.print(f"{a.actor_name}, {a.start} to {a.end}")
    killed_in = a.militants_killed_incidents
    console.print(
        f"militants killed: {fmt_int(a.militants_killed)} in "
        f"{len(killed_in)} incident(s) ({ids_text(killed_in)})"
    )
    for kind, n in a.by_kind.items():
        console.print(f"  {label(kind)}: {n}")
    console.print(
        "militants arrested: "
        + ("not recorded" if a.militants_arrested is None else f"{a.militants_arrested:,}")
    )
    for cov in answered.coverage:
        console.print(f"coverage: {cov.sentence()}", highlight=False)
    for x in a.leaders:
        e = x.event
        console.print(
            f"{x.name} ({x.roles}) {e.type} on {e.date}"
            + (f" by {e.by}" if e.by else "")
            + (f" — {e.how}" if e.how else "")
            + f" [sources: {', '.join(e.sources)}]",
            highlight=False,
        )
    for x in a.defections:
        console.print(
            f"{x.name} ({x.roles}) {x.event.type} on {x.event.date} "
            f"[sources: {', '.join(x.event.sources)}]",
            highlight=False,
        )
    for t in a.territory_lost:
        console.print(
            f"territory: {t.place} {t.status} {t.start or ''}–{t.end or ''} "
            f"[sources: {', '.join(t.sources)}]",
            highlight=False,
        )
    for c in a.caveats:
        console.print(f"note: {c}", highlight=False)


@handle_errors
def leadership_cmd(
    actor: Annotated[str, typer.Option(help="The group.")],
    on: Annotated[
        str | None, typer.Option(help="As known on this day: sources published by then.")
    ] = None,
    with_later: Annotated[
        bool, typer.Option("--with-later", help="Also list, apart, posts known only later.")
    ] = False,
    fmt: FMT = TableJson.TABLE,
) -> None:
    """Current leader, predecessors, and a vacancy after a leader's death with no successor."""
    from militancydb.analysis.questions import ask

    parse_date(on, "--on")
    with session() as s:
        answered = ask(
            s, knowledge(s), "leadership", given(actor=actor, on=on, with_later=with_later)
        )
    a, cited = answered.answer, answered.cited
    if fmt == "json":
        print_answer_json(a)
        return
    console.print(f"{a.sentence}", highlight=False)
    t = Table(title=f"Leaders as known on {a.on}")
    for col in ("name", "role", "from", "to", "fate", "sources"):
        t.add_column(col)
    for v in [*a.predecessors, *a.current]:
        fate = "; ".join(
            f"{f.type} {f.date or ''}" + (f" ({f.how})" if f.how else "")
            for f in v.fates
            if (earliest(f.date) or dt.date.max) <= a.on
        )
        end = v.end if (latest(v.end) or dt.date.max) <= a.on else ""
        t.add_row(v.name, v.role, v.start or "?", end, fate, ", ".join(cited[v.name]))
    console.print(t)
    if a.later and not with_later:
        console.print(
            f"{len(a.later)} post(s) known only from sources published after {a.on} (or "
            "undated) are left out; --with-later lists them apart.",
            highlight=False,
        )
    elif a.later:
        console.print(f"\nLATER KNOWLEDGE (not known on {a.on})", highlight=False)
        for x in a.later:
            console.print(f"  - {x}", highlight=False)


@handle_errors
def tactics_cmd(
    actor: Annotated[str, typer.Option(help="The group (with its chapters).")],
    fmt: FMT = TableJson.TABLE,
) -> None:
    """How a group's tactics and targets changed over the years, beside the territory it held."""
    from militancydb.analysis.questions import ask

    with session() as s:
        answered = ask(s, knowledge(s), "tactics", given(actor=actor))
    a, covs = answered.answer, answered.coverage
    if fmt == "json":
        print_answer_json(a)
        return
    for o in a.observations:
        console.print(f"- {o}", highlight=False)
    t = Table(title=f"Attacks by {a.actor_name}, by year")
    for col in ("year", "attacks", "killed", "10+ killed", "suicide", "tactics", "targets"):
        t.add_column(col)
    for y in a.years:
        t.add_row(
            str(y.year),
            str(y.attacks),
            str(y.killed),
            str(y.mass_casualty),
            str(y.suicide),
            ", ".join(f"{label(k)} {v}" for k, v in list(y.tactics.items())[:4]),
            ", ".join(f"{label(k)} {v}" for k, v in list(y.targets.items())[:4]),
        )
    console.print(t)
    console.print(
        "attacks: attributed by datasets or officials, suspected or confirmed (claims alone do "
        "not count)",
        highlight=False,
    )
    for cov in covs:
        console.print(f"coverage: {cov.sentence()}", highlight=False)


@handle_errors
def network_cmd(
    actor: Annotated[str, typer.Option(help="The group.")],
    on: Annotated[
        str | None,
        typer.Option(help="As known on this day: ties begun by then, sources published by then."),
    ] = None,
    with_later: Annotated[
        bool, typer.Option("--with-later", help="Also list, apart, what was known only later.")
    ] = False,
    fmt: FMT = TableJson.TABLE,
) -> None:
    """Allegiances, mergers, splits, alliances, rivalries and defections, as a dated list."""
    from militancydb.analysis.questions import ask

    parse_date(on, "--on")
    with session() as s:
        answered = ask(s, knowledge(s), "network", given(actor=actor, on=on, with_later=with_later))
    a = answered.answer
    if fmt == "json":
        print_answer_json(a)
        return
    if a.chapters:
        console.print(f"chapters on {a.on}: {', '.join(a.chapters)}")
    _network_table(f"Network of {a.actor_name} as known on {a.on}", a.entries)
    for d in a.defections:
        console.print(
            f"{d.event.date}: {d.name} ({d.roles}) {d.event.type}"
            + (f" — {d.event.note}" if d.event.note else ""),
            highlight=False,
        )
    if a.left_out and not with_later:
        console.print(
            f"{a.left_out} tie(s) or chapter(s) known only from sources published after "
            f"{a.on} (or undated) are left out; --with-later lists them apart.",
            highlight=False,
        )
    if with_later and (a.later or a.later_chapters):
        console.print(
            f"\nLATER KNOWLEDGE (not known on {a.on}; sources published later or undated)"
        )
        if a.later_chapters:
            console.print(f"chapters: {', '.join(a.later_chapters)}", highlight=False)
        _network_table("Ties known only later", a.later)


def _network_table(title: str, entries: list[NetworkEntry]) -> None:
    t = Table(title=title)
    for col in ("from", "to", "tie", "who", "whom", "holds", "confidence", "sources"):
        t.add_column(col)
    for e in entries:
        who = e.source_actor + (" (a segment)" if e.partial else "")
        t.add_row(
            e.start or "?",
            e.end or "",
            e.type,
            who,
            e.target_actor,
            "yes" if e.active else "no",
            e.confidence,
            ", ".join(e.sources),
        )
    console.print(t)
