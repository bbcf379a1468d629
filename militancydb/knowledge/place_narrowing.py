"""Narrowing the places a name matched: by country, kind, area and date, then the
candidates that stand for one unit on the date, or one place listed by two sources, taken
as one; the nearest to coordinates; the larger or smaller of nested candidates. The
geography half of :class:`~militancydb.knowledge.gazetteer.Gazetteer` (rules in
``docs/gazetteer.md``)."""

from __future__ import annotations

import datetime as dt

from militancydb.knowledge.place_match import PlaceMatch, Prefer
from militancydb.knowledge.place_tree import (
    DISTRICT_KINDS,
    POINT_KINDS,
    PROVINCE_KINDS,
    PlaceTree,
    haversine_km,
)

#: Towns and localities of one name this close (or in one district) are one place listed by
#: two sources.
COLOCATED_KM = 10.0


class PlaceNarrowing(PlaceTree):
    """The place tree's rules for choosing among the candidates of a name."""

    def _narrow(
        self,
        candidates: list[PlaceMatch],
        *,
        on: dt.date | None,
        country: str | None,
        within: str | None,
        kinds: frozenset[str] | None,
    ) -> list[PlaceMatch]:
        out = []
        best_score = max(m.score for m in candidates)
        for m in candidates:
            p = self.places[m.key]
            if m.rule == "fuzzy" and m.score < best_score:
                continue
            if country and p.country != country:
                continue
            if kinds and p.kind not in kinds:
                continue
            if within and not self._inside(m.key, within, on):
                continue
            out.append(m)
        if on is not None and len(out) > 1:
            valid = [m for m in out if self.places[m.key].valid_on(on)]
            if valid:
                out = valid
        if within and len(out) > 1:
            direct = [m for m in out if m.key == within or within in self.ancestors(m.key)]
            out = direct or out
        # collapse candidates that stand for the same unit on the date (without a date:
        # today), e.g. a former tribal agency and the district it became
        day = on or dt.date.today()
        seen: dict[str, PlaceMatch] = {}
        for m in sorted(out, key=lambda m: self.at_date(m.key, day) != m.key):
            seen.setdefault(self.at_date(m.key, day), m)
        return self._merge_colocated(list(seen.values()))

    def _inside(self, key: str, area: str, on: dt.date | None) -> bool:
        """Whether a candidate lies in the area a caller restricts to. A town or locality
        placed in a district only by the nearest-headquarters method (right about two times
        in three: docs/gazetteer.md) counts as inside any district of its province, so that
        the method cannot exclude the right candidate; narrower rules then choose."""
        if self.within(key, area) or self._contains(area, key, on):
            return True
        p, a = self.places.get(key), self.places.get(area)
        if p is None or a is None or p.kind not in POINT_KINDS or a.kind not in DISTRICT_KINDS:
            return False
        parent = self.places.get(p.parent) if p.parent else None
        if parent is not None and parent.kind in DISTRICT_KINDS:
            return False  # its district is recorded, not estimated
        # the same province on the day, or today: a town recorded in today's units (GeoNames
        # puts Jamrud in Khyber Pakhtunkhwa) lies in a former tribal agency of its province
        return any(
            self.admin_of(area, day).province is not None
            and self.admin_of(area, day).province == self.admin_of(key, day).province
            for day in dict.fromkeys((on, None))
        )

    def _same_place(self, a: str, b: str) -> bool:
        """Two points of one name within ``COLOCATED_KM``, or in the same district today."""
        pa, pb = self.places[a], self.places[b]
        if haversine_km(pa.lat or 0, pa.lon or 0, pb.lat or 0, pb.lon or 0) <= COLOCATED_KM:
            return True
        da, db = self.admin_of(a, None).district, self.admin_of(b, None).district
        return da is not None and da == db

    def _merge_colocated(self, matches: list[PlaceMatch]) -> list[PlaceMatch]:
        """One candidate for the towns and localities of one name that are one place listed
        by two sources (close together, or in the same district): the most populous."""
        points = [
            m
            for m in matches
            if self.places[m.key].kind in POINT_KINDS and self.places[m.key].lat is not None
        ]
        if len(points) < 2:
            return matches
        points.sort(key=lambda m: -(self.places[m.key].population or 0))
        kept: list[PlaceMatch] = []
        for m in points:
            if not any(self._same_place(m.key, k.key) for k in kept):
                kept.append(m)
        dropped = {m.key for m in points} - {m.key for m in kept}
        return [m for m in matches if m.key not in dropped]

    def _why_filtered(
        self, country: str | None, within: str | None, kinds: frozenset[str] | None
    ) -> str:
        parts = []
        if country:
            parts.append(f"country {country}")
        if within:
            parts.append(f"within {within}")
        if kinds:
            parts.append(f"kinds {', '.join(sorted(kinds))}")
        return "names match, but none fits " + " and ".join(parts)

    def _nearest(self, matches: list[PlaceMatch], near: tuple[float, float]) -> PlaceMatch | None:
        scored = []
        for m in matches:
            p = self.places[m.key]
            if p.lat is not None and p.lon is not None:
                scored.append((haversine_km(near[0], near[1], p.lat, p.lon), m))
        scored.sort(key=lambda x: x[0])
        if not scored or scored[0][0] > 60:
            return None
        if len(scored) > 1 and scored[1][0] - scored[0][0] < 5:
            return None
        return scored[0][1]

    def _pick_nested(
        self, matches: list[PlaceMatch], prefer: Prefer, on: dt.date | None
    ) -> PlaceMatch | None:
        levels = {m.key: self._level(m.key) for m in matches}
        ordered = sorted(matches, key=lambda m: levels[m.key])
        for inner, outer in zip(ordered[1:], ordered[:-1], strict=False):
            if levels[inner.key] == levels[outer.key]:
                return None
            if not self._contains(outer.key, inner.key, on):
                return None
        return ordered[0] if prefer == "admin" else ordered[-1]

    def _level(self, key: str) -> int:
        kind = self.places[key].kind
        if kind == "country":
            return 0
        if kind in PROVINCE_KINDS:
            return 1
        if kind in DISTRICT_KINDS:
            return 2
        return 3

    def _contains(self, outer: str, inner: str, on: dt.date | None) -> bool:
        if self.within(inner, outer):
            return True
        admin = self.admin_of(inner, on)
        return outer in (admin.province, admin.district) or self.within(
            admin.district or admin.province or "", outer
        )
