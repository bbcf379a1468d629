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

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, selectinload

from militancydb.db.engine import MAX_ID
from militancydb.db.tables import (
    CasualtyFigure,
    Citation,
    ExternalId,
    Incident,
    IncidentActor,
    IncidentLink,
    IncidentTactic,
    IncidentTarget,
    utcnow,
)
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import IncidentNotFound
from militancydb.services import history
from militancydb.services.history import Editor
from militancydb.services.incident_bulk import ENTITY, insert_children, insert_new, reserve_ids
from militancydb.services.incident_rows import (
    PreparedIncident,
    public_from_row,
    snapshot,
)

__all__ = [
    "ENTITY",
    "HeldId",
    "add_dataset_record",
    "chunks",
    "held_external_ids",
    "load_row",
    "public_forms",
    "replace_content",
    "reserve_ids",
    "write_new",
]


def write_new(
    session: Session,
    items: Sequence[PreparedIncident],
    editor: Editor,
    *,
    snapshots: bool = True,
) -> list[dict[str, Any]]:
    """Insert prepared incidents with their child rows and change-log entries, in bulk
    (ids from :func:`reserve_ids`; the write path is :mod:`militancydb.services.incident_bulk`).

    Returns the stored incidents' JSON form (see
    :func:`~militancydb.services.incident_forms.snapshot_from_prepared`); with
    ``snapshots=False`` (a bulk import) an empty list: they are not kept.
    """
    return insert_new(session, items, editor, keep_snapshots=snapshots)


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
    insert_children(conn, [(incident_id, replace(prepared, external_ids={}))])
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
