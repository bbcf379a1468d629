"""Reports as files: a periodic security report or a group brief, built and rendered in one
call, with a file name and media type, for the web page that downloads them (and any other
adapter). Every bad choice is named with the form it should take."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from militancydb.analysis.periods import parse_period
from militancydb.domain.knowledge_date import AsOf
from militancydb.errors import FieldError, ValidationFailed
from militancydb.knowledge.loader import Knowledge

REPORT_FORMATS = ("html", "pdf", "md")
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
}
#: The periodic reports and the form of period each takes.
PERIODIC = {
    "daily": ("day", "a day, e.g. 2016-08-08"),
    "weekly": ("week", "an ISO week, e.g. 2016-W32"),
    "monthly": ("month", "a month, e.g. 2016-08"),
    "annual": ("year", "a year, e.g. 2016"),
}
KINDS = (*PERIODIC, "group")


@dataclass(frozen=True)
class ReportFile:
    """A rendered report."""

    data: bytes
    filename: str
    media_type: str


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "report"


def _check_format(fmt: str, errors: list[FieldError]) -> None:
    if fmt not in REPORT_FORMATS:
        errors.append(FieldError("format", f"{fmt!r}: use {', '.join(REPORT_FORMATS)}"))


def periodic_report(
    session: Session,
    kb: Knowledge,
    kind: str,
    period: str,
    *,
    country: str = "PK",
    fmt: str = "html",
    include_aggregates: bool = False,
) -> ReportFile:
    """A daily, weekly, monthly or annual report for ``period`` (``country`` an ISO code or
    ``all``)."""
    from militancydb.reports.periodic import build_periodic
    from militancydb.reports.render import render

    errors: list[FieldError] = []
    _check_format(fmt, errors)
    if kind not in PERIODIC:
        errors.append(FieldError("kind", f"{kind!r}: use one of {', '.join(KINDS)}"))
        raise ValidationFailed(errors, "report request")
    grain, form = PERIODIC[kind]
    try:
        p, g = parse_period(period.strip())
    except ValueError as exc:
        errors.append(FieldError("period", str(exc)))
    else:
        if g != grain:
            why = f"{period!r} is a {g}; a {kind} report needs {form}"
            errors.append(FieldError("period", why))
    code = None if country.strip().lower() in ("all", "") else country.strip().upper()
    if code is not None and not re.fullmatch(r"[A-Z]{2}", code):
        errors.append(FieldError("country", f"{country!r}: an ISO country code, e.g. PK, or all"))
    if errors:
        raise ValidationFailed(errors, "report request")
    report = build_periodic(session, kb, p, g, code, include_aggregates=include_aggregates)
    name = f"militancydb-{kind}-{_slug(p.label)}-{code or 'all'}.{fmt}"
    return ReportFile(render(report, fmt), name, MEDIA_TYPES[fmt])


def group_report(
    session: Session,
    kb: Knowledge,
    group: str,
    *,
    as_of: dt.date | str | None = None,
    fmt: str = "html",
    losses_months: int = 2,
    with_later: bool = False,
) -> ReportFile:
    """A brief on one group as known on ``as_of`` (a date or ``YYYY-MM-DD``; default
    today)."""
    from militancydb.reports.group import build_group_brief
    from militancydb.reports.render import render

    errors: list[FieldError] = []
    _check_format(fmt, errors)
    if not group.strip():
        errors.append(FieldError("group", "required: a name, alias or registry key"))
    if isinstance(as_of, str) and as_of.strip():
        try:
            as_of = dt.date.fromisoformat(as_of.strip())
        except ValueError:
            errors.append(FieldError("as_of", f"{as_of!r} is not a date; write YYYY-MM-DD"))
    if not isinstance(as_of, dt.date):
        as_of = None
    if not 1 <= losses_months <= 120:
        errors.append(FieldError("losses_months", "between 1 and 120"))
    if errors:
        raise ValidationFailed(errors, "report request")
    day = as_of or dt.date.today()
    brief = build_group_brief(
        session, kb, group.strip(), AsOf(day, with_later), losses_months=losses_months
    )
    name = f"militancydb-group-{_slug(brief.key)}-{day}.{fmt}"
    return ReportFile(render(brief, fmt), name, MEDIA_TYPES[fmt])
