"""What resolving a place name gives back, and the name forms the resolvers share: a
candidate place and how it matched (:class:`PlaceMatch`), the outcome
(:data:`PlaceResolution`), which of nested candidates to prefer (:data:`Prefer`), and the
generic words dropped from a name (:func:`strip_generic`: ``quetta district`` is
``quetta``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from militancydb.knowledge.resolution import Resolution

GENERIC_SUFFIXES = (
    "district",
    "distt",
    "province",
    "division",
    "city",
    "town",
    "village",
    "tehsil",
    "subdivision",
    "sub division",
    "area",
    "region",
)
GENERIC_PREFIXES = ("district", "province of", "city of", "town of", "the")

Prefer = Literal["admin", "specific"]


@dataclass(frozen=True)
class PlaceMatch:
    """A candidate place and how it was matched."""

    key: str
    name: str
    kind: str
    rule: str
    score: float
    matched: str
    reasons: tuple[str, ...] = ()


#: The outcome of resolving a place name.
PlaceResolution = Resolution[PlaceMatch]


def strip_generic(norm: str) -> str:
    """Drop one leading and one trailing generic word (``quetta district`` -> ``quetta``)."""
    for prefix in GENERIC_PREFIXES:
        if norm.startswith(prefix + " ") and len(norm) > len(prefix) + 3:
            norm = norm[len(prefix) + 1 :]
            break
    for suffix in GENERIC_SUFFIXES:
        if norm.endswith(" " + suffix) and len(norm) > len(suffix) + 3:
            return norm[: -len(suffix) - 1]
    return norm
