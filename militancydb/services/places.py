"""A place and its administrative history, for ``places show``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from militancydb.errors import AmbiguousName, PlaceNotFound
from militancydb.knowledge.gazetteer import Gazetteer
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
