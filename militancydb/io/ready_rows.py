"""A new incident as the rows to store, made by an import's worker process
(:mod:`militancydb.io.import_workers`) and written by the importing one.

What :func:`~militancydb.services.incident_store.write_new` makes of a prepared incident
— each table's values in the driver's form (each column's bind conversion for the
dialect applied: dates as text on SQLite, ...) and the change log's snapshot as JSON text —
depends on the incident alone, except for the id the database gives it, the time and the
editor. :class:`ReadyMaker` makes all of it in the worker (:class:`Ready`: tuples of
plain values, cheap to send between processes, where a prepared incident's dictionaries,
dates and dataclasses cost the importing process some 40 µs a row to take back), leaving
the snapshot's head (``{"id":…,"version":1,…,"updated_by":…,``) out; :func:`insert_ready`
adds the ids and the head and writes the rows in the order ``write_new`` writes them
(table by table, incident by incident), so every stored byte and generated id is the same
(``tests/io/test_import_workers.py`` and ``test_import_streaming.py`` compare the
databases).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any, NamedTuple

from sqlalchemy import Dialect, Table
from sqlalchemy.orm import Session

from militancydb.db.tables import (
    CasualtyFigure,
    Citation,
    ExternalId,
    IncidentActor,
    IncidentLink,
    IncidentTactic,
    IncidentTarget,
)
from militancydb.services.bulk_rows import getter, insert_values, table_of
from militancydb.services.history import Editor
from militancydb.services.incident_bulk import (
    CITATION_SET,
    ENTITY,
    INCIDENTS,
    begin_insert,
    insert_create_entries,
    sources_for,
)
from militancydb.services.incident_forms import (
    PreparedIncident,
    SourceFields,
    snapshot_from_prepared,
)
from militancydb.services.incident_store import write_new

#: Columns of some rows: their names, and each row's values in that order.
Part = tuple[tuple[str, ...], list[tuple[Any, ...]]]
#: The snapshot's first keys, which :func:`insert_ready` writes (what the worker cannot know).
HEAD = ("id", "version", "deleted", "created_at", "created_by", "updated_at", "updated_by")
CHILDREN = (
    (CasualtyFigure, "casualties"),
    (IncidentActor, "actors"),
    (IncidentTarget, "targets"),
)
_EPOCH = dt.datetime(2000, 1, 1)
_META0: dict[str, Any] = {
    "version": 1,
    "deleted": False,
    "created_at": _EPOCH,
    "created_by": "",
    "updated_at": _EPOCH,
    "updated_by": "",
}


class Ready(NamedTuple):
    """A new incident's rows to store, without its id."""

    row: int
    external_id: str
    warnings: list[str]
    incident: Part
    #: casualty figures, actors, targets (as :data:`CHILDREN`)
    children: tuple[Part, ...]
    tactics: list[str]
    external_ids: list[tuple[str, str, str | None]]
    citations: Part
    related: list[tuple[Any, Any, Any]]
    #: the change log's snapshot as JSON text, after its head (see :data:`HEAD`)
    snapshot: str


@dataclass(frozen=True)
class PlainSource:
    """What a citation shows of its source, as a plain value (for the workers)."""

    id: int
    key: str | None
    publisher: str | None
    title: str | None
    url: str | None
    published: str | None


