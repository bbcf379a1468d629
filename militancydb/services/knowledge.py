"""Add, change and delete knowledge records (places, actors, relations, people, memberships,
person events, territory, proclaimed territory, local facts) with history, through the same
specs the shipped data loads with.

- :func:`add_knowledge` takes a document in the shipped formats (``sources``, ``places``,
  ``actors``, ``relations``, ``persons``, ``territory``) and adds new records only; every
  reference must resolve (to the database or the same document) and every fact must name a
  source.
- :func:`edit_record` changes fields of one record against the version the user saw
  (a stale version is refused); a shipped record edited by a user is marked ``edited`` and
  later loads of shipped data report it instead of overwriting it.
- :func:`delete_record` marks a record deleted (it leaves the registries; history keeps it).
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Citation, Source
from militancydb.domain.dates import parse_partial
from militancydb.domain.limits import clip, is_http_url
from militancydb.errors import AlreadyExists, FieldError, NotFound, ValidationFailed
from militancydb.knowledge import specs
from militancydb.knowledge.actor_files import parse_actors
from militancydb.knowledge.place_tree import PlaceRecord
from militancydb.knowledge.shipped import ShippedKnowledge
from militancydb.knowledge.store import (
    ALIAS_TABLES,
    aliases_by_entity,
    citations_by_entity,
    row_snapshot,
    source_ids,
    sync_records,
)
from militancydb.knowledge.text import normalise
from militancydb.services import history
from militancydb.services.history import Editor

DATE_COLUMNS = {"founded", "dissolved", "start", "end", "valid_from", "valid_to", "date"}


def _row(session: Session, spec: specs.Spec, key: str) -> Any:
    table: Any = spec.table
    row = session.scalar(select(table).where(table.key == key))
    if row is None:
        raise NotFound(f"no {spec.entity} with key {key!r}")
    return row


def _place(raw: dict[str, Any]) -> PlaceRecord:
    place: PlaceRecord = specs.PLACE.from_yaml(
        raw,
        f"place {raw.get('key')}",
        country=str(raw.get("country") or str(raw["key"])[:2]),
        aliases=tuple((a, "alias") for a in raw.get("aliases") or []),
        origin="user",
    )
    return place


def _add_sources(session: Session, doc: dict[str, Any], errors: list[FieldError]) -> None:
    """Add the document's new sources (those already held are left as they are)."""
    known_sources = source_ids(session)
    for i, raw in enumerate(doc.get("sources") or []):
        key = str(raw.get("id", ""))
        if not key:
            errors.append(FieldError(f"sources.{i}.id", "a source needs an id"))
        elif key in known_sources:
            continue
        elif raw.get("url") and not is_http_url(raw.get("url")):
            errors.append(
                FieldError(
                    f"sources.{i}.url",
                    f"{clip(raw.get('url'))} is not a web address: a source URL must start "
                    "with http:// or https:// and name a host",
                )
            )
        else:
            session.add(
                Source(
                    key=key,
                    publisher=raw.get("publisher"),
                    title=raw.get("title"),
                    url=raw.get("url"),
                    published=parse_partial(raw.get("date")),
                    accessed=parse_partial(raw.get("accessed")),
                    kind=raw.get("kind", "article"),
                    note=raw.get("note"),
                )
            )
    session.flush()


def _document_records(doc: dict[str, Any]) -> list[tuple[specs.Spec, list[Any]]]:
    """The records of a document, by kind (an incomplete record is bad input)."""
    new = ShippedKnowledge()
    try:
        parse_actors([("input", doc)], new)
        places = [_place(raw) for raw in doc.get("places") or []]
    except (KeyError, ValueError) as exc:
        raise ValidationFailed([FieldError("document", f"incomplete record: {exc}")]) from exc
    return [
        (specs.PLACE, places),
        (specs.ACTOR, list(new.actors.values())),
        (specs.RELATION, new.relations),
        (specs.PROCLAIMED, new.proclaimed),
        (specs.PERSON, list(new.persons.values())),
        (specs.MEMBERSHIP, new.memberships),
        (specs.PERSON_EVENT, new.events),
        (specs.TERRITORY, new.territory),
    ]


def _check_records(
    session: Session, groups: list[tuple[specs.Spec, list[Any]]], errors: list[FieldError]
) -> None:
    """Refuse records that exist already; note those without a known source and those that
    name a record that exists neither in the database nor in the document."""
    known_sources = source_ids(session)
    keys = {spec.entity: {r.key for r in recs} for spec, recs in groups}

    def exists(entity: str, key: str | None) -> bool:
        return not key or key in keys.get(entity, set()) or _held(session, specs.SPECS[entity], key)

    for spec, recs in groups:
        for r in recs:
            where = f"{spec.entity} {r.key}"
            if _held(session, spec, r.key):
                raise AlreadyExists(
                    f"{where} exists already; change it with "
                    f"`militancydb knowledge edit {spec.entity} {r.key}`"
                )
            if not r.sources:
                errors.append(FieldError(where, "every fact needs a source (sources: [id])"))
            for s in r.sources:
                if s not in known_sources:
                    errors.append(
                        FieldError(
                            where,
                            f"unknown source {s!r}; add it under `sources:` in the same document",
                        )
                    )
            for ref_entity, ref_key in spec.references(r):
                if not exists(ref_entity, ref_key):
                    errors.append(FieldError(where, f"{ref_entity} {ref_key!r} does not exist"))


