"""The coverage recount of the claims corpus (bench/claims_coverage.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[2] / "bench" / "claims_coverage.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("claims_coverage", BENCH)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["claims_coverage"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_every_event_falls_in_exactly_one_group() -> None:
    cov = _load()
    res = cov.coverage(20)
    assert sum(res["counts"].values()) == res["events"] > 0
    assert res["counts"]["claim record"] > 0
    assert len(res["unchecked"]) == sum(
        v for k, v in res["counts"].items() if k.startswith("not checked")
    )


def test_checked_without_claim_are_bundled_events_with_no_claim_record() -> None:
    cov = _load()
    claimed = cov._claimed_ids()
    bundled = {r["id"] for r in cov._ucdp_rows(0)}
    for uid, (kind, what) in cov.CHECKED_NO_CLAIM.items():
        assert uid in bundled, f"{uid} ({what}) is not a bundled UCDP event of 2007-2021"
        assert uid not in claimed, f"{uid} ({what}) is listed as checked without a claim"
        assert kind in {"none reported", "none found", "unresolved", "claim not loadable"}


def test_a_higher_threshold_counts_fewer_events() -> None:
    cov = _load()
    assert cov.coverage(50)["events"] < cov.coverage(20)["events"]
