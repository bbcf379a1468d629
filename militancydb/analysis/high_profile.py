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

The criteria are applied in SQL and the attacks read without reading every one the
database holds (:mod:`militancydb.analysis.high_profile_walk`): only the dates of the
high-profile attacks the answer needs, and the full rows of the answer and its runners-up,
so that the cost follows the stretch of time the answer needs, not the size of the
database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from militancydb.analysis.data import Row
from militancydb.analysis.high_profile_defs import (
    DEFINITIONS,
    NATIONAL_TARGETS,
    HighProfile,
)
from militancydb.analysis.high_profile_defs import definition as default_definition
from militancydb.analysis.high_profile_walk import candidates
from militancydb.analysis.periods import months_between
from militancydb.analysis.rows_by_id import load_rows_by_id
from militancydb.knowledge.loader import Knowledge
from militancydb.services.incident_query import IncidentFilter

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
    flt = build_filter(  # no date: :func:`candidates` binds it, its statements are kept
        kb,
        country=country,
        province=province,
        district=district,
        actor=actor,
    )  # attacks only: :func:`qualifies` says so (twice, PostgreSQL misjudges the rows)
    if actor:
        flt = IncidentFilter(**{**flt.__dict__, "roles": frozenset({"perpetrator"})})
    top_ids, straddling_ids, considered = candidates(session, flt, d, scope, before)
    loaded = {r.id: r for r in load_rows_by_id(session, top_ids + straddling_ids)}
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
