"""The one output helper: any ``incidents list`` selection, in any export format, streamed.

Incidents are read in batches (:func:`incident_batches`: one page of the selection at a
time, the session emptied between pages), and each writer writes a batch before the next is
read; Parquet writes one row group per batch. Only ``--as-of`` selections are built whole
first (a past state is read from the change log).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Claim, Incident
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import FieldError, ValidationFailed
from militancydb.io.export_acled import ACLED_COLUMNS, acled_row
from militancydb.io.export_gtd import GTD_COLUMNS, ClaimInfo, gtd_row
from militancydb.io.export_parquet import write_parquet
from militancydb.io.export_text import write_csv, write_geojson, write_json, write_jsonl
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import list_incidents

BATCH = 500


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
) -> Iterator[list[IncidentPublic]]:
    """The selection, oldest first, ``size`` incidents at a time."""
    if as_of is not None:
        data = list_incidents(session, flt, as_of=as_of, limit=limit, offset=offset).data
        for start in range(0, len(data), size):
            yield data[start : start + size]
        return
    done = 0
    while limit is None or done < limit:
        want = size if limit is None else min(size, limit - done)
        page = list_incidents(session, flt, limit=want, offset=offset + done).data
        if not page:
            return
        session.expunge_all()  # what was loaded for this page is not needed again
        yield page
        done += len(page)
        if len(page) < want:
            return


def _claims(session: Session, ids: list[int]) -> dict[int, list[ClaimInfo]]:
    out: dict[int, list[ClaimInfo]] = {}
    rows = session.execute(
        select(
            Claim.incident_id, Claim.claimant_key, Claim.channel, Claim.channel_name, Claim.status
        )
        .where(Claim.incident_id.in_(ids), Claim.deleted.is_(False), Claim.kind == "claim")
        .order_by(Claim.id)
    )
    for iid, key, channel, name, status in rows:
        if iid is None:
            continue
        out.setdefault(iid, []).append(ClaimInfo(key, channel, name, status))
    return out


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
        assert path is not None
        return write_parquet(batches, path)
    total = selection_count(session, flt, as_of) if fmt is ExportFormat.JSON else None
    if path is not None:
        with path.open("w", encoding="utf-8", newline="") as f:
            return _text(session, fmt, batches, f, total)
    assert out is not None
    return _text(session, fmt, batches, out, total)


def _counted(
    batches: Iterator[list[IncidentPublic]], progress: Callable[[int], None]
) -> Iterator[list[IncidentPublic]]:
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
    batches: Iterator[list[IncidentPublic]],
    out: TextIO,
    total: int | None,
) -> int:
    if fmt is ExportFormat.JSON:
        return write_json(batches, out, total)
    if fmt is ExportFormat.JSONL:
        return write_jsonl(batches, out)
    if fmt is ExportFormat.GEOJSON:
        return write_geojson(batches, out)
    if fmt is ExportFormat.ACLED:
        return write_csv(batches, out, ACLED_COLUMNS, acled_row, neutralise=False)
    if fmt is ExportFormat.GTD:
        claims: dict[int, list[ClaimInfo]] = {}

        def with_claims() -> Iterator[list[IncidentPublic]]:
            for batch in batches:
                claims.clear()
                claims.update(_claims(session, [i.id for i in batch]))
                yield batch

        return write_csv(
            with_claims(), out, GTD_COLUMNS, lambda i: gtd_row(i, claims.get(i.id)), False
        )
    return write_csv(batches, out)
