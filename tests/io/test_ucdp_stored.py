"""The UCDP conversion stores exactly what ``main`` stored before its rewrite (issue 15,
point 2, branch ``importconv6``): every table (incidents, casualty figures, actor links,
targets, tactics, sources, citations, the change log's snapshots, the row hashes, the runs
and the rejects) and the import reports, after the whole bundled file, rows made bad, a
second release with changed and new rows and that release again (``ucdp_stored.py``),
compared with the digests of what ``main`` stored (``fixtures/ucdp_stored.json``), on both
backends, in one process and with a conversion worker."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from ucdp_stored import FIXTURE, canonical, digests, import_with, run_releases


@functools.cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def _compare(got: dict[str, Any], where: Path) -> None:
    want = expected()
    summed = digests(got)
    assert set(summed) == set(want)
    differ = [name for name in sorted(want) if summed[name] != want[name]]
    if differ:  # the dump, to compare with main's (ucdp_stored.py --dump)
        (where / "got.json").write_text(canonical(got), encoding="utf-8")
    assert not differ, f"tables that differ from main's: {differ} (dump in {where})"


@pytest.mark.parametrize("workers", [0, 1])
def test_every_table_as_main_stored_it(engine: Engine, tmp_path: Path, workers: int) -> None:
    got = run_releases(engine, tmp_path, functools.partial(import_with, workers=workers))
    # the scenario is what it says: rows stored, updated, rejected and warned about
    first, second, again = got["reports"]
    assert first["inserted"] > 6400 and len(first["rejects"]) >= 15 and first["warnings"]
    assert second["updated"] >= 50 and second["inserted"] == 20
    assert again["unchanged"] == again["rows_total"]
    _compare(got, tmp_path)
    if workers == 0:  # the comparison is not blind: one figure changed shows
        last = got["casualty_figures"][-1]
        last["best"] = (last["best"] or 0) + 1
        with pytest.raises(AssertionError, match="casualty_figures"):
            _compare(got, tmp_path)
