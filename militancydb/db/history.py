"""The change log: who changed what, when, from what to what; and what the database said on
any past day.

Every create, update, delete and restore of an incident, claim or registry record writes one
row with the record's full state before and after (its public form). The state of a record
"as of" a day is the ``after`` of its last change made on or before that day (UTC); a record
whose last change by then was a delete did not exist as far as the database was concerned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from militancydb.db.tables import ChangeLog, ImportRun, utcnow
from militancydb.errors import NotFound, StaleEdit


@dataclass(frozen=True)
class Editor:
    """Who is making a change, and why (recorded with every change)."""

    user: str
    reason: str | None = None
    import_run_id: int | None = None


@dataclass(frozen=True)
class Change:
    """One entry of a record's history."""

    id: int
    entity_type: str
    entity_id: str
    version: int
    action: str
    at: dt.datetime
    user: str
    reason: str | None
    import_run_id: int | None
    import_format: str | None
    import_file: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def changed_fields(self) -> list[str]:
        """Top-level fields whose value differs between before and after."""
        return diff_fields(self.before, self.after)


def diff_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """Top-level keys whose values differ (bookkeeping fields left out)."""
    skip = {"version", "updated_at", "updated_by", "created_at", "created_by"}
    b, a = before or {}, after or {}
    return sorted(k for k in set(b) | set(a) if k not in skip and b.get(k) != a.get(k))


def check_version(entity: str, entity_id: str, current: int, expected: int | None) -> None:
    """Refuse an edit made against another version than the current one."""
    if expected is not None and expected != current:
        raise StaleEdit(entity, entity_id, expected, current)


def bump_version(
    session: Session,
    row: Any,
    key_column: Any,
    *,
    expected: int,
    entity: str,
    values: dict[str, Any] | None = None,
) -> int:
    """Write a versioned record only if it is still at ``expected``: one compare-and-set.

    ``UPDATE table SET version = version + 1, <values> WHERE key = :key AND version =
    :expected``. Of two writers that read the same version, the database lets exactly one
    statement match; the other matches no row and gets :class:`StaleEdit` before it has
    changed anything. Call it before any other write of the change: on SQLite the statement
    also takes the write lock, so what follows cannot interleave with another writer.
    ``row`` (the loaded record) is expired; the new version is returned.
    """
    core = type(row).__table__
    column = core.c[key_column.key]
    key = getattr(row, key_column.key)
    done = session.execute(
        update(core)
        .where(column == key, core.c.version == expected)
        .values(version=core.c.version + 1, **(values or {}))
    )
    if getattr(done, "rowcount", 0) != 1:
        current = session.execute(select(core.c.version).where(column == key)).scalar()
        if current is None:
            raise NotFound(f"no {entity} {key}")
        raise StaleEdit(entity, str(key), expected, int(current))
    session.expire(row)
    return expected + 1


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` (UTC), the bound of an as-of query."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time())


def record(
    session: Session,
    *,
    entity_type: str,
    entity_id: str | int,
    version: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    editor: Editor,
    at: dt.datetime | None = None,
) -> None:
    """Write one change."""
    session.add(
        ChangeLog(
            entity_type=entity_type,
            entity_id=str(entity_id),
            version=version,
            action=action,
            at=at or utcnow(),
            user=editor.user,
            reason=editor.reason,
            import_run_id=editor.import_run_id,
            before=before,
            after=after,
        )
    )


def record_many(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Write many changes at once (importers); each row has ChangeLog's columns."""
    if rows:
        session.execute(insert(ChangeLog), list(rows))


def history(session: Session, entity_type: str, entity_id: str | int) -> list[Change]:
    """Every change of one record, oldest first."""
    rows = session.execute(
        select(ChangeLog, ImportRun.format, ImportRun.file_name)
        .outerjoin(ImportRun, ImportRun.id == ChangeLog.import_run_id)
        .where(ChangeLog.entity_type == entity_type, ChangeLog.entity_id == str(entity_id))
        .order_by(ChangeLog.id)
    ).all()
    return [
        Change(
            id=c.id,
            entity_type=c.entity_type,
            entity_id=c.entity_id,
            version=c.version,
            action=c.action,
            at=c.at,
            user=c.user,
            reason=c.reason,
            import_run_id=c.import_run_id,
            import_format=fmt,
            import_file=file_name,
            before=c.before,
            after=c.after,
        )
        for c, fmt, file_name in rows
    ]


def state_as_of(
    session: Session, entity_type: str, entity_id: str | int, day: dt.date
) -> dict[str, Any] | None:
    """A record's state at the end of ``day`` (None: it did not exist, or was deleted)."""
    row = session.execute(
        select(ChangeLog.action, ChangeLog.after)
        .where(
            ChangeLog.entity_type == entity_type,
            ChangeLog.entity_id == str(entity_id),
            ChangeLog.at < end_of_day(day),
        )
        .order_by(ChangeLog.id.desc())
        .limit(1)
    ).first()
    if row is None or row.action == "delete":
        return None
    after: dict[str, Any] | None = row.after
    return after


def states_as_of(session: Session, entity_type: str, day: dt.date) -> list[dict[str, Any]]:
    """The state of every record of a type at the end of ``day`` (deleted ones left out)."""
    last = (
        select(func.max(ChangeLog.id).label("id"))
        .where(ChangeLog.entity_type == entity_type, ChangeLog.at < end_of_day(day))
        .group_by(ChangeLog.entity_id)
        .subquery()
    )
    rows = session.execute(
        select(ChangeLog.action, ChangeLog.after).join(last, last.c.id == ChangeLog.id)
    ).all()
    return [r.after for r in rows if r.action != "delete" and r.after is not None]
