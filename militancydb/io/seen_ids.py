"""The dataset ids an import has met so far in its file, and the row that first had each.

A file of a million rows would hold a million ids in a dictionary (about 115 MB). This keeps
only the current batch's ids in memory; the ids of earlier batches go to a private temporary
SQLite file (deleted when closed), from which each batch reads back, in one query per 900
ids, the ones it repeats. Memory stays the same whatever the file's size.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


class SeenIds:
    """Ids seen in one file, each with the row that first had it (the earliest wins)."""

    def __init__(self) -> None:
        # "" opens a private temporary database on disk, deleted when closed
        self._db = sqlite3.connect("")
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE seen (ext TEXT PRIMARY KEY, row INTEGER) WITHOUT ROWID")
        self._batch: dict[str, int] = {}
        self._earlier: dict[str, int] = {}
        self._asked: set[str] = set()

    def prefetch(self, ids: Iterable[str]) -> None:
        """Read back which of ``ids`` earlier batches had (before the batch is handled)."""
        wanted = sorted({i for i in ids if i not in self._asked})
        self._asked.update(wanted)
        for start in range(0, len(wanted), 900):
            chunk = wanted[start : start + 900]
            marks = ",".join("?" * len(chunk))
            self._earlier.update(
                self._db.execute(f"SELECT ext, row FROM seen WHERE ext IN ({marks})", chunk)
            )

    def get(self, ext: str) -> int | None:
        """The row that first had ``ext``, or None."""
        row = self._batch.get(ext)
        if row is None:
            if ext not in self._asked:
                self.prefetch([ext])
            row = self._earlier.get(ext)
        return row

    def __contains__(self, ext: str) -> bool:
        return self.get(ext) is not None

    def add(self, ext: str, row: int) -> None:
        """Record ``ext`` as first seen in ``row`` unless it was seen before."""
        if self.get(ext) is None:
            self._batch[ext] = row

    def end_batch(self) -> None:
        """Move the batch's ids to the file; memory is back to empty."""
        self._db.executemany("INSERT INTO seen VALUES (?, ?)", self._batch.items())
        self._batch.clear()
        self._earlier.clear()
        self._asked.clear()

    def close(self) -> None:
        """Delete the temporary file."""
        self._db.close()
