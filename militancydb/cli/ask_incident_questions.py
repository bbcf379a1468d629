"""``militancydb ask`` about incidents: has a group become operational in a country, the
last high-profile attack before a day, a period against the one before and a year earlier.
Each command reads its options, asks :func:`militancydb.analysis.questions.ask` (the service
the API and the web pages ask too) and prints the answer."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from militancydb.analysis.high_profile_defs import (
    DEFAULT_DEFINITION,
    DEFINITIONS,
    NATIONAL_TARGETS,
    SUMMARIES,
)
from militancydb.analysis.high_profile_defs import definition as high_profile_definition
from militancydb.analysis.kinds import MIN_BASE
from militancydb.analysis.kinds import change as kind_change
from militancydb.analysis.periods import parse_period
from militancydb.analysis.trend import DIMENSIONS
from militancydb.cli.ask_common import FMT, given, print_answer_json
from militancydb.cli.choices import TableJson
from militancydb.cli.common import (
    console,
    fail,
    fmt_int,
    handle_errors,
    knowledge,
    parse_date,
    session,
)
from militancydb.codebook import label


@handle_errors
def operational_cmd(
    actor: Annotated[str, typer.Option(help="The group (its chapters count as the group).")],
    country: Annotated[str, typer.Option(help="ISO country code, e.g. PK.")],
    on: Annotated[str | None, typer.Option(help="As of this day (default today).")] = None,
    fmt: FMT = TableJson.TABLE,
) -> None:
    """Has a group become operational in a country? Claims, attributions and confirmations
    kept apart, by year and province, with a verdict and its reasons."""
    from militancydb.analysis.questions import ask

    parse_date(on, "--on")  # a bad day is a usage error here, as everywhere
    with session() as s:
        answered = ask(s, knowledge(s), "operational", given(actor=actor, country=country, on=on))
    a, (cov,) = answered.answer, answered.coverage
    if fmt == "json":
        print_answer_json(a)
        return
    console.print(f"{a.actor_name} in {a.country} as of {a.on}: {a.verdict.upper()}")
    for r in a.reasons:
        console.print(f"  - {r}", highlight=False)
    for d in a.disagreements:
        console.print(f"  - sources disagree: {d}", highlight=False)
    t = Table(title="By year")
    for col in ("year", "own claims", "attributed by datasets/officials", "confirmed"):
        t.add_column(col, justify="right")
    for y in a.by_year:
        t.add_row(str(y.year), str(y.claimed), str(y.attributed), str(y.confirmed))
    console.print(t)
    t = Table(title="Incidents")
    for col in ("incident", "date", "where", "chapter", "basis", "killed"):
        t.add_column(col)
    for e in sorted(a.claims + a.attributed + a.confirmed, key=lambda e: (e.date, e.incident_id)):
        basis = label(e.basis) + (
            f" (claim {e.claim_id}, contested)"
            if e.contested
            else f" (claim {e.claim_id})"
            if e.claim_id
            else ""
        )
        t.add_row(str(e.incident_id), str(e.date), e.where, e.chapter, basis, fmt_int(e.killed))
    console.print(t)
    console.print(f"coverage (12 months to {a.on}): {cov.sentence()}", highlight=False)


_DEFINITION_HELP = (
    "High-profile definition: "
    + "; ".join(f"{name} ({SUMMARIES[name]})" for name in DEFINITIONS)
    + f". Default: {DEFAULT_DEFINITION}."
)


@handle_errors
def last_high_profile_cmd(
    before: Annotated[str, typer.Option(help="The day to look back from.")],
    country: Annotated[str | None, typer.Option(help="ISO country code.")] = None,
    province: Annotated[str | None, typer.Option(help="Province.")] = None,
    district: Annotated[str | None, typer.Option(help="District or city.")] = None,
    actor: Annotated[str | None, typer.Option(help="Perpetrator (with its chapters).")] = None,
    definition_name: Annotated[
        str, typer.Option("--definition", help=_DEFINITION_HELP)
    ] = DEFAULT_DEFINITION,
    min_killed: Annotated[
        int | None, typer.Option(help="Override: high-profile at this many killed (country).")
    ] = None,
    min_killed_suicide: Annotated[
        int | None, typer.Option(help="Override: ... or a suicide attack killing this many.")
    ] = None,
    min_killed_national: Annotated[
        int | None,
        typer.Option(help="Override: ... or an attack on national targets killing this many."),
    ] = None,
    national_target: Annotated[
        list[str] | None,
        typer.Option(
            "--national-target",
            help=f"Override: target types of national significance "
            f"(default: {', '.join(sorted(NATIONAL_TARGETS))}).",
        ),
    ] = None,
    fmt: FMT = TableJson.TABLE,
) -> None:
    """The last high-profile attack before a date ("N months ago in X"), by a named,
    documented definition (docs/analysis.md); operations, drone strikes and clashes are not
    attacks."""
    from militancydb.analysis.questions import ask

    parse_date(before, "--before")  # a bad day is a usage error here, as everywhere
    high_profile_definition(definition_name)  # an unknown name: the error that lists them
    options = given(
        before=before,
        country=country,
        province=province,
        district=district,
        actor=actor,
        definition=definition_name,
        min_killed=min_killed,
        min_killed_suicide=min_killed_suicide,
        min_killed_national=min_killed_national,
        national_target=national_target,
    )
    with session() as s:
        answered = ask(s, knowledge(s), "last-high-profile", options)
    a, (cov,) = answered.answer, answered.coverage
    if fmt == "json":
        print_answer_json(a)
        return
    console.print(f"{a.sentence}", highlight=False)
    console.print(f"coverage (from the attack to {a.before}): {cov.sentence()}", highlight=False)
    if a.criteria:
        console.print(f"why high-profile: {'; '.join(a.criteria)}")
    console.print(f"definition: {a.definition}", highlight=False)
    if a.runners_up:
        t = Table(title="The high-profile attacks before it")
        for col in (
            "incident",
            "date",
            "where",
            "killed",
            "perpetrator (attributed)",
            "claimed by",
        ):
            t.add_column(col)
        for r in a.runners_up:
            t.add_row(
                str(r.id),
                str(r.date),
                r.where,
                fmt_int(r.killed),
                ", ".join(sorted({x.name for x in r.perpetration()})),
                ", ".join(sorted({x.name for x in r.claimants()})),
            )
        console.print(t)
    for r in a.straddling:
        console.print(
            f"not counted: incident {r.id} ({r.date}, date known to the "
            f"{r.precision}) may fall on either side of {before}"
        )


@handle_errors
def trend_cmd(
    period: Annotated[str, typer.Option(help="2016-08 (month), 2016-Q3, 2016, 2016-W32 or a day.")],
    by: Annotated[str, typer.Option(help=", ".join(DIMENSIONS))] = "province",
    country: Annotated[str | None, typer.Option(help="ISO country code.")] = None,
    province: Annotated[str | None, typer.Option(help="Province.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor (with its chapters).")] = None,
    event_type: Annotated[
        list[str] | None,
        typer.Option("--event-type", help="Only these event types (repeat for several)."),
    ] = None,
    include_aggregates: Annotated[
        bool,
        typer.Option(
            "--include-aggregates",
            help="Count aggregate records (date coarser than a month, or no place) in the "
            "tallies instead of stating them apart.",
        ),
    ] = False,
    fmt: FMT = TableJson.TABLE,
) -> None:
    """Incidents, killed and injured in a period by a dimension, against the period before
    and the same period a year earlier."""
    from militancydb.analysis.questions import ask

    if by not in DIMENSIONS:
        fail(f"--by {by!r}: use one of {', '.join(DIMENSIONS)}", 2)
    try:
        parse_period(period)
    except ValueError as exc:
        fail(str(exc), 2)
    options = given(
        period=period,
        by=by,
        country=country,
        province=province,
        actor=actor,
        event_type=event_type,
        include_aggregates=include_aggregates,
    )
    with session() as s:
        answered = ask(s, knowledge(s), "trend", options)
    a, (cov,) = answered.answer, answered.coverage
    if fmt == "json":
        print_answer_json(a)
        return
    console.print(f"{a.sentence}", highlight=False)
    against = (
        a.previous.label
        if a.previous == a.year_ago
        else f"{a.previous.label} and {a.year_ago.label}"
    )
    t = Table(title=f"{a.period.label} against {against}, by {by}")
    for col in (
        "group",
        "incidents",
        "killed",
        "injured",
        f"killed {a.previous.label}",
        "change",
        f"killed {a.year_ago.label}",
        "change",
    ):
        t.add_column(col, justify="left" if col == "group" else "right")

    def pct(now: int, before: int) -> str:
        v = kind_change(now, before)
        return "–" if v is None else f"{v:+.0f}%"

    for c in [*a.rows, a.total]:
        t.add_row(
            c.group,
            str(c.now.incidents),
            fmt_int(c.now.value("killed")),
            fmt_int(c.now.value("injured")),
            fmt_int(c.before.value("killed")),
            pct(c.now.killed, c.before.killed),
            fmt_int(c.year_ago.value("killed")),
            pct(c.now.killed, c.year_ago.killed),
        )
    console.print(t)
    console.print(
        f"change: '–' where the earlier figure is under {MIN_BASE} (too small a base). Killed "
        "sums every kind of incident the filter selects; compare one kind with --event-type.",
        highlight=False,
    )
    console.print(f"coverage: {cov.sentence()}", highlight=False)
