"""Build an :class:`IncidentFilter` from the names a user types (the CLI's and the API's
filter options), resolving provinces, districts, actors and event types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from militancydb.codebook import EventType, Tactic
from militancydb.codebook.terms import TERMS
from militancydb.errors import FieldError, ValidationFailed
from militancydb.knowledge.loader import Knowledge, LazyKnowledge
from militancydb.knowledge.place_tree import DISTRICT_KINDS, PROVINCE_KINDS
from militancydb.knowledge.text import normalise
from militancydb.services.incident_query import IncidentFilter, event_type_family


def _code(vocab: type[EventType] | type[Tactic], text: str) -> str | None:
    """A code from its code or its label (case and punctuation folded)."""
    n = normalise(text)
    for code, term in TERMS[vocab].items():
        if n in (normalise(code), normalise(term.label)):
            return code
    return None


def _exact_place(
    kb: Knowledge, text: str, kinds: frozenset[str], country: str | None
) -> str | None:
    """A plain place name resolved with one query when the knowledge is not read yet
    (:func:`militancydb.knowledge.names.exact_place`); ``None``: ask the gazetteer."""
    if isinstance(kb, LazyKnowledge):
        return kb.exact_place(text, kinds=kinds, country=country)
    return None


def build_filter(
    kb: Knowledge,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    country: str | None = None,
    province: str | None = None,
    district: str | None = None,
    actor: str | None = None,
    event_types: Sequence[str] | None = None,
    tactics: Sequence[str] | None = None,
    min_killed: int | None = None,
    include_deleted: bool = False,
) -> IncidentFilter:
    """Resolve the names; every name that does not resolve is reported at once."""
    errors: list[FieldError] = []
    provinces: set[str] = set()
    districts: set[str] = set()
    actors: set[str] = set()
    if province:  # the knowledge is read only when a name is to be resolved
        key = _exact_place(kb, province, PROVINCE_KINDS, country)
        if key is None:
            r = kb.gazetteer.resolve(province, country=country, kinds=PROVINCE_KINDS)
            key = r.key
            if key is None:
                errors.append(FieldError("province", f"{province!r}: {'; '.join(r.reasons)}"))
        if key is not None:
            provinces.add(key)
    if district:
        within = next(iter(provinces), None)
        key = None if within else _exact_place(kb, district, DISTRICT_KINDS, country)
        if key is None:
            r = kb.gazetteer.resolve(district, country=country, kinds=DISTRICT_KINDS, within=within)
            key = r.key
            if key is None:
                options = ", ".join(m.key for m in r.alternatives[:6])
                errors.append(
                    FieldError(
                        "district",
                        f"{district!r}: {'; '.join(r.reasons)}"
                        + (f" ({options})" if options else ""),
                    )
                )
        if key is not None:
            districts.add(key)
    if actor:
        ar = kb.registry.resolve(actor)
        if ar.key is None:
            options = ", ".join(m.key for m in ar.alternatives[:6])
            errors.append(
                FieldError(
                    "actor",
                    f"{actor!r}: {'; '.join(ar.reasons)}" + (f" ({options})" if options else ""),
                )
            )
        else:
            actors = kb.registry.family(ar.key)
    types: set[str] = set()
    for t in event_types or []:
        code = _code(EventType, t)
        if code is None:
            errors.append(
                FieldError("event_type", f"{t!r} is not an event type; see `militancydb codebook`")
            )
        else:
            types |= event_type_family(code)
    tacs: set[str] = set()
    for t in tactics or []:
        code = _code(Tactic, t)
        if code is None:
            errors.append(
                FieldError("tactic", f"{t!r} is not a tactic; see `militancydb codebook`")
            )
        else:
            tacs.add(code)
    if date_from and date_to and date_to < date_from:
        errors.append(FieldError("to", f"{date_to} is before --from {date_from}"))
    if errors:
        raise ValidationFailed(errors, "filter")
    return IncidentFilter(
        date_from=date_from,
        date_to=date_to,
        country=country,
        provinces=frozenset(provinces),
        districts=frozenset(districts),
        actors=frozenset(actors),
        event_types=frozenset(types),
        tactics=frozenset(tacs),
        min_killed=min_killed,
        include_deleted=include_deleted,
    )
