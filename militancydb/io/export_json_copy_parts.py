"""PostgreSQL: JSON Lines and the JSON document of a whole selection through several
``COPY`` streams at once, one a date range, each on a connection of its own
(:mod:`militancydb.io.export_json_ranges`), read range after range.

Why: through one ``COPY`` (:mod:`militancydb.io.export_json_copy`) the export waits for one
serial plan: at 1,000,000 incidents about 31 CPU seconds of one backend, aggregating the
child lists, building each incident's text and sorting the texts, before its first row. A
parallel plan did not pay (each worker aggregated every list again). Cut at dates, each
range's statement aggregates only its own incidents' lists (the grouped subqueries are
restricted to the range's ids), builds and sorts only its texts, and the ranges' backends
run on separate cores; a range ahead of its turn holds its sorted rows on the server, its
``COPY`` waiting on the socket, so the client's memory stays that of a few batches.

The same rows as one statement: each range's connection imports the exporting session's
snapshot (``pg_export_snapshot``, ``SET TRANSACTION SNAPSHOT``, ``REPEATABLE READ READ
ONLY``), so every range sees the database as the session does, and the session must hold no
writes of its own (which another transaction never sees): :func:`copy_parts_pay` checks.
Each range is :mod:`militancydb.io.export_json_copy`'s statement with the range's dates
added to its conditions, under the same settings: the same text, in the same order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident
from militancydb.io.export_flat_joined import EXPORT_SETTINGS
from militancydb.io.export_json_copy import (
    COPY_SETTINGS,
    copy_sql,
    json_value_sql,
    raw_copy_texts,
    text_column,
)
from militancydb.io.export_json_joined import copies_utf8, joined_lists
from militancydb.io.export_json_ranges import Part, cores, date_bounds, in_order
from militancydb.io.export_json_rows import row_plan
from militancydb.services.incident_query import IncidentFilter

#: ranges per core: while the client writes one range, the server builds the next ones
RANGES_PER_CORE = 2


def copy_parts_pay(session: Session) -> bool:
    """Whether a whole PostgreSQL selection is read through several COPY streams: more
    than one core, UTF-8 (COPY's bytes are the output's), a transaction that outlives its
    statements (the exported snapshot lives as long as it), and no write in it (the ranges'
    transactions would not see it)."""
    if cores() < 2 or not copies_utf8(session):
        return False
    if session.new or session.dirty or session.deleted:
        return False
    raw: Any = session.connection().connection.driver_connection
    if raw.autocommit:  # the snapshot would end with its statement
        return False
    return session.scalar(text("SELECT txid_current_if_assigned()")) is None


def _copy_part(
    engine: Engine, snapshot: str, copy: tuple[str, dict[str, Any]], indented: bool, size: int
) -> Part[list[bytes]]:
    """One range: its COPY on a connection of its own, in the exporting snapshot."""
    running: list[Any] = []

    def batches() -> Iterator[list[bytes]]:
        import psycopg
        import psycopg.sql

        with engine.connect() as conn:
            raw: Any = conn.connection.driver_connection
            level, read_only = raw.isolation_level, raw.read_only
            ok = False
            try:
                raw.rollback()  # (the pool's ping may have opened a transaction)
                raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
                raw.read_only = True
                raw.execute(
                    psycopg.sql.SQL("SET TRANSACTION SNAPSHOT {}").format(
                        psycopg.sql.Literal(snapshot)
                    )
                )
                for k, v in {**EXPORT_SETTINGS, **COPY_SETTINGS}.items():
                    raw.execute("SELECT set_config(%s, %s, true)", (k, v))
                running.append(raw)
                yield from raw_copy_texts(raw, copy, indented, size)
                running.clear()
                raw.rollback()
                raw.isolation_level, raw.read_only = level, read_only
                ok = True
            finally:
                running.clear()
                if not ok:
                    conn.invalidate()

    def cancel() -> None:
        for raw in list(running):
            raw.cancel()

    return Part(batches, cancel)


def stream_json_copy_parts(
    session: Session,
    flt: IncidentFilter,
    *,
    indented: bool,
    size: int,
    parts: int | None = None,
    slots: int | None = None,
) -> Iterator[list[bytes]]:
    """The whole selection's incidents as JSON text, oldest first, ``size`` at a time,
    through a COPY per date range (see the module docstring); ``parts``: the ranges
    (default :data:`RANGES_PER_CORE` a core), ``slots``: built at a time (one a core)."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    slots = slots or cores()
    snapshot = str(session.scalar(text("SELECT pg_export_snapshot()")))
    bounds = date_bounds(session, flt, parts or slots * RANGES_PER_CORE)
    edges: list[Any] = [None, *bounds, None]
    ranges = []
    for lo, hi in zip(edges, edges[1:], strict=False):
        where = []
        if lo is not None:
            where.append(Incident.date_start >= lo)
        if hi is not None:
            where.append(Incident.date_start < hi)
        frm, lists = joined_lists(flt, indented, False, where)
        cols, _ = row_plan("postgresql", indented, lists, json_value_sql)
        stmt = (
            flt.apply(select(text_column(cols)).select_from(frm))
            .where(*where)
            .order_by(Incident.date_start, Incident.id)
        )
        copy = copy_sql(None, stmt, engine.dialect)
        ranges.append(_copy_part(engine, snapshot, copy, indented, size))
    yield from in_order(ranges, slots)
