"""Storing incidents: the one writer interface of the incident services, the import
engine and every other batch writer.

- :func:`write_new` inserts prepared incidents in bulk with their child rows and change-log
  entries (ids from :func:`reserve_ids`);
- :func:`load_row` and :func:`public_forms` read incidents back in their public form;
- :func:`replace_content` replaces an incident's content on an edit (version-checked, with
  its change-log entry);
- :func:`held_external_ids` looks up, in one query per chunk, which of a batch of dataset
  ids are already held (the incident, the hash of what the dataset last said, whether the
  incident is deleted);
- :func:`add_dataset_record` attaches another dataset's record to a held incident.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session, selectinload

from militancydb.db.engine import MAX_ID
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
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import IncidentNotFound
from militancydb.services import history
from militancydb.services.bulk_rows import insert_rows, table_of
from militancydb.services.history import Editor
from militancydb.services.incident_rows import (
    PreparedIncident,
    public_from_row,
    snapshot,
    snapshot_from_prepared,
)

ENTITY = "incident"


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


def write_new(
    session: Session,
    items: Sequence[PreparedIncident],
    editor: Editor,
) -> list[dict[str, Any]]:
    """Insert prepared incidents with their child rows and change-log entries, in bulk.

    Returns the stored incidents' JSON form (see :func:`snapshot_from_prepared`).
    """
    if not items:
        return []
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
        # take the write lock before reading max(id)
        conn.execute(text("UPDATE import_runs SET id = id WHERE 0"))
    ids = reserve_ids(session, len(items))
    insert_rows(
        conn,
        table_of(Incident),
        [{**p.columns, **meta, "id": i} for i, p in zip(ids, items, strict=True)],
    )
    _insert_children(session, list(zip(ids, items, strict=True)))
    sources = _sources_for(session, items)
    snaps = [snapshot_from_prepared(i, meta, p, sources) for i, p in zip(ids, items, strict=True)]
    insert_rows(
        conn,
        table_of(ChangeLog),
        [
            {
                "entity_type": ENTITY,
                "entity_id": str(snap["id"]),
                "version": 1,
                "action": "create",
                "at": now,
                "user": editor.user,
                "reason": editor.reason,
                "import_run_id": editor.import_run_id,
                "before": None,
                "after": snap,
            }
            for snap in snaps
        ],
    )
    return snaps


def _sources_for(session: Session, items: Sequence[PreparedIncident]) -> dict[int, Source]:
    ids = {c["source_id"] for p in items for c in p.citations}
    if not ids:
        return {}
    return {s.id: s for s in session.scalars(select(Source).where(Source.id.in_(ids)))}


def _insert_children(session: Session, pairs: list[tuple[int, PreparedIncident]]) -> None:
    casualties, actors, targets, tactics, ext, cites, links = [], [], [], [], [], [], []
    for iid, p in pairs:
        casualties += [{**c, "incident_id": iid} for c in p.casualties]
        actors += [{**a, "incident_id": iid} for a in p.actors]
        targets += [{**t, "incident_id": iid} for t in p.targets]
        tactics += [{"incident_id": iid, "tactic": t} for t in p.tactics]
        ext += [
            {"incident_id": iid, "system": s, "external_id": e, "content_hash": p.content_hash}
            for s, e in p.external_ids.items()
        ]
        cites += [
            {**c, "entity_type": ENTITY, "entity_id": str(iid), "fields": None} for c in p.citations
        ]
        links += [
            {
                "incident_id": iid,
                "other_id": r["incident_id"],
                "relation": r["relation"],
                "note": r.get("note"),
            }
            for r in p.related
        ]
    conn = session.connection()
    for table, rows in (
        (CasualtyFigure, casualties),
        (IncidentActor, actors),
        (IncidentTarget, targets),
        (IncidentTactic, tactics),
        (ExternalId, ext),
        (Citation, cites),
        (IncidentLink, links),
    ):
        insert_rows(conn, table_of(table), rows)


def load_row(session: Session, incident_id: int) -> Incident:
    """The stored incident row with its child rows (:class:`IncidentNotFound` if none)."""
    if not 0 < incident_id <= MAX_ID:  # no such id can exist; the database would refuse it
        raise IncidentNotFound(f"no incident with id {incident_id}")
    row = session.get(
        Incident,
        incident_id,
        populate_existing=True,
        options=[
            selectinload(Incident.casualties),
            selectinload(Incident.actors),
            selectinload(Incident.targets),
            selectinload(Incident.tactics),
            selectinload(Incident.external_ids),
        ],
    )
    if row is None:
        raise IncidentNotFound(f"no incident with id {incident_id}")
    return row


def public_forms(session: Session, rows: Sequence[Incident]) -> list[IncidentPublic]:
    """The public form of stored incident rows (citations and links read in chunks)."""
    ids = [str(r.id) for r in rows]
    cites: dict[str, list[Citation]] = defaultdict(list)
    links: dict[int, list[IncidentLink]] = defaultdict(list)
    if ids:
        for chunk in chunks(ids, 900):
            for c in session.scalars(
                select(Citation)
                .where(Citation.entity_type == ENTITY, Citation.entity_id.in_(chunk))
                .order_by(Citation.id)
            ):
                cites[c.entity_id].append(c)
            for link in session.scalars(
                select(IncidentLink)
                .where(IncidentLink.incident_id.in_([int(x) for x in chunk]))
                .order_by(IncidentLink.id)
            ):
                links[link.incident_id].append(link)
    return [public_from_row(r, cites[str(r.id)], links[r.id]) for r in rows]


def chunks(items: list[str], size: int) -> list[list[str]]:
    """``items`` cut into lists of at most ``size`` (bound parameters per statement)."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def replace_content(
    session: Session,
    row: Incident,
    before: IncidentPublic,
    prepared: PreparedIncident,
    editor: Editor,
    action: str,
) -> IncidentPublic:
    """Replace an incident's content with ``prepared``, if it is still at the version
    ``before`` was read at (else :class:`StaleEdit`, nothing written).

    The version check and the write of the incident row are one statement
    (:func:`history.bump_version`); only the winner of that statement goes on to replace
    the child rows, so two concurrent edits can never both rewrite them.
    """
    now = utcnow()
    incident_id = row.id
    version = history.bump_version(
        session,
        row,
        Incident.id,
        expected=before.version,
        entity=ENTITY,
        values={**prepared.columns, "updated_at": now, "updated_by": editor.user},
    )
    conn = session.connection()
    for table in (CasualtyFigure, IncidentActor, IncidentTarget, IncidentTactic, IncidentLink):
        conn.execute(delete(table).where(table.incident_id == incident_id))
    conn.execute(
        delete(Citation).where(
            Citation.entity_type == ENTITY, Citation.entity_id == str(incident_id)
        )
    )
    _replace_external_ids(session, incident_id, prepared)
    _insert_children(session, [(incident_id, replace(prepared, external_ids={}))])
    after = public_forms(session, [load_row(session, incident_id)])[0]
    history.record(
        session,
        entity_type=ENTITY,
        entity_id=incident_id,
        version=version,
        action=action,
        before=snapshot(before),
        after=snapshot(after),
        editor=editor,
        at=now,
    )
    session.flush()
    return after


