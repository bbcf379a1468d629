"""SQLite's flat rows of a large selection (io/export_flat_whole.py: each child table
aggregated once into a temporary table, joined to the incidents) are the batched path's
rows, which test_export_flat_paths holds to the correlated subqueries; every format the
whole path feeds writes what it wrote before; and the temporary tables are gone after."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from militancydb.io import export_flat_whole
from militancydb.io.export_flat_batches import stream_flat_batches
from militancydb.io.export_flat_whole import stream_flat_whole, whole_pays
from militancydb.io.export_output import ExportFormat, write_incidents
from tests.io.test_export_fast import reference
from tests.io.test_export_flat_paths import EVERYTHING, SELECTIONS
from tests.io.test_export_stream import YEARS, loaded

__all__ = ["loaded"]  # the fixture, shared with test_export_stream


def _rows(batches: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for b in batches for r in b]


def _temp_tables(session: Session) -> list[str]:
    return list(session.scalars(text("SELECT name FROM sqlite_temp_master WHERE type = 'table'")))


def test_whole_rows_are_the_batched_ones(loaded: Session, backend: str):
    if backend != "sqlite":
        pytest.skip("the whole-table aggregation is SQLite's path")
    for flt, limit, offset, size in SELECTIONS:
        whole = _rows(stream_flat_whole(loaded, flt, limit=limit, offset=offset, size=size))
        batched = _rows(stream_flat_batches(loaded, flt, limit=limit, offset=offset, size=size))
        assert whole == batched, (flt, limit, offset, size)
    assert len(_rows(stream_flat_whole(loaded, EVERYTHING))) > 6000
    assert _temp_tables(loaded) == []


def test_temporary_tables_are_dropped_when_the_reader_stops_early(loaded: Session, backend: str):
    if backend != "sqlite":
        pytest.skip("the whole-table aggregation is SQLite's path")
    rows = stream_flat_whole(loaded, EVERYTHING, size=10)
    first = next(rows)
    assert len(first) == 10 and _temp_tables(loaded)
    rows.close()
    assert _temp_tables(loaded) == []


def test_whole_pays_for_a_large_share_only(loaded: Session, backend: str):
    everything = whole_pays(loaded, EVERYTHING)
    assert everything is (backend == "sqlite")  # PostgreSQL has its one-select path
    assert not whole_pays(loaded, EVERYTHING, limit=10)
    assert not whole_pays(loaded, EVERYTHING, offset=10**6)


@pytest.mark.parametrize("fmt", [ExportFormat.CSV, ExportFormat.GEOJSON])
def test_formats_through_the_whole_path_write_what_they_wrote_before(
    loaded: Session, fmt: ExportFormat, monkeypatch: pytest.MonkeyPatch
):
    """With the share at 0 every SQLite selection takes the whole path."""
    monkeypatch.setattr(export_flat_whole, "WHOLE_SHARE", 0.0)
    out = io.StringIO()
    write_incidents(loaded, YEARS, fmt, out=out, size=9)
    assert out.getvalue() == reference(loaded, YEARS, fmt, 9)
