"""The matcher's weights and thresholds, read from ``rules.yaml`` (shipped) or a file given
by the caller."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from militancydb.errors import ConfigError


@dataclass(frozen=True)
class MatchRules:
    """Every number the scoring uses (the YAML file's sections, flattened into fields)."""

    merge: int
    review: int
    window_days: int
    slack_days: dict[str, int]
    points_by_gap: tuple[int, ...]
    coarse_overlap: int
    radius_km: dict[str, float]
    same_place_key: int
    near_points: int
    close_points: int
    far_penalty: int
    same_district: int
    other_district: int
    same_province: int
    other_province: int
    same_type: int
    same_family: int
    conflicting: int
    families: dict[str, frozenset[str]]
    neutral: frozenset[str]
    suicide_both: int
    suicide_conflict: int
    shared_tactic: int
    killed_equal: int
    killed_within_25pct: int
    killed_within_50pct: int
    killed_far_apart: int
    killed_both_zero: int
    shared_external_id: int
    same_system_other_id: int
    shared_source_url: int


def _rules(raw: dict[str, Any]) -> MatchRules:
    t, d, p, e, k, i = (
        raw["thresholds"],
        raw["date"],
        raw["place"],
        raw["event"],
        raw["killed"],
        raw["identity"],
    )
    if not int(t["review"]) <= int(t["merge"]):
        raise ConfigError("thresholds: review must not exceed merge; lower review or raise merge")
    return MatchRules(
        merge=int(t["merge"]),
        review=int(t["review"]),
        window_days=int(d["window_days"]),
        slack_days={str(a): int(b) for a, b in d["slack_days"].items()},
        points_by_gap=tuple(int(x) for x in d["points_by_gap"]),
        coarse_overlap=int(d["coarse_overlap"]),
        radius_km={str(a): float(b) for a, b in p["radius_km"].items()},
        same_place_key=int(p["same_place_key"]),
        near_points=int(p["near_points"]),
        close_points=int(p["close_points"]),
        far_penalty=int(p["far_penalty"]),
        same_district=int(p["same_district"]),
        other_district=int(p["other_district"]),
        same_province=int(p["same_province"]),
        other_province=int(p["other_province"]),
        same_type=int(e["same_type"]),
        same_family=int(e["same_family"]),
        conflicting=int(e["conflicting"]),
        families={str(a): frozenset(b) for a, b in e["families"].items()},
        neutral=frozenset(e["neutral"]),
        suicide_both=int(e["suicide_both"]),
        suicide_conflict=int(e["suicide_conflict"]),
        shared_tactic=int(e["shared_tactic"]),
        killed_equal=int(k["equal"]),
        killed_within_25pct=int(k["within_25pct"]),
        killed_within_50pct=int(k["within_50pct"]),
        killed_far_apart=int(k["far_apart"]),
        killed_both_zero=int(k["both_zero"]),
        shared_external_id=int(i["shared_external_id"]),
        same_system_other_id=int(i["same_system_other_id"]),
        shared_source_url=int(i["shared_source_url"]),
    )


def load_rules(path: Path | None = None) -> MatchRules:
    """The rules in ``path``, or the shipped ones."""
    if path is None:
        return shipped_rules()
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
        return _rules(raw)
    except ConfigError as exc:
        raise ConfigError(f"matcher rules in {path}: {exc}") from exc
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            f"cannot read matcher rules from {path}: {exc}; copy militancydb/matching/"
            "rules.yaml and change only the numbers"
        ) from exc


@lru_cache(maxsize=1)
def shipped_rules() -> MatchRules:
    """The rules shipped in ``militancydb/matching/rules.yaml``."""
    text = resources.files("militancydb.matching").joinpath("rules.yaml").read_text("utf-8")
    return _rules(yaml.safe_load(text))


_CONFIGURED: dict[tuple[str, int], MatchRules] = {}


def configured_rules() -> MatchRules:
    """The rules in force: the file the setting ``MILITANCYDB_MATCH_RULES`` names (read
    again when it changes), else the shipped ones. A file that cannot be read is a
    :class:`~militancydb.errors.ConfigError` naming it and the fix."""
    from militancydb.config import get_settings

    path = get_settings().match_rules
    if path is None:
        return shipped_rules()
    try:
        stamp = (str(path), path.stat().st_mtime_ns)
    except OSError as exc:
        raise ConfigError(
            f"cannot read matcher rules from {path} (MILITANCYDB_MATCH_RULES): {exc}; "
            "give an existing copy of militancydb/matching/rules.yaml or unset it"
        ) from exc
    if stamp not in _CONFIGURED:
        _CONFIGURED.clear()
        _CONFIGURED[stamp] = load_rules(path)
    return _CONFIGURED[stamp]
