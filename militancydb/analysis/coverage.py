"""Coverage: which datasets the incidents of a period and place come from, what those
datasets record and omit, and whether the database covers the period and place at all.

Every report and answer states it, because a count is a statement about the database, not
about the world: the bundled UCDP data hold fatal events within organised conflicts, not
every attack, injury or arrest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from militancydb.analysis.dataset_scope import MANUAL, DatasetScope, scope
from militancydb.db.tables import ExternalId, ImportRun, Incident


@dataclass(frozen=True)
class DatasetShare:
    """One dataset's part in a period and place."""

    scope: DatasetScope
    incidents: int
    first: dt.date | None
    last: dt.date | None
    runs: tuple[str, ...] = ()

    def text(self) -> str:
        """``UCDP GED 22.1 (13 incidents; holds PK 1989-01-25 to 2021-12-31; ...)``."""
        span = f"holds {self.first} to {self.last}" if self.first else "holds nothing here"
        runs = f"; {', '.join(self.runs)}" if self.runs else ""
        return (
            f"{self.scope.name} ({self.incidents:,} incident(s) here; {span}{runs}) — "
            f"records {self.scope.records}; omits {self.scope.omits}"
        )


@dataclass
class Coverage:
    """The datasets behind a period and place."""

    start: dt.date
    end: dt.date
    country: str | None
    place: str
    incidents: int
    datasets: list[DatasetShare] = field(default_factory=list)

    @property
    def held(self) -> bool:
        """Whether the database holds any incident for the period and place."""
        return self.incidents > 0

    @property
    def covered(self) -> bool:
        """Whether some dataset's span (for the place) reaches into the period."""
        return any(
            d.first is not None
            and d.last is not None
            and d.first <= self.end
            and d.last >= self.start
            for d in self.datasets
        )

    @property
    def injuries_recorded(self) -> bool:
        """Whether a dataset with incidents here records injuries."""
        return any(d.scope.injuries for d in self.datasets if d.incidents)

    @property
    def arrests_recorded(self) -> bool:
        """Whether a dataset with incidents here records arrests."""
        return any(d.scope.arrests for d in self.datasets if d.incidents)

    def sentence(self) -> str:
        """One statement of the sources behind the period and place."""
        where = f"{self.place}, {self.start} to {self.end}"
        if not self.datasets:
            return (
                f"Not covered: the database holds no incident data for {self.place}; "
                "its figures say nothing about what happened there."
            )
        used = [d for d in self.datasets if d.incidents]
        if not used:
            spans = "; ".join(f"{d.scope.name}: {d.first} to {d.last}" for d in self.datasets)
            return (
                f"Not covered: the database holds no incident for {where} (its data for "
                f"{self.place}: {spans})."
            )
        return (
            f"The incidents of the database for {where} come from: "
            + "; ".join(d.text() for d in used)
            + "."
        )


def _runs(session: Session) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for fmt, name, finished, run_id in session.execute(
        select(ImportRun.format, ImportRun.file_name, ImportRun.finished_at, ImportRun.id).order_by(
            ImportRun.id
        )
    ):
        day = finished.date().isoformat() if finished else "unfinished"
        out.setdefault(fmt.replace("-", "_"), []).append(
            f"import run {run_id}, {name.rsplit('/', 1)[-1]}, {day}"
        )
    return out


def manual_walk(
    where: list[Any], *, last: bool = False, country: str | None = None
) -> Select[dt.date]:
    """The day of the first (``last``: the last) live incident entered by hand (with no
    dataset id) among ``where``, in ``country`` if given: a walk in date order that stops
    at the first match. The country is asked as ``upper(country) = code`` (the same rows:
    codes are stored as two capitals, ``domain.incident.CountryCode``), which only
    ``ix_incidents_country_date`` answers, so that the walk starts at the country's first
    (last) day, not at the first of the date index of every country (plans in
    docs/performance.md); where the country holds no incident entered by hand, it reads
    all of the country's."""
    none = ~exists(select(ExternalId.id).where(ExternalId.incident_id == Incident.id))
    order = Incident.date_start.desc() if last else Incident.date_start
    key = [func.upper(Incident.country) == country] if country else []
    return select(Incident.date_start).where(*key, *where, none).order_by(order).limit(1)


def _spans(
    session: Session, where: list[Any], country: str | None = None
) -> dict[str, tuple[dt.date, dt.date]]:
    """First and last day of each dataset's incidents (``manual``: those with no dataset
    id) among ``where``, in ``country`` if given, without a GROUP BY over every incident
    (issue 15): a dataset's from its ids (one join, as many lookups as it has incidents);
    the manual ones by :func:`manual_walk`."""
    out: dict[str, tuple[dt.date, dt.date]] = {}
    scoped = [*where, Incident.country == country] if country else where
    systems = set(session.scalars(select(ExternalId.system).distinct())) | {"manual"}
    for s in sorted(systems):
        if s == "manual":
            lo = session.scalar(manual_walk(where, country=country))
            hi = session.scalar(manual_walk(where, last=True, country=country))
        else:
            lo, hi = session.execute(
                select(func.min(Incident.date_start), func.max(Incident.date_start))
                .select_from(ExternalId)
                .join(Incident, Incident.id == ExternalId.incident_id)
                .where(ExternalId.system == s, *scoped)
            ).one()
        if lo is not None and hi is not None:
            out[s] = (lo, hi)
    return out


def coverage(
    session: Session,
    start: dt.date,
    end: dt.date,
    country: str | None = None,
    place: str | None = None,
) -> Coverage:
    """The datasets behind the incidents of a span and country (all countries if None)."""
    live = Incident.deleted.is_(False)
    where = [live] + ([Incident.country == country] if country else [])
    in_span = [*where, Incident.date_start >= start, Incident.date_start <= end]
    system = func.coalesce(ExternalId.system, "manual")
    spans = _spans(session, [live], country)
    counts = dict(
        session.execute(
            select(system, func.count(func.distinct(Incident.id)))
            .select_from(Incident)
            .outerjoin(ExternalId, ExternalId.incident_id == Incident.id)
            .where(*in_span)
            .group_by(system)
        ).all()
    )
    total = session.scalar(select(func.count()).select_from(Incident).where(*in_span)) or 0
    runs = _runs(session)
    shares = [
        DatasetShare(
            MANUAL if s == "manual" else scope(s),
            int(counts.get(s, 0)),
            lo,
            hi,
            tuple(runs.get(s, ())),
        )
        for s, (lo, hi) in sorted(spans.items(), key=lambda kv: -int(counts.get(kv[0], 0)))
    ]
    return Coverage(start, end, country, place or country or "all countries", total, shares)
