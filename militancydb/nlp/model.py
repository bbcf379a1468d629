"""What extraction produces: values with the character spans they came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of document ``doc`` (the text they cover is ``text``)."""

    doc: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Figure:
    """A count with its bounds: ``low <= best <= high`` where given (None: not said)."""

    low: int | None
    best: int | None
    high: int | None
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class DateValue:
    """A day (ISO), how exact, and the words it was read from."""

    date: str
    precision: str  # day | month | year
    rule: str  # explicit | weekday | relative | published
    span: Span | None


@dataclass(frozen=True)
class PlaceValue:
    """Where: gazetteer keys and names at the date, coordinates and their precision."""

    country: str | None
    province: str | None
    province_name: str | None
    district: str | None
    district_name: str | None
    place: str | None  # gazetteer key of the town or locality
    city: str | None  # its name
    place_detail: str | None
    latitude: float | None
    longitude: float | None
    precision: str  # exact | near | district | province | country | unknown
    span: Span | None


@dataclass(frozen=True)
class ActorValue:
    """A perpetrator: registry key (None when only named), basis and words."""

    key: str | None
    name: str
    basis: str  # claimed | attributed_by_officials | suspected | reported
    span: Span


@dataclass(frozen=True)
class ClaimValue:
    """A claim (or denial) sentence, shaped like the project's Claim record."""

    claimant: str | None  # registry key
    claimant_name: str
    kind: str  # claim | denial
    channel: str
    channel_name: str | None
    statement_text: str
    span: Span


@dataclass(frozen=True)
class Labelled:
    """A codebook label and the words that suggested it."""

    value: str
    span: Span | None


@dataclass
class Extracted:
    """One candidate incident read from one document."""

    doc: str
    date: DateValue | None
    location: PlaceValue | None
    event_type: Labelled
    tactics: list[Labelled] = field(default_factory=list)
    suicide: Labelled | None = None
    targets: list[Labelled] = field(default_factory=list)
    killed: Figure | None = None
    injured: Figure | None = None
    attackers_killed: Figure | None = None
    perpetrators: list[ActorValue] = field(default_factory=list)
    claims: list[ClaimValue] = field(default_factory=list)
    no_claim: Span | None = None
    sentences: list[Span] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (spans as ``[start, end]`` plus their text)."""
        out: dict[str, Any] = _clean(asdict(self))
        return out


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"doc", "start", "end", "text"}:
            return {"start": value["start"], "end": value["end"], "text": value["text"]}
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value
