"""The periodic (daily, weekly, monthly, annual) security report, as typed data."""

from __future__ import annotations

from dataclasses import dataclass, field

from militancydb.analysis.periods import Period
from militancydb.reports.model import (
    Figure,
    ReportDocument,
    Table,
)


@dataclass(frozen=True)
class HeadlineRow:
    """One headline figure in the period, the one before and a year earlier."""

    metric: str
    now: Figure
    previous: Figure
    year_ago: Figure
    change_previous: float | None
    change_year: float | None
    indent: bool = False


@dataclass
class Headline:
    """The headline figures and what they say."""

    rows: list[HeadlineRow]
    paragraphs: list[str]
    last_high_profile: str | None = None
    last_high_profile_note: int | None = None
    #: aggregate records of the period (date coarser than a month or no place), apart
    aggregates: str | None = None
    coverage: str | None = None


@dataclass(frozen=True)
class TimelineItem:
    """One incident in a dated list."""

    id: int
    date: str
    where: str
    event_type: str
    killed: int | None
    injured: int | None
    perpetrators: str
    summary: str | None
    why: str
    note: int | None = None
    claimants: str = ""


@dataclass
class ProvinceSection:
    """One province: its figures, a sentence, and its districts."""

    name: str
    incidents: Figure
    killed: Figure
    injured: Figure
    attacks: int
    operations: int
    text: str
    districts: Table


@dataclass
class OperationsSection:
    """Security-force operations: how many, militants killed and arrested."""

    operations: Figure
    militants_killed: Figure
    militants_arrested: Figure
    forces_killed: Figure
    civilians_killed: Figure
    by_province: Table
    text: list[str] = field(default_factory=list)


@dataclass
class StrikesSection:
    """Drone strikes and cross-border attacks."""

    table: Table
    items: list[TimelineItem] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


@dataclass
class Spotlight:
    """The most active group of the period."""

    key: str
    name: str
    family: str
    why: str
    parent: str | None
    chapters: list[str]
    leadership: str
    attacks: Figure
    killed: Figure
    militants_killed: Figure
    militants_arrested: Figure
    bases: dict[str, int]
    provinces: list[str]
    relations: list[str]
    claims: int
    text: list[str]
    sources: tuple[int, ...] = ()


@dataclass
class PeriodicReport(ReportDocument):
    """A periodic security report: see ``docs/reports.md`` for each section."""

    grain: str
    period: Period
    period_words: str
    previous: Period
    year_ago: Period
    country: str | None
    country_name: str
    headline: Headline
    by_type: Table
    by_province: Table
    categories: Table
    families: Table
    tactics: Table
    targets: Table
    operations: OperationsSection
    strikes: StrikesSection
    provinces: list[ProvinceSection]
    timeline: list[TimelineItem]
    timeline_rule: str
    spotlight: Spotlight | None
    spotlight_rule: str

    @property
    def comparisons(self) -> list[tuple[str, str, str]]:
        """The comparison columns: (label, figure field, change field) of each headline row;
        one when the period before is the same period a year earlier (an annual report)."""
        before = (self.previous.label, "previous", "change_previous")
        if self.previous == self.year_ago:
            return [before]
        return [before, (self.year_ago.label, "year_ago", "change_year")]
