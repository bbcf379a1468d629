"""JSON Lines and the JSON document of a large selection with each incident's JSON text built
by the database: one select whose rows are the incident's text in a few pieces, the child
lists aggregated once for the whole export. SQLite's path is here: the lists go into
temporary tables, as :mod:`militancydb.io.export_flat_whole` does for csv, each grouped in
the order of its child table's ``incident_id`` index where SQLite's plan shows it (no sort
of every value); each piece of an incident's text is one ``printf`` (a chain of ``||``
copies the text built so far at each step), read as UTF-8 bytes that go to the file as they
are. PostgreSQL's (grouped subqueries joined to the incidents in one select, as
:mod:`militancydb.io.export_flat_joined` does for csv) is
:mod:`militancydb.io.export_json_joined`.

Why: with the lists as JSON text (:mod:`militancydb.io.export_jsonl`), a JSON Lines row on
SQLite still cost 34–38 µs: seven look-ups of the batch's incidents per child table (11),
the incident's read (5.5), conversions (3), a dict per incident (5), orjson (5). Here an
incident reaches Python as its text in pieces: Python adds what only it writes as it did
(the timestamps' and dates' ISO text, converted once per distinct value, and the two
coordinates, which orjson and ``json`` format otherwise than the databases) and joins.

The text is the writers' (:func:`militancydb.io.export_text.write_jsonl`,
:func:`~militancydb.io.export_text.write_json`) byte for byte. The layout comes from the
writers themselves: a skeleton of the form (its keys in order, each value a marker) is
written by orjson (JSON Lines: compact) and by ``json.dumps(indent=2)`` (the document), and
cut at the markers; the database fills each marker with the value's JSON text: integers in
decimal, booleans ``true`` / ``false`` (``aggregate`` false when unknown, as the form's
``bool()``), texts through the database's JSON quoting (the same escapes as orjson and
``json``; see :mod:`militancydb.io.export_jsonl`), ``null`` for NULL, the child lists as
:mod:`militancydb.io.export_jsonl` builds them (empty: ``[]``, ``{}``). The document's
coordinates are ``json``'s where orjson's differ (``1e-05``), as its writer does.
``tests/io/test_export_fast.py`` holds the text equal to the writers' on both backends, with
values that stress it (non-Latin text, control characters, null and tiny coordinates,
timestamps with and without microseconds, an incident without child rows).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO

import orjson
from sqlalchemy import column, literal_column, select, table
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident
from militancydb.io.export_json_sqlite import sqlite_value_sql, unmarker
from militancydb.io.export_jsonl import as_json, list_selects
from militancydb.io.export_temp import temp_tables
from militancydb.io.export_text import background_writer, utf8_writer
from militancydb.services.incident_public import ISO_COLUMNS
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.row_batches import read_batches

_INT, _BOOL, _FLAG, _TEXT, _PY, _LIST, _OBJECT = range(7)


def _skeleton() -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """The JSON form's keys in order (:func:`militancydb.services.incident_public._forms`),
    each value a marker ``@@k@@``, and what fills marker ``k``: (kind, column or list)."""
    fills: list[tuple[int, str]] = []

    def m(kind: int, source: str) -> str:
        fills.append((kind, source))
        return f"@@{len(fills) - 1}@@"

    text = functools.partial(m, _TEXT)
    form = {
        "id": m(_INT, "id"),
        "version": m(_INT, "version"),
        "deleted": m(_BOOL, "deleted"),
        "created_at": m(_PY, "created_at"),
        "created_by": text("created_by"),
        "updated_at": m(_PY, "updated_at"),
        "updated_by": text("updated_by"),
        "date_start": m(_PY, "date_start"),
        "date_end": m(_PY, "date_end"),
        "date_precision": text("date_precision"),
        "location": {
            "country": text("country"),
            "province": text("admin1_key"),
            "province_name": text("admin1_name"),
            "province_now": text("admin1_now_key"),
            "province_now_name": text("admin1_now_name"),
            "district": text("admin2_key"),
            "district_name": text("admin2_name"),
            "district_now": text("admin2_now_key"),
            "district_now_name": text("admin2_now_name"),
            "place": text("place_key"),
            "place_name": text("place_name"),
            "place_detail": text("place_detail"),
            "latitude": m(_PY, "latitude"),
            "longitude": m(_PY, "longitude"),
            "geo_precision": text("geo_precision"),
        },
        "event_type": text("event_type"),
        "event_type_rule": text("event_type_rule"),
        "event_type_confidence": text("event_type_confidence"),
        "aggregate": m(_FLAG, "aggregate"),
        "tactics": m(_LIST, "tactics"),
        "suicide": m(_BOOL, "suicide"),
        "targets": m(_LIST, "targets"),
        "casualties": m(_LIST, "casualties"),
        "totals": {
            name: m(_INT, name)
            for name in (
                "killed_low",
                "killed_best",
                "killed_high",
                "injured_low",
                "injured_best",
                "injured_high",
            )
        },
        "actors": m(_LIST, "actors"),
        "summary": text("summary"),
        "operation": text("operation_key"),
        "review_status": text("review_status"),
        "sources": m(_LIST, "sources"),
        "external_ids": m(_OBJECT, "external_ids"),
        "related": m(_LIST, "related"),
    }
    return form, fills


def _value(dialect: str, kind: int, source: str, lists: dict[str, str]) -> str:
    """The SQL of a marker's JSON text (``lists``: the SQL of each list's text, or NULL)."""
    col = f"incidents.{source}"
    if kind == _INT:
        return f"COALESCE(CAST({col} AS TEXT), 'null')"
    if kind == _BOOL:
        return f"CASE WHEN {col} IS NULL THEN 'null' WHEN {col} THEN 'true' ELSE 'false' END"
    if kind == _FLAG:
        return f"CASE WHEN {col} THEN 'true' ELSE 'false' END"
    if kind == _TEXT:
        return as_json(dialect, col, True)
    empty = "'{}'" if kind == _OBJECT else "'[]'"
    return f"COALESCE({lists[source]}, {empty})"


def _literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


Plan = tuple[list[Any], str]


def _concatenated(dialect: str, terms: Sequence[tuple[bool, str]]) -> str:
    """The SQL of the text of these terms (constants, and SQL of texts never NULL) in one
    call: ``a || b || c`` copies the text built so far at each step, which for an
    incident's 2 KB in about 60 steps cost more than the rest of the row (SQLite: one
    ``printf``; PostgreSQL: one ``concat``, at most 100 arguments, nested beyond)."""
    if dialect == "sqlite":
        pattern = "".join(t.replace("%", "%%") if const else "%s" for const, t in terms)
        values = [t for const, t in terms if not const]
        return f"printf({', '.join([_literal(pattern), *values])})"
    args = [_literal(t) if const else t for const, t in terms if t]
    while len(args) > 100:
        args = [f"concat({', '.join(args[k : k + 100])})" for k in range(0, len(args), 100)]
    return f"concat({', '.join(args)})"


def row_plan(
    dialect: str,
    indented: bool,
    lists: dict[str, str],
    py_sql: Callable[[str], str] | None = None,
) -> Plan:
    """The select's columns (texts built by the database, and the columns Python writes,
    in the form's order) and the template (``%``, one ``%s`` a column) of an incident's
    text from a row of them. SQLite gives its texts as UTF-8 bytes. ``py_sql``: the SQL of
    the JSON text of a column Python would write (dates, coordinates), by its name: the
    whole text is then one column (:mod:`militancydb.io.export_json_copy`)."""
    form, fills = _skeleton()
    layout = json.dumps(form, indent=2, ensure_ascii=False) if indented else orjson.dumps(form)
    if isinstance(layout, bytes):
        layout = layout.decode()
    cut = re.split(r'"@@(\d+)@@"', layout)
    cols: list[Any] = []
    fmt: list[str] = []
    sql: list[tuple[bool, str]] = []  # the database's text being built: (constant?, term)
    pending: list[str] = []  # constant text not yet placed

    def constant(s: str) -> None:
        if sql:
            sql.append((True, s))
        else:
            pending.append(s)

    def flush() -> None:
        if sql:
            built = _concatenated(dialect, sql)
            if dialect == "sqlite":
                # as UTF-8 bytes: no decoding to str and encoding back for the file
                built = f"CAST({built} AS BLOB)"
            cols.append(literal_column(built).label(f"t{len(cols)}"))
            fmt.append("%s")
            sql.clear()

    constant(cut[0])
    for k in range(1, len(cut), 2):
        kind, source = fills[int(cut[k])]
        if kind == _PY and py_sql is None:
            flush()
            fmt.append("".join(pending).replace("%", "%%"))
            pending.clear()
            cols.append(Incident.__table__.c[source])
            fmt.append("%s")
        else:
            if not sql:
                sql.append((True, "".join(pending)))
                pending.clear()
            term = py_sql(source) if py_sql and kind == _PY else None
            sql.append((False, term or _value(dialect, kind, source, lists)))
        constant(cut[k + 1])
    flush()
    fmt.append("".join(pending).replace("%", "%%"))
    return cols, "".join(fmt)


def _quoted_iso(value: Any) -> bytes:
    """A date or time as the form's JSON text (ISO, quoted), ``null`` when unknown."""
    return b"null" if value is None else b'"' + ISO_COLUMNS["date_start"](value).encode() + b'"'


