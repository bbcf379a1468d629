"""The one output helper: any ``incidents list`` selection, in any export format, streamed.

Incidents are read as their JSON form from one server-side cursor, a batch at a time
(:func:`incident_batches`, through :func:`militancydb.io.export_public.stream_forms`: the
driver's rows, no ORM objects; CSV and GeoJSON from flat rows whose lists are aggregated in
SQL a batch at a time, :mod:`militancydb.io.export_flat_batches`), and each writer writes a
batch before the next is read;
JSON Lines and JSON take the child lists as JSON text from the database
(:mod:`militancydb.io.export_jsonl`), and a whole PostgreSQL selection's or a large SQLite
selection's each incident's whole JSON text (:mod:`militancydb.io.export_json_rows`); a
whole PostgreSQL selection's and a large SQLite
selection's CSV and GeoJSON come from one select whose rows are text built by the database
(:mod:`militancydb.io.export_flat_joined`, :mod:`militancydb.io.export_flat_whole`,
:mod:`militancydb.io.export_flat_text`). Parquet writes one row group per batch, so memory
holds one batch whatever the selection's size. Only ``--as-of`` selections are built whole
first (a past state is read from the change log). The GTD and ACLED layouts read the
incident's public model (``IncidentPublic.model_validate`` of the JSON form, no database
work).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident
from militancydb.errors import FieldError, ValidationFailed
from militancydb.io.export import Public
from militancydb.io.export_flat_batches import stream_flat_batches
from militancydb.io.export_flat_joined import stream_flat_joined
from militancydb.io.export_flat_text import write_csv_text, write_geojson_text
from militancydb.io.export_flat_whole import stream_flat_whole, whole_pays
from militancydb.io.export_json_copy_parts import copy_parts_pay, stream_json_copy_parts
from militancydb.io.export_json_joined import stream_json_joined
from militancydb.io.export_json_rows import (
    stream_json_whole,
    write_json_texts,
    write_jsonl_texts,
)
from militancydb.io.export_jsonl import stream_text_forms
from militancydb.io.export_public import BATCH as READ_BATCH
from militancydb.io.export_public import stream_forms
from militancydb.io.export_text import (
    flat_rows,
    write_csv,
    write_flat_csv,
    write_geojson,
    write_json,
    write_jsonl,
)
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import list_incidents
from militancydb.services.row_batches import read_cache

if TYPE_CHECKING:
    from militancydb.io.export_claims import ClaimInfo

# The writers of the GTD, ACLED and Parquet shapes (pyarrow, numpy, the crosswalk's YAML)
# and the pydantic incident model are imported where a format needs them: a csv or JSON
# export, like every read command, does not pay for them before its first query.

BATCH = READ_BATCH
T = TypeVar("T")


class ExportFormat(StrEnum):
    """Formats of ``incidents list`` (``table`` is rendered by the CLI)."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    GEOJSON = "geojson"
    GTD = "gtd"
    ACLED = "acled"
    PARQUET = "parquet"


#: Formats written from flat rows computed in SQL (io/export_flat_batches.py).
FLAT = frozenset({ExportFormat.CSV, ExportFormat.GEOJSON})
#: Formats written to a file (``--out``), not to the terminal.
BINARY = frozenset({ExportFormat.PARQUET})


def incident_batches(
    session: Session,
    flt: IncidentFilter,
    *,
    as_of: dt.date | None = None,
    limit: int | None = None,
    offset: int = 0,
    size: int = BATCH,
) -> Iterator[list[Public]]:
    """The selection's JSON forms, oldest first, ``size`` incidents at a time."""
    if as_of is not None:
        data = list_incidents(session, flt, as_of=as_of, limit=limit, offset=offset).data
        for start in range(0, len(data), size):
            yield [i.model_dump(mode="json") for i in data[start : start + size]]
        return
    yield from stream_forms(session, flt, limit=limit, offset=offset, size=size)


