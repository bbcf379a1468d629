"""The import's fast path: a dataset row's incident checked and turned into the rows to
store with plain functions on plain values, without building pydantic models.

An importer builds, for each row, the dictionary it would hand to
``IncidentCreate.model_validate(fields, context={"dataset": True})``. :func:`prepared`
takes that dictionary and returns what :func:`~militancydb.services.incident_rows.prepare`
would return for the validated incident (with the location and citations the importer
resolved) — or ``None`` when it cannot vouch for the dictionary: a value outside what the
checks here accept, a key they do not know, a repeat that the model would refuse or merge.
On ``None`` the importer takes the reference path (the pydantic model, then ``prepare``),
which gives the exact reject reason, or the same result when the model accepts what was
set aside here. The checks may therefore be stricter than the model, never looser.

What is checked here is what :class:`~militancydb.domain.incident.IncidentCreate` checks
for a dataset's row: dates from 1947 to tomorrow, the end not before the start; the
codebook's values; strings stripped of surrounding ASCII blanks (another blank at an end:
the reference decides) and within their lengths; counts
whole numbers from 0 to ``MAX_COUNT``, ``low <= best <= high``; one figure per category and
outcome; coordinates finite, on the globe, both or neither; a tactic or target given twice
kept once; an actor given twice in one role on one basis left to the model. Parts above
totals are not checked, as for any dataset row.

``tests/io/test_plain_incident.py`` holds this to the reference on every bundled row of
the UCDP file (the prepared rows, and the database after a whole import) and on rows made
bad in every way listed above.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from militancydb.codebook import (
    ActorRole,
    AttributionBasis,
    CasualtyCategory,
    Confidence,
    DatePrecision,
    EventType,
    GeoPrecision,
    Outcome,
    ReviewStatus,
    Tactic,
    TargetType,
)
from militancydb.domain.incident import EARLIEST, is_aggregate
from militancydb.domain.limits import (
    ACTOR_NAME,
    DESCRIPTION,
    MAX_COUNT,
    NOTE,
    PLACE_DETAIL,
    SUMMARY,
)
from militancydb.knowledge.actors import ActorRegistry, ActorResolution
from militancydb.services.incident_rows import PreparedIncident, totals
from militancydb.services.locations import ResolvedLocation


def _codes(vocab: type[StrEnum]) -> dict[str, str]:
    # a member hashes and compares as its value: one look-up takes either, gives plain text
    return {m.value: m.value for m in vocab}


EVENT_TYPES = _codes(EventType)
TACTICS = _codes(Tactic)
TARGET_TYPES = _codes(TargetType)
CATEGORIES = _codes(CasualtyCategory)
OUTCOMES = _codes(Outcome)
DATE_PRECISIONS = _codes(DatePrecision)
GEO_PRECISIONS = _codes(GeoPrecision)
BASES = _codes(AttributionBasis)
ROLES = _codes(ActorRole)
CONFIDENCES = _codes(Confidence)
REVIEW_STATUSES = _codes(ReviewStatus)

#: The keys of an incident's dictionary the plain checks know (any other: reference path).
KNOWN = frozenset(
    {
        "date_start",
        "date_end",
        "date_precision",
        "country",
        "place_detail",
        "latitude",
        "longitude",
        "geo_precision",
        "event_type",
        "event_type_rule",
        "event_type_confidence",
        "tactics",
        "suicide",
        "targets",
        "casualties",
        "actors",
        "summary",
        "review_status",
    }
)
CASUALTY_KEYS = frozenset({"category", "outcome", "low", "best", "high"})
ACTOR_KEYS = frozenset({"actor", "role", "basis", "confidence", "note"})
TARGET_KEYS = frozenset({"type", "description"})
LOCATION_KEYS = tuple(ResolvedLocation.__dataclass_fields__)
#: The blanks stripped from a string's ends here (the model strips these too).
ASCII_BLANKS = " \t\n\r\x0b\x0c"


class NotPlain(Exception):
    """The plain checks cannot vouch for a value: the reference path decides."""


def prepared(
    fields: Mapping[str, Any],
    *,
    location: ResolvedLocation,
    citations: list[dict[str, Any]],
    actors: ActorNames,
) -> PreparedIncident | None:
    """The rows :func:`~militancydb.services.incident_rows.prepare` makes of
    ``IncidentCreate.model_validate(fields, context={"dataset": True})`` (actors not strict,
    ``location`` and ``citations`` as given), or None when the reference path must decide
    (see the module docstring). ``external_ids`` is left empty for the engine to fill."""
    try:
        return _prepared(fields, location, citations, actors)
    except (NotPlain, KeyError):  # KeyError: a required field missing
        return None


def _prepared(
    fields: Mapping[str, Any],
    location: ResolvedLocation,
    citations: list[dict[str, Any]],
    names: ActorNames,
) -> PreparedIncident:
    if not KNOWN.issuperset(fields):
        raise NotPlain
    get = fields.get
    start = plain_day(fields["date_start"])
    if start is None:
        raise NotPlain
    end = plain_day(get("date_end"))
    if end is not None and end < start:
        raise NotPlain
    date_precision = plain_code(DATE_PRECISIONS, get("date_precision", "day"))
    country = plain_text(get("country", "PK"), 2)
    if (
        country is None
        or len(country) != 2
        or not ("A" <= country[0] <= "Z")
        or not ("A" <= country[1] <= "Z")
    ):
        raise NotPlain
    latitude = plain_coordinate(get("latitude"), 90.0)
    longitude = plain_coordinate(get("longitude"), 180.0)
    if (latitude is None) != (longitude is None):
        raise NotPlain
    geo = get("geo_precision")
    if geo is None:
        raise NotPlain  # the guess from the location is the reference's
    geo = plain_code(GEO_PRECISIONS, geo)
    rule = plain_text(get("event_type_rule"), 60)
    confidence = get("event_type_confidence")
    suicide = get("suicide")
    if suicide is not None and type(suicide) is not bool:
        raise NotPlain
    casualties = _casualties(get("casualties", []))
    columns: dict[str, Any] = {
        "date_start": start,
        "date_end": end,
        "date_precision": date_precision,
        "country": country,
        **{k: getattr(location, k) for k in LOCATION_KEYS},
        "place_detail": plain_text(get("place_detail"), PLACE_DETAIL),
        "geo_precision": geo,
        "event_type": plain_code(EVENT_TYPES, fields["event_type"]),
        "event_type_rule": rule,
        "event_type_confidence": None
        if confidence is None
        else plain_code(CONFIDENCES, confidence),
        "aggregate": is_aggregate(date_precision, geo),
        "suicide": suicide,
        "summary": plain_text(get("summary"), SUMMARY),
        "review_status": plain_code(REVIEW_STATUSES, get("review_status", "draft")),
        "operation_key": None,
        **totals(casualties),
    }
    return PreparedIncident(
        columns=columns,
        casualties=casualties,
        actors=names.links(_actors(get("actors", [])), start, country),
        targets=_targets(get("targets", [])),
        tactics=list(dict.fromkeys(plain_code(TACTICS, t) for t in _list(get("tactics", [])))),
        external_ids={},
        citations=citations,
        related=[],
    )


# --- plain values (each raises NotPlain where the model must decide; the UCDP importer's
# fast path, io/ucdp_prepared.py, checks its values with them too) ---------------------------


def plain_code(codes: dict[str, str], value: Any) -> str:
    """A code of a vocabulary (``codes``: :func:`_codes`), as plain text."""
    if not isinstance(value, str):
        raise NotPlain
    found = codes.get(value)
    if found is None:
        raise NotPlain
    return found


def plain_text(value: Any, limit: int) -> str | None:
    """A text stripped of ASCII blanks at its ends, of at most ``limit`` characters."""
    if value is None:
        return None
    if type(value) is not str:
        raise NotPlain
    text: str = value.strip(ASCII_BLANKS)
    if len(text) > limit or (text and (text[0].isspace() or text[-1].isspace())):
        # other blanks at an end: Python's idea of a blank and the model's may differ
        raise NotPlain
    return text


def plain_day(value: Any, today: dt.date | None = None) -> dt.date | None:
    """A date from 1947 to tomorrow (``today``: the date today, if the caller has it)."""
    if value is None:
        return None
    if type(value) is not dt.date:
        raise NotPlain
    if value < EARLIEST or value > (today or dt.date.today()) + dt.timedelta(days=1):
        raise NotPlain
    return value


def plain_coordinate(value: Any, bound: float) -> float | None:
    """A finite float from ``-bound`` to ``bound``."""
    if value is None:
        return None
    if type(value) is not float or not math.isfinite(value) or not -bound <= value <= bound:
        raise NotPlain
    return value


def plain_count(value: Any) -> int | None:
    """A whole number from 0 to ``MAX_COUNT``."""
    if value is None:
        return None
    if type(value) is not int or not 0 <= value <= MAX_COUNT:
        raise NotPlain
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise NotPlain
    return value


def _dict(value: Any, keys: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict or not keys.issuperset(value):
        raise NotPlain
    return value


def _casualties(value: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for item in _list(value):
        c = _dict(item, CASUALTY_KEYS)
        category = plain_code(CATEGORIES, c["category"])
        outcome = plain_code(OUTCOMES, c.get("outcome", "killed"))
        low, best, high = (
            plain_count(c.get("low")),
            plain_count(c.get("best")),
            plain_count(c.get("high")),
        )
        known = [v for v in (low, best, high) if v is not None]
        if known != sorted(known) or (category, outcome) in seen:
            raise NotPlain
        seen.add((category, outcome))
        out.append(
            {"category": category, "outcome": outcome, "low": low, "best": best, "high": high}
        )
    return out


def _targets(value: Any) -> list[dict[str, Any]]:
    out: dict[tuple[str, str | None], dict[str, Any]] = {}
    for item in _list(value):
        t = _dict(item, TARGET_KEYS)
        kind = plain_code(TARGET_TYPES, t["type"])
        description = plain_text(t.get("description"), DESCRIPTION)
        out.setdefault((kind, description), {"target_type": kind, "description": description})
    return list(out.values())


#: An actor as the model holds it: name, role, basis, confidence, note.
PlainActor = tuple[str, str, str, str | None, str | None]


def _actors(value: Any) -> list[PlainActor]:
    out: list[PlainActor] = []
    seen: set[tuple[str, str, str]] = set()
    for item in _list(value):
        a = _dict(item, ACTOR_KEYS)
        name = plain_text(a["actor"], ACTOR_NAME)
        if not name:
            raise NotPlain
        role = plain_code(ROLES, a.get("role", "perpetrator"))
        basis = plain_code(BASES, a.get("basis", "suspected"))
        confidence = a.get("confidence")
        key = (" ".join(name.casefold().split()), role, basis)
        if key in seen:
            raise NotPlain  # dropped when the same, refused when not: the model's call
        seen.add(key)
        out.append(
            (
                name,
                role,
                basis,
                None if confidence is None else plain_code(CONFIDENCES, confidence),
                plain_text(a.get("note"), NOTE),
            )
        )
    return out


class ActorNames:
    """Actor links as ``prepare`` resolves them (not strict), with the registry's answers
    remembered by name where they cannot depend on the day or the country: a name that
    resolves to one actor, or to none, without either (the registry narrows by day and
    country only among several candidates). Names of several actors are resolved each time.
    At most ``size`` names are remembered."""

    def __init__(self, registry: ActorRegistry, size: int = 20_000) -> None:
        self.registry, self.size = registry, size
        self._fixed: dict[str, ActorResolution | None] = {}

    def resolve(self, name: str, day: dt.date, country: str) -> ActorResolution:
        """``registry.resolve(name, on=day, country=country)``."""
        if name not in self._fixed:
            undated = self.registry.resolve(name)
            if len(self._fixed) >= self.size:
                self._fixed.clear()
            self._fixed[name] = None if undated.status == "ambiguous" else undated
        fixed = self._fixed[name]
        if fixed is None:
            return self.registry.resolve(name, on=day, country=country)
        return fixed

    def links(self, actors: list[PlainActor], day: dt.date, country: str) -> list[dict[str, Any]]:
        """The actor links ``resolve_actors(..., strict=False)`` makes."""
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, str, str]] = set()
        for name, role, basis, confidence, note in actors:
            key = self.resolve(name, day, country).key
            if key is not None:
                if (key, role, basis) in seen:
                    continue  # two names of one actor in one role: a dataset's row keeps the first
                seen.add((key, role, basis))
            out.append(
                {
                    "actor_key": key,
                    "actor_name": self.registry.actors[key].name if key else name,
                    "role": role,
                    "basis": basis,
                    "confidence": confidence,
                    "note": note,
                }
            )
        return out
