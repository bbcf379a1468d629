"""New incidents written in bulk: the incident rows, their child rows and their change-log
entries (a full JSON snapshot each), as :func:`~militancydb.services.incident_store.write_new`
stores them (the writer interface; this module is its write path).

The rows go to the driver as tuples (:func:`~militancydb.services.bulk_rows.insert_values`):
the values every row of a batch shares (the incident's version, times and editor, the
change log's action, user and reason, ...) are converted once per batch, not once per row,
and no dictionary is built per row to be taken apart again. Each change-log snapshot is
serialised as soon as it is made (by the JSON column's own bind conversion: the same text
as before), so that a batch does not hold thousands of nested dictionaries until its
insert, which Python's cycle collector would otherwise walk again and again.

The rows are written in the order the dictionaries were (incidents, then casualty figures,
actors, targets, tactics, dataset ids, citations, links, then the change log; within a
table, incident by incident), so every generated id is what it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from militancydb.db.tables import (
    CasualtyFigure,
    ChangeLog,
    Citation,
    ExternalId,
    Incident,
    IncidentActor,
    IncidentLink,
    IncidentTactic,
    IncidentTarget,
    Source,
    utcnow,
)
from militancydb.services.bulk_rows import bind_processor, getter, insert_values, table_of
from militancydb.services.history import Editor
from militancydb.services.incident_forms import PreparedIncident, snapshot_from_prepared

ENTITY = "incident"

INCIDENTS = table_of(Incident)
CHANGE_LOG = table_of(ChangeLog)
#: A citation's columns the writer sets (whatever the prepared citation says of them).
CITATION_SET = ("entity_type", "entity_id", "fields")


def reserve_ids(session: Session, n: int) -> list[int]:
    """``n`` fresh incident ids.

    PostgreSQL draws them from the table's sequence (safe with concurrent writers). SQLite
    allows one writer at a time and the calling transaction has already written (the import
    run, or the incident itself), so max(id)+1... cannot be taken by anyone else.
    """
    if n == 0:
        return []
    bind = session.connection()
    if bind.dialect.name == "postgresql":
        rows = bind.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence('incidents', 'id')) FROM "
                "generate_series(1, :n)"
            ),
            {"n": n},
        )
        return [int(r[0]) for r in rows]
    top = bind.execute(select(func.coalesce(func.max(Incident.id), 0))).scalar_one()
    return list(range(int(top) + 1, int(top) + 1 + n))


def insert_new(
    session: Session,
    items: Sequence[PreparedIncident],
    editor: Editor,
    *,
    keep_snapshots: bool = False,
) -> list[dict[str, Any]]:
    """Insert prepared incidents with their child rows and change-log entries.

    Returns the stored incidents' JSON form when ``keep_snapshots`` (see
    :func:`~militancydb.services.incident_forms.snapshot_from_prepared`), else nothing: a
    bulk import does not keep them.
    """
    if not items:
        return []
    conn, now, meta, ids = begin_insert(session, len(items), editor)
    pairs = list(zip(ids, items, strict=True))
    keys = tuple(k for k in items[0].columns if k not in meta and k != "id")
    get = getter(keys)
    insert_values(
        conn, INCIDENTS, (*keys, "id"), [(*get(p.columns), i) for i, p in pairs], fixed=meta
    )
    insert_children(conn, pairs)
    sources = sources_for(session, items)
    after = bind_processor(conn, CHANGE_LOG, "after")
    kept: list[dict[str, Any]] = []
    changes: list[tuple[Any, ...]] = []
    for i, p in pairs:
        snap = snapshot_from_prepared(i, meta, p, sources)
        if keep_snapshots:
            kept.append(snap)
        changes.append((str(i), snap if after is None else after(snap)))
    insert_create_entries(conn, changes, now, editor)
    return kept


def begin_insert(
    session: Session, n: int, editor: Editor
) -> tuple[Connection, Any, dict[str, Any], list[int]]:
    """What inserting ``n`` new incidents starts with: the pending changes flushed, the
    write lock taken on SQLite (before reading ``max(id)``), the time, the columns every new
    incident shares (version 1, who and when) and ``n`` reserved ids."""
    session.flush()
    now = utcnow()
    meta = {
        "version": 1,
        "deleted": False,
        "created_at": now,
        "created_by": editor.user,
        "updated_at": now,
        "updated_by": editor.user,
    }
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.execute(text("UPDATE import_runs SET id = id WHERE 0"))
    return conn, now, meta, reserve_ids(session, n)


def insert_create_entries(
    conn: Connection, changes: Sequence[tuple[Any, ...]], now: Any, editor: Editor
) -> None:
    """The change log's ``create`` entries of new incidents: ``(entity id as text, the
    snapshot as the column takes it)`` each, written by one ``editor`` at ``now``."""
    insert_values(
        conn,
        CHANGE_LOG,
        ("entity_id", "after"),
        changes,
        fixed={
            "entity_type": ENTITY,
            "version": 1,
            "action": "create",
            "at": now,
            "user": editor.user,
            "reason": editor.reason,
            "import_run_id": editor.import_run_id,
            "before": None,
        },
        processed=("after",),
    )


def sources_for(session: Session, items: Sequence[PreparedIncident]) -> dict[int, Source]:
    """The sources the incidents' citations cite, by id."""
    ids = {c["source_id"] for p in items for c in p.citations}
    if not ids:
        return {}
    return {s.id: s for s in session.scalars(select(Source).where(Source.id.in_(ids)))}


def insert_children(conn: Connection, pairs: Sequence[tuple[int, PreparedIncident]]) -> None:
    """The child rows of incidents (id, prepared): casualty figures, actors, targets,
    tactics, dataset ids (with the row hash), citations and links. The columns of a kind of
    child row are the first one's keys (as :func:`~militancydb.services.bulk_rows.insert_rows`
    takes them)."""
    for model, part in (
        (CasualtyFigure, "casualties"),
        (IncidentActor, "actors"),
        (IncidentTarget, "targets"),
    ):
        first = next((getattr(p, part)[0] for _, p in pairs if getattr(p, part)), None)
        if first is None:
            continue
        keys = tuple(k for k in first if k != "incident_id")
        get = getter(keys)
        insert_values(
            conn,
            table_of(model),
            (*keys, "incident_id"),
            [(*get(c), i) for i, p in pairs for c in getattr(p, part)],
        )
    insert_values(
        conn,
        table_of(IncidentTactic),
        ("incident_id", "tactic"),
        [(i, t) for i, p in pairs for t in p.tactics],
    )
    insert_values(
        conn,
        table_of(ExternalId),
        ("incident_id", "system", "external_id", "content_hash"),
        [(i, s, e, p.content_hash) for i, p in pairs for s, e in p.external_ids.items()],
    )
    first_cite = next((p.citations[0] for _, p in pairs if p.citations), None)
    if first_cite is not None:
        keys = tuple(k for k in first_cite if k not in CITATION_SET)
        get = getter(keys)
        insert_values(
            conn,
            table_of(Citation),
            (*keys, "entity_id"),
            [(*get(c), str(i)) for i, p in pairs for c in p.citations],
            fixed={"entity_type": ENTITY, "fields": None},
        )
    insert_values(
        conn,
        table_of(IncidentLink),
        ("incident_id", "other_id", "relation", "note"),
        [(i, r["incident_id"], r["relation"], r.get("note")) for i, p in pairs for r in p.related],
    )
