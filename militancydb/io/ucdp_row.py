"""A UCDP GED row read: its cells parsed and checked, its sides resolved in the actor
registry, its event type decided by the rule table, its tactics, targets and location —
what both paths of the UCDP importer (:mod:`militancydb.io.ucdp`) build from: the
incident's dictionary for the pydantic model (the reference) and the rows to store
(:mod:`militancydb.io.ucdp_prepared`, the fast path).

:func:`read_row` raises ValueError, with the reason, for a row that cannot be read, in the
order of the row's cells as the importer always checked them. What is a pure function of
values that repeat across rows is remembered in the import's context (bounded memos,
:mod:`militancydb.io.memo`): a side by its name (and day, for a name several actors went
by), with what the rules and the checks read of it; a headline's tactics and named
targets; a location by the cells that decide it (and today's date, for the names of
today); the rule table's classification by what decides it (``RuleTable.typed``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from militancydb.codebook import CasualtyCategory, EventType, Tactic
from militancydb.domain.limits import clip
from militancydb.io.importer import ImportContext
from militancydb.io.keywords import tactics_in, targets_in
from militancydb.io.memo import Memo
from militancydb.io.ucdp_rules import (
    Classification,
    category_of,
    evidence_text,
    rule_table,
    side_kinds,
    split_of,
    targets_from,
)
from militancydb.knowledge.actors import ActorRegistry, ActorResolution
from militancydb.knowledge.shipped import resolve_ucdp_admin
from militancydb.services.locations import ResolvedLocation, locate

#: Locations, with their fields as a mapping, by the cells that decide them
#: (see :func:`location_of`).
ROW_PLACES: Memo[tuple[ResolvedLocation, dict[str, Any]]] = Memo("ucdp-row-place", 20_000)
#: Locations by what decides them (the event's day, its admin units, place and point).
LOCATIONS: Memo[ResolvedLocation] = Memo("ucdp-location", 20_000)
#: Sides whose name several actors went by, by name and day.
SIDES_BY_DAY: Memo[Side] = Memo("ucdp-side-by-day", 20_000)
#: A headline's tactics (as the codebook's members) and the targets it names.
HEADLINES: Memo[tuple[tuple[Tactic, ...], list[str]]] = Memo("ucdp-headline", 20_000)
PLACE_FIELDS = tuple(ResolvedLocation.__dataclass_fields__)
#: The death counts, in the order they are read (the first bad one is the reason given).
COUNTS = ("low", "best", "high", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")


@dataclass(slots=True, eq=False)
class Side:
    """A UCDP side as the rules read it (``data``), with what is read of it on every row."""

    #: name, key, kind, family, is_us, is_pakistan, civilians (the rules' mapping)
    data: dict[str, Any]
    #: the kinds it counts as in the rule table (:func:`side_kinds`)
    kinds: frozenset[str]
    #: the category of its dead (:func:`category_of`)
    category: CasualtyCategory
    #: the actor its link names: its registry key, or its name where it has none
    actor: str


@dataclass(slots=True, eq=False)
class UCDPRow:
    """A UCDP row read (see the module docstring)."""

    uid: str
    day: dt.date
    end: dt.date | None
    #: low, best, high, deaths_a, deaths_b, deaths_civilians, deaths_unknown
    counts: tuple[int, int, int, int, int, int, int]
    side_a: Side
    side_b: Side
    typed: Classification
    tactics: list[Tactic]
    targets: list[str]
    #: the confidence of the sides' links: low for a row UCDP marks unclear
    confidence: str
    #: the actor the reports name as acting (a rule's perpetrator), if any
    named: Side | None
    latitude: float | None
    longitude: float | None
    location: ResolvedLocation
    #: the location's fields by name, in their order (shared by the rows of one place: not
    #: to be changed)
    place: dict[str, Any]
    warnings: list[str]
    #: the date the location's names of today are of
    today: dt.date

    def by_category(self) -> dict[CasualtyCategory, int]:
        """The dead of each category: each side's by its kind, civilians, unknown."""
        _, _, _, a, b, civilians, unknown = self.counts
        by_cat: dict[CasualtyCategory, int] = {}
        for side, n in ((self.side_a, a), (self.side_b, b)):
            by_cat[side.category] = by_cat.get(side.category, 0) + n
        civ, unk = CasualtyCategory.CIVILIANS, CasualtyCategory.UNKNOWN
        by_cat[civ] = by_cat.get(civ, 0) + civilians
        by_cat[unk] = by_cat.get(unk, 0) + unknown
        return by_cat


