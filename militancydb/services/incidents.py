"""Create, read, edit, delete and restore incidents; list them now or as of a past day.

Every write goes through here and records who, when, before and after in the change log.
Edits carry the version they were made against; an edit against an older version is refused
(:class:`~militancydb.errors.StaleEdit`), never silently merged. Deleting only marks the
record deleted; :func:`restore_incident` brings it back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from militancydb.db.tables import (
    Incident,
    utcnow,
)
from militancydb.domain.incident import (
    IncidentCreate,
    IncidentList,
    IncidentPublic,
    IncidentUpdate,
)
from militancydb.domain.limits import MAX_ID
from militancydb.errors import FieldError, IncidentNotFound, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.knowledge.place_tree import DISTRICT_KINDS, PROVINCE_KINDS
from militancydb.services import history
from militancydb.services.history import Editor
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incident_rows import (
    prepare,
    snapshot,
)
from militancydb.services.incident_store import (
    ENTITY,
    chunks,
    load_row,
    public_forms,
    replace_content,
    write_new,
)

#: Fields whose change re-checks the coordinates against the country and province.
POINT_FIELDS = frozenset({"country", "province", "district", "place", "latitude", "longitude"})


def pydantic_errors(exc: ValidationError) -> list[FieldError]:
    """Pydantic's errors as field errors with dotted paths."""
    out = []
    for e in exc.errors():
        path = ".".join(str(p) for p in e["loc"]) or "(document)"
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            msg = "unknown field; see `militancydb incidents add --help` for the fields"
        out.append(FieldError(path, msg))
    return out


def validate_create(raw: dict[str, Any], kb: Knowledge | None = None) -> IncidentCreate:
    """Parse a new incident, raising ValidationFailed that names every bad field: the
    structure's problems and, with the knowledge base, the names that do not resolve."""
    try:
        return IncidentCreate.model_validate(raw)
    except ValidationError as exc:
        errors = pydantic_errors(exc)
        if kb is not None:
            errors += name_errors(raw, kb, {e.field for e in errors})
        raise ValidationFailed(errors, "incident") from exc


def name_errors(raw: dict[str, Any], kb: Knowledge, skip: set[str]) -> list[FieldError]:
    """Places and actors of a raw document that do not resolve (checked even when other
    fields are wrong, so that every bad field is reported at once)."""
    out = []
    country = raw.get("country") if isinstance(raw.get("country"), str) else "PK"
    for field_name, kinds in (("province", PROVINCE_KINDS), ("district", DISTRICT_KINDS)):
        value = raw.get(field_name)
        if isinstance(value, str) and value and field_name not in skip:
            r = kb.gazetteer.resolve(value, country=country, kinds=kinds)
            if r.key is None:
                out.append(FieldError(field_name, f"{value!r}: {'; '.join(r.reasons)}"))
    for i, a in enumerate(raw.get("actors") or []):
        name = a.get("actor") if isinstance(a, dict) else None
        if isinstance(name, str) and name and f"actors.{i}.actor" not in skip:
            r2 = kb.registry.resolve(name)
            if r2.key is None:
                out.append(FieldError(f"actors.{i}.actor", f"{name!r}: {'; '.join(r2.reasons)}"))
    return out


# --- writing -------------------------------------------------------------------------------


def create_incident(
    session: Session,
    data: IncidentCreate | dict[str, Any],
    kb: Knowledge,
    editor: Editor,
    *,
    strict_actors: bool = True,
) -> IncidentPublic:
    """Add one incident (validated, names resolved) and record its creation; without
    ``strict_actors`` an actor name the registry does not know is kept as a name (as the
    importers keep a dataset's), not refused."""
    if isinstance(data, dict):
        data = validate_create(data, kb)
    prepared, errors = prepare(session, data, kb, strict_actors=strict_actors)
    if errors:
        raise ValidationFailed(errors, "incident")
    (snap,) = write_new(session, [prepared], editor)
    return IncidentPublic.model_validate(snap)


