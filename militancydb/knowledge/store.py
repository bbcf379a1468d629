"""Knowledge in the database: write shipped records in (with history), read registries out.

:func:`sync_records` makes the database hold a set of records. A new record is inserted, a
changed one updated (version + 1), an unchanged one left alone, so loading twice changes
nothing. A record a user has edited (origin ``edited``) is not overwritten by shipped data:
the difference is reported as a conflict for a person to settle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from militancydb.db.history import Editor, bump_version
from militancydb.db.tables import (
    ActorAlias,
    ChangeLog,
    Citation,
    PlaceAlias,
    Source,
    utcnow,
)
from militancydb.errors import StaleEdit
from militancydb.knowledge.specs import Spec
from militancydb.knowledge.text import normalise

ALIAS_TABLES: dict[str, tuple[Any, str]] = {
    "place": (PlaceAlias, "place_key"),
    "actor": (ActorAlias, "actor_key"),
}


@dataclass
class SyncCounts:
    """What one sync did to one entity type."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)


def source_ids(session: Session) -> dict[str, int]:
    """Database id of every keyed source."""
    return {k: i for k, i in session.execute(select(Source.key, Source.id)) if k}


def citations_by_entity(session: Session, entity: str) -> dict[str, list[str]]:
    """Source keys cited for each record of a type."""
    out: dict[str, list[str]] = defaultdict(list)
    rows = session.execute(
        select(Citation.entity_id, Source.key)
        .join(Source, Source.id == Citation.source_id)
        .where(Citation.entity_type == entity)
        .order_by(Citation.id)
    )
    for entity_id, key in rows:
        out[entity_id].append(key or "")
    return out


def aliases_by_entity(session: Session, entity: str) -> dict[str, list[dict[str, Any]]]:
    """Alias rows of each record of a type (without ids), in insertion order."""
    if entity not in ALIAS_TABLES:
        return {}
    table, fk = ALIAS_TABLES[entity]
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in session.scalars(select(table).order_by(table.id)):
        d = {"alias": row.alias, "kind": row.kind}
        if entity == "actor":
            d.update(lang=row.lang, dataset=row.dataset)
        out[getattr(row, fk)].append(d)
    return out


def snapshot(spec: Spec, record: Any, sources: Sequence[str]) -> dict[str, Any]:
    """A record's state as the change log keeps it."""
    snap = dict(spec.columns(record))
    if spec.aliases is not None:
        snap["aliases"] = spec.aliases(record)
    snap["sources"] = list(sources)
    return snap


def row_snapshot(
    spec: Spec, row: Any, aliases: list[dict[str, Any]], sources: list[str]
) -> dict[str, Any]:
    """The same state, read from a stored row."""
    snap = {}
    for col in _columns_of(spec):
        snap[col] = getattr(row, col)
    if spec.aliases is not None:
        snap["aliases"] = aliases
    snap["sources"] = sources
    return snap


_COLUMN_CACHE: dict[str, list[str]] = {}


def _columns_of(spec: Spec) -> list[str]:
    if spec.entity not in _COLUMN_CACHE:
        names = {c.name for c in spec.table.__table__.columns}
        skip = {"id", "version", "deleted", "origin"}
        _COLUMN_CACHE[spec.entity] = [c for c in names if c not in skip]
    return _COLUMN_CACHE[spec.entity]


def _comparable(snap: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if v != [] else None) for k, v in snap.items()}


def sync_records(
    session: Session,
    spec: Spec,
    records: Iterable[Any],
    *,
    key_of: Any,
    sources_of: Any,
    editor: Editor,
    origin: str = "shipped",
) -> SyncCounts:
    """Make the table hold ``records`` (see the module docstring)."""
    counts = SyncCounts()
    table: Any = spec.table
    existing = {row.key: row for row in session.scalars(select(table))}
    cited = citations_by_entity(session, spec.entity)
    aliases = aliases_by_entity(session, spec.entity)
    src_ids = source_ids(session)
    now = utcnow()
    new_rows: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    new_citations: list[dict[str, Any]] = []
    new_aliases: list[dict[str, Any]] = []
    replaced: list[str] = []
    for record in records:
        key = key_of(record)
        sources = [s for s in sources_of(record) if s in src_ids]
        snap = snapshot(spec, record, sources)
        row = existing.get(key)
        if row is None:
            cols = spec.columns(record)
            new_rows.append({**cols, "version": 1, "deleted": False, "origin": origin})
            changes.append(_change(spec.entity, key, 1, "create", None, snap, editor, now))
            counts.created += 1
        else:
            before = row_snapshot(spec, row, aliases.get(key, []), cited.get(key, []))
            if _comparable(before) == _comparable(snap) and not row.deleted:
                counts.unchanged += 1
                continue
            if row.origin not in (origin, "shipped"):
                counts.conflicts.append(key)
                continue
            try:  # one compare-and-set: a user's edit since the read wins, reported
                version = bump_version(
                    session,
                    row,
                    table.key,
                    expected=row.version,
                    entity=spec.entity,
                    values={**spec.columns(record), "deleted": False},
                )
            except StaleEdit:
                counts.conflicts.append(key)
                continue
            changes.append(_change(spec.entity, key, version, "update", before, snap, editor, now))
            replaced.append(key)
            counts.updated += 1
        for s in sources:  # unknown source ids are reported by `knowledge check`
            new_citations.append(
                {"entity_type": spec.entity, "entity_id": key, "source_id": src_ids[s]}
            )
        if spec.aliases is not None:
            fk = ALIAS_TABLES[spec.entity][1]
            for a in spec.aliases(record):
                new_aliases.append({**a, fk: key, "norm": normalise(a["alias"])})
    if replaced:
        session.execute(
            delete(Citation).where(
                Citation.entity_type == spec.entity, Citation.entity_id.in_(replaced)
            )
        )
        if spec.entity in ALIAS_TABLES:
            alias_table, fk = ALIAS_TABLES[spec.entity]
            session.execute(delete(alias_table).where(getattr(alias_table, fk).in_(replaced)))
    session.flush()
    if new_rows:
        session.execute(insert(table), new_rows)
    if new_aliases:
        session.execute(insert(ALIAS_TABLES[spec.entity][0]), new_aliases)
    if new_citations:
        session.execute(insert(Citation), new_citations)
    if changes:
        session.execute(insert(ChangeLog), changes)
    return counts


def _change(
    entity: str,
    key: str,
    version: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    editor: Editor,
    now: Any,
) -> dict[str, Any]:
    return {
        "entity_type": entity,
        "entity_id": key,
        "version": version,
        "action": action,
        "at": now,
        "user": editor.user,
        "reason": editor.reason,
        "import_run_id": editor.import_run_id,
        "before": before,
        "after": after,
    }
