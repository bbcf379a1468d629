"""The import's writing side stores exactly what it stored before (issue 15, point 2,
branch ``importwrite6``): the whole bundled UCDP file imported, a second release with
updates, new rows and rejects, then the same release again, and every table of the schema
compared, stored bytes and row ids, with the dump of ``main`` before the change
(``write_golden.py``; ``fixtures/ucdp_write_golden.json``), in one process and with a
worker converting."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from write_golden import dump, expected, first_ids, scenario, table_rows


@pytest.mark.parametrize("workers", [0, 1])
def test_every_table_as_before(engine: Engine, backend: str, tmp_path: Path, workers: int) -> None:
    want = expected()[backend]
    first = first_ids(engine)
    before = table_rows(engine, first)
    counts = scenario(engine, tmp_path, workers)
    got = dump(before, table_rows(engine, first))
    assert [list(c) for c in counts] == want["counts"]
    assert set(got) == set(want["tables"])
    differ = [name for name in want["tables"] if got[name] != want["tables"][name]]
    assert differ == []


def test_the_comparison_sees_one_byte(engine: Engine, backend: str, tmp_path: Path) -> None:
    """One character added to one change-log row shows in the dump, in that table only."""
    want = expected()[backend]["tables"]
    first = first_ids(engine)
    before = table_rows(engine, first)
    scenario(engine, tmp_path, 0)
    assert dump(before, table_rows(engine, first))["change_log"] == want["change_log"]
    with engine.begin() as c:
        c.execute(
            text(
                "UPDATE change_log SET reason = reason || ' ' WHERE id = "
                "(SELECT max(id) FROM change_log)"
            )
        )
    got = dump(before, table_rows(engine, first))
    assert got["change_log"] != want["change_log"]
    assert got["incidents"] == want["incidents"]