def _quoted_iso_text(value: Any) -> str:
    return _quoted_iso(value).decode()


#: the dates' conversion after the type's, remembered per distinct value (row_batches.py):
#: as bytes (SQLite) or text (PostgreSQL)
_THEN = {
    as_bytes: dict.fromkeys(
        ("created_at", "updated_at", "date_start", "date_end"),
        _quoted_iso if as_bytes else _quoted_iso_text,
    )
    for as_bytes in (True, False)
}


def compact_number(x: Any) -> bytes:
    """A coordinate as JSON Lines write it (orjson's shortest text)."""
    return orjson.dumps(x)


def document_number(x: Any) -> bytes:
    """A coordinate as the JSON document's writer writes it (``json`` where it differs)."""
    if x.__class__ is float and 0 < abs(x) < 1e-4:
        return json.dumps(x).encode()
    return orjson.dumps(x)


def json_texts(
    session: Session, stmt: Any, template: str, indented: bool, size: int
) -> Iterator[list[bytes]]:
    """Each incident's JSON text (UTF-8) from the rows of ``stmt``, ``size`` at a time."""
    as_bytes = session.get_bind().dialect.name == "sqlite"
    number = document_number if indented else compact_number
    names = [c.name for c in stmt.selected_columns]
    lat, lon = names.index("latitude"), names.index("longitude")
    for rows in read_batches(session, stmt, size, then=_THEN[as_bytes]):
        if as_bytes:
            form = template.encode()
            out = []
            for row in rows:
                v = list(row)
                v[lat] = number(v[lat])
                v[lon] = number(v[lon])
                out.append(form % tuple(v))
        else:
            out = []
            for row in rows:
                v = list(row)
                v[lat] = number(v[lat]).decode()
                v[lon] = number(v[lon]).decode()
                out.append((template % tuple(v)).encode())
        yield out


