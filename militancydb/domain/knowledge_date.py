"""The date of knowledge ("as of"): one typed value carried from a command to the queries.

An answer or brief *as of D* states what could be known on D: registry facts valid on D,
resting on sources published on or before D. It is not the window of event dates an answer
counts (a brief as of 2016-09-30 may count losses over the two months before it); the two
are kept apart so that neither is mistaken for the other.

Invariants: ``day`` is a calendar day; ``with_later`` only adds a marked section of later
knowledge, it never changes what the answer itself states.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from militancydb.domain.dates import earliest, latest


@dataclass(frozen=True)
class AsOf:
    """What was known on ``day`` (and whether later knowledge is wanted, apart)."""

    day: dt.date
    with_later: bool = False

    @classmethod
    def of(cls, value: AsOf | dt.date | None) -> AsOf:
        """An ``AsOf`` from itself, a day, or None (today)."""
        if isinstance(value, AsOf):
            return value
        return cls(value or dt.date.today())

    def published_by(self, published: str | None) -> bool:
        """Whether a source published on ``published`` (a partial date) was certainly out
        by the day: its last possible day is on or before it. An unrecorded date is not."""
        last = latest(published)
        return last is not None and last <= self.day

    def begun(self, start: str | None) -> bool:
        """Whether something starting on ``start`` (partial) may have begun by the day;
        an unrecorded start counts as begun."""
        first = earliest(start)
        return first is None or first <= self.day

    def known(self, published: Iterable[str | None]) -> bool:
        """Whether at least one of the sources (their publication dates) was out by the day."""
        return any(self.published_by(p) for p in published)

    def __str__(self) -> str:
        return self.day.isoformat()