# --- reading -------------------------------------------------------------------------------


def get_incident(
    session: Session,
    incident_id: int,
    *,
    as_of: dt.date | None = None,
    include_deleted: bool = False,
) -> IncidentPublic:
    """One incident now, or as the database held it at the end of ``as_of``."""
    if not 0 < incident_id <= MAX_ID:
        # never reaches the database: an id beyond its integer type is a driver error there
        raise IncidentNotFound(f"no incident with id {incident_id}: ids run from 1 to {MAX_ID:,}")
    if as_of is not None:
        state = history.state_as_of(session, ENTITY, incident_id, as_of)
        if state is None:
            raise IncidentNotFound(f"incident {incident_id} did not exist on {as_of}")
        return IncidentPublic.model_validate(state)
    row = load_row(session, incident_id)
    if row.deleted and not include_deleted:
        raise IncidentNotFound(
            f"incident {incident_id} is deleted; `militancydb incidents restore "
            f"{incident_id}` brings it back"
        )
    return public_forms(session, [row])[0]


def list_incidents(
    session: Session,
    flt: IncidentFilter | None = None,
    *,
    as_of: dt.date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> IncidentList:
    """Incidents matching ``flt``, by date then id; ``as_of`` reads a past day's state."""
    flt = flt or IncidentFilter()
    if as_of is not None:
        states = [
            IncidentPublic.model_validate(s) for s in history.states_as_of(session, ENTITY, as_of)
        ]
        found = sorted((i for i in states if flt.matches(i)), key=lambda i: (i.date_start, i.id))
        page = found[offset : offset + limit if limit else None]
        return IncidentList(data=page, count=len(found))
    ids = list(
        session.scalars(flt.apply(select(Incident.id)).order_by(Incident.date_start, Incident.id))
    )
    page_ids = ids[offset : offset + limit if limit else None]
    rows: list[Incident] = []
    for chunk in chunks([str(i) for i in page_ids], 900):
        rows += session.scalars(
            select(Incident)
            .where(Incident.id.in_([int(x) for x in chunk]))
            .options(
                selectinload(Incident.casualties),
                selectinload(Incident.actors),
                selectinload(Incident.targets),
                selectinload(Incident.tactics),
                selectinload(Incident.external_ids),
            )
        ).all()
    order = {i: n for n, i in enumerate(page_ids)}
    rows.sort(key=lambda r: order[r.id])
    return IncidentList(data=public_forms(session, rows), count=len(ids))


# --- editing -------------------------------------------------------------------------------


def create_input(incident: IncidentPublic) -> dict[str, Any]:
    """The :class:`IncidentCreate` document that would recreate a stored incident."""
    loc = incident.location
    return {
        "date_start": incident.date_start,
        "date_end": incident.date_end,
        "date_precision": incident.date_precision,
        "country": loc.country,
        "province": loc.province,
        "district": loc.district,
        "place": loc.place,
        "place_detail": loc.place_detail,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "geo_precision": loc.geo_precision,
        "event_type": incident.event_type,
        "event_type_rule": incident.event_type_rule,
        "event_type_confidence": incident.event_type_confidence,
        "tactics": list(incident.tactics),
        "suicide": incident.suicide,
        "targets": [t.model_dump() for t in incident.targets],
        "casualties": [c.model_dump() for c in incident.casualties],
        "actors": [
            {
                "actor": a.actor_key or a.actor_name,
                "role": a.role,
                "basis": a.basis,
                "confidence": a.confidence,
                "note": a.note,
            }
            for a in incident.actors
        ],
        "summary": incident.summary,
        "operation": incident.operation,
        "review_status": incident.review_status,
        "sources": [
            {"id": s.source_id, "locator": s.locator, "excerpt": s.excerpt}
            for s in incident.sources
        ],
        "external_ids": dict(incident.external_ids),
        "related": [
            {"incident_id": r["incident_id"], "relation": r["relation"], "note": r.get("note")}
            for r in incident.related
        ],
    }


def update_incident(
    session: Session,
    incident_id: int,
    changes: IncidentUpdate | dict[str, Any],
    *,
    expected_version: int,
    kb: Knowledge,
    editor: Editor,
    strict_actors: bool = True,
) -> IncidentPublic:
    """Apply ``changes`` to an incident last seen at ``expected_version``."""
    if isinstance(changes, dict):
        try:
            changes = IncidentUpdate.model_validate(changes)
        except ValidationError as exc:
            raise ValidationFailed(pydantic_errors(exc), "changes") from exc
    row = load_row(session, incident_id)
    if row.deleted:
        raise IncidentNotFound(
            f"incident {incident_id} is deleted; restore it first with "
            f"`militancydb incidents restore {incident_id}`"
        )
    history.check_version(ENTITY, str(incident_id), row.version, expected_version)
    before = public_forms(session, [row])[0]
    given = changes.model_dump(exclude_unset=True)
    merged = {**create_input(before), **given}
    if "event_type" in given and "event_type_rule" not in given:
        # a person chose the type: no importer's rule stands behind it any more
        merged["event_type_rule"] = None
        merged["event_type_confidence"] = given.get("event_type_confidence")
    if "province" in changes.model_fields_set and "district" not in changes.model_fields_set:
        merged["district"] = None  # a new province invalidates the old district
        merged["place"] = None
    if changes.model_fields_set & {"province", "district", "place"} and not (
        changes.model_fields_set & {"latitude", "longitude"}
    ):
        merged["latitude"] = merged["longitude"] = None
    # figures and the point are checked when the edit touches them: an imported incident
    # whose dataset figures contradict each other stays editable in its other fields
    touched = changes.model_fields_set
    try:
        data = IncidentCreate.model_validate(
            merged, context={"dataset": "casualties" not in touched}
        )
    except ValidationError as exc:
        raise ValidationFailed(pydantic_errors(exc), "changes") from exc
    prepared, errors = prepare(
        session,
        data,
        kb,
        strict_actors=strict_actors,
        check_point=bool(touched & POINT_FIELDS),
    )
    if errors:
        raise ValidationFailed(errors, "changes")
    return replace_content(session, row, before, prepared, editor, "update")


def _set_deleted(
    session: Session, incident_id: int, deleted: bool, expected_version: int | None, editor: Editor
) -> IncidentPublic:
    row = load_row(session, incident_id)
    history.check_version(ENTITY, str(incident_id), row.version, expected_version)
    if row.deleted == deleted:
        state = "deleted" if deleted else "not deleted"
        raise ValidationFailed([FieldError("id", f"incident {incident_id} is already {state}")])
    before = public_forms(session, [row])[0]
    now = utcnow()
    version = history.bump_version(
        session,
        row,
        Incident.id,
        expected=before.version,
        entity=ENTITY,
        values={"deleted": deleted, "updated_at": now, "updated_by": editor.user},
    )
    row = load_row(session, incident_id)
    after = public_forms(session, [row])[0]
    history.record(
        session,
        entity_type=ENTITY,
        entity_id=incident_id,
        version=version,
        action="delete" if deleted else "restore",
        before=snapshot(before),
        after=snapshot(after),
        editor=editor,
        at=now,
    )
    session.flush()
    return after


def delete_incident(
    session: Session, incident_id: int, *, expected_version: int | None, editor: Editor
) -> IncidentPublic:
    """Mark an incident deleted (recoverable with :func:`restore_incident`)."""
    return _set_deleted(session, incident_id, True, expected_version, editor)


def restore_incident(
    session: Session, incident_id: int, *, expected_version: int | None = None, editor: Editor
) -> IncidentPublic:
    """Bring back a deleted incident."""
    return _set_deleted(session, incident_id, False, expected_version, editor)
