"""``militancydb report ...``: periodic security reports and group briefs, as HTML, PDF or
Markdown. The work is done in :mod:`militancydb.reports`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from militancydb.analysis.periods import Grain, parse_period
from militancydb.cli.common import err, fail, handle_errors, knowledge, parse_date, session
from militancydb.domain.knowledge_date import AsOf
from militancydb.reports.group import build_group_brief
from militancydb.reports.periodic import build_periodic
from militancydb.reports.render import FORMATS, Report, render

app = typer.Typer(no_args_is_help=True)

PERIOD = Annotated[str, typer.Option("--period", help="The period (see the command's help).")]
FMT = Annotated[str, typer.Option("--format", help="html, pdf or md.")]
OUT = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Write to this file (default: HTML and Markdown to standard output, PDF to "
        "militancydb-report-<period>.pdf).",
    ),
]
COUNTRY = Annotated[str, typer.Option("--country", help="ISO country code, or 'all'.")]
CHARTS = Annotated[str, typer.Option("--charts", help="Chart images: svg or png.")]
AGG = Annotated[
    bool,
    typer.Option(
        "--include-aggregates",
        help="Count aggregate records (date coarser than a month, or no place) in the tallies "
        "of months, provinces and districts instead of stating them apart.",
    ),
]
FORMS = {
    "day": "a day, e.g. 2016-08-08",
    "week": "an ISO week, e.g. 2016-W32",
    "month": "a month, e.g. 2016-08",
    "year": "a year, e.g. 2016",
}


def _write(report: Report, fmt: str, out: Path | None, label: str, charts: str) -> None:
    if fmt not in FORMATS:
        fail(f"--format {fmt!r}: use {', '.join(FORMATS)}", 2)
    if charts not in ("svg", "png"):
        fail(f"--charts {charts!r}: use svg or png", 2)
    data = render(report, fmt, chart_format=charts)
    if out is None and fmt == "pdf":
        out = Path(f"militancydb-report-{label}.pdf")
    if out is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    out.write_bytes(data)
    err.print(f"written {out} ({len(data):,} bytes)", highlight=False)


def _periodic(
    grain: Grain,
    period: str,
    fmt: str,
    out: Path | None,
    country: str,
    charts: str,
    aggregates: bool = False,
) -> None:
    try:
        p, g = parse_period(period)
    except ValueError as exc:
        fail(str(exc), 2)
    if g != grain:
        fail(f"--period {period!r} is a {g}; this report needs {FORMS[grain]}", 2)
    code = None if country.lower() == "all" else country.upper()
    with session() as s:
        report = build_periodic(s, knowledge(s), p, grain, code, include_aggregates=aggregates)
    _write(report, fmt, out, p.label, charts)


@app.command("daily")
@handle_errors
def daily_cmd(
    period: PERIOD,
    fmt: FMT = "html",
    out: OUT = None,
    country: COUNTRY = "PK",
    charts: CHARTS = "svg",
    include_aggregates: AGG = False,
) -> None:
    """Daily security report for a day (--period 2016-08-08)."""
    _periodic("day", period, fmt, out, country, charts, include_aggregates)


@app.command("weekly")
@handle_errors
def weekly_cmd(
    period: PERIOD,
    fmt: FMT = "html",
    out: OUT = None,
    country: COUNTRY = "PK",
    charts: CHARTS = "svg",
    include_aggregates: AGG = False,
) -> None:
    """Weekly security report for an ISO week (--period 2016-W32)."""
    _periodic("week", period, fmt, out, country, charts, include_aggregates)


@app.command("monthly")
@handle_errors
def monthly_cmd(
    period: PERIOD,
    fmt: FMT = "html",
    out: OUT = None,
    country: COUNTRY = "PK",
    charts: CHARTS = "svg",
    include_aggregates: AGG = False,
) -> None:
    """Monthly security report for a month (--period 2016-08)."""
    _periodic("month", period, fmt, out, country, charts, include_aggregates)


@app.command("annual")
@handle_errors
def annual_cmd(
    period: PERIOD,
    fmt: FMT = "html",
    out: OUT = None,
    country: COUNTRY = "PK",
    charts: CHARTS = "svg",
    include_aggregates: AGG = False,
) -> None:
    """Annual security report for a year (--period 2016)."""
    _periodic("year", period, fmt, out, country, charts, include_aggregates)


@app.command("group")
@handle_errors
def group_cmd(
    name: Annotated[str, typer.Argument(help="The group: a name, alias or registry key.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Facts as known on this day (default today).")
    ] = None,
    fmt: FMT = "html",
    out: OUT = None,
    losses_months: Annotated[
        int, typer.Option("--losses-months", help="Months of losses before the date.", min=1)
    ] = 2,
    charts: CHARTS = "svg",
    with_later: Annotated[
        bool,
        typer.Option(
            "--with-later",
            help="Add, in its own marked section, what was known only after the date.",
        ),
    ] = False,
) -> None:
    """Brief on one group as known on a date, each fact with its sources."""
    day = parse_date(as_of, "--as-of") or dt.date.today()
    with session() as s:
        brief = build_group_brief(
            s, knowledge(s), name, AsOf(day, with_later), losses_months=losses_months
        )
    _write(brief, fmt, out, f"{brief.key}-{day}", charts)
