"""SQLite: each incident's WHOLE JSON text built by the database, dates, times and
coordinates included, so that a row reaches Python as one UTF-8 text that goes to the file
as it is (:func:`militancydb.io.export_json_rows.stream_json_whole`).

Why: with the dates and coordinates written by Python, a row came as five texts and six
values, the dates converted by SQLAlchemy and ``isoformat`` (once per distinct value), the
coordinates by orjson, and joined by ``%``: about 9 µs an incident in Python, a third of
JSON Lines' CPU.

What the database writes, and where it leaves the value to Python:

* a date stored as SQLAlchemy stores it (``YYYY-MM-DD``, checked by ``GLOB``) is its own
  ISO text; a timestamp (``YYYY-MM-DD HH:MM:SS.ffffff``) becomes ``YYYY-MM-DDTHH:MM:SS``
  and ``.ffffff`` unless the microseconds are zero, as ``datetime.isoformat()`` (two
  ``replace``: the ``GLOB`` leaves one space and one ``.000000`` at most, at their places);
* a coordinate: ``printf('%!.15g')``, when that text reads back to the same number. Then
  it is the shortest text that does, which ``repr`` and orjson write: the 15-digit decimals
  are further apart than a double's step (``DBL_DIG``), so at most one of them reads back
  to a given double, and the shortest text padded with zeros is one; ``%g`` drops the
  zeros. In positional notation (1e-4 ≤ |x| < 1e15, tested on the value: a value that
  ``%.15g`` rounds across either bound does not read back to itself) ``repr``, orjson and
  ``%g`` place the digits alike, but for ``.0`` after an integral value, which the ``!``
  flag writes. The text is made twice (test and value), not five times as before;
  (SQLite's text-to-number conversion is not always correctly rounded: a 16-digit value
  whose 15-digit text reads back to it in SQLite (one of 300,000 values over all magnitudes)
  is written with 15 digits where ``repr`` writes 16; coordinates as stored, with a few
  decimals, are far from it);
* anything else (a zero, whose sign ``=`` does not see; exponent notation, where orjson,
  ``json`` and ``%g`` differ; more than 15 significant digits; a value stored otherwise)
  is sent as a mark, ``U+0003 column:id U+0003``, and Python reads that value from the
  incident's row as before and writes it as the writer did. JSON text never holds U+0003
  raw (it escapes every control character).

The text is the writers' byte for byte (``tests/io/test_export_fast.py``,
``tests/io/test_export_copy.py``: coordinates over all magnitudes and at the edges of each
notation, 16 and 17 significant digits, timestamps with and without microseconds).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import Date, DateTime, Float, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident

_DATE = "[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]"
_TIME = _DATE + " [0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]"
_MARK = b"\x03"
_MARKED = re.compile(rb"\x03(\w+):(\d+)\x03")


def sqlite_value_sql(source: str) -> str:
    """The SQL of the JSON text of an incident column Python wrote before (a date, a
    timestamp, a coordinate), or its mark (see the module docstring)."""
    col = f"incidents.{source}"
    kind = Incident.__table__.c[source].type
    mark = f"char(3) || '{source}:' || incidents.id || char(3)"
    if isinstance(kind, DateTime):
        # the GLOB holds one space and one '.000000' at most, at their places
        text = f"'\"' || replace(replace({col}, ' ', 'T'), '.000000', '') || '\"'"
        test = f"{col} GLOB '{_TIME}'"
    elif isinstance(kind, Date):
        text = f"'\"' || {col} || '\"'"
        test = f"{col} GLOB '{_DATE}'"
    elif isinstance(kind, Float):
        # '!': '.0' after an integral value; 1e-4 <= |x| < 1e15: positional notation (a
        # value that %.15g rounds across either bound does not read back to itself)
        text = f"printf('%!.15g', {col})"
        test = (
            f"typeof({col}) = 'real' AND {col} != 0 AND abs({col}) >= 1e-4 "
            f"AND abs({col}) < 1e15 AND CAST({text} AS REAL) = {col}"
        )
    else:
        raise ValueError(f"no JSON text in SQL for incidents.{source}")
    return f"CASE WHEN {col} IS NULL THEN 'null' WHEN {test} THEN {text} ELSE {mark} END"


def unmarker(
    session: Session, write: dict[str, Callable[[Any], bytes]]
) -> Callable[[bytes], bytes]:
    """Replace each mark in an incident's text by the value's JSON text, read from the
    incident's row and written by ``write[column]`` (as the writer did)."""

    def value(m: re.Match[bytes]) -> bytes:
        name = m.group(1).decode()
        col = Incident.__table__.c[name]
        found = session.execute(select(col).where(Incident.id == int(m.group(2)))).scalar()
        return write[name](found)

    def fix(text: bytes) -> bytes:
        return _MARKED.sub(value, text) if _MARK in text else text

    return fix
