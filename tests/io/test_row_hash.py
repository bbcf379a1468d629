"""The import's row hash: :class:`RowHasher` (the sorted column order kept per file) gives
exactly :func:`row_hash` (the stored hashes of earlier imports must still match)."""

from __future__ import annotations

import csv

from militancydb.bootstrap import bundled_ucdp
from militancydb.io.engine import RowHasher, row_hash

RULES = "ucdp-test"


def test_same_hash_as_row_hash_on_every_bundled_row() -> None:
    hasher = RowHasher(RULES)
    with bundled_ucdp().open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 6000
    for raw in rows:
        assert hasher(raw) == row_hash(raw, RULES)


def test_columns_that_change_between_rows() -> None:
    hasher = RowHasher(RULES)
    rows = [
        {"id": "1", "b": "x", "a": ""},
        {"id": "2", "b": "x", "a": "y"},
        {"a": "y", "id": "2", "b": "x"},  # the same row, its columns in another order
        {"id": "3", "a": "y", "c": None},  # other columns
        {"id": "4"},  # one column
        {},
        {"id": "1", "b": "x", "a": ""},
    ]
    got = [hasher(raw) for raw in rows]
    assert got == [row_hash(raw, RULES) for raw in rows]
    assert got[1] == got[2] and got[0] == got[-1]
    assert len(set(got)) == 5


def test_rules_version_is_part_of_the_hash() -> None:
    raw = {"id": "1", "b": "x"}
    assert RowHasher("r1")(raw) != RowHasher("r2")(raw)
