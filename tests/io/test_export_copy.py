"""The whole JSON text of an incident built by the database (PostgreSQL: read through COPY,
io/export_json_copy.py; SQLite: temporary tables made by io/export_temp.py) is what the JSON
writers write from the JSON forms, on many coordinates, timestamps and dates: the server
writes dates, times and coordinates that Python wrote before. And SQLite's temporary
tables are gone, and its settings as they were, after an export, read to the end or not."""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident
from militancydb.io import export_json_joined
from militancydb.io.export_json_joined import stream_json_joined
from militancydb.io.export_json_rows import (
    stream_json_whole,
    write_json_texts,
    write_jsonl_texts,
)
from militancydb.io.export_output import ExportFormat, write_incidents
from militancydb.io.export_text import write_json, write_jsonl
from militancydb.services.incident_public import stream_forms
from militancydb.services.incident_query import IncidentFilter
from tests.io.test_export_stream import loaded

__all__ = ["loaded"]  # the fixture, shared with test_export_stream

EVERYTHING = IncidentFilter(include_deleted=True)

#: coordinates whose text is easy to get wrong: integral, signed zeros, the edges of
#: PostgreSQL's positional notation (1e-4, 1e15) and of orjson's and ``json``'s, the
#: smallest and largest, 17 significant digits
EDGES = [
    0.0, -0.0, 1.0, -1.0, 34.0, -180.0, 0.1, -0.1, 0.0001, -0.0001, 0.00010000000000000002,
    9.999999999999999e-05, 1e-05, 1.5e-05, 1e-06, 1e-07, -1e-07, 2.5e-10, 5e-324,
    2.2250738585072014e-308, 1e15, 999999999999999.9, 1e16, 1.2345e16, 123456789012345.67,
    1e22, 1.7976931348623157e308, -1.7976931348623157e308, 33.58333333333333,
    71.12345678901234, 0.30000000000000004, 1 / 3, 2 / 3, math.pi, -math.e,
]  # fmt: skip


def _coordinates(n: int) -> list[float]:
    """The edges, then random values over all magnitudes and as stored coordinates are
    (a few decimals)."""
    rng = random.Random(15)
    out = list(EDGES)
    while len(out) < n:
        kind = len(out) % 3
        if kind == 0:
            value = rng.uniform(1, 10) * 10.0 ** rng.randint(-12, 18)
        elif kind == 1:
            value = round(rng.uniform(-180, 180), rng.randint(0, 8))
        else:
            value = rng.uniform(-180, 180)
        out.append(-value if rng.random() < 0.3 else value)
    return out


def _times(n: int) -> list[dt.datetime]:
    rng = random.Random(16)
    edges = [
        dt.datetime(2020, 1, 2, 3, 4, 5),
        dt.datetime(2020, 1, 2, 3, 4, 5, 60),
        dt.datetime(2020, 1, 2, 3, 4, 5, 500000),
        dt.datetime(2020, 12, 31, 23, 59, 59, 999999),
        dt.datetime(999, 1, 1, 0, 0, 0, 1),
        dt.datetime(1, 1, 1),
        dt.datetime(9999, 12, 31, 23, 59, 59),
    ]
    start = dt.datetime(1900, 1, 1)
    more = []
    for _ in range(n - len(edges)):
        micro = rng.choice((0, rng.randint(0, 999999)))
        more.append(start + dt.timedelta(seconds=rng.randint(0, 4 * 10**9), microseconds=micro))
    return edges + more


def _varied(session: Session) -> int:
    """Coordinates, timestamps and end dates of every incident set to the values above;
    returns how many incidents were changed."""
    ids = list(session.scalars(select(Incident.id).order_by(Incident.id)))
    coords = _coordinates(2 * len(ids))
    times = _times(len(ids))
    for k, iid in enumerate(ids):
        values: dict[str, Any] = {
            "latitude": coords[2 * k],
            "longitude": coords[2 * k + 1],
            "created_at": times[k],
            "updated_at": times[-1 - k],
        }
        if k % 7 == 0:
            values["date_end"] = times[k].date()
        session.execute(update(Incident).where(Incident.id == iid).values(**values))
    session.flush()
    return len(ids)