def write_incidents(
    session: Session,
    flt: IncidentFilter,
    fmt: ExportFormat,
    *,
    out: TextIO | None = None,
    path: Path | None = None,
    as_of: dt.date | None = None,
    limit: int | None = None,
    offset: int = 0,
    size: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the selection in ``fmt`` to ``out`` (text formats) or ``path`` (any format);
    returns the number of incidents written. ``progress`` is told each batch's size."""
    with read_cache(session):
        return _write(session, flt, fmt, out, path, as_of, limit, offset, size, progress)


def _write(
    session: Session,
    flt: IncidentFilter,
    fmt: ExportFormat,
    out: TextIO | None,
    path: Path | None,
    as_of: dt.date | None,
    limit: int | None,
    offset: int,
    size: int,
    progress: Callable[[int], None] | None,
) -> int:
    if fmt is ExportFormat.TABLE:
        raise ValidationFailed([FieldError("format", "table is rendered by the CLI")], "export")
    if fmt in BINARY and path is None:
        raise ValidationFailed(
            [FieldError("out", f"{fmt} is a binary format: give a file with --out FILE")],
            "export",
        )
    batches = incident_batches(session, flt, as_of=as_of, limit=limit, offset=offset, size=size)
    if progress is not None:
        batches = _counted(batches, progress)
    if fmt is ExportFormat.PARQUET:
        from militancydb.io.export_parquet import write_parquet

        assert path is not None
        return write_parquet(batches, path)
    if fmt in FLAT:
        # not one correlated subquery per row and column: the lists are aggregated a batch
        # at a time (io/export_flat_batches.py), or on PostgreSQL over the whole selection
        # in one select (io/export_flat_joined.py; a --limit or --offset selection is read
        # by batches there: its planner ran the limited ids' subquery badly)
        # and on SQLite, a large selection from child tables aggregated once
        # (io/export_flat_whole.py)
        whole = _dialect(session) == "postgresql" and limit is None and not offset
        stream: Any = (
            None
            if as_of is not None
            else stream_flat_joined
            if whole
            else stream_flat_whole
            if whole_pays(session, flt, limit=limit, offset=offset)
            else None
        )
        rows: Iterator[list[Any]]
        if as_of is not None:
            rows = flat_rows(batches)
        elif stream is not None:
            # one select: each line (csv) or feature's properties (geojson) as text built
            # by the database (io/export_flat_text.py)
            rows = stream(session, flt, limit=limit, offset=offset, size=size, text=str(fmt))
        else:
            rows = stream_flat_batches(session, flt, limit=limit, offset=offset, size=size)
        if progress is not None and as_of is None:
            rows = _counted(rows, progress)
        if stream is not None:
            writer: Callable[[Any, TextIO], int] = (
                write_csv_text if fmt is ExportFormat.CSV else write_geojson_text
            )
        else:
            writer = write_flat_csv if fmt is ExportFormat.CSV else write_geojson
        if path is not None:
            with path.open("w", encoding="utf-8", newline="") as f:
                return writer(rows, f)
        assert out is not None
        return writer(rows, out)
    if fmt in (ExportFormat.JSONL, ExportFormat.JSON) and as_of is None:
        texts = _json_texts(session, flt, fmt, limit, offset, size)
        if texts is not None:
            if progress is not None:
                texts = _counted(texts, progress)
            return _write_texts(session, flt, fmt, texts, out, path)
        # the child lists serialised by the database (io/export_jsonl.py)
        batches = stream_text_forms(
            session,
            flt,
            indented=fmt is ExportFormat.JSON,
            limit=limit,
            offset=offset,
            size=size,
        )
        if progress is not None:
            batches = _counted(batches, progress)
    total = selection_count(session, flt, as_of) if fmt is ExportFormat.JSON else None
    if path is not None:
        with path.open("w", encoding="utf-8", newline="") as f:
            return _text(session, fmt, batches, f, total)
    assert out is not None
    return _text(session, fmt, batches, out, total)


def _json_texts(
    session: Session,
    flt: IncidentFilter,
    fmt: ExportFormat,
    limit: int | None,
    offset: int,
    size: int,
) -> Iterator[list[bytes]] | None:
    """A whole PostgreSQL selection's or a large SQLite selection's incidents as JSON text
    built by the database (io/export_json_rows.py); None where that does not pay."""
    indented = fmt is ExportFormat.JSON
    if _dialect(session) == "postgresql":
        if limit is None and not offset:
            if copy_parts_pay(session):
                # a COPY stream per date range, at once (io/export_json_copy_parts.py)
                return stream_json_copy_parts(session, flt, indented=indented, size=size)
            return stream_json_joined(session, flt, indented=indented, size=size)
        return None
    if whole_pays(session, flt, limit=limit, offset=offset):
        return stream_json_whole(
            session, flt, indented=indented, limit=limit, offset=offset, size=size
        )
    return None


def _write_texts(
    session: Session,
    flt: IncidentFilter,
    fmt: ExportFormat,
    texts: Iterator[list[bytes]],
    out: TextIO | None,
    path: Path | None,
) -> int:
    def write(f: TextIO) -> int:
        if fmt is ExportFormat.JSONL:
            return write_jsonl_texts(texts, f)
        return write_json_texts(texts, f, selection_count(session, flt, None))

    if path is not None:
        with path.open("w", encoding="utf-8", newline="") as f:
            return write(f)
    assert out is not None
    return write(out)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _counted(batches: Iterator[list[T]], progress: Callable[[int], None]) -> Iterator[list[T]]:
    for batch in batches:
        yield batch
        progress(len(batch))


def selection_count(session: Session, flt: IncidentFilter, as_of: dt.date | None) -> int:
    """How many incidents the selection holds (whatever ``--limit`` says)."""
    if as_of is not None:
        return list_incidents(session, flt, as_of=as_of, limit=1).count
    ids = flt.apply(select(Incident.id)).subquery()
    return int(session.scalar(select(func.count()).select_from(ids)) or 0)


def _text(
    session: Session,
    fmt: ExportFormat,
    batches: Iterator[list[Public]],
    out: TextIO,
    total: int | None,
) -> int:
    if fmt is ExportFormat.JSON:
        return write_json(batches, out, total)
    if fmt is ExportFormat.JSONL:
        return write_jsonl(batches, out)
    if fmt not in (ExportFormat.ACLED, ExportFormat.GTD):
        raise ValueError(f"{fmt} is not a text format")  # CSV and GeoJSON: write_incidents
    from militancydb.domain.incident import IncidentPublic
    from militancydb.io.export_acled import ACLED_COLUMNS, acled_row
    from militancydb.io.export_claims import claims_of
    from militancydb.io.export_gtd import GTD_COLUMNS, gtd_row

    # both shapes read an incident's claims from its claim records, a batch at a time
    claims: dict[int, list[ClaimInfo]] = {}

    def with_claims() -> Iterator[list[Public]]:
        for batch in batches:
            claims.clear()
            claims.update(claims_of(session, [i["id"] for i in batch]))
            yield batch

    if fmt is ExportFormat.ACLED:

        def acled(i: Public) -> dict[str, Any]:
            return acled_row(IncidentPublic.model_validate(i), claims.get(i["id"], []))

        return write_csv(with_claims(), out, ACLED_COLUMNS, acled, neutralise=False)

    def gtd(i: Public) -> dict[str, Any]:
        return gtd_row(IncidentPublic.model_validate(i), claims.get(i["id"]))

    return write_csv(with_claims(), out, GTD_COLUMNS, gtd, False)