def read_row(raw: dict[str, str], ctx: ImportContext) -> UCDPRow:
    """The row read (ValueError with the reason for a row that cannot be read)."""
    uid = (raw.get("id") or "").strip()
    if not uid:
        raise ValueError("no UCDP id")
    country = raw.get("country", "")
    if country != "Pakistan" and country.strip() and country.strip() != "Pakistan":
        raise ValueError(f"country is {clip(raw['country'])}; this importer reads Pakistan rows")
    day = _date(raw["date_start"], "date_start")
    end = _date(raw["date_end"], "date_end") if raw.get("date_end") else None
    tov = raw["type_of_violence"].strip()
    if tov not in ("1", "2", "3"):
        raise ValueError(f"type_of_violence is {clip(tov)}; UCDP uses 1, 2 or 3")
    counts = _counts(raw)
    low, best, high, deaths_a, deaths_b, civilians, unknown = counts
    warnings = []
    if not low <= best <= high:
        warnings.append(
            f"low {low}, best {best}, high {high} are out of order; kept best and set the "
            "contradicting bound(s) to unknown"
        )
    split = deaths_a + deaths_b + civilians + unknown
    if split != best:
        warnings.append(f"deaths by side add up to {split}, best is {best}")
    reg = ctx.kb.registry
    side_a = side_of(reg, raw["side_a"], day, ctx)
    side_b = side_of(reg, raw["side_b"], day, ctx)
    for side in (side_a, side_b):
        if side.data["key"] is None:
            warnings.append(f"actor {clip(side.data['name'])} is not in the registry")
    headline = raw.get("source_headline") or raw.get("source_article") or ""
    table = rule_table()
    typed = table.typed(
        tov,
        side_a.kinds,
        side_b.kinds,
        split_of(deaths_a, deaths_b, civilians + unknown),
        table.cues_in(evidence_text(raw)),
    )
    event, roles = typed.event_type, typed.roles
    found, named_targets = _headline(headline, ctx)
    tactics = list(found)
    if event is EventType.DRONE_STRIKE and Tactic.DRONE_MISSILE not in tactics:
        tactics.insert(0, Tactic.DRONE_MISSILE)
    if event is not EventType.DRONE_STRIKE and Tactic.DRONE_MISSILE in tactics:
        tactics.remove(Tactic.DRONE_MISSILE)  # a roundup's drone line, not this event
    if event is EventType.OPERATIONAL_ATTACK and "air" in typed.cues:
        tactics.insert(0, Tactic.AIR_STRIKE)
    targets = targets_from(event, side_a.data, side_b.data, roles, named_targets)
    confidence = "low" if raw.get("event_clarity") == "2" else "medium"
    named = side_of(reg, typed.perpetrator, day, ctx) if typed.perpetrator else None
    lat = float(raw["latitude"]) if raw.get("latitude") else None
    lon = float(raw["longitude"]) if raw.get("longitude") else None
    today = dt.date.today()
    location, place = location_of(raw, day, lat, lon, ctx, today)
    return UCDPRow(
        uid,
        day,
        end,
        counts,
        side_a,
        side_b,
        typed,
        tactics,
        targets,
        confidence,
        named,
        lat,
        lon,
        location,
        place,
        warnings,
        today,
    )


def citation_of(r: UCDPRow, raw: Mapping[str, str], source_id: int) -> dict[str, Any]:
    """The row's citation of the dataset's source: its id and relid, its article."""
    return {
        "source_id": source_id,
        "locator": f"UCDP GED id {r.uid}; relid {raw.get('relid', '')}".strip("; "),
        "excerpt": raw.get("source_article") or None,
    }


def _int(value: str, column: str) -> int:
    try:
        n = int(value)
    except ValueError as exc:
        raise ValueError(f"{column} is {clip(value)}, not a whole number") from exc
    if n < 0:
        raise ValueError(f"{column} is negative ({n})")
    return n


def _counts(raw: Mapping[str, str]) -> tuple[int, int, int, int, int, int, int]:
    """The death counts (:data:`COUNTS`), whole numbers from 0; the first bad one's reason."""
    try:
        counts = (
            int(raw["low"]),
            int(raw["best"]),
            int(raw["high"]),
            int(raw["deaths_a"]),
            int(raw["deaths_b"]),
            int(raw["deaths_civilians"]),
            int(raw["deaths_unknown"]),
        )
        if min(counts) >= 0:
            return counts
    except ValueError:
        pass
    for column in COUNTS:  # the first bad count, in the order read, gives the reason
        _int(raw[column], column)
    raise AssertionError("a count read as bad and then as good")  # pragma: no cover


