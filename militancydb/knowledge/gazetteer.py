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

from militancydb.domain.limits import PLACE_NAME
from militancydb.knowledge.place_match import (
    GENERIC_PREFIXES,
    GENERIC_SUFFIXES,
    PlaceMatch,
    PlaceResolution,
    Prefer,
    strip_generic,
)
from militancydb.knowledge.place_narrowing import COLOCATED_KM, PlaceNarrowing
from militancydb.knowledge.place_tree import (
    ADMIN_KINDS,
    DISTRICT_KINDS,
    PROVINCE_KINDS,
    PlaceRecord,
)
from militancydb.knowledge.text import normalise

# what resolving a name gives back, and the narrowing rules, live in ``place_match`` and
# ``place_narrowing``; their names are offered here too
__all__ = [
    "COLOCATED_KM",
    "FUZZY_CUTOFF",
    "GENERIC_PREFIXES",
    "GENERIC_SUFFIXES",
    "MAX_QUERY",
    "Gazetteer",
    "PlaceMatch",
    "PlaceResolution",
    "Prefer",
    "strip_generic",
]

FUZZY_CUTOFF = 90.0
#: The longest name resolved: the same bound as a place name in every command.
MAX_QUERY = PLACE_NAME


@dataclass(eq=False)
class Gazetteer(PlaceNarrowing):
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

    def admin_units(self) -> list[PlaceRecord]:
        """Countries, provinces and district-level units."""
        return [p for p in self.places.values() if p.kind in ADMIN_KINDS]
