"""What was known on a date: a registry fact is known on D when at least one of its sources
was published on or before D (a source whose publication date is not recorded cannot show
that). Facts known only from later or undated sources belong to a marked "later knowledge"
section, shown only when asked for."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import Source
from militancydb.domain.knowledge_date import AsOf

_CACHE = "militancydb.services.known.source_dates"


def source_dates(session: Session) -> dict[str, str | None]:
    """Publication date (partial, or None) of every source key, read once per session."""
    cached = session.info.get(_CACHE)
    if cached is None:
        cached = {k: p for k, p in session.execute(select(Source.key, Source.published)) if k}
        session.info[_CACHE] = cached
    return dict(cached)


def known_sources(session: Session, known: AsOf, keys: Iterable[str]) -> bool:
    """Whether a fact citing these sources was known on the day (some source out by then).
    A fact citing no source at all is taken as known: nothing dates it later."""
    keys = [k for k in keys if k]
    if not keys:
        return True
    dates = source_dates(session)
    return known.known(dates.get(k) for k in keys)


def sources_by_then(session: Session, known: AsOf, keys: Iterable[str]) -> tuple[str, ...]:
    """The keys among these whose source was published on or before the day."""
    dates = source_dates(session)
    return tuple(k for k in keys if k and known.published_by(dates.get(k)))
