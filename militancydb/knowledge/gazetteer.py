"""Resolve a place name to one gazetteer record, with the reasons and the alternatives.

Rules, in order (documented in ``docs/gazetteer.md``):

1. A gazetteer key (``PK-BA-quetta``) resolves to itself.
2. Exact: the text equals a name or alias, case and spelling included.
3. Normalised: case, diacritics, punctuation and Arabic-script letter forms folded, and a
   trailing generic word (district, province, town, tehsil, ...) dropped on both sides.
4. Fuzzy: only full names and long aliases (5+ letters), never acronyms or short names,
   scored by edit distance, at or above ``FUZZY_CUTOFF``.

Names of under four letters match exactly only. A word on the stop-list (a month, a common
word that is also a village) resolves only with context (a province or country hint, or
coordinates). Candidates are then narrowed by country, kinds, the hint and the date; a name
that still maps to several places comes back ``ambiguous`` with every candidate and why,
rather than a guess, unless the candidates are nested (a district and its headquarters town
of the same name), where the preferred level is taken and the other is listed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from militancydb.domain.limits import PLACE_NAME
from militancydb.knowledge.place_tree import (
    ADMIN_KINDS,
    DISTRICT_KINDS,
    POINT_KINDS,
    PROVINCE_KINDS,
    PlaceRecord,
    PlaceTree,
    haversine_km,
)
from militancydb.knowledge.resolution import Resolution
from militancydb.knowledge.text import normalise

FUZZY_CUTOFF = 90.0
#: Towns and localities of one name this close (or in one district) are one place listed by
#: two sources.
COLOCATED_KM = 10.0
#: The longest name resolved: the same bound as a place name in every command.
MAX_QUERY = PLACE_NAME
GENERIC_SUFFIXES = (
    "district",
    "distt",
    "province",
    "division",
    "city",
    "town",
    "village",
    "tehsil",
    "subdivision",
    "sub division",
    "area",
    "region",
)
GENERIC_PREFIXES = ("district", "province of", "city of", "town of", "the")

Prefer = Literal["admin", "specific"]


@dataclass(frozen=True)
class PlaceMatch:
    """A candidate place and how it was matched."""

    key: str
    name: str
    kind: str
    rule: str
    score: float
    matched: str
    reasons: tuple[str, ...] = ()


#: The outcome of resolving a place name.
PlaceResolution = Resolution[PlaceMatch]


def strip_generic(norm: str) -> str:
    """Drop one leading and one trailing generic word (``quetta district`` -> ``quetta``)."""
    for prefix in GENERIC_PREFIXES:
        if norm.startswith(prefix + " ") and len(norm) > len(prefix) + 3:
            norm = norm[len(prefix) + 1 :]
            break
    for suffix in GENERIC_SUFFIXES:
        if norm.endswith(" " + suffix) and len(norm) > len(suffix) + 3:
            return norm[: -len(suffix) - 1]
    return norm


@dataclass(eq=False)
class Gazetteer(PlaceTree):
    """Places plus the indexes that resolve names to them."""

    stoplist: frozenset[str] = frozenset()
    _exact: dict[str, set[str]] = field(default_factory=dict, init=False)
    _norm: dict[str, set[str]] = field(default_factory=dict, init=False)
    _fuzzy: list[tuple[str, str]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        exact: dict[str, set[str]] = defaultdict(set)
        norm: dict[str, set[str]] = defaultdict(set)
        fuzzy: dict[str, set[str]] = defaultdict(set)
        for p in self.places.values():
            names = [(p.name, "name"), *p.aliases]
            for text, kind in names:
                exact[text].add(p.key)
                if len(text) < 4 or kind == "acronym":
                    continue
                n = normalise(text)
                if not n:
                    continue
                norm[n].add(p.key)
                norm[strip_generic(n)].add(p.key)
                if len(n) >= 5:
                    fuzzy[strip_generic(n)].add(p.key)
        self._exact = dict(exact)
        self._norm = dict(norm)
        self._fuzzy = [(n, k) for n, keys in fuzzy.items() for k in keys]
        self._fuzzy_names = [n for n, _ in self._fuzzy]

    # --- resolution ------------------------------------------------------------------------

    def resolve(
        self,
        text: str,
        *,
        on: dt.date | None = None,
        country: str | None = None,
        within: str | None = None,
        kinds: frozenset[str] | None = None,
        near: tuple[float, float] | None = None,
        prefer: Prefer = "admin",
    ) -> PlaceResolution:
        """Resolve ``text`` to one place (see the module docstring for the rules)."""
        query = text if isinstance(text, str) else str(text)
        stripped = query.strip()
        if not stripped:
            return PlaceResolution(query, "rejected", reasons=("empty name",))
        if len(stripped) > MAX_QUERY:
            return PlaceResolution(
                query, "rejected", reasons=(f"name longer than {MAX_QUERY} characters",)
            )
        has_context = bool(country or within or near)
        candidates = self._candidates(stripped)
        if not candidates:
            return PlaceResolution(query, "unresolved", reasons=("no name or alias matches",))
        rule = candidates[0].rule
        n = normalise(stripped)
        if n in self.stoplist and not has_context and rule != "key":
            return PlaceResolution(
                query,
                "rejected",
                reasons=(
                    f"{stripped!r} is on the stop-list (a common word that is also a "
                    "place name); give a province or country to resolve it",
                ),
            )
        narrowed = self._narrow(candidates, on=on, country=country, within=within, kinds=kinds)
        if not narrowed:
            why = self._why_filtered(country, within, kinds)
            return PlaceResolution(
                query, "unresolved", alternatives=tuple(candidates[:10]), reasons=(why,)
            )
        if len(narrowed) == 1:
            return PlaceResolution(query, "resolved", narrowed[0], reasons=narrowed[0].reasons)
        if near is not None:
            chosen = self._nearest(narrowed, near)
            if chosen is not None:
                rest = tuple(m for m in narrowed if m.key != chosen.key)
                return PlaceResolution(
                    query, "resolved", chosen, rest, ("nearest candidate to the coordinates",)
                )
        if len(narrowed) == 1:
            return PlaceResolution(query, "resolved", narrowed[0], reasons=narrowed[0].reasons)
        nested = self._pick_nested(narrowed, prefer, on)
        if nested is not None:
            rest = tuple(m for m in narrowed if m.key != nested.key)
            return PlaceResolution(
                query,
                "resolved",
                nested,
                rest,
                (
                    "candidates are nested; took the "
                    f"{'larger' if prefer == 'admin' else 'smaller'} unit",
                ),
            )
        admin = [m for m in narrowed if self.places[m.key].kind in PROVINCE_KINDS | DISTRICT_KINDS]
        if prefer == "admin" and len(admin) == 1:
            # a district (or province) of the name outweighs villages of the name elsewhere
            rest = tuple(m for m in narrowed if m.key != admin[0].key)
            return PlaceResolution(
                query,
                "resolved",
                admin[0],
                rest,
                (
                    "the administrative unit of this name; towns of the same name elsewhere are "
                    "listed as alternatives",
                ),
            )
        return PlaceResolution(
            query,
            "ambiguous",
            alternatives=tuple(narrowed),
            reasons=(f"{len(narrowed)} places share this name; give a province or coordinates",),
        )

    def _candidates(self, text: str) -> list[PlaceMatch]:
        if text in self.places:
            p = self.places[text]
            return [self._match(p, "key", 100.0, text, "the text is a gazetteer key")]
        if text in self._exact:
            return [
                self._match(self.places[k], "exact", 100.0, text, "exact name or alias")
                for k in sorted(self._exact[text])
            ]
        n = normalise(text)
        if len(n) < 4:
            return []
        keys = self._norm.get(n) or self._norm.get(strip_generic(n))
        if keys:
            return [
                self._match(self.places[k], "normalised", 99.0, text, "same name once normalised")
                for k in sorted(keys)
            ]
        target = strip_generic(n)
        if len(target) < 5:
            return []
        from rapidfuzz import fuzz, process  # only for a name no exact rule knows

        hits = process.extract(
            target, self._fuzzy_names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=10
        )
        out: dict[str, PlaceMatch] = {}
        for name, score, index in hits:
            key = self._fuzzy[index][1]
            if key not in out or out[key].score < score:
                out[key] = self._match(
                    self.places[key], "fuzzy", float(score), name, f"spelling close to {name!r}"
                )
        return sorted(out.values(), key=lambda m: -m.score)

    def _match(self, p: PlaceRecord, rule: str, score: float, matched: str, why: str) -> PlaceMatch:
        where = self.describe(p.key)
        return PlaceMatch(p.key, p.name, p.kind, rule, score, matched, (why, where))

    def describe(self, key: str) -> str:
        """A short phrase saying what and where a place is."""
        p = self.places[key]
        parents = [self.places[a].name for a in self.ancestors(key) if a in self.places]
        span = ""
        if p.valid_from or p.valid_to:
            span = f" ({p.valid_from or '…'} to {p.valid_to or 'now'})"
        where = f" in {', '.join(parents)}" if parents else ""
        return f"{p.kind.replace('_', ' ')}{where}{span}"

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

    def admin_units(self) -> list[PlaceRecord]:
        """Countries, provinces and district-level units."""
        return [p for p in self.places.values() if p.kind in ADMIN_KINDS]
