"""What an importer is and what it hands the engine (:mod:`militancydb.io.engine`): the
:class:`Importer` base class, a converted row (:class:`Converted`, or :class:`Prepared` from a
fast path), a :class:`Reject` with its reason or a :class:`Skip`, the context a converter
may use and the :class:`ImportReport` an import returns."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from militancydb.domain.incident import IncidentCreate
from militancydb.errors import ImportFailed
from militancydb.io.dataset_merge import RowMatch
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
from militancydb.services.incident_rows import PreparedIncident
from militancydb.services.locations import ResolvedLocation

RawRow = tuple[int, int | None, dict[str, str]]


@dataclass(frozen=True)
class Reject:
    """A row the importer could not take."""

    row: int
    reason: str
    raw: dict[str, Any] | None = None
    line: int | None = None


@dataclass(frozen=True)
class Skip:
    """A row the importer leaves out on purpose (e.g. outside the countries asked for):
    counted in the report, not rejected."""

    row: int
    reason: str


@dataclass
class Converted:
    """A row turned into an incident, ready to store."""

    row: int
    external_id: str
    data: IncidentCreate
    location: ResolvedLocation
    #: Citation rows ready to store (source_id, locator, excerpt); None: cite the sources
    #: listed in ``data.sources`` (created if new).
    citations: list[dict[str, Any]] | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Prepared:
    """A row turned straight into the rows to store, checked by plain functions (the fast
    path, :mod:`militancydb.io.plain_incident`): what ``prepare`` would make of the
    :class:`Converted` row. Its ``external_ids`` are filled by the engine."""

    row: int
    external_id: str
    prepared: PreparedIncident
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did."""

    run_id: int
    format: str
    file: str
    rows_total: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    #: Why rows were skipped, with how many each.
    skip_reasons: dict[str, int] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    conflicts: list[Reject] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    #: Rows merged into an incident already held (no second incident stored).
    merges: list[RowMatch] = field(default_factory=list)
    #: Rows stored as new incidents, linked as a possible duplicate of a held one (to review).
    possible_duplicates: list[RowMatch] = field(default_factory=list)
    #: Dataset claims recorded as new claims / matched to a claim already held (the
    #: dataset added as its source), by importers that record claims.
    claims_recorded: int = 0
    claims_matched: int = 0
    #: Of ``claims_recorded``, those by a group the actor registry does not hold (kept by
    #: the name as written: unregistered claims).
    claims_unregistered: int = 0
    seconds: float = 0.0

    @property
    def merged(self) -> int:
        """Rows merged into a held incident."""
        return len(self.merges)

    @property
    def linked(self) -> int:
        """Rows inserted and linked as a possible duplicate (also counted in ``inserted``)."""
        return len(self.possible_duplicates)

    @property
    def rejected(self) -> int:
        """Rows rejected."""
        return len(self.rejects)

    @property
    def accounted(self) -> bool:
        """Every row is imported, updated, unchanged, rejected or in conflict."""
        total = self.inserted + self.updated + self.unchanged + self.rejected + self.skipped
        total += self.merged
        return total + len(self.conflicts) == self.rows_total


@dataclass
class ImportContext:
    """What a converter may use: the knowledge base, the dataset's source, caches."""

    kb: Knowledge
    source_id: int
    session: Session | None = None
    cache: dict[Any, Any] = field(default_factory=dict)


class Importer(ABC):
    """One external format."""

    format: str
    system: str
    #: The column holding the dataset's own id (duplicates within a file are rejected).
    id_column: str = "id"
    #: Part of every row's hash: when the conversion rules change, a re-import updates the
    #: rows whose result changed. Importers that read keywords.yaml add its hash.
    rules_version: str = "1"
    required_columns: tuple[str, ...] = ()
    source: dict[str, Any] = {}
    #: Options the importer takes (e.g. ``countries`` for ``militancydb import --country``).
    options: tuple[str, ...] = ()
    #: New rows are matched against the held incidents (``io/dataset_merge.py``): a
    #: confident match is merged into the held incident, an uncertain one linked to it.
    match_held: bool = True
    #: The conversion reads no database (a pure function of the row, the knowledge base and
    #: the context's memos), so it may run in worker processes (``io/import_workers.py``).
    convert_in_workers: bool = False

    def configure(self, **options: Any) -> None:
        """Set the options named in :attr:`options` (the registry checks the names)."""
        for name, value in options.items():
            setattr(self, name, value)

    def finish(  # noqa: B027 (a hook: doing nothing is the default)
        self, session: Session, ctx: ImportContext, editor: Editor, report: ImportReport
    ) -> None:
        """Called once after every row is stored (default: nothing); e.g. records that need
        the incidents' ids, such as claims. Problems go to ``report.warnings``."""

    @abstractmethod
    def read(self, path: Path) -> Iterator[RawRow | Reject]:
        """Yield (row number, file line, raw row), or a :class:`Reject` for a row that does not
        fit the file's header; raise ImportFailed for a file that cannot be read at all."""

    @abstractmethod
    def convert(
        self, row: int, raw: dict[str, str], ctx: ImportContext
    ) -> Converted | Reject | Skip:
        """Turn one raw row into an incident, or say why not (Reject), or leave it out on
        purpose (Skip)."""

    def convert_to_store(
        self, row: int, raw: dict[str, str], ctx: ImportContext
    ) -> Converted | Prepared | Reject | Skip:
        """What the engine stores a new or changed row from, when no held incident is
        matched against it: by default :meth:`convert`; an importer with a fast path
        returns :class:`Prepared` where its plain checks vouch for the row, and what
        :meth:`convert` returns where they do not."""
        return self.convert(row, raw, ctx)

    def check_columns(self, columns: list[str] | None, path: Path) -> None:
        """Refuse a file that lacks required columns."""
        have = set(columns or [])
        missing = [c for c in self.required_columns if c not in have]
        if missing:
            raise ImportFailed(
                f"{path.name} is not a {self.format} file: missing column(s) "
                f"{', '.join(missing)}. Expected at least: {', '.join(self.required_columns)}."
            )
