"""The streaming import engine stores exactly what the engine before it stored (issue 15,
point 2): incidents, child rows, sources, citations, claims, the change history and the
reject report of the scenario in ``import_scenario.py``, compared with the dump that the
engine of ``main`` before the change produced (``fixtures/import_scenario.json.gz``), on
both backends, with batches of 7 rows (ids repeated across batches, updates, merges and
rejects in different batches) and with the default batch."""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from import_scenario import FIXTURES, dump, run_scenario
from sqlalchemy import Engine

from militancydb.io.engine import BATCH, run_import
from militancydb.io.seen_ids import SeenIds


@functools.cache
def expected() -> dict[str, Any]:
    with gzip.open(FIXTURES / "import_scenario.json.gz", "rt", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _normal(value: Any) -> Any:
    # the fixture went through JSON: tuples are lists, keys are strings; a source's row id
    # depends on how many sources the shipped knowledge holds (its key names it), so it is
    # left out
    return _without_source_ids(json.loads(json.dumps(value, sort_keys=True, default=str)))


def _without_source_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_source_ids(v) for k, v in value.items() if k != "source_id"}
    if isinstance(value, list):
        return [_without_source_ids(v) for v in value]
    return value


@pytest.mark.parametrize(("batch_size", "workers"), [(7, 0), (BATCH, 0), (7, 1)])
def test_same_result_as_the_engine_before(
    engine: Engine, tmp_path: Path, batch_size: int, workers: int
) -> None:
    """Also with the rows converted by a worker process (``workers=1``)."""
    run = functools.partial(run_import, batch_size=batch_size, workers=workers)
    reports = run_scenario(engine, tmp_path, run)
    got = _normal(dump(engine, reports))
    want = _without_source_ids(expected())
    assert set(got) == set(want)
    for name in want:
        assert got[name] == want[name], name


def test_the_comparison_can_fail(engine: Engine, tmp_path: Path) -> None:
    """A row lost by the engine shows in the dump: the comparison above is not blind."""

    def lossy(session: Any, importer: Any, path: Path, kb: Any, user: str) -> Any:
        text = path.read_text(encoding="utf-8").splitlines(keepends=True)
        cut = tmp_path / f"cut-{path.name}"
        cut.write_text("".join(text[:-1]), encoding="utf-8")
        return run_import(session, importer, cut, kb, user)

    got = _normal(dump(engine, run_scenario(engine, tmp_path, lossy)))
    assert got["reports"] != expected()["reports"]
    assert got["external_ids"] != expected()["external_ids"]


def test_seen_ids_span_batches() -> None:
    seen = SeenIds()
    try:
        seen.add("a", 1)
        seen.end_batch()
        seen.prefetch(["a", "b"])
        assert seen.get("a") == 1 and "b" not in seen
        seen.add("a", 9)  # the first row that had it stays
        seen.add("b", 2)
        assert seen.get("a") == 1 and seen.get("b") == 2
        seen.end_batch()
        assert seen.get("b") == 2  # asked without a prefetch
    finally:
        seen.close()
