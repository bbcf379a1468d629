"""The last high-profile attack before a date: "N months ago in X".

The definitions (``analyst``, the default; ``broad``; ``mass-casualty``) live in
:mod:`militancydb.analysis.high_profile_defs`.

A definition (:class:`HighProfile`) makes an incident high-profile when it is an *attack*
-- violence by militants; operations, drone strikes and clashes are not attacks, whatever
their toll -- and meets one of its criteria (a toll, a suicide attack, an assault on the
security forces, an attack on targets of national significance), with the toll bar set by
how wide the question is (country, province, district).

An incident counts as "before" the date only if all the days it may have happened on (its
date precision) fall before it; one whose span straddles the date is listed apart.

The criteria are applied in SQL (:func:`qualifies`, the same conditions as
:meth:`HighProfile.why`), so only the dates of the high-profile attacks are read, and the
full rows of the answer and its runners-up only; and the attacks are read by a walk back from
the date that stops once the answer is certain (:func:`_candidates`), so that the cost
follows the stretch of time the answer needs, not the size of the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, exists, func, literal, or_, select, true
from sqlalchemy.orm import Session

from militancydb.analysis.data import ATTACKS, Row, last_day, load_rows, select_columns
from militancydb.analysis.high_profile_defs import (
    DEFINITIONS,
    NATIONAL_TARGETS,
    HighProfile,
)
from militancydb.analysis.high_profile_defs import definition as default_definition
from militancydb.analysis.periods import months_between
from militancydb.db.expressions import day_span
from militancydb.db.tables import Incident, IncidentTactic, IncidentTarget
from militancydb.knowledge.loader import Knowledge
from militancydb.services.incident_query import IncidentFilter

#: Up to this many high-profile attacks before the answer are listed (the runners-up).
RUNNERS_UP = 5

__all__ = [
    "DEFINITIONS",
    "NATIONAL_TARGETS",
    "HighProfile",
    "HighProfileAnswer",
    "last_high_profile",
]


def _span(months: int, days: int) -> str:
    """ "4 months and 12 days", "3 days", "1 month"."""
    parts = []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    if days or not months:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return " and ".join(parts)


def _scope(
    kb: Knowledge,
    country: str | None,
    province: str | None,
    actor: str | None,
    district: str | None = None,
) -> str:
    """ " in Pakistan", " in Balochistan by Jamaat-ul-Ahrar", ... for the answer's sentence."""
    where = district or province or country
    if where:
        r = kb.gazetteer.resolve(where)
        if r.key:
            where = kb.gazetteer.places[r.key].name
    who = None
    if actor:
        a = kb.registry.resolve(actor)
        who = kb.registry.actors[a.key].name if a.key else actor
    return (f" in {where}" if where else "") + (f" by {who}" if who else "")


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


def _spans(session: Session, query: Any) -> list[tuple[dt.date, int, int, dt.date]]:
    """(last day, killed or 0, id, first day) of the high-profile attacks ``query`` reads."""
    return [
        (last_day(start, end, precision), killed or 0, iid, start)
        for iid, start, end, precision, killed in session.execute(query)
    ]


def _point() -> Any:
    """The condition that an incident's date is one known day (its last possible day is its
    first): the rest have a range, explicit or implied by the precision."""
    return and_(
        Incident.date_precision == "day",
        or_(Incident.date_end.is_(None), Incident.date_end == Incident.date_start),
    )