def _texts(session: Session, indented: bool) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return stream_json_joined(session, EVERYTHING, indented=indented, size=1000)
    return stream_json_whole(session, EVERYTHING, indented=indented, size=1000)


@pytest.mark.parametrize("fmt", [ExportFormat.JSONL, ExportFormat.JSON])
def test_numbers_and_times_built_by_the_database_are_the_writers(
    loaded: Session, fmt: ExportFormat
):
    changed = _varied(loaded)
    assert changed > 6000
    indented = fmt is ExportFormat.JSON
    new, old = io.StringIO(), io.StringIO()
    forms = stream_forms(loaded, EVERYTHING, size=500)
    if indented:
        write_json_texts(_texts(loaded, True), new, 5)
        write_json(forms, old, 5)
    else:
        write_jsonl_texts(_texts(loaded, False), new)
        write_jsonl(forms, old)
    assert new.getvalue() == old.getvalue()
    text = new.getvalue()
    # the edges are there, written as the writers write them
    small = "1e-05" if indented else "0.00001"
    for part in ("34.0", "-0.0", small, "1e-7" if not indented else "1e-07", "1e+16", ".000060"):
        assert part in text, part


def _temp_tables(session: Session) -> list[str]:
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return [r[0] for r in cursor.execute("SELECT name FROM sqlite_temp_master")]
    finally:
        cursor.close()


def _secure_delete(session: Session) -> int:
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return int(cursor.execute("PRAGMA temp.secure_delete").fetchone()[0])
    finally:
        cursor.close()


@pytest.mark.parametrize("fmt", [ExportFormat.JSONL, ExportFormat.CSV])
def test_sqlite_temporary_tables_are_dropped_and_settings_restored(
    loaded: Session, fmt: ExportFormat
):
    if loaded.get_bind().dialect.name != "sqlite":
        pytest.skip("temporary tables are SQLite's path")
    before = _secure_delete(loaded)
    out = io.StringIO()
    n = write_incidents(loaded, EVERYTHING, fmt, out=out, size=100)
    assert n > 6000 and out.getvalue()
    assert _temp_tables(loaded) == [] and _secure_delete(loaded) == before
    # a reader that stops after the first batch
    texts = stream_json_whole(loaded, EVERYTHING, size=10)
    first = next(texts)
    assert len(first) == 10 and any("mdb_json" in t for t in _temp_tables(loaded))
    assert _secure_delete(loaded) == 0
    texts.close()
    assert _temp_tables(loaded) == [] and _secure_delete(loaded) == before
    # and a second export on the same connection writes the same
    again = io.StringIO()
    write_incidents(loaded, EVERYTHING, fmt, out=again, size=100)
    assert again.getvalue() == out.getvalue()


@pytest.mark.parametrize("fmt", [ExportFormat.JSONL, ExportFormat.JSON])
def test_postgresql_without_utf8_copy_reads_the_pieces(loaded: Session, fmt: ExportFormat):
    """A PostgreSQL connection whose client encoding is not UTF-8 reads the text in pieces
    from a cursor (the path before COPY), and writes the same."""
    if loaded.get_bind().dialect.name != "postgresql":
        pytest.skip("COPY is PostgreSQL's path")
    _varied(loaded)
    copied = io.StringIO()
    write_incidents(loaded, EVERYTHING, fmt, out=copied, size=300)
    read = []
    original = export_json_joined.json_texts

    def spy(*args: Any) -> Any:
        read.append(args[2])
        return original(*args)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(export_json_joined, "copies_utf8", lambda session: False)
        m.setattr(export_json_joined, "json_texts", spy)
        pieces = io.StringIO()
        write_incidents(loaded, EVERYTHING, fmt, out=pieces, size=300)
    assert len(read) == 1 and "%s" in read[0]  # the template of the pieces
    old = io.StringIO()
    forms = stream_forms(loaded, EVERYTHING, size=500)
    # the document's count: every incident of the selection, as many as written
    write_json(forms, old) if fmt is ExportFormat.JSON else write_jsonl(forms, old)
    assert pieces.getvalue() == copied.getvalue() == old.getvalue()
