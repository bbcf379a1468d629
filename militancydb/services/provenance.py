"""Where each field of an incident came from.

For every field, the change that last set its current value (an import run, with its file,
or a person's edit, with their reason), plus the sources the incident cites. Nested parts
(``location``, ``totals``) are reported field by field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from sqlalchemy.orm import Session

from militancydb.errors import IncidentNotFound
from militancydb.services.history import history

SKIP = {
    "id",
    "version",
    "deleted",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "sources",
}


@dataclass(frozen=True)
class FieldOrigin:
    """The origin of one field's current value."""

    field: str
    value: str
    version: int
    user: str
    at: str
    how: str


def _flatten(snapshot: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (snapshot or {}).items():
        if key in SKIP:
            continue
        if isinstance(value, dict) and key in ("location", "totals"):
            for sub, v in value.items():
                out[f"{key}.{sub}"] = v
        else:
            out[key] = value
    return out


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def field_provenance(session: Session, incident_id: int) -> list[FieldOrigin]:
    """The origin of every non-empty field of an incident's current state."""
    changes = history(session, "incident", incident_id)
    if not changes:
        raise IncidentNotFound(f"no incident with id {incident_id}")
    current = _flatten(changes[-1].after)
    out = []
    for field, value in current.items():
        if value in (None, [], {}, ""):
            continue
        origin = changes[0]
        for c in changes:
            if (
                c.after is not None
                and _flatten(c.after).get(field) == value
                and (c.before is None or _flatten(c.before).get(field) != value)
            ):
                origin = c
        if origin.import_run_id:
            file = PurePath(origin.import_file or "").name
            how = f"import run {origin.import_run_id} ({origin.import_format}, {file})"
        else:
            how = f"{origin.action} ({origin.reason})" if origin.reason else origin.action
        out.append(
            FieldOrigin(
                field,
                _short(value),
                origin.version,
                origin.user,
                origin.at.strftime("%Y-%m-%d %H:%M"),
                how,
            )
        )
    return out
