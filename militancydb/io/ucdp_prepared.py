"""The UCDP importer's fast path: a row read (:mod:`militancydb.io.ucdp_row`) made straight
into the rows to store, each value checked as it is made.

What this makes is what :func:`militancydb.io.plain_incident.prepared` makes of the
dictionary the importer hands the pydantic model (``UCDPImporter._fields``), which is what
``prepare`` makes of the validated model: the same plain checks (dates from 1947 to
tomorrow, the end not before the start; the codebook's values; texts within their lengths;
counts from 0 to ``MAX_COUNT`` and in order; coordinates finite, on the globe, both or
neither; an actor given twice in one role on one basis left to the model), applied to the
values as they are made rather than read back from a dictionary. Where a check fails,
:class:`~militancydb.io.plain_incident.NotPlain` is raised and the importer takes the
reference path. Values that come from the rule table (the event type, rule, confidence,
roles, the named actor's note) are checked once per rule and remembered; a side's name once
per name.

``tests/io/test_plain_incident.py`` holds this to the reference on every bundled UCDP row,
and ``tests/io/test_ucdp_stored.py`` every stored table to what the code before it stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from militancydb.codebook import AttributionBasis, CasualtyCategory, Outcome, Tactic
from militancydb.domain.incident import is_aggregate
from militancydb.domain.limits import ACTOR_NAME, MAX_COUNT, NOTE, PLACE_DETAIL
from militancydb.io.plain_incident import (
    BASES,
    CATEGORIES,
    CONFIDENCES,
    DATE_PRECISIONS,
    EVENT_TYPES,
    GEO_PRECISIONS,
    OUTCOMES,
    REVIEW_STATUSES,
    ROLES,
    TACTICS,
    TARGET_TYPES,
    ActorNames,
    NotPlain,
    plain_code,
    plain_coordinate,
    plain_count,
    plain_day,
    plain_text,
)
from militancydb.io.ucdp_row import UCDPRow, citation_of
from militancydb.io.ucdp_rules import Classification
from militancydb.services.incident_rows import PreparedIncident

DATE_PRECISION = {"1": "day", "2": "days", "3": "week", "4": "month", "5": "year"}
GEO_PRECISION = {
    "1": "exact",
    "2": "near",
    "3": "district",
    "4": "province",
    "5": "region",
    "6": "country",
    "7": "unknown",
}
#: The incident's country (UCDP rows of Pakistan), as the plain checks take a country.
COUNTRY = "PK"
KILLED = plain_code(OUTCOMES, Outcome.KILLED)
TOTAL = plain_code(CATEGORIES, CasualtyCategory.TOTAL)
DATASET = plain_code(BASES, AttributionBasis.ATTRIBUTED_BY_DATASET)
PERPETRATOR = plain_code(ROLES, "perpetrator")
IMPORTED = plain_code(REVIEW_STATUSES, "imported")
SUICIDE = Tactic.SUICIDE_BOMBING
NOTES = (plain_text("UCDP side A", NOTE), plain_text("UCDP side B", NOTE))
LINK_CONFIDENCES = {c: plain_code(CONFIDENCES, c) for c in ("low", "medium")}

#: What the plain checks make of a rule's values: event type, rule, confidence, the sides'
#: roles, the note of the actor the reports name; by rule id (of the shipped table).
_RULES: dict[str, tuple[str, str | None, str, tuple[str, str], str | None]] = {}
#: A side's actor name as checked, and as compared for repeats; by name (at most 20,000).
_NAMES: dict[str, tuple[str, str]] = {}


def prepared_of(
    r: UCDPRow, raw: Mapping[str, str], source_id: int, names: ActorNames
) -> PreparedIncident:
    """The rows to store of the row read ``r`` (``raw``: its cells), citing the dataset's
    source; NotPlain where the reference must decide. ``external_ids`` is left empty for the
    engine to fill."""
    start = plain_day(r.day, r.today)
    assert start is not None
    end = plain_day(r.end if r.end and r.end != start else None, r.today)
    if end is not None and end < start:
        raise NotPlain
    date_precision = plain_code(DATE_PRECISIONS, DATE_PRECISION.get(raw["date_prec"], "day"))
    if (r.latitude is None) != (r.longitude is None):
        raise NotPlain
    plain_coordinate(r.latitude, 90.0)
    plain_coordinate(r.longitude, 180.0)
    geo = plain_code(GEO_PRECISIONS, GEO_PRECISION.get(raw["where_prec"], "unknown"))
    typed = r.typed
    event, rule, confidence, roles, named_note = _RULES.get(typed.rule) or _rule(typed)
    figures = _figures(r)
    first = figures[0]
    tactics = r.tactics
    columns: dict[str, Any] = {
        "date_start": start,
        "date_end": end,
        "date_precision": date_precision,
        "country": COUNTRY,
        **r.place,
        "place_detail": plain_text(raw.get("where_description") or None, PLACE_DETAIL),
        "geo_precision": geo,
        "event_type": event,
        "event_type_rule": rule,
        "event_type_confidence": confidence,
        "aggregate": is_aggregate(date_precision, geo),
        "suicide": True if SUICIDE in tactics else None,
        "summary": None,
        "review_status": IMPORTED,
        "operation_key": None,
        # the totals (services.incident_rows.totals): the total figure's; none injured
        "killed_low": first["low"],
        "killed_best": first["best"],
        "killed_high": first["high"],
        "injured_low": None,
        "injured_best": None,
        "injured_high": None,
    }
    return PreparedIncident(
        columns=columns,
        casualties=figures,
        actors=names.links(_actors(r, roles, named_note), start, COUNTRY),
        targets=[
            {"target_type": plain_code(TARGET_TYPES, t), "description": None} for t in r.targets
        ],
        tactics=list(dict.fromkeys(plain_code(TACTICS, t) for t in tactics)),
        external_ids={},
        citations=[citation_of(r, raw, source_id)],
        related=[],
    )


def _rule(typed: Classification) -> tuple[str, str | None, str, tuple[str, str], str | None]:
    done = (
        plain_code(EVENT_TYPES, typed.event_type),
        plain_text(f"ucdp:{typed.rule}", 60),
        plain_code(CONFIDENCES, typed.confidence),
        (plain_code(ROLES, typed.roles[0]), plain_code(ROLES, typed.roles[1])),
        plain_text(f"named as acting by the UCDP row's reports (rule {typed.rule})", NOTE),
    )
    _RULES[typed.rule] = done
    return done


def _figures(r: UCDPRow) -> list[dict[str, Any]]:
    """The casualty figures: the total (a bound out of order with best unknown), then the
    dead of each category; every count from 0 to MAX_COUNT."""
    low, best, high = r.counts[:3]
    total = {
        "category": TOTAL,
        "outcome": KILLED,
        "low": plain_count(low) if low <= best else None,
        "best": plain_count(best),
        "high": plain_count(high) if high >= best else None,
    }
    out = [total]
    for category, n in r.by_category().items():
        if n > MAX_COUNT:
            raise NotPlain
        out.append(
            {
                "category": plain_code(CATEGORIES, category),
                "outcome": KILLED,
                "low": None,
                "best": n,
                "high": None,
            }
        )
    return out


def _name(actor: str) -> tuple[str, str]:
    found = _NAMES.get(actor)
    if found is None:
        name = plain_text(actor, ACTOR_NAME)
        if not name:
            raise NotPlain
        if len(_NAMES) >= 20_000:
            _NAMES.clear()
        found = _NAMES[actor] = (name, " ".join(name.casefold().split()))
    return found


#: An actor link before its name is resolved: name, role, basis, confidence, note.
Link = tuple[str, str, str, str | None, str | None]


def _actors(r: UCDPRow, roles: tuple[str, str], named_note: str | None) -> list[Link]:
    """The sides' links (and the named actor's), as the plain checks hand them to
    ``ActorNames.links``; NotPlain for one name twice in one role (the model's call)."""
    confidence = LINK_CONFIDENCES[r.confidence]
    name_a, seen_a = _name(r.side_a.actor)
    name_b, seen_b = _name(r.side_b.actor)
    role_a, role_b = roles
    if seen_a == seen_b and role_a == role_b:
        raise NotPlain
    out: list[Link] = [
        (name_a, role_a, DATASET, confidence, NOTES[0]),
        (name_b, role_b, DATASET, confidence, NOTES[1]),
    ]
    if r.named is not None:
        name, seen = _name(r.named.actor)
        if (seen == seen_a and role_a == PERPETRATOR) or (seen == seen_b and role_b == PERPETRATOR):
            raise NotPlain
        out.append((name, PERPETRATOR, DATASET, LINK_CONFIDENCES["low"], named_note))
    return out