def _held(session: Session, spec: specs.Spec, key: str) -> bool:
    table: Any = spec.table
    return session.scalar(select(table.key).where(table.key == key)) is not None


def add_knowledge(session: Session, doc: dict[str, Any], editor: Editor) -> dict[str, int]:
    """Add the new records of a document (see the module docstring); returns counts."""
    errors: list[FieldError] = []
    _add_sources(session, doc, errors)
    groups = _document_records(doc)
    _check_records(session, groups, errors)
    if errors:
        raise ValidationFailed(errors, "knowledge document")
    counts: dict[str, int] = {}
    for spec, recs in groups:
        if recs:
            done = sync_records(
                session,
                spec,
                recs,
                key_of=lambda r: r.key,
                sources_of=lambda r: r.sources,
                editor=editor,
                origin="user",
            )
            counts[spec.entity] = done.created
    session.flush()
    return counts


def record_state(session: Session, entity: str, key: str) -> dict[str, Any]:
    """A record's current state (with its version) as the change log stores it."""
    spec = _spec(entity)
    row = _row(session, spec, key)
    snap = row_snapshot(
        spec,
        row,
        aliases_by_entity(session, entity).get(key, []),
        citations_by_entity(session, entity).get(key, []),
    )
    return {**snap, "version": row.version, "deleted": row.deleted, "origin": row.origin}


def _spec(entity: str) -> specs.Spec:
    if entity not in specs.SPECS:
        raise ValidationFailed(
            [FieldError("entity", f"{entity!r}: use one of {', '.join(specs.SPECS)}")]
        )
    return specs.SPECS[entity]


def edit_record(
    session: Session,
    entity: str,
    key: str,
    changes: dict[str, Any],
    *,
    expected_version: int,
    editor: Editor,
) -> dict[str, Any]:
    """Change fields of one knowledge record (see the module docstring)."""
    spec = _spec(entity)
    row = _row(session, spec, key)
    history.check_version(entity, key, row.version, expected_version)
    before = record_state(session, entity, key)
    columns = {c.name for c in spec.table.__table__.columns} - {
        "id",
        "key",
        "version",
        "deleted",
        "origin",
    }
    errors = []
    for field, value in changes.items():
        if field not in columns and field not in ("aliases", "sources"):
            errors.append(
                FieldError(
                    field,
                    f"not a field of {entity}; fields: "
                    f"{', '.join(sorted(columns))}, aliases, sources",
                )
            )
        elif field in DATE_COLUMNS:
            try:
                changes[field] = parse_partial(value)
            except ValueError as exc:
                errors.append(FieldError(field, str(exc)))
    known = source_ids(session)
    for s in changes.get("sources") or []:
        if s not in known:
            errors.append(FieldError("sources", f"unknown source {s!r}"))
    if errors:
        raise ValidationFailed(errors, f"{entity} changes")
    version = _claim_version(session, spec, row, expected_version)
    for field, value in changes.items():
        if field in columns:
            setattr(row, field, value)
    if "aliases" in changes and entity in ALIAS_TABLES:
        alias_table, fk = ALIAS_TABLES[entity]
        session.execute(delete(alias_table).where(getattr(alias_table, fk) == key))
        rows = [
            {
                fk: key,
                "alias": a if isinstance(a, str) else a["alias"],
                "kind": "alias" if isinstance(a, str) else a.get("kind", "name"),
                "norm": normalise(a if isinstance(a, str) else a["alias"]),
            }
            for a in changes["aliases"]
        ]
        if rows:
            session.execute(insert(alias_table), rows)
    if "sources" in changes:
        session.execute(
            delete(Citation).where(Citation.entity_type == entity, Citation.entity_id == key)
        )
        for s in changes["sources"]:
            session.add(Citation(entity_type=entity, entity_id=key, source_id=known[s]))
    after = _finish(session, entity, key, row, version, before, "update", editor)
    session.flush()
    return after


def _claim_version(session: Session, spec: specs.Spec, row: Any, expected: int) -> int:
    """Move the record from ``expected`` to the next version in one compare-and-set (a
    concurrent change since ``expected`` makes this a :class:`StaleEdit`); a shipped record
    a user changes becomes ``edited``."""
    values = {"origin": "edited"} if row.origin == "shipped" else {}
    return history.bump_version(
        session,
        row,
        cast(Any, spec.table).key,
        expected=expected,
        entity=spec.entity,
        values=values,
    )


def _finish(
    session: Session,
    entity: str,
    key: str,
    row: Any,
    version: int,
    before: dict[str, Any],
    action: str,
    editor: Editor,
) -> dict[str, Any]:
    """Finish a change: the history row of the new version."""
    session.flush()
    after = record_state(session, entity, key)
    history.record(
        session,
        entity_type=entity,
        entity_id=key,
        version=version,
        action=action,
        before=before,
        after=after,
        editor=editor,
    )
    return after


def delete_record(
    session: Session, entity: str, key: str, *, expected_version: int, editor: Editor
) -> dict[str, Any]:
    """Mark a knowledge record deleted (kept in the history; gone from the registries)."""
    spec = _spec(entity)
    row = _row(session, spec, key)
    history.check_version(entity, key, row.version, expected_version)
    before = record_state(session, entity, key)
    version = _claim_version(session, spec, row, before["version"])
    row.deleted = True
    return _finish(session, entity, key, row, version, before, "delete", editor)
