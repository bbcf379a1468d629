"""Definitions of a "high-profile attack", selectable by name (``--definition NAME``).

A definition is a set of general criteria, each a kind of attack and the toll that makes it
high-profile (docs/analysis.md, "High-profile definitions"). The default, ``analyst``, was
calibrated against published statements of the form "the last major attack in X was Y"
(``bench/high_profile.py``, ``bench/data/high_profile_statements.yaml``): what analysts call
the last major attack is a mass-casualty attack, a suicide attack or an assault on a security
force that killed several, or an attack on targets of national significance that killed
several -- never a single political worker shot -- and the bar is lower for a city than for
the country. The earlier default is kept as ``broad``.

Only *attacks* qualify under every definition: violence by militants (the event types in
:data:`militancydb.analysis.data.ATTACKS`); operations, drone strikes and clashes do not,
whatever their toll.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from militancydb.analysis.data import ATTACKS, Row
from militancydb.errors import FieldError, ValidationFailed

SCOPES = ("country", "province", "district")
"""How wide the question is: the whole country, one province, one district (a city)."""

NATIONAL_TARGETS = frozenset(
    {"judiciary", "government_officials", "foreigners", "political_workers"}
)
"""Targets of national significance: courts and judges, officials, foreigners and
diplomats, political leaders and workers."""

SECURITY_TARGETS = frozenset(
    {"army", "police", "security_forces", "frontier_corps", "rangers", "khasadar"}
)
"""The security forces and their installations."""

ASSAULT_TACTICS = frozenset({"armed_assault", "raid", "suicide_bombing", "vbied"})
"""Tactics of an assault on a defended target: storming, suicide bombing, car bombs."""


@dataclass(frozen=True)
class HighProfile:
    """A definition of a high-profile attack; the defaults are the default definition,
    ``analyst``. A threshold of ``None`` switches its criterion off; ``min_killed`` applies to a
    question about the country, ``min_killed_province`` and ``min_killed_district`` (when set)
    to one about a province or a district (a city)."""

    name: str = "analyst"
    min_killed: int = 15
    min_killed_province: int | None = 10
    min_killed_district: int | None = 5
    min_killed_suicide: int | None = 5
    min_killed_national: int | None = 5
    national_targets: frozenset[str] = NATIONAL_TARGETS
    min_killed_security: int | None = 10
    security_targets: frozenset[str] = SECURITY_TARGETS
    assault_tactics: frozenset[str] = ASSAULT_TACTICS

    def mass_threshold(self, scope: str = "country") -> int:
        """The toll that makes any attack high-profile for a question of this scope."""
        if scope == "district" and self.min_killed_district is not None:
            return self.min_killed_district
        if scope in ("district", "province") and self.min_killed_province is not None:
            return self.min_killed_province
        return self.min_killed

    def why(self, r: Row, scope: str = "country") -> list[str]:
        """The criteria an incident meets (empty: not high-profile)."""
        if r.event_type not in ATTACKS:
            return []
        out = []
        k = r.killed or 0
        mass = self.mass_threshold(scope)
        if k >= mass:
            where = "" if scope == "country" else f" in a {scope}"
            out.append(f"killed {k} (threshold {mass}{where})")
        suicide = bool(r.suicide) or "suicide_bombing" in r.tactics
        if self.min_killed_suicide is not None and suicide and k >= self.min_killed_suicide:
            out.append(f"suicide attack that killed {k} (threshold {self.min_killed_suicide})")
        national = set(r.targets) & self.national_targets
        if self.min_killed_national is not None and national and k >= self.min_killed_national:
            out.append(
                f"aimed at {', '.join(sorted(national))} and killed {k} "
                f"(threshold {self.min_killed_national})"
            )
        security = set(r.targets) & self.security_targets
        assault = set(r.tactics) & self.assault_tactics
        if (
            self.min_killed_security is not None
            and security
            and assault
            and k >= self.min_killed_security
        ):
            out.append(
                f"{', '.join(sorted(assault)).replace('_', ' ')} on "
                f"{', '.join(sorted(security)).replace('_', ' ')} that killed {k} "
                f"(threshold {self.min_killed_security})"
            )
        return out

    def describe(self) -> str:
        """The definition in words."""
        mass = f"killed at least {self.min_killed}"
        local = []
        if self.min_killed_province is not None:
            local.append(f"{self.min_killed_province} in a province")
        if self.min_killed_district is not None:
            local.append(f"{self.min_killed_district} in a district or city")
        if local:
            mass += f" ({', '.join(local)})"
        parts = [mass]
        if self.min_killed_suicide is not None:
            parts.append(f"a suicide attack that killed at least {self.min_killed_suicide}")
        if self.min_killed_security is not None:
            parts.append(
                f"an assault ({', '.join(sorted(self.assault_tactics)).replace('_', ' ')}) on "
                f"the security forces that killed at least {self.min_killed_security}"
            )
        if self.min_killed_national is not None:
            parts.append(
                f"an attack on {', '.join(sorted(self.national_targets)).replace('_', ' ')} "
                f"that killed at least {self.min_killed_national}"
            )
        return (
            "an attack by militants (not an operation, drone strike or clash) "
            f"that {parts[0]}" + "".join(f", or {p}" for p in parts[1:]) + f" ({self.name})"
        )


DEFINITIONS: dict[str, HighProfile] = {
    d.name: d
    for d in (
        HighProfile(),
        HighProfile(
            name="broad",
            min_killed=10,
            min_killed_province=None,
            min_killed_district=None,
            min_killed_national=1,
            min_killed_security=None,
        ),
        HighProfile(
            name="mass-casualty",
            min_killed=10,
            min_killed_province=None,
            min_killed_district=None,
            min_killed_suicide=None,
            min_killed_national=None,
            min_killed_security=None,
        ),
    )
}
"""The named definitions; ``analyst`` is the default."""

DEFAULT_DEFINITION = "analyst"
SUMMARIES = {
    "analyst": "the default, calibrated against published statements of the last major attack",
    "broad": "the first round's default: any attack on national targets that killed one",
    "mass-casualty": "the toll alone: any attack that killed at least 10",
}
"""One line on each named definition, for ``--help`` and the docs."""


def definition(name: str | None = None, **overrides: object) -> HighProfile:
    """The named definition (default :data:`DEFAULT_DEFINITION`), with thresholds overridden
    where given (``None`` values are ignored)."""
    key = name or DEFAULT_DEFINITION
    if key not in DEFINITIONS:
        raise ValidationFailed(
            [
                FieldError(
                    "definition",
                    f"no high-profile definition named {key!r}; choose one of "
                    f"{', '.join(sorted(DEFINITIONS))} (docs/analysis.md, "
                    "'High-profile definitions')",
                )
            ]
        )
    given = {k: v for k, v in overrides.items() if v is not None}
    base = DEFINITIONS[key]
    return replace(base, **given, name=key if not given else f"{key}, adjusted")  # type: ignore[arg-type]
