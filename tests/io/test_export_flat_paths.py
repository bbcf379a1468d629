"""The flat rows of CSV and GeoJSON read three ways give the same rows, on both backends: the
lists aggregated a batch at a time (io/export_flat_batches.py: SQLite's and PostgreSQL's
path for a limited selection), over the whole selection in one select (PostgreSQL,
io/export_flat_joined.py), and the correlated subqueries of io/incident_flat.py, which
test_export_stream holds to ``flat()`` of the JSON form. Each case carries lists, killed
figures by category, external ids of two datasets (the GTD and ACLED samples), sources,
a deleted incident, filters, limits and offsets, and batches of several sizes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from militancydb.io.export import CSV_COLUMNS
from militancydb.io.export_flat_batches import stream_flat_batches
from militancydb.io.export_flat_joined import stream_flat_joined
from militancydb.io.incident_flat import stream_flat
from militancydb.services.incident_query import IncidentFilter
from tests.io.test_export_stream import YEARS, loaded

__all__ = ["loaded"]  # the fixture, shared with test_export_stream

EVERYTHING = IncidentFilter(include_deleted=True)
SELECTIONS = (
    (EVERYTHING, None, 0, 7),
    (EVERYTHING, None, 0, 5000),
    (IncidentFilter(provinces=frozenset({"PK-BA"}), min_killed=5), None, 0, 3),
    (YEARS, 30, 5, 4),
    (YEARS, None, 10**6, 50),
    (IncidentFilter(actors=frozenset({"ttp"})), None, 0, 11),
)


def _rows(batches: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for b in batches for r in b]


def test_batched_rows_are_the_correlated_ones(loaded: Session):
    for flt, limit, offset, size in SELECTIONS:
        batched = _rows(stream_flat_batches(loaded, flt, limit=limit, offset=offset, size=size))
        correlated = _rows(stream_flat(loaded, flt, limit=limit, offset=offset))
        assert batched == correlated, (flt, limit, offset, size)
    # the selections are not empty of what they compare
    rows = _rows(stream_flat_batches(loaded, EVERYTHING))
    assert len(rows) > 6000
    for column in (
        "tactics",
        "targets",
        "perpetrators",
        "targets_actors",
        "killed_civilians",
        "killed_security",
        "killed_militants",
        "external_ids",
        "sources",
    ):
        assert any(r[CSV_COLUMNS.index(column)] is not None for r in rows), column
    external = [r[CSV_COLUMNS.index("external_ids")] for r in rows]
    assert any(x and ";" in x for x in external)  # two datasets on one incident
    assert any(r[CSV_COLUMNS.index("version")] > 1 for r in rows)  # an edited incident


def test_joined_rows_are_the_correlated_ones(loaded: Session, backend: str):
    if backend != "postgresql":
        pytest.skip("the one-select path is PostgreSQL's")
    for flt, limit, offset, size in SELECTIONS:
        joined = _rows(stream_flat_joined(loaded, flt, limit=limit, offset=offset, size=size))
        correlated = _rows(stream_flat(loaded, flt, limit=limit, offset=offset))
        assert joined == correlated, (flt, limit, offset, size)
