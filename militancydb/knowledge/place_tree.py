"""The gazetteer's places and their history: which unit a place belonged to on a date.

A :class:`PlaceTree` holds every place (provinces, districts, former agencies, towns,
localities) with its validity and successors, and answers:

- :meth:`PlaceTree.at_date`: the unit that stood for a place on a day (a tribal agency after
  31 May 2018 is the district it became; a district created in 2022 was part of its
  predecessor before that);
- :meth:`PlaceTree.admin_of`: the province and district of any place on a day;
- :meth:`PlaceTree.district_of_point`: the district of a point, by the documented method
  (the nearest district headquarters among the districts of the province the point lies in).

A city whose area covers several districts (Karachi: the districts of the Karachi division,
``places/city_districts.csv``) records them as its ``spans``: the city named bare has its
province but no district (unless one district stood for the whole city on the day: City
District Karachi, 2001-2011), and a place in any of those districts lies within the city.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from militancydb.domain.dates import earliest, latest
from militancydb.knowledge import geometry

PROVINCE_KINDS = frozenset({"province", "territory", "tribal_area"})
DISTRICT_KINDS = frozenset({"district", "agency", "frontier_region"})
ADMIN_KINDS = PROVINCE_KINDS | DISTRICT_KINDS | {"country"}
POINT_KINDS = frozenset({"town", "locality"})


@dataclass(frozen=True)
class PlaceRecord:
    """One place of the gazetteer."""

    key: str
    kind: str
    name: str
    country: str
    parent: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    successors: tuple[str, ...] = ()
    hq: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, kind)
    origin: str = "shipped"
    note: str | None = None
    sources: tuple[str, ...] = ()
    #: the districts a city's area covers, when it covers several (see the module docstring)
    spans: tuple[str, ...] = ()

    def valid_on(self, day: dt.date) -> bool:
        """Whether the unit existed as such on ``day``."""
        lo, hi = earliest(self.valid_from), latest(self.valid_to)
        return (lo is None or lo <= day) and (hi is None or day <= hi)

    @property
    def is_admin(self) -> bool:
        """A country, province or district-level unit (not a town or locality)."""
        return self.kind in ADMIN_KINDS


@dataclass(frozen=True)
class Admin:
    """The province and district a place belonged to on a day."""

    province: str | None
    district: str | None
    method: str = "registry"


@dataclass(eq=False)
class PlaceTree:
    """Every place, indexed for history and containment questions."""

    places: dict[str, PlaceRecord]
    predecessors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        self.predecessors = defaultdict(list)
        for p in self.places.values():
            for s in p.successors:
                self.predecessors[s].append(p.key)

    def get(self, key: str) -> PlaceRecord | None:
        """The place with that key."""
        return self.places.get(key)

    def at_date(self, key: str, day: dt.date | None) -> str:
        """The unit standing for ``key`` on ``day`` (``key`` itself when valid or undecidable).

        After a unit ended, its single successor stands for it; before a unit began, its single
        predecessor does. A unit split into several, or merged from several, stays itself.
        """
        if day is None:
            return key
        seen = {key}
        current = key
        while True:
            p = self.places.get(current)
            if p is None or p.valid_on(day):
                return current
            nxt: str | None = None
            hi, lo = latest(p.valid_to), earliest(p.valid_from)
            if hi is not None and day > hi and len(p.successors) == 1:
                nxt = p.successors[0]
            elif lo is not None and day < lo and len(self.predecessors.get(current, [])) == 1:
                nxt = self.predecessors[current][0]
            if nxt is None or nxt in seen:
                return current
            seen.add(nxt)
            current = nxt

    def today(self, key: str) -> str:
        """The unit standing for ``key`` today."""
        return self.at_date(key, dt.date.today())

    def ancestors(self, key: str) -> list[str]:
        """Parent, grandparent, ... of a place (registry parents, no history applied)."""
        memo: dict[str, list[str]] = self.__dict__.setdefault("_ancestor_memo", {})
        if key in memo:
            return list(memo[key])
        out: list[str] = []
        p = self.places.get(key)
        while p is not None and p.parent and p.parent not in out:
            out.append(p.parent)
            p = self.places.get(p.parent)
        memo[key] = out
        return list(out)

    def within(self, key: str, area: str) -> bool:
        """Whether ``key`` is ``area`` or lies inside it, allowing for history (a former
        agency lies within both FATA and, through its successor, Khyber Pakhtunkhwa)."""
        keys = {key, *self._history(key)}
        areas = {area, *self._history(area)}
        for k in keys:
            if k in areas or areas.intersection(self.ancestors(k)):
                return True
        city = self.places.get(area)
        return bool(city and city.spans and any(self.within(key, d) for d in city.spans))

    def _history(self, key: str) -> set[str]:
        memo: dict[str, set[str]] = self.__dict__.setdefault("_history_memo", {})
        if key not in memo:
            memo[key] = self._walk_history(key)
        return memo[key]

    def _walk_history(self, key: str) -> set[str]:
        out: set[str] = set()
        todo = [key]
        while todo:
            k = todo.pop()
            p = self.places.get(k)
            if p is None:
                continue
            for nxt in [*p.successors, *self.predecessors.get(k, [])]:
                if nxt not in out and nxt != key:
                    out.add(nxt)
                    todo.append(nxt)
        return out

    def admin_of(self, key: str, day: dt.date | None) -> Admin:
        """The province and district of a place on ``day`` (None: today)."""
        day = day or dt.date.today()
        memo = self.__dict__.setdefault("_admin_memo", {})
        found = memo.get((key, day))
        if found is None:
            found = memo[(key, day)] = self._admin_of(key, day)
        return found  # type: ignore[no-any-return]

    def _admin_of(self, key: str, day: dt.date) -> Admin:
        unit_key = self.at_date(key, day)
        p = self.places.get(unit_key)
        if p is None:
            return Admin(None, None, "unknown")
        if p.kind in PROVINCE_KINDS:
            return Admin(p.key, None)
        if p.kind in DISTRICT_KINDS:
            province = self.at_date(p.parent, day) if p.parent else None
            return Admin(province, p.key)
        if p.kind in POINT_KINDS and p.spans:
            return self._city_admin(p, day)
        if p.kind in POINT_KINDS:
            parent = self.places.get(p.parent) if p.parent else None
            if parent is not None and parent.kind in DISTRICT_KINDS:
                return self.admin_of(parent.key, day)
            if p.lat is not None and p.lon is not None:
                return self.admin_of_point(p.lat, p.lon, day)
            if parent is not None and parent.kind in PROVINCE_KINDS:
                return Admin(self.at_date(parent.key, day), None, "parent")
        return Admin(None, None, "unknown")

    def _city_admin(self, p: PlaceRecord, day: dt.date) -> Admin:
        """A city of several districts: its province, and its district only when one of
        them stood for the whole city on ``day``."""
        units = {self.at_date(d, day) for d in p.spans if d in self.places}
        valid = {u for u in units if self.places[u].valid_on(day)} or units
        provinces = {self.admin_of(u, day).province for u in valid}
        province = next(iter(provinces)) if len(provinces) == 1 else None
        if province is None and p.lat is not None and p.lon is not None:
            province = self.admin_of_point(p.lat, p.lon, day).province
        if len(valid) == 1:
            return Admin(province, next(iter(valid)), "city")
        return Admin(province, None, "city of several districts")

    def admin_of_point(self, lat: float, lon: float, day: dt.date | None) -> Admin:
        """Province by point-in-polygon, district by the nearest headquarters in it."""
        day = day or dt.date.today()
        polygon = geometry.province_near_point(lat, lon)
        if polygon is None:
            return Admin(None, None, "outside")
        province = self.at_date(polygon, day)
        district = self.district_of_point(lat, lon, province, day)
        return Admin(province, district, "point")

    def district_of_point(
        self, lat: float, lon: float, province: str, day: dt.date | None
    ) -> str | None:
        """The district whose headquarters is nearest, among those of ``province`` on ``day``.

        A point in the former FATA polygon on a day before the merger looks among the
        agencies and frontier regions; after it, among the districts of Khyber Pakhtunkhwa.
        """
        day = day or dt.date.today()
        candidates = self._districts_of(province, day)
        best: tuple[float, str] | None = None
        for key, (clat, clon) in candidates:
            d = haversine_km(lat, lon, clat, clon)
            if best is None or d < best[0]:
                best = (d, key)
        return best[1] if best else None

    def _districts_of(self, province: str, day: dt.date) -> list[tuple[str, tuple[float, float]]]:
        # The set of districts only changes on the dates units begin or end: cache by the
        # stretch of time ("epoch") between two such dates.
        if not hasattr(self, "_epochs"):
            bounds: set[dt.date] = set()
            for p in self.places.values():
                if p.kind in DISTRICT_KINDS or p.kind in PROVINCE_KINDS:
                    lo, hi = earliest(p.valid_from), latest(p.valid_to)
                    if lo:
                        bounds.add(lo)
                    if hi:
                        bounds.add(hi + dt.timedelta(days=1))
            self._epochs = sorted(bounds)
            self._district_cache: dict[tuple[str, int], list[tuple[str, tuple[float, float]]]]
            self._district_cache = {}
        epoch = bisect.bisect_right(self._epochs, day)
        key = (province, epoch)
        if key not in self._district_cache:
            out = []
            for p in self.places.values():
                if p.kind not in DISTRICT_KINDS or p.lat is None or p.lon is None:
                    continue
                if not p.valid_on(day):
                    continue
                parent = self.at_date(p.parent, day) if p.parent else None
                if parent == province:
                    out.append((p.key, (p.lat, p.lon)))
            self._district_cache[key] = out
        return self._district_cache[key]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))
