"""``stats`` counted in Python, incident by incident, from the light rows loaded as ORM
objects (``reference_tallies.ref_load_rows``): the reference the tests hold the SQL
GROUP BY of :func:`militancydb.analysis.stats.incident_stats` to (issue 15). Nothing in
``militancydb`` imports this."""

from __future__ import annotations

from reference_tallies import ref_load_rows
from sqlalchemy.orm import Session

from militancydb.analysis.data import Row
from militancydb.analysis.kinds import kind_of
from militancydb.analysis.stats import (
    AGGREGATE,
    CLAIMED,
    KIND_LABELS,
    PERPETRATED,
    GroupBy,
    Period,
    StatRow,
)
from militancydb.domain.counting import PERPETRATION
from militancydb.services.incident_query import IncidentFilter


def _period(r: Row, period: Period) -> str:
    if period == "all":
        return "all"
    return r.date.strftime("%Y") if period == "year" else r.date.strftime("%Y-%m")


def _groups(r: Row, by: GroupBy) -> list[tuple[str, str]]:
    """(basis, group) pairs the incident counts in."""
    place = {"province": r.province_name, "province_now": r.province_now_name}
    place["district"] = r.district_name
    if by in place:
        return [("", place[by] or "(unknown)")]
    if by == "event_type":
        return [("", r.event_type)]
    if by == "actor":
        names = {a.name for a in r.perpetrators() if a.basis in PERPETRATION}
        claimed = {a.name for a in r.perpetrators() if a.basis == "claimed"}
        return [(PERPETRATED, n) for n in sorted(names) or ["(none)"]] + [
            (CLAIMED, n) for n in sorted(claimed)
        ]
    return [("", "all")]


def ref_stats(
    session: Session,
    flt: IncidentFilter | None = None,
    *,
    period: Period = "year",
    by: GroupBy = "province",
    by_kind: bool = True,
) -> list[StatRow]:
    """What ``incident_stats`` gives, counted one incident at a time."""
    cells: dict[tuple[str, str, str, str], list[int]] = {}
    for r in ref_load_rows(session, flt):
        kind = (AGGREGATE if r.aggregate else kind_of(r)) if by_kind else "all"
        for basis, group in _groups(r, by):
            acc = cells.setdefault((_period(r, period), kind, basis, group), [0, 0, 0, 0, 0])
            acc[0] += 1
            acc[1] += r.killed or 0
            acc[2] += r.injured or 0
            acc[3] += r.killed is None
            acc[4] += r.injured is None
    order = {k: n for n, k in enumerate(KIND_LABELS)}
    rows = sorted(
        cells.items(),
        key=lambda kv: (
            kv[0][0],
            order.get(kv[0][1], -1),
            kv[0][2] != PERPETRATED,
            -kv[1][0],
            kv[0][3],
        ),
    )
    return [
        StatRow(p, g, v[0], v[1], v[2], v[3], v[4], kind=kind, basis=basis)
        for (p, kind, basis, g), v in rows
    ]
