"""JSON Lines with each incident's child lists serialised by the database: ``--format jsonl``.

The line is the incident's JSON form as orjson writes it compact (what
:func:`militancydb.io.export_text.write_jsonl` writes from the dicts of
:mod:`militancydb.services.incident_public`), but the seven child lists (casualty figures,
actors, targets, tactics, external ids, sources, related incidents) arrive as JSON text,
one per incident and list, built by one grouped select per list and batch, and are put into
the line as they are (``orjson.Fragment``). Python builds no tuple per child row and no
dict per child: at a million incidents those were about half of a line's cost.

The database's JSON is orjson's, byte for byte, for what these lists hold (texts, integers
and nulls; no floats): SQLite's ``json_object`` / ``json_group_array`` and PostgreSQL's
``to_json`` of a text write it compact and escape exactly what orjson escapes (``"``, ``\\``,
the control characters below U+0020, ``\\b \\f \\n \\r \\t`` in short form, the others as
``\\u00xx``), keys in the order given; on PostgreSQL the objects and arrays are
concatenated text (its ``json_build_object`` puts spaces around ``:``). Lists in the order
of the child's id; external ids one per dataset (the last stored), sorted by dataset name
in code-point order. ``tests/io/test_export_jsonl.py`` holds the lines equal to the dict
path's on both backends, with awkward texts.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

import orjson
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident
from militancydb.io.export_text import utf8_writer
from militancydb.services.incident_public import _ISO, BATCH, COLUMNS
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.row_batches import collector_paused, read_batches

#: each list of objects: (its table, the object's fields as (key, column, is text))
_LISTS: dict[str, tuple[str, tuple[tuple[str, str, bool], ...]]] = {
    "casualties": (
        "casualty_figures",
        (
            ("category", "category", True),
            ("outcome", "outcome", True),
            ("low", "low", False),
            ("best", "best", False),
            ("high", "high", False),
        ),
    ),
    "actors": (
        "incident_actors",
        (
            ("actor_key", "actor_key", True),
            ("actor_name", "actor_name", True),
            ("role", "role", True),
            ("basis", "basis", True),
            ("confidence", "confidence", True),
            ("note", "note", True),
        ),
    ),
    "targets": (
        "incident_targets",
        (("type", "target_type", True), ("description", "description", True)),
    ),
    "related": (
        "incident_links",
        (
            ("incident_id", "other_id", False),
            ("relation", "relation", True),
            ("note", "note", True),
        ),
    ),
}
_SOURCE_FIELDS = (
    ("source_id", "s.id", False),
    ("source_key", "s.key", True),
    ("publisher", "s.publisher", True),
    ("title", "s.title", True),
    ("url", "s.url", True),
    ("published", "s.published", True),
    ("locator", "c.locator", True),
    ("excerpt", "c.excerpt", True),
)
_IN = {
    "postgresql": "= ANY(%(ids)s::int[])",
    "sqlite": "IN (SELECT value FROM json_each(?))",
}
_IN_TEXT = {
    "postgresql": "= ANY(%(ids)s::text[])",
    "sqlite": "IN (SELECT value FROM json_each(?))",
}


def _pg_value(column: str, text: bool) -> str:
    if text:
        return f"COALESCE(to_json({column})::text, 'null')"
    return f"COALESCE(({column})::text, 'null')"


def _object(dialect: str, fields: Sequence[tuple[str, str, bool]]) -> str:
    """One child row as a compact JSON object (the keys are constants of this module)."""
    if dialect == "postgresql":
        parts = [
            f"'{'{' if k == 0 else ','}\"{name}\":' || {_pg_value(col, text)}"
            for k, (name, col, text) in enumerate(fields)
        ]
        return "(" + " || ".join(parts) + " || '}')"
    return "json_object(" + ", ".join(f"'{name}', {col}" for name, col, _ in fields) + ")"


def _array(dialect: str, key: str, value: str, from_where: str, order: str) -> str:
    """``SELECT key, [values in order]`` of the rows of ``from_where``, by ``key``."""
    if dialect == "postgresql":
        return (
            f"SELECT {key}, '[' || string_agg({value}, ',' ORDER BY {order}) || ']' "
            f"{from_where} GROUP BY {key}"
        )
    # SQLite keeps the order of an ordered subquery in its aggregate
    return (
        f"SELECT k, '[' || group_concat(v, ',') || ']' FROM (SELECT {key} AS k, {value} AS v "
        f"{from_where} ORDER BY {key}, {order}) GROUP BY k"
    )


@functools.cache
def _selects(dialect: str) -> dict[str, str]:
    """The grouped select of each child list by the batch's ids (ONE parameter)."""
    ids = _IN[dialect]
    out = {
        name: _array(
            dialect,
            "t.incident_id",
            _object(dialect, [(n, f"t.{c}", text) for n, c, text in fields]),
            f"FROM {table} t WHERE t.incident_id {ids}",
            "t.id",
        )
        for name, (table, fields) in _LISTS.items()
    }
    tactic = "COALESCE(to_json(t.tactic)::text, 'null')" if dialect == "postgresql" else "t.tactic"
    if dialect == "postgresql":
        out["tactics"] = _array(
            dialect,
            "t.incident_id",
            tactic,
            f"FROM incident_tactics t WHERE t.incident_id {ids}",
            "t.id",
        )
    else:
        out["tactics"] = (
            "SELECT k, json_group_array(v) FROM (SELECT t.incident_id AS k, t.tactic AS v FROM "
            f"incident_tactics t WHERE t.incident_id {ids} ORDER BY t.incident_id, t.id) "
            "GROUP BY k"
        )
    out["sources"] = _array(
        dialect,
        "c.entity_id",
        _object(dialect, _SOURCE_FIELDS),
        "FROM citations c JOIN sources s ON s.id = c.source_id WHERE "
        f"c.entity_type = 'incident' AND c.entity_id {_IN_TEXT[dialect]}",
        "c.id",
    )
    latest = (
        f"FROM external_ids e WHERE e.incident_id {ids} AND NOT EXISTS (SELECT 1 FROM "
        "external_ids e2 WHERE e2.incident_id = e.incident_id AND e2.system = e.system "
        "AND e2.id > e.id)"
    )
    if dialect == "postgresql":
        out["external_ids"] = (
            "SELECT e.incident_id, '{' || string_agg(to_json(e.system)::text || ':' || "
            "to_json(e.external_id)::text, ',' ORDER BY e.system COLLATE \"C\") || '}' "
            f"{latest} GROUP BY e.incident_id"
        )
    else:
        out["external_ids"] = (
            "SELECT k, json_group_object(s, v) FROM (SELECT e.incident_id AS k, e.system AS s, "
            f"e.external_id AS v {latest} ORDER BY e.incident_id, e.system) GROUP BY k"
        )
    return out


