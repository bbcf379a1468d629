"""A matcher rules file a user wrote (``MILITANCYDB_MATCH_RULES``): a mistake in it is one
error naming the file, the problem and the fix."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from militancydb.errors import ConfigError
from militancydb.matching import load_rules


def _shipped() -> str:
    return resources.files("militancydb.matching").joinpath("rules.yaml").read_text("utf-8")


def test_thresholds_the_wrong_way_round_name_the_users_file(tmp_path: Path) -> None:
    path = tmp_path / "my-rules.yaml"
    text = (
        _shipped()
        .replace("  merge: 70\n", "  merge: 40\n")
        .replace("  review: 45\n", "  review: 90\n")
    )
    assert text != _shipped()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    message = str(caught.value)
    assert str(path) in message and "review must not exceed merge" in message


def test_raised_thresholds_are_read(tmp_path: Path) -> None:
    path = tmp_path / "strict.yaml"
    path.write_text(_shipped().replace("  merge: 70\n", "  merge: 95\n"), encoding="utf-8")
    assert (load_rules(path).merge, load_rules(path).review) == (95, 45)
