"""The group brief, as typed data: every fact carries the numbers of its sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from militancydb.reports.model import (
    Figure,
    ReportDocument,
    Table,
)
from militancydb.reports.periodic_model import TimelineItem


@dataclass(frozen=True)
class Fact:
    """A statement with its sources (numbers in the brief's source list) and, when it
    rests on incidents, their footnote."""

    text: str
    sources: tuple[int, ...] = ()
    note: int | None = None


@dataclass(frozen=True)
class LeaderItem:
    """A leader, the post and what became of them."""

    name: str
    role: str
    start: str | None
    end: str | None
    current: bool
    fates: tuple[Fact, ...]
    sources: tuple[int, ...]


@dataclass(frozen=True)
class NetworkItem:
    """A dated tie to another actor."""

    start: str | None
    end: str | None
    type: str
    source_actor: str
    target_actor: str
    holds: bool
    confidence: str
    note: str | None
    sources: tuple[int, ...]


@dataclass
class LossesPart:
    """What the group lost over the window before the date."""

    start: dt.date
    end: dt.date
    militants_killed: Figure
    militants_arrested: Figure
    by_kind: Table
    leaders: list[Fact] = field(default_factory=list)
    defections: list[Fact] = field(default_factory=list)
    territory: list[Fact] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)


@dataclass
class OperationalPart:
    """Has the group become operational in one country?"""

    country: str
    country_name: str
    verdict: str
    reasons: list[str]
    disagreements: list[str]
    by_year: Table
    coverage: str | None
    note: int | None


@dataclass(frozen=True)
class TerritoryItem:
    """A place the group held, contested or lost."""

    place: str
    status: str
    start: str | None
    end: str | None
    holds: bool
    note: str | None
    sources: tuple[int, ...]


@dataclass
class GroupBrief(ReportDocument):
    """A brief on one group as of a date: see ``docs/reports.md``."""

    key: str
    name: str
    as_of: dt.date
    summary: list[str]
    identity: list[Fact]
    aliases: list[str]
    parent: Fact | None
    chapters: list[Fact]
    proclaimed: list[Fact]
    leadership: str
    vacancy: str | None
    leaders: list[LeaderItem]
    network: list[NetworkItem]
    defections: list[Fact]
    losses: LossesPart
    tactics: Table
    tactics_notes: list[str]
    operational: list[OperationalPart]
    territory: list[TerritoryItem]
    attacks: list[TimelineItem]
    #: attacks the group (or its parent for it) only claimed: not counted as its attacks
    claimed_attacks: list[TimelineItem] = field(default_factory=list)
    #: "attributed 0; confirmed 0; claimed 1, of which 1 graded doubtful"
    attack_basis: str = ""
    #: facts known only from sources published after the date, or undated (when asked)
    later: list[Fact] = field(default_factory=list)
    with_later: bool = False
    left_out: int = 0
