"""A dataset row whose id is already held and whose content changed since the last import:
apply the dataset's change through the normal edit path (version-checked, with history), or
say why not (a person edited the incident since, or it also stands for another dataset's
record), or find that it says the same as the stored incident (only the hash moves on)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import ChangeLog, ExternalId, Source
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import StaleEdit
from militancydb.services.history import Editor
from militancydb.services.incident_rows import (
    PreparedIncident,
    snapshot,
    snapshot_from_prepared,
)
from militancydb.services.incident_store import load_row, public_forms, replace_content

#: Fields of an incident's JSON form that say who stored it when, not what it says.
_META = ("id", "version", "deleted", "created_at", "created_by", "updated_at", "updated_by")


class Applied(StrEnum):
    """What became of a changed row."""

    UPDATED = "updated"
    UNCHANGED = "unchanged"  # reads differently but says the same
    CONFLICT = "conflict"  # not applied; the message says why


@dataclass(frozen=True)
class UpdateResult:
    """The outcome and, for a conflict, the reason given in the report."""

    applied: Applied
    message: str = ""


def same(session: Session, before: IncidentPublic, prepared: PreparedIncident) -> bool:
    """Whether storing ``prepared`` would leave the incident saying what it says now."""
    ids = {c["source_id"] for c in prepared.citations}
    sources = {i: session.get(Source, i) for i in ids}
    if any(s is None for s in sources.values()):
        return False
    now = snapshot(before)
    meta = {k: now[k] for k in _META}
    would = snapshot_from_prepared(before.id, meta, prepared, sources)  # type: ignore[arg-type]
    return bool(would == now)


def update_held(
    session: Session,
    incident_id: int,
    prepared: PreparedIncident,
    system: str,
    external_id: str,
    digest: str,
    editor: Editor,
) -> UpdateResult:
    """Apply a dataset's new release of one row to the incident that holds it."""
    prepared.content_hash = digest
    last = session.execute(
        select(ChangeLog.user, ChangeLog.reason, ChangeLog.import_run_id, ChangeLog.at)
        .where(ChangeLog.entity_type == "incident", ChangeLog.entity_id == str(incident_id))
        .order_by(ChangeLog.id.desc())
        .limit(1)
    ).first()
    others = session.scalars(
        select(ExternalId.system).where(
            ExternalId.incident_id == incident_id, ExternalId.system != system
        )
    ).all()
    if others:
        # the incident also stands for another dataset's record (merged): one dataset's
        # new release does not overwrite what the others say
        return UpdateResult(
            Applied.CONFLICT,
            f"{system} id {external_id} changed in the dataset, but incident "
            f"{incident_id} also holds the record of {', '.join(sorted(set(others)))}; "
            f"not overwritten. Compare with `militancydb history {incident_id}` and "
            "edit it by hand.",
        )
    if last is not None and last.import_run_id is None:
        # a person edited the incident after the last import: the dataset's change is not
        # applied over their edit; it is reported for them to settle
        return UpdateResult(
            Applied.CONFLICT,
            f"{system} id {external_id} changed in the dataset, but incident "
            f"{incident_id} was edited by {last.user} on {last.at:%Y-%m-%d} since the "
            f"last import ({last.reason or 'no reason given'}); not overwritten. "
            f"Compare with `militancydb history {incident_id}` and edit it by hand.",
        )
    row = load_row(session, incident_id)
    before = public_forms(session, [row])[0]
    if same(session, before, prepared):
        # the row reads differently (a column added to the file, a rules change) but
        # says the same: no new version, only the remembered hash moves on
        for ext in row.external_ids:
            if ext.system == system:
                ext.content_hash = digest
        return UpdateResult(Applied.UNCHANGED)
    try:
        replace_content(session, row, before, prepared, editor, "update")
    except StaleEdit as exc:  # edited by someone else during this import
        return UpdateResult(Applied.CONFLICT, f"{system} id {external_id}: {exc}; not overwritten")
    return UpdateResult(Applied.UPDATED)
