"""``militancydb ask ...``: the questions analysts ask, each answered with its reasons and
the incidents behind it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

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
from militancydb.analysis.trend import DIMENSIONS, trend
from militancydb.cli.choices import TableJson
from militancydb.cli.common import (
    console,
    fail,
    fmt_int,
    handle_errors,
    knowledge,
    parse_date,
    print_json,
    session,
)
from militancydb.codebook import label
from militancydb.domain.dates import earliest, latest
from militancydb.domain.knowledge_date import AsOf

if TYPE_CHECKING:  # the questions are imported by the commands that ask them (issue 15)
    from militancydb.analysis.actor_questions import NetworkEntry

app = typer.Typer(no_args_is_help=True)
FMT = Annotated[TableJson, typer.Option("--format", help="How to print.")]


def _json(obj: Any) -> None:
    from militancydb.analysis.questions import plain

    print_json(plain(obj))


def _given(**options: str | bool | None) -> dict[str, str]:
    """Options as the questions service reads them (strings; flags as "1")."""
    return {
        k: ("1" if v is True else str(v))
        for k, v in options.items()
        if v is not None and v is not False
    }


def _ids(ids: list[int], n: int = 12) -> str:
    return ", ".join(str(i) for i in ids[:n]) + (f" … ({len(ids)} in all)" if len(ids) > n else "")


@app.command("operational")
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
        answered = ask(s, knowledge(s), "operational", _given(actor=actor, country=country, on=on))
    a, (cov,) = answered.answer, answered.coverage
    if fmt == "json":
        _json(a)
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


@app.command("last-high-profile")
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
    from militancydb.analysis.coverage import coverage
    from militancydb.analysis.high_profile import last_high_profile

    day = parse_date(before, "--before")
    assert day is not None
    d = high_profile_definition(
        definition_name,
        min_killed=min_killed,
        min_killed_suicide=min_killed_suicide,
        min_killed_national=min_killed_national,
        national_targets=frozenset(national_target) if national_target else None,
    )
    with session() as s:
        a = last_high_profile(
            s,
            knowledge(s),
            day,
            country=country.upper() if country else None,
            province=province,
            district=district,
            actor=actor,
            definition=d,
        )
        first = a.incident.date if a.incident is not None else day
        cov = coverage(s, first, day, country.upper() if country else None, country)
    if fmt == "json":
        _json(a)
        return
    console.print(f"{a.sentence}", highlight=False)
    console.print(f"coverage (from the attack to {day}): {cov.sentence()}", highlight=False)
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


@app.command("trend")
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
    from militancydb.analysis.coverage import coverage
    from militancydb.services import incident_filters

    if by not in DIMENSIONS:
        fail(f"--by {by!r}: use one of {', '.join(DIMENSIONS)}", 2)
    try:
        p, grain = parse_period(period)
    except ValueError as exc:
        fail(str(exc), 2)
    with session() as s:
        flt = incident_filters.build_filter(
            knowledge(s),
            country=country.upper() if country else None,
            province=province,
            actor=actor,
            event_types=event_type,
        )
        a = trend(s, flt, p, grain, by, include_aggregates=include_aggregates)
        cov = coverage(s, p.start, p.end, country.upper() if country else None, country)
    if fmt == "json":
        _json(a)
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


@app.command("losses")
@handle_errors
def losses_cmd(
    actor: Annotated[str, typer.Option(help="The group (with its chapters).")],
    date_from: Annotated[str, typer.Option("--from", help="First day.")],
    date_to: Annotated[str, typer.Option("--to", help="Last day.")],
    fmt: FMT = TableJson.TABLE,
) -> None:
    """What a group lost: militants killed and captured, leaders killed and how,
    defections, territory lost."""
    from militancydb.analysis.losses import losses

    start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    assert start and end
    with session() as s:
        a = losses(s, knowledge(s), actor, start, end)
    if fmt == "json":
        _json(a)
        return
    console.print(f"{a.actor_name}, {a.start} to {a.end}")
    console.print(
        f"militants killed: {fmt_int(a.militants_killed)} in "
        f"{len(a.militants_killed_incidents)} incident(s) ({_ids(a.militants_killed_incidents)})"
    )
    for kind, n in a.by_kind.items():
        console.print(f"  {label(kind)}: {n}")
    console.print(
        "militants arrested: "
        + ("not recorded" if a.militants_arrested is None else f"{a.militants_arrested:,}")
    )
    for cov in a.coverage:
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


@app.command("leadership")
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
            s, knowledge(s), "leadership", _given(actor=actor, on=on, with_later=with_later)
        )
    a, cited = answered.answer, answered.cited
    if fmt == "json":
        _json(a)
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


@app.command("tactics")
@handle_errors
def tactics_cmd(
    actor: Annotated[str, typer.Option(help="The group (with its chapters).")],
    fmt: FMT = TableJson.TABLE,
) -> None:
    """How a group's tactics and targets changed over the years, beside the territory it held."""
    from militancydb.analysis.questions import ask

    with session() as s:
        answered = ask(s, knowledge(s), "tactics", _given(actor=actor))
    a, covs = answered.answer, answered.coverage
    if fmt == "json":
        _json(a)
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


@app.command("network")
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
    from militancydb.analysis.actor_questions import network

    day = parse_date(on, "--on")
    with session() as s:
        a = network(knowledge(s), actor, AsOf(day or dt.date.today(), with_later), session=s)
    if fmt == "json":
        _json(a)
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
