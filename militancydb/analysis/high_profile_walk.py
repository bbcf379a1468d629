"""Which attacks answer "the last high-profile attack before a date", read from the
database: the definition's criteria as SQL conditions (:func:`qualifies`, the same as
:meth:`~militancydb.analysis.high_profile_defs.HighProfile.why`) and the reads that find
the latest ones wholly before the date, their runners-up and the incidents whose date
range straddles it, without reading every attack the database holds
(:func:`candidates`). The answer and its sentence are in
:mod:`militancydb.analysis.high_profile`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Date,
    and_,
    bindparam,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from militancydb.analysis.data import ATTACKS, last_day, select_columns
from militancydb.analysis.high_profile_defs import HighProfile
from militancydb.db.expressions import day_span
from militancydb.db.tables import Incident, IncidentTactic, IncidentTarget
from militancydb.services.incident_query import IncidentFilter

#: Up to this many high-profile attacks before the answer are listed (the runners-up).
RUNNERS_UP = 5


def _killed_at_least(n: int) -> Any:
    """``killed or 0 >= n`` (an unknown toll counts as 0, as :meth:`HighProfile.why` reads
    it)."""
    # ``+ 0``: a toll is tested on the rows the date range selects (the covering index
    # holds it), not used to pick rows through ix_incidents_killed, which SQLite would
    # otherwise prefer and then read every deadly incident's row at random
    return true() if n <= 0 else (Incident.killed_best + 0) >= n


# ``OFFSET 0`` in the probes below: PostgreSQL otherwise turns an EXISTS inside an OR into a
# hashed sub-plan, a scan of every tactic or target row of the database (220 ms at
# 1,000,000 incidents) where the walk probes a few dozen incidents by their index; an
# OFFSET keeps it a probe per row (PostgreSQL does not simplify a sub-select with one).


def _has_tactic(tactics: frozenset[str]) -> Any:
    return exists(
        select(IncidentTactic.id)
        .where(
            IncidentTactic.incident_id == Incident.id, IncidentTactic.tactic.in_(sorted(tactics))
        )
        .offset(0)
    )


def _has_target(targets: frozenset[str]) -> Any:
    return exists(
        select(IncidentTarget.id)
        .where(
            IncidentTarget.incident_id == Incident.id,
            IncidentTarget.target_type.in_(sorted(targets)),
        )
        .offset(0)
    )


def qualifies(d: HighProfile, scope: str = "country") -> Any:
    """The SQL condition that an incident meets at least one of the definition's criteria
    (:meth:`HighProfile.why` is not empty)."""
    return and_(plain_terms(d, scope), criteria(d, scope))


def criteria(d: HighProfile, scope: str = "country") -> Any:
    """The definition's criteria, one of which a high-profile attack meets (with
    :func:`plain_terms`, which they imply)."""
    either = [_killed_at_least(d.mass_threshold(scope))]
    if d.min_killed_suicide is not None:
        suicide = or_(Incident.suicide.is_(true()), _has_tactic(frozenset({"suicide_bombing"})))
        either.append(and_(_killed_at_least(d.min_killed_suicide), suicide))
    if d.min_killed_national is not None and d.national_targets:
        either.append(
            and_(_killed_at_least(d.min_killed_national), _has_target(d.national_targets))
        )
    if d.min_killed_security is not None and d.security_targets and d.assault_tactics:
        either.append(
            and_(
                _killed_at_least(d.min_killed_security),
                _has_target(d.security_targets),
                _has_tactic(d.assault_tactics),
            )
        )
    return or_(*either)


def plain_terms(d: HighProfile, scope: str = "country") -> Any:
    """The plain conditions every high-profile attack meets: an attack, and the toll every
    criterion needs at least (no probe of tactics or targets)."""
    floor = min(
        t
        for t in (
            d.mass_threshold(scope),
            d.min_killed_suicide,
            d.min_killed_national if d.national_targets else None,
            d.min_killed_security if d.security_targets and d.assault_tactics else None,
        )
        if t is not None
    )
    # the toll every criterion needs at least, first: a plain comparison that spares most
    # rows the EXISTS probes (implied by the criteria, so it changes no answer)
    # the kind as ``event_type || ''``: a condition on the rows the date range selects, not an
    # index condition -- PostgreSQL 15 otherwise scans the date range once per kind listed
    # (300 ms instead of 18 for a year's ranged incidents at 1,000,000)
    kind = (Incident.event_type + literal("")).in_(sorted(ATTACKS))
    return and_(_killed_at_least(floor), kind)


#: The widest date range an incident without an explicit end date can have: a year known to
#: the year runs from its first day to its 365th (a leap year's 366th) after it.
WIDEST_IMPLIED = 366


def _spans(
    session: Session, query: Any, params: dict[str, Any]
) -> list[tuple[dt.date, int, int, dt.date]]:
    """(last day, killed or 0, id, first day) of the high-profile attacks ``query`` reads."""
    return [
        (last_day(start, end, precision), killed or 0, iid, start)
        for iid, start, end, precision, killed in session.connection().execute(query, params)
    ]


def _point() -> Any:
    """The condition that an incident's date is one known day (its last possible day is its
    first): the rest have a range, explicit or implied by the precision."""
    return and_(
        Incident.date_precision == "day",
        or_(Incident.date_end.is_(None), Incident.date_end == Incident.date_start),
    )


def _ranged() -> Any:
    """The condition that an incident's date is a range (not :func:`_point`), written as
    ``ix_incidents_ranged`` is (:data:`~militancydb.db.incident_tables.RANGED`: no
    parameter), so that both backends read the ranged incidents from that index alone."""
    return or_(
        Incident.date_precision != literal_column("'day'"),
        and_(Incident.date_end.is_not(None), Incident.date_end != Incident.date_start),
    )


#: The dates and ids of :func:`candidates`' reads, bound when they run.
_BEFORE = bindparam("before", type_=Date)
_FLOOR = bindparam("floor", type_=Date)
_IDS: Any = bindparam("ids", expanding=True)


@dataclass(frozen=True)
class _Reads:
    """The statements of :func:`candidates` for one filter, definition and scope."""

    #: every high-profile attack of the filter up to the date (the walk narrows it)
    every: Any
    #: the latest ones known to the day, wholly before the date, in the answer's order
    latest: Any
    #: ids that meet the plain terms of the ranged incidents started after ``floor`` and of
    #: those whose explicit date range is wider than :data:`WIDEST_IMPLIED` days
    near: Any
    #: the criteria on those ids
    check: Any


@lru_cache(maxsize=64)
def _reads(flt: IncidentFilter, d: HighProfile, scope: str) -> _Reads:
    """Built once per filter, definition and scope, their dates bound as parameters: at
    1,000,000 incidents building the criteria's expressions each time cost as much CPU on
    SQLite as the reads themselves (about 2 ms of a 6 ms answer)."""
    columns = select_columns(
        Incident.id,
        Incident.date_start,
        Incident.date_end,
        Incident.date_precision,
        Incident.killed_best,
    )
    high = qualifies(d, scope)
    plain = plain_terms(d, scope)
    point = _point()
    up_to = Incident.date_start <= _BEFORE
    every = flt.apply(columns.where(high, up_to))
    latest = (
        flt.apply(columns.where(point, Incident.date_start < _BEFORE))
        .where(high)  # the criteria last: their probes run on rows the plain terms keep
        # the answer's order (:func:`_chosen`): ties on the day go by the toll, then the id;
        # both backends read the date index backwards and sort only the last day's rows
        .order_by(
            Incident.date_start.desc(),
            func.coalesce(Incident.killed_best, 0).desc(),
            Incident.id.desc(),
        )
        .limit(RUNNERS_UP + 1)
    )
    # the ids by the plain terms first, then the criteria on those ids: with the criteria's
    # probes in the same statement, PostgreSQL 15 took 300-600 ms over a year's index
    # entries at 1,000,000 incidents where the plain terms take 20-40
    ranged = flt.apply(
        select(Incident.id).where(_ranged(), Incident.date_start > _FLOOR, plain, up_to)
    )
    wide = _wide(flt.apply(select(Incident.id).where(plain, up_to)))
    return _Reads(
        every=every,
        latest=latest,
        near=union_all(ranged, wide),
        check=columns.where(Incident.id.in_(_IDS), criteria(d, scope)),
    )


def candidates(
    session: Session, flt: IncidentFilter, d: HighProfile, scope: str, before: dt.date
) -> tuple[list[int], list[int], int]:
    """The high-profile attacks of the filter up to ``before``: the ids of the latest ones
    wholly before the date (latest first, the answer and its runners-up), those whose span
    straddles it, and how many high-profile attacks were read to be certain of both.

    Most incidents are known to the day, so their last day is their first: the latest of
    them are read by the date index in descending order with a ``LIMIT`` (ties on a day in
    the answer's order, by the toll and the id), and only the incidents with a range --
    known to the week, month or year, or with an end date -- are read back over a year and a day
    before that day (:data:`WIDEST_IMPLIED`) through ``ix_incidents_ranged``, the wider ones
    through ``ix_incidents_span``. No incident not read can then rank among the answer and
    its runners-up, nor straddle the date. Where fewer attacks known to the day than the
    answer and its runners-up precede the date, :func:`_walk` reads back in stretches
    instead. (The filter's own ``date_to``, if any, applies besides ``before``.)"""
    reads = _reads(flt, d, scope)
    latest = _spans(session, reads.latest, {"before": before})
    if len(latest) <= RUNNERS_UP:
        return _walk(session, reads.every, before)
    day = min(r[3] for r in latest)
    found = {r[2]: r for r in latest}
    # the ranged ones that may end on the last one's day or later: started within a year and
    # a day before it, or with a wider explicit range (one statement)
    floor = day - dt.timedelta(days=WIDEST_IMPLIED + 1)
    params = {"before": before, "floor": floor}
    ids = list(dict.fromkeys(session.connection().execute(reads.near, params).scalars()))
    for i in range(0, len(ids), 1000):
        found.update((r[2], r) for r in _spans(session, reads.check, {"ids": ids[i : i + 1000]}))
    return _chosen(found, before)


def _wide(base: Any) -> Any:
    """``base`` restricted to incidents whose explicit end lies more than
    :data:`WIDEST_IMPLIED` days after their start, by their ids (a sub-select): so SQLite
    reads them through ix_incidents_span, not every attack before the date through the
    date index."""
    wide = select(Incident.id).where(
        day_span(Incident.date_end, Incident.date_start) > WIDEST_IMPLIED
    )
    return base.where(Incident.id.in_(wide.scalar_subquery()))


def _chosen(
    read: dict[int, tuple[dt.date, int, int, dt.date]], before: dt.date
) -> tuple[list[int], list[int], int]:
    """The answer and its runners-up (latest last day first, then the deadlier, then the
    later id), the straddling ones, and how many were read."""
    wholly = sorted((r for r in read.values() if r[0] < before), reverse=True)
    straddling = sorted((r[3], r[2]) for r in read.values() if r[3] < before <= r[0])
    return (
        [w[2] for w in wholly[: RUNNERS_UP + 1]],
        [s[1] for s in straddling],
        len(read),
    )


def _walk(session: Session, base: Any, before: dt.date) -> tuple[list[int], list[int], int]:
    """What :func:`candidates` returns, for a question with few attacks known to the day.

    The attacks are read by a walk back from the date over the date index, and the walk
    stops once nothing older can change the answer: first a year and two days; then, while
    fewer attacks than the answer and its runners-up are read, stretches twice as long as the
    one before; then back to :data:`WIDEST_IMPLIED` days before the last runner-up's last
    day. An incident's last possible day is at most :data:`WIDEST_IMPLIED` days after its
    first unless its explicit end date says otherwise; those wider ones are few and read at
    the outset through ``ix_incidents_span``. So once the walk has read every attack that
    started after a day ``floor``, any attack not yet read ends by ``floor + WIDEST_IMPLIED``:
    the straddling ones are all known when that day is before the date, and the answer and
    its runners-up when that many attacks read end after it (a tie on the day would go by
    the toll, so it does not do). Only dates, tolls and ids are read."""
    params = {"before": before}
    read = {r[2]: r for r in _spans(session, _wide(base), params)}
    oldest = session.execute(select(func.min(Incident.date_start))).scalar()
    widest = dt.timedelta(days=WIDEST_IMPLIED)

    def back(day: dt.date, days: int) -> dt.date:
        """``days`` before ``day``, no further than the day before the oldest incident."""
        assert oldest is not None
        return dt.date.fromordinal(max(day.toordinal() - days, oldest.toordinal() - 1, 1))

    hi = before
    floor = back(before, WIDEST_IMPLIED + 1) if oldest is not None else before
    while oldest is not None:
        window = base.where(Incident.date_start > floor)
        if hi != before:
            window = window.where(Incident.date_start <= hi)
        read.update((r[2], r) for r in _spans(session, window, params))
        if floor < oldest:
            break
        # an attack not read yet started on or before ``floor``, so it ends by ``floor +
        # widest``: the first stretch makes that the day before the date (no straddling
        # one is left), and the answer is certain once its last runner-up ends later
        wholly = sorted((r for r in read.values() if r[0] < before), reverse=True)
        if len(wholly) <= RUNNERS_UP:
            # too few yet: a stretch twice as long as the last
            hi, floor = floor, back(floor, 2 * (hi - floor).days)
            continue
        needed = wholly[RUNNERS_UP][0] - widest - dt.timedelta(days=1)
        if needed >= floor:
            break
        hi, floor = floor, back(needed, 0)
    return _chosen(read, before)
