"""SQLite's temporary tables of one export (the child lists aggregated once,
:mod:`militancydb.io.export_flat_whole` and :mod:`militancydb.io.export_json_rows`): made
under a name of their own, dropped when the rows have been read or the reader stops early,
and written and dropped cheaply.

Two settings of SQLite's temporary database, for the export only (set back after):

* ``secure_delete`` off. Debian's and Ubuntu's SQLite are built with ``SECURE_DELETE``, so
  dropping a table overwrote each of its pages with zeros (and journaled them) before it
  freed them: at 100,000 incidents, JSON Lines' seven list tables (230 MB of pages) were
  written twice, 178,000 ``pwrite`` calls in all against 83,000 with it off. A temporary
  table is the connection's own, in a file that is deleted when the connection closes.
* a page of 64 KiB when the temporary database is still empty (its page size is fixed
  by its first table; later exports on the connection keep what it has): the tables are
  written once and read once, front to back, in a sixteenth of the system calls of 4 KiB
  pages (at 100,000 incidents, JSON Lines' ``pwrite`` and ``pread`` calls 83,000 and
  137,000 → 57,000 and 85,000, the rest being the sorter's, which uses the main
  database's page size). The page cache is sized in KiB (``services/row_batches.read_cache``),
  so memory stays the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

#: the temporary database's page size while it is empty (bytes; SQLite's largest)
TEMP_PAGE_SIZE = 65536
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
        # only while the temporary database has no page yet; else a no-op
        cursor.execute(f"PRAGMA temp.page_size = {TEMP_PAGE_SIZE}")
        yield tables
    finally:
        for name in tables.made:
            cursor.execute(f"DROP TABLE IF EXISTS temp.{name}")
        cursor.execute(f"PRAGMA temp.secure_delete = {int(secure)}")
        cursor.close()
