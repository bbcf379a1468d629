"""The secondary indexes of the tables an import fills, built once at its end instead of
row by row, when the import is the database's first (SQLite).

Inserting an incident into SQLite updates the fifteen secondary indexes of ``incidents``
and those of its child rows and change-log entry, one B-tree insert each: about half of
the importing process's time in ``executemany`` and the commits (docs/benchmarks.md,
"Import: the writing side"). Into tables holding no incident, building each index once
from the stored rows at the end (one sort) costs a fraction of that. It applies only where
nothing reads those indexes during the import: no incident held when it starts, and an
importer that does not match rows against held incidents (:attr:`Importer.match_held`
False, e.g. UCDP); the dataset-id look-ups use the unique index, which stays.

Safety: each index's own ``CREATE INDEX`` text (read from ``sqlite_master`` before the
drop) is run again at the end, also when the import fails or is interrupted (what it
committed keeps its indexes). In one transaction (the default), the drop is part of it:
a rollback restores the indexes. Only a killed process (``SIGKILL``, a power cut) could
leave committed batches without them: every import first builds any index the schema
declares and the database lacks (:func:`restore_missing`), and so does running the same
import again to finish it. Readers of the database during such an import see the same rows,
found more slowly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Table, text
from sqlalchemy.orm import Session
from sqlalchemy.schema import CreateIndex

from militancydb.db.engine import known_head
from militancydb.db.tables import (
    CasualtyFigure,
    ChangeLog,
    Citation,
    ExternalId,
    Incident,
    IncidentActor,
    IncidentTactic,
    IncidentTarget,
)
from militancydb.io.importer import Importer
from militancydb.services.bulk_rows import table_of

#: The tables a new incident's rows go to (their non-unique indexes are deferred).
FILLED = tuple(
    table_of(m)
    for m in (
        Incident,
        CasualtyFigure,
        IncidentActor,
        IncidentTarget,
        IncidentTactic,
        ExternalId,
        Citation,
        ChangeLog,
    )
)


_IF_NOT_EXISTS = "CREATE INDEX IF NOT EXISTS "


def deferrable(table: Table) -> list[str]:
    """The names of ``table``'s indexes that may be built after an import (not unique)."""
    return sorted(str(i.name) for i in table.indexes if not i.unique and i.name)


def restore_missing(conn: Connection) -> list[str]:
    """Build each index of :data:`FILLED` that the schema declares and the SQLite database
    lacks (an import killed while they were deferred); the names built. Only on a database
    at the newest migration: an older one lacks the indexes of the migrations after it,
    which ``militancydb db upgrade`` makes."""
    master = "SELECT name FROM sqlite_master WHERE type = "
    if "alembic_version" not in {r[0] for r in conn.exec_driver_sql(master + "'table'")}:
        return []
    at = [r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
    if at != [known_head()]:
        return []
    have = {r[0] for r in conn.exec_driver_sql(master + "'index'")}
    built = []
    for table in FILLED:
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            if index.name and index.name not in have:
                conn.execute(CreateIndex(index))
                built.append(str(index.name))
    return built


@contextmanager
def indexes_deferred(session: Session, importer: Importer, commit: bool) -> Iterator[None]:
    """Around an import on SQLite: the deferrable indexes dropped when the import may build
    them at the end (see the module docstring), and built again on the way out; ``commit``:
    the import commits as it goes (the indexes are built and committed at the end)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    restore_missing(conn)
    empty = conn.execute(text("SELECT 1 FROM incidents LIMIT 1")).first() is None
    if importer.match_held or not empty:
        yield
        return
    names = [n for t in FILLED for n in deferrable(t)]
    marks = ",".join("?" * len(names))
    found = conn.exec_driver_sql(
        f"SELECT sql FROM sqlite_master WHERE type='index' AND name IN ({marks}) ORDER BY name",
        tuple(names),
    )
    ddl = [str(r[0]) for r in found]
    # a write first, so that the drops are in the transaction (the driver begins one before
    # a write, not before DDL): one that is rolled back restores the indexes
    conn.exec_driver_sql("UPDATE import_runs SET id = id WHERE 0")
    for name in names:
        conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield
    except BaseException:
        _build(session, ddl, commit, failed=True)
        raise
    _build(session, ddl, commit, failed=False)


def _build(session: Session, ddl: list[str], commit: bool, *, failed: bool) -> None:
    """Run the indexes' statements again. After a failed import that commits as it goes,
    its uncommitted part is rolled back first (it is not to be stored) and the indexes are
    committed; in one transaction they are built in it (a rollback undoes the drop and the
    build alike). Where that fails after a failed import, its own error is the one raised
    and the next import builds them (:func:`restore_missing`)."""
    try:
        if failed and commit:
            session.rollback()
        conn = session.connection()
        for statement in ddl:
            conn.exec_driver_sql(statement.replace("CREATE INDEX ", _IF_NOT_EXISTS, 1))
        if commit:
            session.commit()
    except Exception:
        if not failed:
            raise
