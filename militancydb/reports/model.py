"""Value types shared by the reports: figures with the incidents behind them, footnotes,
sources, generic tables, charts and the incident appendix.

Every figure a report prints is a :class:`Figure`: its value (``None`` when the data do not
record it -- printed "not recorded", never 0) and the number of the footnote that lists the
incidents it was computed from. :class:`Notes` hands out footnote numbers (one per distinct
set of incidents); :class:`SourceBook` numbers the sources a report cites.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from militancydb.analysis.sources import SourceDetail


@dataclass(frozen=True)
class Figure:
    """A count, with its footnote and how completely the data record it."""

    value: int | None
    note: int | None = None
    recorded: int | None = None
    of: int | None = None

    @property
    def partial(self) -> bool:
        """Recorded for only some of the incidents it covers."""
        return self.recorded is not None and self.of is not None and self.recorded < self.of


@dataclass(frozen=True)
class Note:
    """A footnote: what a figure counts and the incidents behind it."""

    number: int
    label: str
    ids: tuple[int, ...]


@dataclass
class Notes:
    """Footnotes of one report, numbered in order of first use."""

    items: list[Note] = field(default_factory=list)
    _by_ids: dict[tuple[int, ...], int] = field(default_factory=dict)

    def cite(self, label: str, ids: Iterable[int]) -> int | None:
        """The footnote for these incidents (None when there are none)."""
        key = tuple(sorted(set(ids)))
        if not key:
            return None
        if key not in self._by_ids:
            n = len(self.items) + 1
            self.items.append(Note(n, label, key))
            self._by_ids[key] = n
        return self._by_ids[key]

    @property
    def ids(self) -> set[int]:
        """Every incident a footnote points to."""
        return {i for n in self.items for i in n.ids}


@dataclass(frozen=True)
class SourceItem:
    """A numbered source of a report."""

    number: int
    key: str
    publisher: str | None
    title: str | None
    url: str | None
    published: str | None


@dataclass
class SourceBook:
    """The sources a report cites, numbered in order of first use.

    ``lookup`` finds the details of a key not given in ``known`` (so that a source is never
    printed without the publisher, title and address the database holds); ``allowed``
    (e.g. "published by the brief's date") withholds the others, counted in ``withheld``."""

    known: dict[str, SourceDetail] = field(default_factory=dict)
    items: list[SourceItem] = field(default_factory=list)
    _by_key: dict[str, int] = field(default_factory=dict)
    lookup: Callable[[list[str]], dict[str, SourceDetail]] | None = None
    allowed: Callable[[str], bool] | None = None
    withheld: set[str] = field(default_factory=set)

    def cite(self, keys: Iterable[str]) -> tuple[int, ...]:
        """Numbers of the given source keys (unknown keys are listed by key alone)."""
        out = []
        for k in keys:
            if not k:
                continue
            if self.allowed is not None and not self.allowed(k):
                self.withheld.add(k)
                continue
            if k not in self._by_key:
                if k not in self.known and self.lookup is not None:
                    self.known.update(self.lookup([k]))
                d = self.known.get(k)
                n = len(self.items) + 1
                self.items.append(
                    SourceItem(
                        n,
                        k,
                        d.publisher if d else None,
                        d.title if d else None,
                        d.url if d else None,
                        d.published if d else None,
                    )
                )
                self._by_key[k] = n
            out.append(self._by_key[k])
        return tuple(dict.fromkeys(out))


Cell = Figure | str


@dataclass(frozen=True)
class TableRow:
    """One row: a label, its cells, and the footnote of the incidents behind the row."""

    label: str
    cells: tuple[Cell, ...]
    note: int | None = None
    total: bool = False


@dataclass
class Table:
    """A titled table whose first column is the row label."""

    title: str
    columns: tuple[str, ...]
    rows: list[TableRow] = field(default_factory=list)
    caption: str | None = None

    @property
    def empty(self) -> bool:
        """No rows."""
        return not self.rows


@dataclass(frozen=True)
class Chart:
    """A chart or map, rendered to an image embedded as a data URI."""

    title: str
    uri: str
    alt: str
    caption: str | None = None


@dataclass(frozen=True)
class LeftOut:
    """What an appendix part listed in part leaves out (a sentence), the commands that list
    all of its incidents, and how many it lists of how many."""

    text: str
    commands: tuple[str, ...]
    listed: int
    of: int


@dataclass(frozen=True)
class AppendixRow:
    """An incident a footnote points to."""

    id: int
    date: str
    place: str
    province: str | None
    event_type: str
    killed: int | None
    injured: int | None
    perpetrators: str
    source: str
    source_url: str | None
    part: str
    publisher: str | None = None
    claimants: str = ""


@dataclass(frozen=True)
class ClaimItem:
    """A claim of responsibility and its credibility."""

    id: int
    claimant: str
    kind: str
    claimed_at: str | None
    channel: str
    status: str
    incident_id: int | None
    incident: str | None
    grade: str | None
    score: float | None
    grade_basis: str
    reasons: tuple[str, ...]
    flags: tuple[str, ...]
    summary: str | None
    sources: tuple[int, ...]
    note: int | None = None


@dataclass(frozen=True)
class CompetingItem:
    """An incident claimed by more than one organisation."""

    incident_id: int
    date: dt.date
    place: str
    killed: int | None
    claimants: tuple[str, ...]
    note: int | None = None


@dataclass
class ClaimsSection:
    """Claims in a period (or by a group) and the credibility of each."""

    items: list[ClaimItem] = field(default_factory=list)
    competing: list[CompetingItem] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Series:
    """One series of a chart."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows; drawn by :mod:`militancydb.reports.charts` when rendered.

    ``kind``: ``hbar`` (one horizontal bar per label), ``bars`` (grouped vertical bars per
    label, one colour per series) or ``trend`` (bars of the first series, a line of the
    second on its own axis)."""

    key: str
    title: str
    kind: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    caption: str | None = None


@dataclass(frozen=True)
class MapPoint:
    """An incident on the map."""

    id: int
    lat: float
    lon: float
    killed: int | None
    kind: str


@dataclass(frozen=True)
class MapPlace:
    """A named place on the map (e.g. territory a group held)."""

    lat: float
    lon: float
    label: str
    status: str


@dataclass(frozen=True)
class MapSpec:
    """What the map shows: provinces of the given countries (``shaded`` ones tinted),
    incidents as points sized by the killed, and named places."""

    title: str
    countries: tuple[str, ...]
    points: tuple[MapPoint, ...]
    shaded: tuple[str, ...] = ()
    places: tuple[MapPlace, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    caption: str | None = None


@dataclass(kw_only=True)
class ReportDocument:
    """What every report document holds besides its own sections (the periodic report,
    the group brief): its title and date, the claims section, charts and map, footnotes,
    sources, the appendix of cited incidents, the method and the data coverage."""

    title: str
    generated: dt.date
    claims: ClaimsSection
    charts: list[ChartSpec]
    map: MapSpec
    notes: Notes
    sources: SourceBook
    appendix: list[AppendixRow] = field(default_factory=list)
    method: list[str] = field(default_factory=list)
    coverage: list[str] = field(default_factory=list)
    #: per appendix part listed in part only: the sentence saying what was left out and how
    #: to list it
    appendix_more: dict[str, LeftOut] = field(default_factory=dict)
