"""The appendix of a periodic report: the period's incidents, then those cited for
comparison or context; a part of more than ``limit`` incidents is listed in part (those the
sections link to, then the deadliest) with what it leaves out and the commands that list
it all (``docs/reports.md``, "Large periods")."""

from __future__ import annotations

from sqlalchemy.orm import Session

from militancydb.analysis.data import Row
from militancydb.analysis.periods import Period
from militancydb.reports.appendix import build_appendix
from militancydb.reports.model import LeftOut
from militancydb.reports.periodic_model import PeriodicReport

PERIOD = "In the period"
COMPARED = "Cited for comparison or context"


def periodic_appendix(
    session: Session,
    report: PeriodicReport,
    now: list[Row],
    compared: list[Row],
    context: list[Row],
    limit: int | None,
) -> None:
    """Set the report's appendix (and what its cut parts leave out)."""
    listed = build_appendix(
        session, [(PERIOD, now), (COMPARED, compared)], limit=limit, keep=_linked(report, context)
    )
    report.appendix = listed.rows
    report.appendix_more = {
        part: _left_out(part, total, shown, report) for part, (total, shown) in listed.cut.items()
    }


def _linked(report: PeriodicReport, context: list[Row]) -> set[int]:
    """The incidents the report's sections link to (timeline, strikes, claims, the last
    high-profile attack): an appendix cut to its deadliest rows still lists these."""
    ids = {i.id for i in report.timeline + report.strikes.items} | {r.id for r in context}
    ids |= {c.incident_id for c in report.claims.items if c.incident_id is not None}
    return ids | {g.incident_id for g in report.claims.competing}


def _listing(p: Period, country: str | None) -> str:
    where = f" --country {country}" if country else ""
    return f"militancydb incidents list --from {p.start} --to {p.end}{where} --all"


def _left_out(part: str, total: int, shown: int, report: PeriodicReport) -> LeftOut:
    """What a cut appendix part leaves out, and the commands that list it all."""
    listed = (
        f"{shown:,} of these {total:,} incidents are listed here: those the sections above "
        "point to, then the deadliest"
    )
    if part == PERIOD:
        text = f"{listed}; the other {total - shown:,} are among the incidents of the period:"
        return LeftOut(text, (_listing(report.period, report.country),), shown, total)
    others = [report.previous] + ([] if report.previous == report.year_ago else [report.year_ago])
    text = (
        f"{listed}; the other {total - shown:,} are among the incidents of "
        f"{' and of '.join(p.label for p in others)}:"
    )
    return LeftOut(text, tuple(_listing(p, report.country) for p in others), shown, total)
