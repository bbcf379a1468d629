"""SQLite's temporary tables of one export (the child lists aggregated once,
:mod:`militancydb.io.export_flat_whole` and :mod:`militancydb.io.export_json_rows`): made
under a name of their own, dropped when the rows have been read or the reader stops early,
and dropped cheaply.

A setting of SQLite's temporary database, for the export only (set back after):

* ``secure_delete`` off. SQLite as Debian builds it (3.40.1 here) has ``SECURE_DELETE`` on, so
  dropping a table overwrote each of its pages with zeros (and journaled them) before it
  freed them: at 100,000 incidents, JSON Lines' seven list tables (230 MB of pages) were
  written twice, 178,000 ``pwrite`` calls in all against 83,000 with it off. A temporary
  table is the connection's own, in a file that is deleted when the connection closes.
* (tried, not kept: SQLite's sorter on a helper thread, ``PRAGMA threads = 1``: at
  1,000,000 incidents and load 12-21, JSON Lines 1.8 s more system time and 30 MB more
  peak RSS, for a wall-clock gain no measurement at that load could show.)
* (tried, not kept: a larger page for the temporary database, so that its tables are
  written and read in fewer system calls: 64 KiB pages cut JSON Lines' ``pwrite`` and
  ``pread`` calls at 100,000 incidents from 83,000 and 137,000 to 57,000 and 85,000, but at
  1,000,000 incidents the peak RSS rose from 173 to 421 MB, 220 MB with 16 KiB pages.)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

#: a distinct name for each export's temporary tables on a connection
_RUN = itertools.count(1)


class TempTables:
    """Temporary tables of one export on a SQLite connection (see the module docstring)."""

    def __init__(self, cursor: Any, prefix: str) -> None:
        self.cursor = cursor
        self.prefix = f"{prefix}_{{}}_{next(_RUN)}"
        self.made: list[str] = []

    def make(self, key: str, columns: str, select_sql: str) -> str:
        """``CREATE TEMP TABLE name (columns)`` filled by ``INSERT ... select_sql``;
        returns its name."""
        name = self.prefix.format(key)
        self.cursor.execute(f"DROP TABLE IF EXISTS temp.{name}")
        self.cursor.execute(f"CREATE TEMP TABLE {name} ({columns})")
        self.made.append(name)
        self.cursor.execute(f"INSERT INTO temp.{name} {select_sql}")
        return name


@contextmanager
def temp_tables(session: Session, prefix: str) -> Iterator[TempTables]:
    """A :class:`TempTables` on the session's SQLite connection, its tables dropped and the
    temporary database's settings set back on leaving."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        raise ValueError("temporary tables of an export are SQLite's")
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    secure = cursor.execute("PRAGMA temp.secure_delete").fetchone()[0]
    tables = TempTables(cursor, prefix)
    try:
        cursor.execute("PRAGMA temp.secure_delete = OFF")
        yield tables
    finally:
        for name in tables.made:
            cursor.execute(f"DROP TABLE IF EXISTS temp.{name}")
        cursor.execute(f"PRAGMA temp.secure_delete = {int(secure)}")
        cursor.close()
