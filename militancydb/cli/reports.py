"""``militancydb report ...``: periodic security reports and group briefs, as HTML, PDF or
Markdown. The work is done in :mod:`militancydb.reports`; the four periodic reports (daily,
weekly, monthly, annual) are one command registered under four names."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from militancydb.analysis.periods import Grain, parse_period
from militancydb.cli.choices import ChartFormat, ReportFormat
from militancydb.cli.common import err, fail, handle_errors, knowledge, parse_date, session
from militancydb.cli.progress import Bar, progress_bar

if TYPE_CHECKING:
    from militancydb.reports.render import Report

app = typer.Typer(no_args_is_help=True)

PERIOD = Annotated[
    str, typer.Option("--period", help="The day, ISO week, month or year to report on.")
]
FMT = Annotated[ReportFormat, typer.Option("--format", help="The document to write.")]
OUT = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Write to this file (default: HTML and Markdown to standard output, PDF to "
        "militancydb-report-<period>.pdf).",
    ),
]
COUNTRY = Annotated[str, typer.Option("--country", help="ISO country code, or 'all'.")]
CHARTS = Annotated[ChartFormat, typer.Option("--charts", help="The image format of the charts.")]
AGG = Annotated[
    bool,
    typer.Option(
        "--include-aggregates",
        help="Count aggregate records (date coarser than a month, or no place) in the tallies "
        "of months, provinces and districts instead of stating them apart.",
    ),
]

#: The periodic reports: command name, grain, and the form of --period it takes.
PERIODIC: tuple[tuple[str, Grain, str], ...] = (
    ("daily", "day", "a day, e.g. 2016-08-08"),
    ("weekly", "week", "an ISO week, e.g. 2016-W32"),
    ("monthly", "month", "a month, e.g. 2016-08"),
    ("annual", "year", "a year, e.g. 2016"),
)
FORMS = {grain: form for _, grain, form in PERIODIC}


@contextmanager
def _stages(report: str) -> Iterator[Bar]:
    """A bar over the two stages of a report: reading the database, then rendering."""
    with progress_bar(f"{report}: reading the database", "steps", total=2) as bar:
        yield bar


def _write(
    report: Report, fmt: ReportFormat, out: Path | None, label: str, charts: str, bar: Bar
) -> None:
    from militancydb.reports.render import render

    bar(1)
    bar.describe(f"rendering {fmt.value}")
    data = render(report, fmt.value, chart_format=charts)
    bar(1)
    if out is None and fmt is ReportFormat.PDF:
        out = Path(f"militancydb-report-{label}.pdf")
    if out is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    out.write_bytes(data)
    err.print(f"written {out} ({len(data):,} bytes)", highlight=False)


def periodic_report(
    grain: Grain,
    period: str,
    fmt: ReportFormat,
    out: Path | None,
    country: str,
    charts: ChartFormat,
    aggregates: bool = False,
) -> None:
    """Build and write the security report of one period (what the four commands run)."""
    from militancydb.reports.periodic import build_periodic

    try:
        p, g = parse_period(period)
    except ValueError as exc:
        fail(str(exc), 2)
    if g != grain:
        fail(f"--period {period!r} is a {g}; this report needs {FORMS[grain]}", 2)
    code = None if country.lower() == "all" else country.upper()
    with _stages(f"{grain} report {p.label}") as bar:
        with session() as s:
            report = build_periodic(s, knowledge(s), p, grain, code, include_aggregates=aggregates)
        _write(report, fmt, out, p.label, charts.value, bar)


def _periodic_command(grain: Grain, name: str, form: str) -> Callable[..., None]:
    def command(
        period: PERIOD,
        fmt: FMT = ReportFormat.HTML,
        out: OUT = None,
        country: COUNTRY = "PK",
        charts: CHARTS = ChartFormat.SVG,
        include_aggregates: AGG = False,
    ) -> None:
        periodic_report(grain, period, fmt, out, country, charts, include_aggregates)

    command.__name__ = f"{name}_cmd"
    command.__doc__ = (
        f"{name.capitalize()} security report for {form.replace(', e.g.', ' (--period')})."
    )
    return handle_errors(command)


for _name, _grain, _form in PERIODIC:
    app.command(_name)(_periodic_command(_grain, _name, _form))


@app.command("group")
@handle_errors
def group_cmd(
    name: Annotated[str, typer.Argument(help="The group: a name, alias or registry key.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Facts as known on this day (default today).")
    ] = None,
    fmt: FMT = ReportFormat.HTML,
    out: OUT = None,
    losses_months: Annotated[
        int, typer.Option("--losses-months", help="Months of losses before the date.", min=1)
    ] = 2,
    charts: CHARTS = ChartFormat.SVG,
    with_later: Annotated[
        bool,
        typer.Option(
            "--with-later",
            help="Add, in its own marked section, what was known only after the date.",
        ),
    ] = False,
) -> None:
    """Brief on one group as known on a date, each fact with its sources."""
    from militancydb.domain.knowledge_date import AsOf
    from militancydb.reports.group import build_group_brief

    day = parse_date(as_of, "--as-of") or dt.date.today()
    with _stages(f"brief on {name}") as bar:
        with session() as s:
            brief = build_group_brief(
                s, knowledge(s), name, AsOf(day, with_later), losses_months=losses_months
            )
        _write(brief, fmt, out, f"{brief.key}-{day}", charts.value, bar)
