"""The seeded sample of the claims corpus (bench/claims_sample.py, issue 12): stratified by
year file, the same for the same seed and files, and a named sample read back by key."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from militancydb.services.claims_corpus import SeedFile, claim_key, seed_files

BENCH = Path(__file__).resolve().parents[2] / "bench" / "claims_sample.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("claims_sample", BENCH)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["claims_sample"] = mod
    spec.loader.exec_module(mod)
    return mod


def _corpus() -> list[SeedFile]:
    return [f for f in seed_files() if f.name.startswith("claims/")]


def test_the_draw_covers_every_year_file_and_repeats_with_its_seed() -> None:
    sample = _load()
    files = _corpus()
    claims, found = sample.draw(files, 1205, 2, 12)
    per_file: dict[str, int] = {}
    for name, _, _ in claims:
        per_file[name] = per_file.get(name, 0) + 1
    assert per_file == {f.name: 2 for f in files if len(f.doc.get("claims") or []) >= 2}
    # findings: one a year while the count allows
    years = [name for name, _, _ in found]
    assert len(found) == 12 and len(set(years)) == 12
    again = sample.draw(files, 1205, 2, 12)
    assert [k for _, k, _ in again[0] + again[1]] == [k for _, k, _ in claims + found]
    other = sample.draw(files, 1206, 2, 12)
    assert [k for _, k, _ in other[0]] != [k for _, k, _ in claims]


def test_a_named_sample_is_read_back_and_missing_keys_are_reported(tmp_path: Path) -> None:
    sample = _load()
    claim: dict[str, Any] = {"incident": "ucdp:1", "claimant": "ttp", "claimed_at": "2014-12-16"}
    finding = {"incident": "ucdp:1", "id": "x-2014:ttp:court_verdict", "actor": "ttp"}
    files = [SeedFile("claims/2014.yaml", {"claims": [claim], "established": [finding]})]
    keys_file = tmp_path / "keys.txt"
    keys_file.write_text(
        f"# a comment\n{finding['id']}\n\n{claim_key(claim)}  # trailing\nucdp:2:ttp:claim:\n"
    )
    keys = sample.read_keys(str(keys_file))
    assert keys == [finding["id"], claim_key(claim), "ucdp:2:ttp:claim:"]
    chosen, missing = sample.named(files, keys)
    assert [k for _, k, _ in chosen] == [finding["id"], claim_key(claim)]
    assert missing == ["ucdp:2:ttp:claim:"]