def _lists(conn: Connection, ids: list[int]) -> dict[str, dict[Any, orjson.Fragment]]:
    """Each child list of these incidents as JSON text, by incident id."""
    selects = _selects(conn.dialect.name)
    pg = conn.dialect.name == "postgresql"
    if pg:
        params: Any = {"ids": "{" + ",".join(map(str, ids)) + "}"}
    else:
        params = (orjson.dumps(ids).decode(),)
        text_params = (orjson.dumps([str(i) for i in ids]).decode(),)
    fragment = orjson.Fragment
    out: dict[str, dict[Any, orjson.Fragment]] = {}
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for name, sql in selects.items():
            cursor.execute(sql, params if pg or name != "sources" else text_params)
            if name == "sources":
                out[name] = {int(k): fragment(v) for k, v in cursor.fetchall()}
            else:
                out[name] = {k: fragment(v) for k, v in cursor.fetchall()}
    finally:
        cursor.close()
    return out


_EMPTY_LIST = orjson.Fragment("[]")
_EMPTY_OBJECT = orjson.Fragment("{}")


def _lines(conn: Connection, rows: Sequence[Any]) -> bytes:
    """The JSON Lines of these incident rows (:data:`COLUMNS`, dates already ISO text), in
    the key order of :func:`militancydb.services.incident_public._forms`."""
    lists = _lists(conn, [r[0] for r in rows])
    casualties, actors, targets = lists["casualties"], lists["actors"], lists["targets"]
    tactics, external, related = lists["tactics"], lists["external_ids"], lists["related"]
    sources = lists["sources"]
    dumps, newline = orjson.dumps, orjson.OPT_APPEND_NEWLINE
    none, empty = _EMPTY_LIST, _EMPTY_OBJECT
    out = []
    for r in rows:
        iid = r[0]
        out.append(
            dumps(
                {
                    "id": iid,
                    "version": r[1],
                    "deleted": r[2],
                    "created_at": r[3],
                    "created_by": r[4],
                    "updated_at": r[5],
                    "updated_by": r[6],
                    "date_start": r[7],
                    "date_end": r[8],
                    "date_precision": r[9],
                    "location": {
                        "country": r[10],
                        "province": r[11],
                        "province_name": r[12],
                        "province_now": r[13],
                        "province_now_name": r[14],
                        "district": r[15],
                        "district_name": r[16],
                        "district_now": r[17],
                        "district_now_name": r[18],
                        "place": r[19],
                        "place_name": r[20],
                        "place_detail": r[21],
                        "latitude": r[22],
                        "longitude": r[23],
                        "geo_precision": r[24],
                    },
                    "event_type": r[25],
                    "event_type_rule": r[26],
                    "event_type_confidence": r[27],
                    "aggregate": bool(r[28]),
                    "tactics": tactics.get(iid, none),
                    "suicide": r[29],
                    "targets": targets.get(iid, none),
                    "casualties": casualties.get(iid, none),
                    "totals": {
                        "killed_low": r[30],
                        "killed_best": r[31],
                        "killed_high": r[32],
                        "injured_low": r[33],
                        "injured_best": r[34],
                        "injured_high": r[35],
                    },
                    "actors": actors.get(iid, none),
                    "summary": r[36],
                    "operation": r[37],
                    "review_status": r[38],
                    "sources": sources.get(iid, none),
                    "external_ids": external.get(iid, empty),
                    "related": related.get(iid, none),
                },
                option=newline,
            )
        )
    return b"".join(out)


def stream_jsonl(
    session: Session,
    flt: IncidentFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    size: int = BATCH,
) -> Iterator[tuple[int, bytes]]:
    """The selection's JSON Lines, oldest first, ``size`` incidents at a time: (how many,
    their lines)."""
    stmt = flt.apply(select(*COLUMNS)).order_by(Incident.date_start, Incident.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    conn = session.connection()
    for rows in read_batches(session, stmt, size, then=_ISO):
        with collector_paused():
            lines = _lines(conn, rows)
        yield len(rows), lines


def write_jsonl_fast(batches: Iterator[tuple[int, bytes]], out: TextIO) -> int:
    """Write :func:`stream_jsonl`'s lines to ``out``; the number of incidents."""
    write = utf8_writer(out)
    n = 0
    for count, lines in batches:
        write(lines)
        n += count
    return n
