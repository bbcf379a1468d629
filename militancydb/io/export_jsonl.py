"""JSON forms whose child lists are serialised by the database: ``--format jsonl`` and
``--format json``.

The incident's own fields are a dict as in :mod:`militancydb.services.incident_public`
(same keys, same order), but its seven child lists (casualty figures, actors, targets,
tactics, external ids, sources, related incidents) arrive as JSON text, one per incident
and list, built by one grouped select per list and batch, and go into the output as they
are (``orjson.Fragment``): compact for JSON Lines, indented for their place in the JSON
document (``json.dumps(indent=2)``'s layout: a list at depth 1 of the incident, its items
at 2, their fields at 3; the document's writer re-indents every line of an incident).
Python builds no tuple per child row and no dict per child. An incident with a coordinate
that the document writes through ``json`` (``1e-05``) gets its lists parsed back, since
``json`` takes no fragment.

The database's JSON is orjson's (and ``json``'s, with its ``": "`` in the indented form),
byte for byte, for what these lists hold (texts, integers
and nulls; no floats): SQLite's ``json_object`` / ``json_group_array`` and PostgreSQL's
``to_json`` of a text write it compact and escape exactly what orjson escapes (``"``, ``\\``,
the control characters below U+0020, ``\\b \\f \\n \\r \\t`` in short form, the others as
``\\u00xx``), keys in the order given; on PostgreSQL the objects and arrays are
concatenated text (its ``json_build_object`` puts spaces around ``:``). Lists in the order
of the child's id; external ids one per dataset (the last stored), sorted by dataset name
in code-point order. ``tests/io/test_export_jsonl.py`` holds both formats equal to the
dict path's on both backends, with awkward texts.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from militancydb.services.incident_public import (
    BATCH,
    ISO_COLUMNS,
    public_head,
    selection,
)
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.row_batches import collector_paused, read_batches

#: each list of objects: (its table, the object's fields as (key, column, is text))
CHILD_LISTS: dict[str, tuple[str, tuple[tuple[str, str, bool], ...]]] = {
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
SOURCE_FIELDS = (
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


#: PostgreSQL: a text that ``to_json`` escapes (a quote, a backslash, a control character);
#: an E'' literal, read alike whatever ``standard_conforming_strings`` says
NEEDS_ESCAPE = r"""E'["\\\\\x01-\x1f]'"""


def as_json(dialect: str, column: str, text: bool) -> str:
    """A column's value as JSON text (``null`` when NULL). On PostgreSQL a text without a
    character to escape (nearly all) is put between quotes as it is, and only the others
    go through ``to_json``, whose call cost more than the test (PostgreSQL 15: 22 texts of
    100,000 incidents 1.34 s through ``to_json``, 0.81 s so; the same text)."""
    if dialect == "postgresql":
        if text:
            return (
                f"COALESCE(CASE WHEN {column} ~ {NEEDS_ESCAPE} THEN to_json({column})::text "
                f"ELSE '\"' || {column} || '\"' END, 'null')"
            )
        return f"COALESCE(({column})::text, 'null')"
    return f"json_quote({column})"


#: the text :func:`as_json` writes for a PostgreSQL text column (``col``)
_PG_QUOTED = re.compile(
    r"COALESCE\(CASE WHEN (?P<col>[\w.]+) ~ "
    + re.escape(NEEDS_ESCAPE)
    + r" THEN to_json\((?P=col)\)::text ELSE '\"' \|\| (?P=col) \|\| '\"' END, 'null'\)"
)


def checked_once(sql: str) -> str:
    """PostgreSQL: the SQL of a text built with :func:`as_json`'s texts (an incident, a
    child's object), testing ONE text for a character to escape, all its texts joined,
    instead of each text: where none holds one (nearly every row) each is put between
    quotes as it is; else each goes through :func:`as_json`'s own test, as before. The
    same text; one regular expression a row instead of one a text (2,000,000 actors'
    objects, six texts each: 2.35 against 2.80 CPU s of the server)."""
    cols = list(dict.fromkeys(m["col"] for m in _PG_QUOTED.finditer(sql)))
    if len(cols) < 2:
        return sql
    plain = _PG_QUOTED.sub(lambda m: f"""COALESCE('"' || {m["col"]} || '"', 'null')""", sql)
    return f"(CASE WHEN concat({', '.join(cols)}) ~ {NEEDS_ESCAPE} THEN {sql} ELSE {plain} END)"


#: the indented document's layout (``json.dumps(indent=2)``) of a list's items, relative to
#: the incident's object: a list is at depth 1, its items at depth 2, their fields at 3
NEWLINE = {"postgresql": "E'\\n'", "sqlite": "char(10)"}


def json_object_sql(dialect: str, fields: Sequence[tuple[str, str, bool]], indented: bool) -> str:
    """One child row as a JSON object (the keys are constants of this module): compact, or
    indented as an item of a list of the incident."""
    if dialect == "sqlite" and not indented:
        return "json_object(" + ", ".join(f"'{name}', {col}" for name, col, _ in fields) + ")"
    if dialect == "sqlite":
        # one printf, not a chain of ||, each of which copies the text built so far
        pattern = "".join(
            ("{" if k == 0 else ",") + f'\n      "{name}": %s'
            for k, (name, _, _) in enumerate(fields)
        )
        # an integer column's value is its own text (json_quote's call cost a quarter of
        # the casualties' list), as on PostgreSQL
        values = ", ".join(
            as_json(dialect, col, text) if text else f"ifnull({col}, 'null')"
            for _, col, text in fields
        )
        return f"printf('{pattern}\n    }}', {values})"
    nl = NEWLINE[dialect]
    parts = []
    for k, (name, col, text) in enumerate(fields):
        if indented:
            lead = f"'{'{' if k == 0 else ','}' || {nl} || '      \"{name}\": '"
        else:
            lead = f"'{'{' if k == 0 else ','}\"{name}\":'"
        parts.append(f"{lead} || {as_json(dialect, col, text)}")
    close = f"{nl} || '    }}'" if indented else "'}'"
    return "(" + " || ".join(parts) + f" || {close})"


def _array(
    dialect: str,
    key: str,
    value: str,
    from_where: str,
    order: str,
    indented: bool,
    direct: bool = False,
) -> str:
    """``SELECT key, [values in order]`` of the rows of ``from_where``, by ``key``;
    ``direct`` (SQLite, ``order`` the child's id): grouped as the ``key``'s index gives the
    rows, in its order (key, then id), without the ordered subquery's sort of every value
    (a third of the time; io/export_json_rows.py checks the plan)."""
    nl = NEWLINE[dialect]
    sep = f"',' || {nl} || '    '" if indented else "','"
    start = f"'[' || {nl} || '    '" if indented else "'['"
    end = f"{nl} || '  ]'" if indented else "']'"
    if direct and dialect == "sqlite":
        return (
            f"SELECT {key}, {start} || group_concat({value}, {sep}) || {end} {from_where} "
            f"GROUP BY {key}"
        )
    if dialect == "postgresql":
        return (
            f"SELECT {key}, {start} || string_agg({value}, {sep} ORDER BY {order}) || {end} "
            f"{from_where} GROUP BY {key}"
        )
    # SQLite keeps the order of an ordered subquery in its aggregate
    return (
        f"SELECT k, {start} || group_concat(v, {sep}) || {end} FROM (SELECT {key} AS k, "
        f"{value} AS v {from_where} ORDER BY {key}, {order}) GROUP BY k"
    )


@functools.cache
def list_selects(
    dialect: str, indented: bool, whole: bool = False, direct: bool = False
) -> dict[str, str]:
    """The grouped select of each child list by the batch's ids (ONE parameter), as JSON
    text: compact (JSON Lines) or indented (the JSON document); ``whole``: of every
    incident's (no parameter; io/export_json_rows.py); ``direct``: see :func:`_array`."""
    ids = "IS NOT NULL" if whole else _IN[dialect]
    out = {
        name: _array(
            dialect,
            "t.incident_id",
            json_object_sql(dialect, [(n, f"t.{c}", text) for n, c, text in fields], indented),
            f"FROM {table} t WHERE t.incident_id {ids}",
            "t.id",
            indented,
            direct,
        )
        for name, (table, fields) in CHILD_LISTS.items()
    }
    out["tactics"] = _array(
        dialect,
        "t.incident_id",
        as_json(dialect, "t.tactic", True),
        f"FROM incident_tactics t WHERE t.incident_id {ids}",
        "t.id",
        indented,
        direct,
    )
    out["sources"] = _array(
        dialect,
        "c.entity_id",
        json_object_sql(dialect, SOURCE_FIELDS, indented),
        "FROM citations c JOIN sources s ON s.id = c.source_id WHERE "
        f"c.entity_type = 'incident' AND c.entity_id {ids if whole else _IN_TEXT[dialect]}",
        "c.id",
        indented,
        direct,
    )
    # one id per dataset, the last stored, sorted by dataset name in code-point order
    latest = (
        f"FROM external_ids e WHERE e.incident_id {ids} AND NOT EXISTS (SELECT 1 FROM "
        "external_ids e2 WHERE e2.incident_id = e.incident_id AND e2.system = e.system "
        "AND e2.id > e.id)"
    )
    nl = NEWLINE[dialect]
    pair = (
        f"{as_json(dialect, 'e.system', True)} || ': ' || {as_json(dialect, 'e.external_id', True)}"
        if indented
        else f"{as_json(dialect, 'e.system', True)} || ':' || "
        f"{as_json(dialect, 'e.external_id', True)}"
    )
    sep = f"',' || {nl} || '    '" if indented else "','"
    start = f"'{{' || {nl} || '    '" if indented else "'{'"
    end = f"{nl} || '  }}'" if indented else "'}'"
    if dialect == "postgresql":
        out["external_ids"] = (
            f"SELECT e.incident_id, {start} || string_agg({pair}, {sep} "
            f'ORDER BY e.system COLLATE "C") || {end} {latest} GROUP BY e.incident_id'
        )
    else:
        out["external_ids"] = (
            f"SELECT k, {start} || group_concat(v, {sep}) || {end} FROM (SELECT "
            f"e.incident_id AS k, {pair} AS v {latest} ORDER BY e.incident_id, e.system) "
            "GROUP BY k"
        )
    return out


def _lists(conn: Connection, ids: list[int], indented: bool) -> dict[str, dict[Any, str]]:
    """Each child list of these incidents as JSON text, by incident id."""
    selects = list_selects(conn.dialect.name, indented)
    pg = conn.dialect.name == "postgresql"
    if pg:
        params: Any = {"ids": "{" + ",".join(map(str, ids)) + "}"}
        text_params = params
    else:
        params = (orjson.dumps(ids).decode(),)
        text_params = (orjson.dumps([str(i) for i in ids]).decode(),)
    out: dict[str, dict[Any, str]] = {}
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for name, sql in selects.items():
            if name == "sources":
                cursor.execute(sql, text_params)
                out[name] = {int(k): v for k, v in cursor.fetchall()}
            else:
                cursor.execute(sql, params)
                out[name] = dict(cursor.fetchall())
    finally:
        cursor.close()
    return out


def _small(x: Any) -> bool:
    """A coordinate that ``json`` writes otherwise than orjson (``1e-05``): the document's
    writer sends such an incident through ``json``, which takes no fragment."""
    return isinstance(x, float) and 0 < abs(x) < 1e-4


def _forms(conn: Connection, rows: Sequence[Any], indented: bool) -> list[dict[str, Any]]:
    """The JSON forms of these incident rows (:data:`COLUMNS`, dates already ISO text), in
    the key order of :func:`militancydb.services.incident_public._forms`, the child lists
    as ``orjson.Fragment`` of their JSON text."""
    lists = _lists(conn, [r[0] for r in rows], indented)
    casualties, actors, targets = lists["casualties"], lists["actors"], lists["targets"]
    tactics, external, related = lists["tactics"], lists["external_ids"], lists["related"]
    sources = lists["sources"]
    fragment: Any = orjson.Fragment
    out = []
    for r in rows:
        iid = r[0]
        # an empty list or object is written alike by orjson and json: no fragment needed
        wrap = json.loads if _small(r[22]) or _small(r[23]) else fragment
        t = tactics.get(iid)
        tg = targets.get(iid)
        c = casualties.get(iid)
        a = actors.get(iid)
        s = sources.get(iid)
        e = external.get(iid)
        x = related.get(iid)
        out.append(
            {
                **public_head(r),
                "tactics": [] if t is None else wrap(t),
                "suicide": r[29],
                "targets": [] if tg is None else wrap(tg),
                "casualties": [] if c is None else wrap(c),
                "totals": {
                    "killed_low": r[30],
                    "killed_best": r[31],
                    "killed_high": r[32],
                    "injured_low": r[33],
                    "injured_best": r[34],
                    "injured_high": r[35],
                },
                "actors": [] if a is None else wrap(a),
                "summary": r[36],
                "operation": r[37],
                "review_status": r[38],
                "sources": [] if s is None else wrap(s),
                "external_ids": {} if e is None else wrap(e),
                "related": [] if x is None else wrap(x),
            }
        )
    return out


def stream_text_forms(
    session: Session,
    flt: IncidentFilter,
    *,
    indented: bool = False,
    limit: int | None = None,
    offset: int = 0,
    size: int = BATCH,
) -> Iterator[list[dict[str, Any]]]:
    """The selection's JSON forms for the JSON writers, oldest first, ``size`` at a time,
    the child lists as JSON text: compact for JSON Lines
    (:func:`militancydb.io.export_text.write_jsonl`), ``indented`` for the JSON document
    (:func:`~militancydb.io.export_text.write_json`). Only those writers take them."""
    stmt = selection(flt, limit, offset)
    conn = session.connection()
    for rows in read_batches(session, stmt, size, then=ISO_COLUMNS):
        with collector_paused():
            forms = _forms(conn, rows, indented)
        yield forms