@dataclass(frozen=True)
class HeldId:
    """A dataset id already held: its incident, the hash of what the dataset said at the
    last import, and whether the incident is deleted."""

    incident_id: int
    content_hash: str | None
    deleted: bool


def held_external_ids(
    session: Session, system: str, external_ids: Iterable[str]
) -> dict[str, HeldId]:
    """Which of ``external_ids`` of ``system`` are held, in one query per 900 ids."""
    wanted = sorted(set(external_ids))
    out: dict[str, HeldId] = {}
    conn = session.connection()
    for chunk in chunks(wanted, 900):
        for ext, iid, digest, deleted in conn.execute(
            select(
                ExternalId.external_id,
                ExternalId.incident_id,
                ExternalId.content_hash,
                Incident.deleted,
            )
            .join(Incident, Incident.id == ExternalId.incident_id)
            .where(ExternalId.system == system, ExternalId.external_id.in_(chunk))
        ):
            out[ext] = HeldId(iid, digest, bool(deleted))
    return out


def _replace_external_ids(session: Session, incident_id: int, prepared: PreparedIncident) -> None:
    """Keep the dataset ids still given (with their hash), drop the others, add new ones."""
    conn = session.connection()
    have = {
        (s, e): i
        for i, s, e in conn.execute(
            select(ExternalId.id, ExternalId.system, ExternalId.external_id).where(
                ExternalId.incident_id == incident_id
            )
        )
    }
    wanted = set(prepared.external_ids.items())
    gone = [i for pair, i in have.items() if pair not in wanted]
    if gone:
        conn.execute(delete(ExternalId).where(ExternalId.id.in_(gone)))
    new = [
        {"incident_id": incident_id, "system": s, "external_id": e, "content_hash": None}
        for s, e in prepared.external_ids.items()
        if (s, e) not in have
    ]
    if new:
        conn.execute(insert(ExternalId), new)
    if prepared.content_hash is not None:
        conn.execute(
            update(ExternalId)
            .where(ExternalId.incident_id == incident_id)
            .values(content_hash=prepared.content_hash)
        )


def add_dataset_record(
    session: Session,
    incident_id: int,
    system: str,
    external_id: str,
    content_hash: str | None,
    citations: Sequence[dict[str, Any]],
    editor: Editor,
) -> IncidentPublic:
    """Attach another dataset's record of the same event to a held incident: its id (with
    the hash of what the dataset said) and its citations are added; nothing else of the
    incident changes. One change-log entry (``update``) by ``editor``; :class:`StaleEdit` if
    the incident changed meanwhile. Used when an import's row is a confident match."""
    row = load_row(session, incident_id)
    before = public_forms(session, [row])[0]
    now = utcnow()
    version = history.bump_version(
        session,
        row,
        Incident.id,
        expected=before.version,
        entity=ENTITY,
        values={"updated_at": now, "updated_by": editor.user},
    )
    conn = session.connection()
    conn.execute(
        insert(ExternalId),
        [
            {
                "incident_id": incident_id,
                "system": system,
                "external_id": external_id,
                "content_hash": content_hash,
            }
        ],
    )
    have = {
        (s, loc)
        for s, loc in conn.execute(
            select(Citation.source_id, Citation.locator).where(
                Citation.entity_type == ENTITY, Citation.entity_id == str(incident_id)
            )
        )
    }
    new = [
        {
            "source_id": c["source_id"],
            "locator": c.get("locator"),
            "excerpt": c.get("excerpt"),
            "entity_type": ENTITY,
            "entity_id": str(incident_id),
            "fields": None,
        }
        for c in citations
        if (c["source_id"], c.get("locator")) not in have
    ]
    if new:
        conn.execute(insert(Citation), new)
    after = public_forms(session, [load_row(session, incident_id)])[0]
    history.record(
        session,
        entity_type=ENTITY,
        entity_id=incident_id,
        version=version,
        action="update",
        before=snapshot(before),
        after=snapshot(after),
        editor=editor,
        at=now,
    )
    session.flush()
    return after
