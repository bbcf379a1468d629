"""Places for the ``places`` commands: a name resolved (``places resolve``), a place and its
administrative history (``places show``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from militancydb.errors import AmbiguousName, FieldError, PlaceNotFound, ValidationFailed
from militancydb.knowledge.gazetteer import Gazetteer, PlaceResolution
from militancydb.knowledge.place_tree import Admin, PlaceRecord


@dataclass
class PlaceView:
    """A place, where it lay on a date and today, and the units before and after it."""

    place: PlaceRecord
    ancestors: list[PlaceRecord]
    on: dt.date | None
    admin_on: Admin | None
    admin_today: Admin
    predecessors: list[PlaceRecord] = field(default_factory=list)
    successors: list[PlaceRecord] = field(default_factory=list)
    children: int = 0


def find_place(gaz: Gazetteer, text: str, on: dt.date | None = None) -> PlaceRecord:
    """The place a name or key stands for, or a clear error."""
    r = gaz.resolve(text, on=on)
    if r.status == "ambiguous":
        raise AmbiguousName(text, [f"{m.key} ({m.reasons[-1]})" for m in r.alternatives])
    if r.key is None:
        raise PlaceNotFound(
            f"no place matches {text!r} ({'; '.join(r.reasons)}); "
            "`militancydb places resolve` shows how names are matched"
        )
    return gaz.places[r.key]


def place_view(gaz: Gazetteer, text: str, on: dt.date | None = None) -> PlaceView:
    """Everything ``places show`` prints."""
    p = find_place(gaz, text, on)
    return PlaceView(
        place=p,
        ancestors=[gaz.places[a] for a in gaz.ancestors(p.key) if a in gaz.places],
        on=on,
        admin_on=gaz.admin_of(p.key, on) if on else None,
        admin_today=gaz.admin_of(p.key, None),
        predecessors=[gaz.places[k] for k in gaz.predecessors.get(p.key, []) if k in gaz.places],
        successors=[gaz.places[k] for k in p.successors if k in gaz.places],
        children=sum(1 for x in gaz.places.values() if x.parent == p.key),
    )


@dataclass
class NameResolution:
    """What ``places resolve`` shows: the resolution of a name, the province it was
    restricted to, and where the match lay on the date given and today."""

    resolution: PlaceResolution
    within: PlaceRecord | None
    on: dt.date | None
    admin_on: Admin | None
    admin_today: Admin | None


def resolve_name(
    gaz: Gazetteer,
    text: str,
    *,
    on: dt.date | None = None,
    country: str | None = None,
    within: str | None = None,
) -> NameResolution:
    """Resolve a place name, restricted to ``country`` and to the unit ``within`` names (a
    province by name, alias or key). An unknown or ambiguous ``within`` is an error naming
    it, never silently ignored."""
    unit = None
    if within is not None:
        try:
            unit = find_place(gaz, within, on)
        except PlaceNotFound:
            found = gaz.resolve(within, on=on)
            raise ValidationFailed(
                [
                    FieldError(
                        "--within",
                        f"no place matches {within!r} ({'; '.join(found.reasons)}); give a "
                        "province by its name or key (e.g. Punjab or PK-PB), or leave "
                        "--within out",
                    )
                ],
                "option",
            ) from None
    r = gaz.resolve(text, on=on, country=country, within=unit.key if unit else None)
    key = r.key
    return NameResolution(
        resolution=r,
        within=unit,
        on=on,
        admin_on=gaz.admin_of(key, on) if key and on else None,
        admin_today=gaz.admin_of(key, None) if key else None,
    )


def place_label(gaz: Gazetteer, key: str | None) -> str:
    """``Name [key]`` of a place (a dash for none; the bare key of an unknown one)."""
    if key is None:
        return "–"
    p = gaz.get(key)
    return f"{p.name} [{key}]" if p else key
