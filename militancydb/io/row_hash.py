"""The hash of what a dataset row says, which a re-import compares with the hash stored at
the last import (``external_ids.content_hash``): an unchanged row is left alone.

:func:`row_hash` is the definition; :class:`RowHasher` gives the same hash for the rows of
one file faster: a file's rows have the same columns in the same order, so their sorted
order is worked out once per file (from the first row, and again whenever a row's columns
differ), not sorted again for every row. Sorting ``raw.items()`` orders the pairs by column
name alone (the names of a row are distinct), so the pairs taken in the sorted names' order
are the same list, serialised to the same bytes.
"""

from __future__ import annotations

import hashlib
from operator import itemgetter
from typing import Any

import orjson


def row_hash(raw: dict[str, Any], rules_version: str) -> str:
    """A hash of what a dataset row says (and of the rules that read it)."""
    blob = orjson.dumps([rules_version, sorted(raw.items())])
    return hashlib.sha1(blob).hexdigest()


class RowHasher:
    """:func:`row_hash` for the rows of one file, with the columns' sorted order kept."""

    def __init__(self, rules_version: str) -> None:
        self.rules_version = rules_version
        self._columns: tuple[str, ...] = ()
        self._names: tuple[str, ...] = ()
        self._values: Any = None

    def __call__(self, raw: dict[str, Any]) -> str:
        columns = tuple(raw)
        if columns != self._columns:
            if len(columns) < 2:  # itemgetter of fewer than two names gives no tuple
                return row_hash(raw, self.rules_version)
            self._columns = columns
            self._names = tuple(sorted(columns))
            self._values = itemgetter(*self._names)
        pairs = list(zip(self._names, self._values(raw), strict=True))
        return hashlib.sha1(orjson.dumps([self.rules_version, pairs])).hexdigest()
