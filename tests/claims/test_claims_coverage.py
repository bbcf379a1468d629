"""The coverage recount of the claims corpus (bench/claims_coverage.py)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

BENCH = Path(__file__).resolve().parents[2] / "bench" / "claims_coverage.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("claims_coverage", BENCH)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["claims_coverage"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def cov() -> ModuleType:
    return _load()


@pytest.fixture(scope="module")
def res(cov: ModuleType) -> dict[str, Any]:
    out: dict[str, Any] = cov.coverage(20)
    return out


def test_every_event_falls_in_exactly_one_group(res: dict[str, Any]) -> None:
    assert sum(res["counts"].values()) == res["events"] > 0
    assert res["counts"]["claim record"] > 0
    assert len(res["unchecked"]) == sum(
        v for k, v in res["counts"].items() if k.startswith("not checked")
    )


def test_checked_without_claim_are_bundled_events_with_no_claim_record(cov: ModuleType) -> None:
    claimed = cov._claimed_ids()
    bundled = {r["id"] for r in cov._ucdp_rows(0)}
    for uid, (kind, what) in cov.CHECKED_NO_CLAIM.items():
        assert uid in bundled, f"{uid} ({what}) is not a bundled UCDP event of 2007-2021"
        assert uid not in claimed, f"{uid} ({what}) is listed as checked without a claim"
        assert kind in {
            "none reported",
            "none found",
            "unresolved",
            "claim not loadable",
            "not an attack",
        }


def test_a_higher_threshold_counts_fewer_events(cov: ModuleType, res: dict[str, Any]) -> None:
    assert cov.coverage(50)["events"] < res["events"]


def test_the_kinds_split_every_event_and_the_attacks_come_first(
    cov: ModuleType, res: dict[str, Any]
) -> None:
    assert sum(res["by_kind"].values()) == res["events"]
    kinds = {k for k, _ in res["by_kind"]}
    assert cov.ATTACK in kinds and len(kinds) > 1
    # every unchecked event carries the importer's type, rule and confidence
    for r in res["unchecked"]:
        assert r["event_type"] and r["rule"].startswith("ucdp:")
        assert r["kind"] == cov.KIND.get(r["event_type"], r["event_type"])


def test_events_listed_as_not_an_attack_are_typed_as_attacks(
    cov: ModuleType, res: dict[str, Any]
) -> None:
    """The "not an attack" status corrects the importer's type by a report read: it is only
    for events the importer typed as attacks by militants (otherwise it says nothing)."""
    typed = cov._typer()
    rows = {r["id"]: r for r in cov._ucdp_rows(20)}
    for uid, (kind, what) in cov.CHECKED_NO_CLAIM.items():
        if kind == "not an attack":
            etype = typed(1, rows[uid])[0]
            assert cov.KIND.get(etype) == cov.ATTACK, f"{uid} ({what}) is typed {etype}"


def test_every_source_named_in_the_checked_list_exists(cov: ModuleType) -> None:
    root = Path(__file__).resolve().parents[2] / "militancydb" / "knowledge" / "data" / "sources"
    known: set[str] = set()
    for f in root.glob("claims_*.yaml"):
        known |= {str(s["id"]) for s in yaml.safe_load(f.read_text("utf-8")) or []}
    for uid, (_, what) in cov.CHECKED_NO_CLAIM.items():
        for group in re.findall(r"\[([^\]]+)\]", what):
            for key in (k.strip() for k in group.split(",")):
                assert key in known, f"{uid}: source {key} is not in sources/claims_*.yaml"
