"""Flat rows written as text by the database: each CSV line and each GeoJSON feature's
properties assembled in SQL, so that a row reaches Python as two texts and two coordinates
instead of 33 values (PostgreSQL's one select, :mod:`militancydb.io.export_flat_joined`, and
SQLite's whole-table path, :mod:`militancydb.io.export_flat_whole`).

Why: with the child tables aggregated in SQL, what remained of a csv row was Python's: a
tuple of 33 values from the driver, the formula check of each cell, and the ``csv`` module
(on SQLite about 5 of 19 µs a row, on PostgreSQL most of the client's 11 µs). The database
concatenates text faster than Python builds and walks the tuple.

The text is the writers' (:func:`militancydb.io.export_text.write_flat_csv`,
:func:`~militancydb.io.export_text.write_geojson`) byte for byte; each rule here is theirs:

* CSV (``csv.writer``, ``lineterminator="\\n"``, minimal quoting): an unknown value is an
  empty cell; a text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  gets a leading apostrophe (numbers never); a text containing a comma, a double quote or a
  line feed is quoted, its quotes doubled (a carriage return alone is not quoted, as Python
  3.11's writer does not); integers in decimal; a boolean ``True`` / ``False``.
* GeoJSON properties (``json.dumps(..., ensure_ascii=False)``: ``", "`` and ``": "``): an
  empty text is ``null``; texts quoted and escaped by the database's JSON quoting (SQLite's
  ``json_quote``, PostgreSQL's ``to_json``), which escape what ``json`` escapes: ``"``,
  ``\\``, the control characters below U+0020 (``\\b \\f \\n \\r \\t``, the others as
  ``\\u00xx``), nothing else; booleans ``true`` / ``false``.
* The coordinates stay numbers, formatted by Python (``repr``, as ``csv`` and ``json`` do):
  the databases' float text is not Python's (``34`` against ``34.0``; SQLite's 15 digits).

``tests/io/test_export_flat_text.py`` holds the lines equal to the writers' on every row of
the test database and on awkward texts (quotes, commas, line breaks, control characters,
formulas, non-Latin text).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from sqlalchemy import String, case, func, literal, type_coerce

from militancydb.io.export import CSV_COLUMNS
from militancydb.io.export_text import FORMULA_STARTS

#: the columns that are numbers or booleans (every other column is text)
INTEGERS = frozenset(
    {
        "id",
        "version",
        "killed_low",
        "killed_best",
        "killed_high",
        "injured_low",
        "injured_best",
        "injured_high",
        "killed_civilians",
        "killed_security",
        "killed_militants",
    }
)
BOOLEANS = frozenset({"suicide"})
COORDINATES = ("latitude", "longitude")
_LAT, _LON = CSV_COLUMNS.index("latitude"), CSV_COLUMNS.index("longitude")

#: text rows: (csv text before the coordinates, latitude, longitude, csv text after them)
#: or (GeoJSON properties, latitude, longitude)
TextRows = Iterable[Sequence[Sequence[Any]]]


def _s(value: Any) -> Any:
    return type_coerce(value, String())


def _has(dialect: str, value: Any, char: str) -> Any:
    if dialect == "postgresql":
        return func.strpos(value, char) > 0
    return func.instr(value, char) > 0


def _csv_cell(dialect: str, name: str, value: Any) -> Any:
    """The cell of column ``name`` as ``csv.writer`` writes it after the formula check."""
    if name in BOOLEANS:
        return case((value.is_(True), "True"), (value.is_(False), "False"), else_="")
    if name in INTEGERS:
        return func.coalesce(_s(value).concat(""), "")
    text = _s(value)
    safe = case((func.substr(text, 1, 1).in_(FORMULA_STARTS), literal("'") + text), else_=text)
    quoted = case(
        (
            _has(dialect, text, ",") | _has(dialect, text, '"') | _has(dialect, text, "\n"),
            literal('"') + func.replace(safe, '"', '""') + literal('"'),
        ),
        else_=safe,
    )
    return func.coalesce(quoted, "")


def _joined(dialect: str, parts: list[Any]) -> Any:
    """The text of these parts (none of them NULL). PostgreSQL: one ``concat`` (at most 100
    arguments), not a chain of ``||``, each of which copies the text built so far: the
    chain was about a third of the server's time for a million GeoJSON features
    (``EXPLAIN ANALYZE``, docs/performance.md "Exports")."""
    if dialect == "postgresql" and len(parts) <= 100:
        return type_coerce(func.concat(*parts), String())
    out = parts[0]
    for p in parts[1:]:
        out = out + p
    return out


def csv_columns(dialect: str, values: Sequence[Any]) -> list[Any]:
    """From the flat columns (in ``CSV_COLUMNS`` order): the select of a text row, (the
    line's text before the coordinates ending in a comma, latitude, longitude, the text
    after them starting with a comma)."""
    cells = [_csv_cell(dialect, CSV_COLUMNS[k], v) for k, v in enumerate(values)]
    before = _joined(dialect, [p for c in cells[:_LAT] for p in (c, literal(","))])
    after = _joined(dialect, [p for c in cells[_LON + 1 :] for p in (literal(","), c)])
    return [
        before.label("before"),
        values[_LAT].label("latitude"),
        values[_LON].label("longitude"),
        after.label("after"),
    ]


def _json_value(dialect: str, name: str, value: Any) -> Any:
    if name in BOOLEANS:
        return case((value.is_(True), "true"), (value.is_(False), "false"), else_="null")
    if name in INTEGERS:
        return func.coalesce(_s(value).concat(""), "null")
    text = func.nullif(_s(value), "")
    if dialect == "postgresql":
        return func.coalesce(type_coerce(func.to_json(text), String()).concat(""), "null")
    return _s(func.json_quote(text))


def geojson_columns(dialect: str, values: Sequence[Any]) -> list[Any]:
    """From the flat columns (in ``CSV_COLUMNS`` order): the select of (the properties of
    the row's GeoJSON feature as JSON text, latitude, longitude)."""
    parts: list[Any] = []
    for k, (name, value) in enumerate(zip(CSV_COLUMNS, values, strict=True)):
        if name in COORDINATES:
            continue
        key = json.dumps(name) + ": "
        parts.append(literal(("{" if k == 0 else ", ") + key))
        parts.append(_json_value(dialect, name, value))
    parts.append(literal("}"))
    return [
        _joined(dialect, parts).label("properties"),
        values[_LAT].label("latitude"),
        values[_LON].label("longitude"),
    ]


#: the select of text rows by format
TEXT_COLUMNS = {"csv": csv_columns, "geojson": geojson_columns}


def _number(x: float) -> str:
    """A coordinate as ``json`` writes it (``repr``; ``NaN`` and ``Infinity`` as ``json``)."""
    return repr(x) if math.isfinite(x) else json.dumps(x)


def write_csv_text(batches: TextRows, out: TextIO) -> int:
    """Our CSV from text rows (:func:`csv_columns`): the header, then one line a row."""
    out.write(",".join(CSV_COLUMNS) + "\n")
    n = 0
    for batch in batches:
        out.write(
            "".join(
                [
                    f"{b}{'' if lat is None else repr(lat)},{'' if lon is None else repr(lon)}{a}\n"
                    for b, lat, lon, a in batch
                ]
            )
        )
        n += len(batch)
    return n


def write_geojson_text(batches: TextRows, out: TextIO) -> int:
    """The FeatureCollection from text rows (:func:`geojson_columns`), as
    :func:`militancydb.io.export_text.write_geojson` writes it."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = missing = 0
    for batch in batches:
        parts = []
        for props, lat, lon in batch:
            if lat is None or lon is None:
                missing += 1
                continue
            parts.append(
                ("," if n else "")
                + '\n{"type": "Feature", "geometry": {"type": "Point", "coordinates": ['
                + _number(lon)
                + ", "
                + _number(lat)
                + ']}, "properties": '
                + props
                + "}"
            )
            n += 1
        out.write("".join(parts))
    out.write(f'\n], "properties": {{"without_coordinates": {missing}}}}}\n')
    return n + missing
