"""Places for the ``places`` commands: a name resolved (``places resolve``), a place and its
administrative history (``places show``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from militancydb.domain.dates import earliest, latest
from militancydb.errors import AmbiguousName, FieldError, PlaceNotFound, ValidationFailed
from militancydb.knowledge.gazetteer import Gazetteer, PlaceResolution
from militancydb.knowledge.place_tree import DISTRICT_KINDS, Admin, PlaceRecord


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
    #: the districts that covered it on the date and today, when they were several
    #: (:func:`where_on`; its ``admin_on`` and ``admin_today`` then name no district)
    districts_on: tuple[str, ...] = ()
    districts_today: tuple[str, ...] = ()


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
    then, districts_then = where_on(gaz, p.key, on) if on else (None, ())
    today, districts_today = where_on(gaz, p.key, None)
    return PlaceView(
        place=p,
        ancestors=[gaz.places[a] for a in gaz.ancestors(p.key) if a in gaz.places],
        on=on,
        admin_on=then,
        admin_today=today,
        districts_on=districts_then,
        districts_today=districts_today,
        predecessors=[gaz.places[k] for k in gaz.predecessors.get(p.key, []) if k in gaz.places],
        successors=[gaz.places[k] for k in p.successors if k in gaz.places],
        children=sum(1 for x in gaz.places.values() if x.parent == p.key),
    )


@dataclass
class NameResolution:
    """What ``places resolve`` shows: the resolution of a name, the province it was
    restricted to, and where the match lay on the date given and today (with the districts
    that covered it when they were several: :func:`where_on`)."""

    resolution: PlaceResolution
    within: PlaceRecord | None
    on: dt.date | None
    admin_on: Admin | None
    admin_today: Admin | None
    districts_on: tuple[str, ...] = ()
    districts_today: tuple[str, ...] = ()


def where_on(gaz: Gazetteer, key: str, day: dt.date | None) -> tuple[Admin, tuple[str, ...]]:
    """Where a place lay on ``day`` (None: today): its province and district, or, when its
    area is several districts on the day, its province and those districts (no single
    district).

    That is so for a city of several districts (its districts of the day:
    ``places/city_districts.csv``), and for a district that had ended by the day: it stands
    for the districts that followed it (its successors, and theirs, that exist on the day),
    and, when it once stood for a whole city (the only district among the city's: City
    District Karachi, 2001-2011), for every district of that city on the day (Karachi's
    seven today, with Korangi and Keamari carved later out of its successors). The ended
    district itself was printed as the day's before."""
    admin = gaz.admin_of(key, day)
    day = day or dt.date.today()
    place = gaz.get(key)
    if admin.district is None and place is not None and place.spans:
        return admin, tuple(sorted(d for d in place.spans if _exists(gaz, d, day)))
    ended = gaz.get(admin.district) if admin.district else None
    if ended is None or ended.valid_on(day):
        return admin, ()
    districts = {d for d in _followers(gaz, ended.key) if _exists(gaz, d, day)}
    alone = [earliest(ended.valid_from), latest(ended.valid_to)]
    for city in gaz.places.values():
        if ended.key not in city.spans:
            continue
        if any({d for d in city.spans if _exists(gaz, d, a)} == {ended.key} for a in alone if a):
            districts |= {d for d in city.spans if _exists(gaz, d, day)}
    if not districts:
        return admin, ()
    return Admin(admin.province, None, "split into several districts"), tuple(sorted(districts))


def _followers(gaz: Gazetteer, key: str) -> set[str]:
    """The units that followed ``key``: its successors, theirs, and so on."""
    out: set[str] = set()
    todo = [key]
    while todo:
        p = gaz.get(todo.pop())
        for nxt in p.successors if p else ():
            if nxt not in out and nxt != key:
                out.add(nxt)
                todo.append(nxt)
    return out


def _exists(gaz: Gazetteer, key: str, day: dt.date) -> bool:
    p = gaz.get(key)
    return p is not None and p.kind in DISTRICT_KINDS and p.valid_on(day)


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
    then, districts_then = where_on(gaz, key, on) if key and on else (None, ())
    today, districts_today = where_on(gaz, key, None) if key else (None, ())
    return NameResolution(
        resolution=r,
        within=unit,
        on=on,
        admin_on=then,
        admin_today=today,
        districts_on=districts_then,
        districts_today=districts_today,
    )


def place_label(gaz: Gazetteer, key: str | None) -> str:
    """``Name [key]`` of a place (a dash for none; the bare key of an unknown one)."""
    if key is None:
        return "–"
    p = gaz.get(key)
    return f"{p.name} [{key}]" if p else key