#: the columns of a child table's index by incident that keep its rows in id order within
#: an incident (the index's last column is followed by the row's id)
_KEYS = frozenset({"incident_id", "entity_type", "entity_id"})


def _in_index_order(cursor: Any, sql: str) -> bool:
    """Whether SQLite runs this grouped select (:func:`militancydb.io.export_jsonl._array`,
    ``direct``) in the order of an index by incident, which gives each incident's rows in
    id order: no sort for the GROUP BY, and an index of the key's columns only."""
    plan = [row[3] for row in cursor.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    if any("TEMP B-TREE" in step for step in plan):
        return False
    found = re.search(r"USING (?:COVERING )?INDEX (\w+)", plan[0]) if plan else None
    if found is None:
        return False
    columns = {row[2] for row in cursor.execute(f"PRAGMA index_info({found.group(1)})")}
    return bool(columns) and columns <= _KEYS


def stream_json_whole(
    session: Session,
    flt: IncidentFilter,
    *,
    indented: bool = False,
    limit: int | None = None,
    offset: int = 0,
    size: int = 2000,
) -> Iterator[list[bytes]]:
    """The selection's incidents as JSON text (compact, or ``indented`` as
    ``json.dumps(indent=2)``), oldest first, ``size`` at a time, on SQLite: the child
    lists aggregated once into temporary tables (see the module docstring)."""
    if session.get_bind().dialect.name != "sqlite":
        raise ValueError("the whole-table aggregation of JSON lists is SQLite's path")
    with temp_tables(session, "mdb_json") as temp:
        lists: dict[str, str] = {}
        frm: Any = Incident.__table__
        direct = list_selects("sqlite", indented, whole=True, direct=True)
        for key, sql in list_selects("sqlite", indented, whole=True).items():
            if key in direct and _in_index_order(temp.cursor, direct[key]):
                sql = direct[key]
            # sources are keyed by the incident id as text: the INTEGER PRIMARY KEY takes
            # its integer
            name = temp.make(key, "k INTEGER PRIMARY KEY, v", sql)
            t = table(name, column("k"), column("v"), schema="temp")
            frm = frm.outerjoin(t, t.c.k == Incident.id)
            lists[key] = f"{name}.v"
        # the whole text, dates and coordinates included (io/export_json_sqlite.py)
        cols, _ = row_plan("sqlite", indented, lists, sqlite_value_sql)
        # read front to back and sorted by SQLite's sorter (io/export_flat_whole.py)
        stmt = flt.apply(select(*cols).select_from(frm)).order_by(
            literal_column("+incidents.date_start"), literal_column("+incidents.id")
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        if offset:
            stmt = stmt.offset(offset)
        number = document_number if indented else compact_number
        write: dict[str, Callable[[Any], bytes]] = {"latitude": number, "longitude": number}
        write.update(dict.fromkeys(_THEN[True], _quoted_iso))
        fix = unmarker(session, write)
        for rows in read_batches(session, stmt, size):
            yield [fix(row[0]) for row in rows]


def write_jsonl_texts(batches: Iterable[Sequence[bytes]], out: TextIO) -> int:
    """JSON Lines from incidents' compact JSON texts (UTF-8), written by a thread of its
    own while the next batch is read (:func:`militancydb.io.export_text.background_writer`)."""
    n = 0
    with background_writer(utf8_writer(out)) as write:
        for batch in batches:
            if batch:
                write(b"\n".join(batch) + b"\n")
            n += len(batch)
    return n


def write_json_texts(batches: Iterable[Sequence[bytes]], out: TextIO, count: int | None) -> int:
    """The JSON document (:func:`militancydb.io.export_text.write_json`) from incidents'
    indented JSON texts (UTF-8)."""
    n = 0
    with background_writer(utf8_writer(out)) as write:
        write(b'{\n  "data": [')
        for batch in batches:
            if not batch:
                continue
            # each line of the batch's texts indented by four more spaces, in one pass
            lead = b"," if n else b""
            write(lead + (b"\n" + b",\n".join(batch)).replace(b"\n", b"\n    "))
            n += len(batch)
        end = ("\n  " if n else "") + f'],\n  "count": {n if count is None else count}\n}}\n'
        write(end.encode())
    return n