def _candidates(
    session: Session, flt: IncidentFilter, d: HighProfile, scope: str, before: dt.date
) -> tuple[list[int], list[int], int]:
    """The high-profile attacks of the filter: the ids of the latest ones wholly before the
    date (latest first, the answer and its runners-up), those whose span straddles it, and
    how many high-profile attacks were read to be certain of both.

    Most incidents are known to the day, so their last day is their first: the latest of
    them are read by the date index in descending order with a ``LIMIT`` (those of the day
    of the last one read in full, for ties), and only the incidents with a range -- known to
    the week, month or year, or with an end date -- are read back over a year and a day
    before that day (:data:`WIDEST_IMPLIED`), the wider ones through ``ix_incidents_span``.
    No incident not read can then rank among the answer and its runners-up, nor straddle
    the date. Where fewer attacks known to the day than the answer and its runners-up
    precede the date, :func:`_walk` reads back in stretches instead."""
    columns = select_columns(
        Incident.id,
        Incident.date_start,
        Incident.date_end,
        Incident.date_precision,
        Incident.killed_best,
    )
    high = qualifies(d, scope)
    point = _point()

    def read(*where: Any) -> list[tuple[dt.date, int, int, dt.date]]:
        """The high-profile attacks among those the plain terms and ``where`` keep: the
        candidates' ids first, then the criteria on those ids. (With the criteria's probes
        in the same statement, PostgreSQL 15 took 300-600 ms over a year's index entries
        at 1,000,000 incidents where the plain terms take 20-40.)"""
        plain = flt.apply(select(Incident.id).where(*where, plain_terms(d, scope)))
        ids = list(session.execute(plain).scalars())
        out = []
        for i in range(0, len(ids), 1000):
            chunk = columns.where(Incident.id.in_(ids[i : i + 1000]), criteria(d, scope))
            out.extend(_spans(session, chunk))
        return out

    latest = _spans(
        session,
        flt.apply(columns.where(point, Incident.date_start < before))
        .where(high)  # the criteria last: their probes run on rows the plain terms keep
        .order_by(Incident.date_start.desc())
        .limit(RUNNERS_UP + 1),
    )
    if len(latest) <= RUNNERS_UP:
        return _walk(session, flt.apply(columns.where(high)), before)
    day = min(r[3] for r in latest)
    found = {r[2]: r for r in _spans(session, _wide(flt.apply(columns.where(high))))}
    found.update((r[2], r) for r in latest)
    # the others known to the last one's day (ties): any later one is among those read
    found.update((r[2], r) for r in read(point, Incident.date_start == day))
    # the ranged ones that may end on that day or later: started within a year and a day
    floor = day - dt.timedelta(days=WIDEST_IMPLIED + 1)
    found.update((r[2], r) for r in read(~point, Incident.date_start > floor))
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
    """What :func:`_candidates` returns, for a question with few attacks known to the day.

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
    read = {r[2]: r for r in _spans(session, _wide(base))}
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
        read.update((r[2], r) for r in _spans(session, window))
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


@dataclass
class HighProfileAnswer:
    """The answer, with the incidents behind it."""

    before: dt.date
    definition: str
    incident: Row | None
    criteria: list[str]
    months: int | None
    days: int | None
    sentence: str
    runners_up: list[Row] = field(default_factory=list)
    straddling: list[Row] = field(default_factory=list)
    #: How many high-profile attacks the answer weighed: those the walk back from the date
    #: read (every one that started within the stretch walked, and every one whose explicit
    #: date range is wider than a year) -- not every high-profile attack the database holds
    #: before the date, which would cost a count of them all.
    considered: int = 0


def _ids(ids: list[int]) -> IncidentFilter:
    """Only these incidents (none when the list is empty), read by their keys: they were
    chosen under the question's filter already."""
    return IncidentFilter(ids=frozenset(ids or [-1]))


def last_high_profile(
    session: Session,
    kb: Knowledge,
    before: dt.date,
    *,
    country: str | None = None,
    province: str | None = None,
    district: str | None = None,
    actor: str | None = None,
    definition: HighProfile | None = None,
) -> HighProfileAnswer:
    """The most recent high-profile attack wholly before ``before``."""
    from militancydb.services.incident_filters import build_filter

    d = definition or default_definition()
    scope = "district" if district else "province" if province else "country"
    flt = build_filter(
        kb,
        date_to=before,
        country=country,
        province=province,
        district=district,
        actor=actor,
    )  # attacks only: :func:`qualifies` says so (twice, PostgreSQL misjudges the rows)
    if actor:
        flt = IncidentFilter(**{**flt.__dict__, "roles": frozenset({"perpetrator"})})
    top_ids, straddling_ids, considered = _candidates(session, flt, d, scope, before)
    loaded = {r.id: r for r in load_rows(session, _ids(top_ids + straddling_ids))}
    wholly = [loaded[i] for i in top_ids]
    straddling = [loaded[i] for i in straddling_ids]
    if not wholly:
        return HighProfileAnswer(
            before,
            d.describe(),
            None,
            [],
            None,
            None,
            f"no high-profile attack{_scope(kb, country, province, actor, district)} before "
            f"{before} is recorded in the database",
            [],
            straddling,
            considered,
        )
    top = wholly[0]
    months, days = months_between(top.last_day if top.precision != "day" else top.date, before)
    approx = "" if top.precision in ("day",) else f" (date known to the {top.precision})"
    perps = ", ".join(sorted({a.name for a in top.perpetration()})) or "no perpetrator"
    claimed = sorted({a.name for a in top.claimants()})
    claims = f"; claimed by {', '.join(claimed)}" if claimed else ""
    toll = f"{top.killed} killed" if top.killed is not None else "toll unknown"
    ago = _span(months or 0, days or 0)
    where = _scope(kb, country, province, actor, district)
    sentence = (
        f"The last high-profile attack{where} recorded in the database before {before} was "
        f"carried out {ago} earlier, on {top.date}{approx}, in {top.where} ({toll}; attributed "
        f"to {perps}{claims}; incident {top.id})."
    )
    return HighProfileAnswer(
        before,
        d.describe(),
        top,
        d.why(top, scope),
        months,
        days,
        sentence,
        wholly[1:],
        straddling,
        considered,
    )