class ReadyMaker:
    """Makes :class:`Ready` rows for a dialect, citing the sources given."""

    def __init__(self, dialect: Dialect, sources: Mapping[int, SourceFields]) -> None:
        self.dialect, self.sources = dialect, sources
        self.dumps = _serializer(dialect)
        self._keys: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._convert: dict[tuple[str, tuple[str, ...]], Callable[[Any], tuple[Any, ...]]] = {}
        #: the snapshot's text up to its first key after :data:`HEAD` (the same in every row:
        #: id 0 and :data:`_META0`), which :func:`insert_ready` writes with the real values
        self.head = self.dumps({"id": 0, **{k: _json_value(_META0[k]) for k in HEAD[1:]}})
        self.head = self.head[:-1] + ","
        # the columns last seen (and what they were made into), checked row by row
        self._names: tuple[str, ...] = ()
        self._incident: tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]] = ((), tuple)
        self._cite_names: tuple[str, ...] | None = None
        self._cite: tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]] = ((), tuple)
        self._parts: list[Any] = [None, None, None]

    def make(self, row: int, p: PreparedIncident, warnings: list[str]) -> Ready | None:
        """The rows of ``p`` (its ``external_ids`` and ``content_hash`` set), or None where
        the worker cannot make them (a source it was not given)."""
        sources = self.sources
        for c in p.citations:
            if c["source_id"] not in sources:
                return None
        whole = self.dumps(snapshot_from_prepared(0, _META0, p, sources))
        # the text starts with the head's keys and values, in that order, or is not used
        if not whole.startswith(self.head):
            return None
        columns = p.columns
        names = tuple(columns)
        if names != self._names:  # the same columns row after row, as a rule
            self._names = names
            keys = self._keyed(tuple(k for k in names if k not in _META0 and k != "id"))
            self._incident = (keys, self._converter(INCIDENTS, keys))
        keys, convert = self._incident
        citations = p.citations
        if citations:
            cite = self._cited(tuple(citations[0]))
            cites: Part = (cite[0], [cite[1](c) for c in citations])
        else:
            cites = ((), [])
        return Ready(
            row,
            next(iter(p.external_ids.values()), ""),
            warnings,
            (keys, [convert(columns)]),
            (
                self._part(0, CasualtyFigure, p.casualties),
                self._part(1, IncidentActor, p.actors),
                self._part(2, IncidentTarget, p.targets),
            ),
            list(p.tactics),
            [(s, e, p.content_hash) for s, e in p.external_ids.items()],
            cites,
            [(r["incident_id"], r["relation"], r.get("note")) for r in p.related],
            whole[len(self.head) :],
        )

    def _cited(
        self, names: tuple[str, ...]
    ) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
        if names != self._cite_names:
            self._cite_names = names
            keys = self._keyed(tuple(k for k in names if k not in CITATION_SET))
            self._cite = (keys, getter(keys))
        return self._cite

    def _keyed(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        # one object per set of names: a batch sent to the importing process holds it once
        return self._keys.setdefault(keys, keys)

    def _part(self, n: int, model: Any, rows: list[dict[str, Any]]) -> Part:
        if not rows:
            return ((), [])
        names = tuple(rows[0])
        known = self._parts[n]
        if known is None or known[0] != names:
            keys = self._keyed(tuple(k for k in names if k != "incident_id"))
            known = self._parts[n] = (names, keys, self._converter(table_of(model), keys))
        convert = known[2]
        return (known[1], [convert(r) for r in rows])

    def _converter(self, table: Table, keys: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
        """A mapping's values at ``keys`` in the driver's form (the bind conversions)."""
        cache = (table.name, keys)
        if cache not in self._convert:
            dialect = self.dialect
            get = getter(keys)
            steps = [
                (n, p)
                for n, k in enumerate(keys)
                if (p := table.c[k].type.dialect_impl(dialect).bind_processor(dialect)) is not None
            ]
            if not steps:
                self._convert[cache] = get
            else:

                def convert(row: Any) -> tuple[Any, ...]:
                    values = list(get(row))
                    for n, p in steps:
                        values[n] = p(values[n])
                    return tuple(values)

                self._convert[cache] = convert
        return self._convert[cache]


def write_ready(session: Session, new: Sequence[Ready | PreparedIncident], editor: Editor) -> None:
    """Insert new incidents, made by :class:`ReadyMaker` or prepared (made ready here), as
    :func:`~militancydb.services.incident_store.write_new` inserts prepared ones.

    Python's cycle collector is paused meanwhile: the batch's objects (thousands of rows,
    young) would be walked again by each of its passes that the rows made for the driver
    set off (100,000 UCDP rows, a worker converting: 66 µs a row in this function with it,
    48 without; the objects made here are freed with the batch, no cycle among them)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        _write(session, new, editor)
    finally:
        if collecting:
            gc.enable()


def _write(session: Session, new: Sequence[Ready | PreparedIncident], editor: Editor) -> None:
    if all(isinstance(x, PreparedIncident) for x in new):
        write_new(
            session, [x for x in new if isinstance(x, PreparedIncident)], editor, snapshots=False
        )
        return
    here = [x for x in new if isinstance(x, PreparedIncident)]
    maker = ReadyMaker(session.get_bind().dialect, sources_for(session, here)) if here else None
    items: list[Ready] = []
    for x in new:
        made = maker.make(0, x, []) if isinstance(x, PreparedIncident) and maker else x
        if not isinstance(made, Ready):
            raise RuntimeError("an incident's snapshot does not start with its id and times")
        items.append(made)
    insert_ready(session, items, editor)


def insert_ready(session: Session, items: Sequence[Ready], editor: Editor) -> None:
    """Insert new incidents made by :class:`ReadyMaker`, as
    :func:`~militancydb.services.incident_store.write_new` inserts prepared ones."""
    if not items:
        return
    conn, now, meta, ids = begin_insert(session, len(items), editor)
    pairs = list(zip(ids, items, strict=True))
    for keys, run in _runs(pairs, lambda r: r.incident[0]):
        rows = [(*v, i) for i, r in run for v in r.incident[1]]
        insert_values(conn, INCIDENTS, (*keys, "id"), rows, fixed=meta, processed=keys)
    for n, (model, _) in enumerate(CHILDREN):
        with_rows = [(i, r) for i, r in pairs if r.children[n][1]]
        for keys, run in _runs(with_rows, _child_keys(n)):
            rows = [(*v, i) for i, r in run for v in r.children[n][1]]
            insert_values(conn, table_of(model), (*keys, "incident_id"), rows, processed=keys)
    tactics = [(i, t) for i, r in pairs for t in r.tactics]
    insert_values(conn, table_of(IncidentTactic), ("incident_id", "tactic"), tactics)
    ext_rows = [(i, *e) for i, r in pairs for e in r.external_ids]
    insert_values(
        conn,
        table_of(ExternalId),
        ("incident_id", "system", "external_id", "content_hash"),
        ext_rows,
    )
    with_cites = [(i, r) for i, r in pairs if r.citations[1]]
    for keys, run in _runs(with_cites, lambda r: r.citations[0]):
        rows = [(*v, str(i)) for i, r in run for v in r.citations[1]]
        insert_values(
            conn,
            table_of(Citation),
            (*keys, "entity_id"),
            rows,
            fixed={"entity_type": ENTITY, "fields": None},
        )
    links = [(i, *x) for i, r in pairs for x in r.related]
    insert_values(
        conn, table_of(IncidentLink), ("incident_id", "other_id", "relation", "note"), links
    )
    dumps = _serializer(conn.dialect)
    head = dumps({"id": 0, **{k: _json_value(meta[k]) for k in HEAD[1:]}})[:-1] + ","
    rest = head.removeprefix('{"id":0')
    wrap = _json_text(conn.dialect.name)
    changes = [(str(i), wrap(f'{{"id":{i}{rest}{r.snapshot}')) for i, r in pairs]
    insert_create_entries(conn, changes, now, editor)


def _serializer(dialect: Dialect) -> Callable[[Any], str]:
    """The JSON serialiser of the engine, as SQLAlchemy's JSON type takes it."""
    dumps: Callable[[Any], str] | None = getattr(dialect, "_json_serializer", None)
    return dumps or json.dumps


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _json_text(dialect: str) -> Callable[[str], Any]:
    """The change log's JSON text as the driver takes it: as it is on SQLite; on PostgreSQL
    as psycopg's JSONB with the text given (not serialised again)."""
    if dialect != "postgresql":
        return lambda s: s
    from psycopg.types.json import Jsonb

    def as_is(s: Any) -> str:
        return str(s)

    return lambda s: Jsonb(s, dumps=as_is)


def _child_keys(n: int) -> Callable[[Ready], tuple[str, ...]]:
    def keys(r: Ready) -> tuple[str, ...]:
        return r.children[n][0]

    return keys


def _runs(
    pairs: Sequence[tuple[int, Ready]], key: Callable[[Ready], tuple[str, ...]]
) -> Iterator[tuple[tuple[str, ...], list[tuple[int, Ready]]]]:
    """Consecutive incidents whose rows have the same columns (all of a batch, as a rule)."""
    for keys, run in groupby(pairs, key=lambda pair: key(pair[1])):
        yield keys, list(run)
