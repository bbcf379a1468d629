"""The outcome of resolving a name against a registry (actors, places): the status, the
match with its rule and score, the alternatives, and the reasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, Protocol, TypeVar

Status = Literal["resolved", "ambiguous", "unresolved", "rejected"]


class Candidate(Protocol):
    """A record a name may resolve to, and how it matched (``ActorMatch``, ``PlaceMatch``)."""

    @property
    def key(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def matched(self) -> str: ...
    @property
    def reasons(self) -> tuple[str, ...]: ...


M = TypeVar("M", bound=Candidate)


@dataclass(frozen=True)
class Resolution(Generic[M]):
    """The outcome of resolving one name: the match when there is one, every alternative
    and the reasons (``ActorResolution``, ``PlaceResolution``)."""

    query: str
    status: Status
    match: M | None = None
    alternatives: tuple[M, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def key(self) -> str | None:
        """The resolved key, if resolved."""
        return self.match.key if self.match and self.status == "resolved" else None