def _date(value: str, column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError as exc:
        raise ValueError(f"{column} is {clip(value)}, not a date") from exc


def side_of(reg: ActorRegistry, name: str, day: dt.date, ctx: ImportContext) -> Side:
    """A UCDP side, remembered by name: a name's resolution depends on the day only when
    several actors go by it (the registry tells them apart by when each existed), and those
    are remembered by name and day."""
    name = (name or "").strip()
    cache_key = ("actor", name)
    cache = ctx.cache
    if cache_key in cache:
        side: Side | None = cache[cache_key]
    else:
        undated = reg.resolve(name, dataset="ucdp")
        side = cache[cache_key] = (
            None if undated.status == "ambiguous" else _side(reg, name, undated)
        )
    if side is None:
        side = SIDES_BY_DAY.get(ctx, (name, day))
        if side is None:
            side = _side(reg, name, reg.resolve(name, dataset="ucdp", on=day))
            SIDES_BY_DAY.put(ctx, (name, day), side)
    return side


def _side(reg: ActorRegistry, name: str, r: ActorResolution) -> Side:
    a = reg.get(r.key) if r.key else None
    ancestors = reg.ancestors(r.key) if r.key else []
    data = {
        "name": name,
        "key": r.key,
        "kind": a.kind if a else "unknown",
        "family": a.family if a else "other",
        "is_us": bool(a and (r.key == "united-states" or "united-states" in ancestors)),
        "is_pakistan": bool(a and (r.key == "pakistan" or "pakistan" in ancestors)),
        "civilians": r.key == "civilians" or name == "Civilians",
    }
    return Side(data, side_kinds(data), category_of(data), r.key or name)


def _headline(headline: str, ctx: ImportContext) -> tuple[tuple[Tactic, ...], list[str]]:
    """The tactics a headline names (ValueError for one the codebook lacks) and the
    targets it names."""
    found = HEADLINES.get(ctx, headline)
    if found is None:
        found = (tuple(Tactic(t) for t in tactics_in(headline)), targets_in(headline))
        HEADLINES.put(ctx, headline, found)
    return found


def location_of(
    raw: Mapping[str, str],
    day: dt.date,
    lat: float | None,
    lon: float | None,
    ctx: ImportContext,
    today: dt.date,
) -> tuple[ResolvedLocation, dict[str, Any]]:
    """The row's location and its fields: a pure function of its admin units, place,
    precision, point and day (and of ``today``, for the names of today), remembered by
    these cells."""
    adm_1, adm_2, where_prec = raw["adm_1"], raw["adm_2"], raw["where_prec"]
    name = raw.get("where_coordinates") or ""
    cells = (adm_1, adm_2, name, where_prec, lat, lon, day, today)
    found = ROW_PLACES.get(ctx, cells)
    if found is None:
        location = _location(adm_1, adm_2, name, where_prec, day, lat, lon, ctx, today)
        found = (location, {k: getattr(location, k) for k in PLACE_FIELDS})
        ROW_PLACES.put(ctx, cells, found)
    return found


def _location(
    adm_1: str,
    adm_2: str,
    name: str,
    where_prec: str,
    day: dt.date,
    lat: float | None,
    lon: float | None,
    ctx: ImportContext,
    today: dt.date,
) -> ResolvedLocation:
    gaz = ctx.kb.gazetteer
    key = ("adm", adm_1, adm_2)
    if key not in ctx.cache:
        ctx.cache[key] = resolve_ucdp_admin(gaz, adm_1, adm_2)
    province, district = ctx.cache[key]
    place_key = None
    name = name.strip()
    if name and where_prec in ("1", "2"):
        pkey = ("place", name, district or province)
        if pkey not in ctx.cache:
            r = gaz.resolve(
                name,
                country="PK",
                within=district or province,
                near=(lat, lon) if lat is not None and lon is not None else None,
                prefer="specific",
            )
            ctx.cache[pkey] = r.key
        place_key = ctx.cache[pkey]
    precise = where_prec in ("1", "2", "3")
    # a pure function of these (and of today's date, for the names of today)
    lkey = (day, province, district, place_key, lat, lon, precise, today)
    found = LOCATIONS.get(ctx, lkey)
    if found is None:
        found = locate(
            gaz,
            day=day,
            province_key=province,
            district_key=district,
            place_key=place_key,
            latitude=lat,
            longitude=lon,
            point_precise=precise,
        )
        LOCATIONS.put(ctx, lkey, found)
    return found
