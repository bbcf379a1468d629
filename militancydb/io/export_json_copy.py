"""JSON Lines and the JSON document of a whole PostgreSQL selection through ``COPY (SELECT
...) TO STDOUT``: the server builds each incident's whole JSON text, dates and coordinates
included, and sends it as one row of the copy; the client gets a row as bytes that go to the
file as they are, with no per-row Python object but those bytes.

Why: reading the select of :mod:`militancydb.io.export_json_joined` from a server-side
cursor, the client spent about 14 µs an incident (1,000,000: 7.8 s user and 9.4 s system
time): five texts and six values a row through psycopg's loaders, the dates and the
coordinates written by Python, the line encoded and joined. Through ``COPY`` the rows arrive
as the protocol's copy data, one buffer each.

The copy's framing is chosen so that it adds nothing to a line: CSV, with a delimiter
(U+0002) and a quote (U+0001) that never appear raw in JSON text (JSON escapes every
control character below U+0020), so a compact line is never quoted and arrives exactly as
written, followed by a line feed; an indented incident (whose text has line breaks) is
quoted with U+0001 at both ends, which are cut off. No other escaping happens in CSV
(unlike COPY's text format, which doubles every backslash).

The text is the writers' byte for byte (:mod:`militancydb.io.export_json_rows` says how
the layout is made; ``tests/io/test_export_fast.py`` and ``tests/io/test_export_copy.py``
hold it, the latter the numbers on many values). What the server writes here that Python
wrote before:

* dates: ``to_char(d, 'YYYY-MM-DD')``, as ``date.isoformat()`` (four-digit year);
* timestamps (without time zone): ``to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS')`` and, when the
  microseconds are not zero, ``.`` and their six digits, as ``datetime.isoformat()``;
* coordinates: PostgreSQL writes a ``float8`` as the shortest text that reads back to the
  same number (``extra_float_digits = 1``, set for the export), the digits Python's
  ``repr`` and orjson choose too; in positional notation (1e-4 ≤ |x| < 1e15) only an
  integral value differs (``34`` against ``34.0``, ``-0`` against ``-0.0``) and gets its
  ``.0``. A value in exponent notation, ``NaN`` or an infinity (where orjson, ``json`` and
  PostgreSQL each write it otherwise) is sent between two U+0003 marks, and Python writes
  it from the text (exact: it reads back to the same float) as the writer did. Such rows
  are rare (a coordinate within 1e-4 of zero); finding one costs a byte search per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Date, DateTime, Float, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Label

from militancydb.db.tables import Incident
from militancydb.io.export_flat_joined import export_settings
from militancydb.io.export_json_rows import compact_number, document_number, row_plan
from militancydb.io.export_jsonl import checked_once
from militancydb.services.incident_query import IncidentFilter

#: COPY's framing: CSV with a delimiter and a quote that JSON text never holds raw
COPY_OPTIONS = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'"
#: what the server sets for the copy (transaction-local, set back after): the shortest
#: float text; and a serial plan. A cursor's select was never planned in parallel, a
#: COPY's is, and each parallel worker then aggregated every child list again (EXPLAIN
#: ANALYZE: ``loops=3``): at 1,000,000 incidents the server's CPU doubled (61.5 against
#: 31.8 s for JSON Lines) and the export took longer (57.6 against 48.5 s, load 2-4)
COPY_SETTINGS = {"extra_float_digits": "1", "max_parallel_workers_per_gather": "0"}
_MARK = b"\x03"
_MARKED = re.compile(rb"\x03([^\x03]*)\x03")


def json_value_sql(source: str) -> str:
    """The SQL of the JSON text of an incident column that Python wrote before (a date, a
    timestamp, a coordinate), as the module docstring says."""
    col = f"incidents.{source}"
    kind = Incident.__table__.c[source].type
    if isinstance(kind, DateTime):
        us = f"to_char({col}, 'US')"
        fraction = f"CASE WHEN {us} = '000000' THEN '' ELSE '.' || {us} END"
        text = f"""'"' || to_char({col}, 'YYYY-MM-DD"T"HH24:MI:SS') || {fraction} || '"'"""
    elif isinstance(kind, Date):
        text = f"""'"' || to_char({col}, 'YYYY-MM-DD') || '"'"""
    elif isinstance(kind, Float):
        t = f"({col})::text"
        text = (
            f"CASE WHEN {t} ~ '[^0-9.-]' THEN chr(3) || {t} || chr(3) "
            f"WHEN strpos({t}, '.') > 0 THEN {t} ELSE {t} || '.0' END"
        )
    else:
        raise ValueError(f"no JSON text in SQL for incidents.{source}")
    return f"CASE WHEN {col} IS NULL THEN 'null' ELSE {text} END"


def text_column(cols: list[Any]) -> Label[Any]:
    """The one column of :func:`~militancydb.io.export_json_rows.row_plan` (called with
    :func:`json_value_sql`): the incident's whole text, its texts tested for a character
    to escape once a row (:func:`militancydb.io.export_jsonl.checked_once`)."""
    (col,) = cols
    assert isinstance(col, Label)
    return literal_column(checked_once(col.element.name)).label(col.name)


def copy_sql(session: Session | None, stmt: Any, dialect: Any = None) -> tuple[str, dict[str, Any]]:
    """``COPY (stmt) TO STDOUT`` with :data:`COPY_OPTIONS`, and its parameters (bound by
    psycopg on the client: COPY takes none from the server's protocol), for the session's
    dialect (or ``dialect``)."""
    if session is not None:
        dialect = session.get_bind().dialect
    compiled = stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    return f"COPY ({compiled}) TO STDOUT ({COPY_OPTIONS})", dict(compiled.params)


def _unmarked(number: Callable[[Any], bytes]) -> Callable[[bytes], bytes]:
    def fix(text: bytes) -> bytes:
        return _MARKED.sub(lambda m: number(float(m.group(1))), text)

    return fix


def copy_texts(session: Session, stmt: Any, indented: bool, size: int) -> Iterator[list[bytes]]:
    """Each incident's JSON text (UTF-8) from the one-column rows of ``stmt`` (its text
    built by the server, :func:`json_value_sql`), ``size`` at a time, through COPY."""
    raw: Any = session.connection().connection.driver_connection
    yield from raw_copy_texts(raw, copy_sql(session, stmt), indented, size)


def raw_copy_texts(
    raw: Any, copy: tuple[str, dict[str, Any]], indented: bool, size: int
) -> Iterator[list[bytes]]:
    """:func:`copy_texts` on a psycopg connection, of a COPY statement and its parameters
    (:func:`copy_sql`)."""
    if raw.info.encoding != "utf-8":
        raise ValueError("the COPY export needs the connection's client encoding UTF8")
    sql, params = copy
    fix = _unmarked(document_number if indented else compact_number)
    with raw.cursor() as cursor, cursor.copy(sql, params or None) as stream:
        batch: list[bytes] = []
        append = batch.append
        read = stream.read
        while data := read():
            # a quoted (indented) text: U+0001 text U+0001 LF; else text LF; cut from the
            # driver's buffer, then copied once (not copied whole, then cut into a copy)
            text = bytes(data[1:-2]) if data[0] == 1 else bytes(data[:-1])
            if _MARK in text:
                text = fix(text)
            append(text)
            if len(batch) == size:
                yield batch
                batch = []
                append = batch.append
        if batch:
            yield batch


def stream_json_copy(
    session: Session,
    flt: IncidentFilter,
    lists: dict[str, str],
    frm: Any,
    *,
    indented: bool,
    size: int,
) -> Iterator[list[bytes]]:
    """The selection's incidents as JSON text (see the module docstring), oldest first:
    ``frm`` the incidents joined to the lists' subqueries, whose text is ``lists``'
    SQL by list."""
    cols, _ = row_plan("postgresql", indented, lists, json_value_sql)
    stmt = flt.apply(select(text_column(cols)).select_from(frm)).order_by(
        Incident.date_start, Incident.id
    )
    with export_settings(session, COPY_SETTINGS):
        yield from copy_texts(session, stmt, indented, size)
