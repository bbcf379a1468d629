"""The matcher's thresholds come from a file the setting MILITANCYDB_MATCH_RULES names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from militancydb.config import get_settings
from militancydb.errors import ConfigError
from militancydb.matching import Decision, MatchCandidate, configured_rules, score_pair

DAY = dt.date(2016, 8, 8)


@pytest.fixture(autouse=True)
def _settings_read_again() -> Iterator[None]:
    get_settings.cache_clear()  # the settings are read once per process
    yield
    get_settings.cache_clear()


QUETTA = MatchCandidate(
    date_start=DAY,
    country="PK",
    admin1_key="PK-BA",
    admin2_key="PK-BA-quetta",
    place_key="gn:1167528",
    latitude=30.18414,
    longitude=67.00141,
    geo_precision="exact",
    event_type="militant_attack",
    killed_best=70,
)


def test_shipped_rules_unless_a_file_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("MILITANCYDB_MATCH_RULES", raising=False)
    assert score_pair(QUETTA, QUETTA).decision is Decision.MERGE
    shipped = resources.files("militancydb.matching").joinpath("rules.yaml").read_text("utf-8")
    strict = tmp_path / "strict.yaml"
    lines = [
        "  merge: 500" if line.strip().startswith("merge:") else line
        for line in shipped.splitlines()
    ]
    strict.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("MILITANCYDB_MATCH_RULES", str(strict))
    get_settings.cache_clear()
    assert configured_rules().merge == 500
    # the same pair is now only worth a person's look
    assert score_pair(QUETTA, QUETTA).decision is Decision.REVIEW


def test_a_missing_rules_file_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MILITANCYDB_MATCH_RULES", str(tmp_path / "nowhere.yaml"))
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match="MILITANCYDB_MATCH_RULES"):
        configured_rules()
