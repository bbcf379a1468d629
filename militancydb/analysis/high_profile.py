"""The last high-profile attack before a date: "N months ago in X".

Definition (:class:`HighProfile`, every threshold configurable; ``docs/analysis.md``): an
incident is high-profile when it is an *attack* -- violence by militants (militant,
sectarian, sabotage, kidnapping event types); security-force operations, drone strikes and
clashes are not attacks, whatever their toll -- and at least one of:

- it killed at least ``min_killed`` people (best estimate, all categories);
- it was a suicide attack that killed at least ``min_killed_suicide``;
- it was aimed at targets of national significance (``national_targets``: the judiciary,
  senior officials, foreigners and diplomats, political leaders by default) and killed at
  least ``min_killed_national``.

An incident counts as "before" the date only if all the days it may have happened on (its
date precision) fall before it; one whose span straddles the date is listed apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from militancydb.analysis.data import ATTACKS, Row, load_rows
from militancydb.analysis.periods import months_between
from militancydb.knowledge.loader import Knowledge
from militancydb.services.incident_query import IncidentFilter

NATIONAL_TARGETS = frozenset(
    {"judiciary", "government_officials", "foreigners", "political_workers"}
)


@dataclass(frozen=True)
class HighProfile:
    """The definition of a high-profile attack."""

    min_killed: int = 10
    min_killed_suicide: int = 5
    min_killed_national: int = 1
    national_targets: frozenset[str] = NATIONAL_TARGETS

    def why(self, r: Row) -> list[str]:
        """The criteria an incident meets (empty: not high-profile)."""
        if r.event_type not in ATTACKS:
            return []
        out = []
        k = r.killed or 0
        if k >= self.min_killed:
            out.append(f"killed {k} (threshold {self.min_killed})")
        if (r.suicide or "suicide_bombing" in r.tactics) and k >= self.min_killed_suicide:
            out.append(f"suicide attack that killed {k} (threshold {self.min_killed_suicide})")
        national = set(r.targets) & self.national_targets
        if national and k >= self.min_killed_national:
            out.append(f"aimed at {', '.join(sorted(national))} and killed {k}")
        return out

    def describe(self) -> str:
        """The definition in words."""
        return (
            f"an attack by militants (not an operation, drone strike or clash) that killed at "
            f"least {self.min_killed}, or a suicide attack that killed at least "
            f"{self.min_killed_suicide}, or an attack on {', '.join(sorted(self.national_targets))}"
            f" that killed at least {self.min_killed_national}"
        )


def _span(months: int, days: int) -> str:
    """ "4 months and 12 days", "3 days", "1 month"."""
    parts = []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    if days or not months:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return " and ".join(parts)


def _scope(kb: Knowledge, country: str | None, province: str | None, actor: str | None) -> str:
    """ " in Pakistan", " in Balochistan by Jamaat-ul-Ahrar", ... for the answer's sentence."""
    where = province or country
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
    considered: int = 0


def last_high_profile(
    session: Session,
    kb: Knowledge,
    before: dt.date,
    *,
    country: str | None = None,
    province: str | None = None,
    actor: str | None = None,
    definition: HighProfile | None = None,
) -> HighProfileAnswer:
    """The most recent high-profile attack wholly before ``before``."""
    from militancydb.services.incident_filters import build_filter

    d = definition or HighProfile()
    flt = build_filter(
        kb,
        date_to=before,
        country=country,
        province=province,
        actor=actor,
        event_types=sorted(ATTACKS),
    )
    if actor:
        flt = IncidentFilter(**{**flt.__dict__, "roles": frozenset({"perpetrator"})})
    rows = [r for r in load_rows(session, flt) if d.why(r)]
    wholly = [r for r in rows if r.last_day < before]
    straddling = [r for r in rows if r.date < before <= r.last_day]
    wholly.sort(key=lambda r: (r.last_day, r.killed or 0, r.id), reverse=True)
    if not wholly:
        return HighProfileAnswer(
            before,
            d.describe(),
            None,
            [],
            None,
            None,
            f"no high-profile attack{_scope(kb, country, province, actor)} before {before} is "
            "recorded in the database",
            [],
            straddling,
            len(rows),
        )
    top = wholly[0]
    months, days = months_between(top.last_day if top.precision != "day" else top.date, before)
    approx = "" if top.precision in ("day",) else f" (date known to the {top.precision})"
    perps = ", ".join(sorted({a.name for a in top.perpetration()})) or "no perpetrator"
    claimed = sorted({a.name for a in top.claimants()})
    claims = f"; claimed by {', '.join(claimed)}" if claimed else ""
    toll = f"{top.killed} killed" if top.killed is not None else "toll unknown"
    ago = _span(months or 0, days or 0)
    scope = _scope(kb, country, province, actor)
    sentence = (
        f"The last high-profile attack{scope} recorded in the database before {before} was "
        f"carried out {ago} earlier, on {top.date}{approx}, in {top.where} ({toll}; attributed "
        f"to {perps}{claims}; incident {top.id})."
    )
    return HighProfileAnswer(
        before,
        d.describe(),
        top,
        d.why(top),
        months,
        days,
        sentence,
        wholly[1:6],
        straddling,
        len(rows),
    )
