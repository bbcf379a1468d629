"""Name resolution over the real name strings of ``../shared/data`` (issue 4's must-show).

Every row's string is resolved with the context its own row gives, as the importers give it
to the resolver (``militancydb/io/ucdp.py``, ``pbc_suicide.py``, ``pbc_drone.py``,
``tbij.py``, ``row_places.py``), on the row's date and with ``country="PK"``:

- UCDP ``adm_1`` as a province; ``adm_2`` as a district-level unit within the row's
  ``adm_1``; ``where_coordinates`` within the row's ``adm_2`` (or ``adm_1`` when it has none)
  and, for ``where_prec`` 1-2, near the row's coordinates, preferring the smaller unit (the
  importer resolves only the rows of precision 1-2; the bench resolves every string, coarser
  rows without the point, which is then a centroid, and reports the 1-2 share too);
- suicide and drone ``Province`` as a province (near the row's point); ``City`` within the
  row's province and near its point (suicide: the smaller unit preferred, drone: the larger,
  as the importers do);
- TBIJ ``Tribal Agency`` as written (a district-level unit or province); ``Location``, when
  it is a place name, within the row's agency (as the importer maps the agency code) and near
  the row's coordinates;
- RAND ``City`` with the country only (the file has no province and no coordinates).

A distinct *item* is (string, context): the context is the unit the string is looked for in,
the coordinates (to 0.1 degree; not for province names) and the preference. An item counts as
resolved when all its rows resolve (rows on different dates can differ; those items are
reported as ``mixed``).
Distinct strings are reported too: a string counts as resolved when all its items are.

Free-text columns are not names but site descriptions ("Egyptian Embassy", "Datta Khel is
about 50 kilometers west of Miranshah"): suicide ``Location``, drone ``Location``, and TBIJ
``Location`` when it is more than a name (see :func:`is_description`). They are measured with
the importers' own text method (``militancydb.io.row_places``: fragments of the text, looked
up within the row's district or province, near its coordinates) and reported apart: a town or
locality found in the text; the text names its district or province only; a place of that
name found but too far from the row's coordinates (not taken); nothing found.

Strings that name a place outside Pakistan (by the row's own description: Dacca in 1971,
Srinagar, Assam; RAND's Afghan rows) are listed in ``bench/data/resolve_outside.csv`` and
reported as *outside*, apart from the unresolved ones; the headline share counts them as not
resolved, a second share leaves them out.

Actor strings: UCDP's side_a/side_b with ``dataset="ucdp"``, RAND's Perpetrator with
``dataset="rand"``, ``country="PK"`` and the date, each distinct string once. Empty,
"Unknown" and "Other" perpetrators (and RAND's City "Unknown") are counted as *unnamed*,
shown, not counted as failures.

Then the hand-checked sample: ``bench/data/resolve_checked.csv`` holds resolved strings and a
person's verdict on each (correct / wrong / unsure, with the reason). The bench prints the
error rate (wrong / checked) and flags any checked string whose key the resolver no longer
gives (in the checked context, or in any context of the string when none is recorded).
``--draw-sample FILE`` writes a seeded draw of resolved items, unjudged; ``--draw-new FILE``
a draw of items resolved now that the bench of 2026-11-26 (``bench/data/resolve_before.csv``)
left unresolved.

The knowledge comes from a temporary SQLite database built as ``militancydb init --no-data``
builds it (``--knowledge files`` reads the shipped files directly instead; both give the same
answers, which ``--knowledge both`` checks).

Usage: .venv/bin/python bench/resolve.py [--knowledge db|files|both] [--top 40]
       .venv/bin/python bench/resolve.py --draw-sample bench/data/resolve_sample.csv
       .venv/bin/python bench/resolve.py --draw-new bench/data/resolve_new.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from militancydb.bootstrap import bundled_ucdp, initialise
from militancydb.db.engine import make_engine, session_scope
from militancydb.io.engine import ImportContext
from militancydb.io.pbc_drone import CITY_ALIASES
from militancydb.io.row_places import FAR_KM, _Finder, fragments
from militancydb.io.tbij import AGENCIES
from militancydb.knowledge.gazetteer import Gazetteer, Prefer
from militancydb.knowledge.loader import Knowledge, knowledge_from_files, load_knowledge
from militancydb.knowledge.place_files import resolve_ucdp_admin
from militancydb.knowledge.place_tree import (
    DISTRICT_KINDS,
    POINT_KINDS,
    PROVINCE_KINDS,
    haversine_km,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CHECKED = ROOT / "bench" / "data" / "resolve_checked.csv"
OUTSIDE = ROOT / "bench" / "data" / "resolve_outside.csv"
BEFORE = ROOT / "bench" / "data" / "resolve_before.csv"
SEED = 4
PLACE_SAMPLE = 150
ACTOR_SAMPLE = 100
NEW_SAMPLE = 50
STATUSES = ("resolved", "mixed", "ambiguous", "unresolved", "rejected", "outside")
TEXT_STATUSES = ("place", "unit", "far", "none")
TEXT_LABELS = {
    "place": "town/locality found",
    "unit": "names its district/province only",
    "far": "found, too far from the point",
    "none": "nothing found",
}
UNNAMED = {"", "unknown", "other"}

# --- dates of the files ------------------------------------------------------------------------

_FORMATS = ("%Y-%m-%d", "%B %d %Y", "%A, %B %d, %Y", "%d/%m/%Y", "%d/%m/%y")


def parse_day(text: str) -> dt.date | None:
    """A row's date in any of the files' formats (None when it cannot be read)."""
    text = (text or "").strip()
    text = re.sub(r" 00:00:00(\.0+)?$", "", text)  # UCDP: 2016-08-08 00:00:00.000
    m = re.match(r"^[A-Za-z]+-([A-Za-z]+) (\d+)-(\d{4})$", text)  # Sunday-November 19-1995
    if m:
        text = f"{m[1]} {m[2]} {m[3]}"
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a CSV file (UTF-8, with or without BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f)


def point_of(row: dict[str, str], lat: str, lon: str) -> tuple[float, float] | None:
    """The row's coordinates, if usable (as ``row_places.coordinates``: inside the region)."""
    try:
        p = (float(row.get(lat) or ""), float(row.get(lon) or ""))
    except ValueError:
        return None
    return p if 20 <= p[0] <= 40 and 58 <= p[1] <= 80 else None


# --- contexts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What a row tells the resolver besides the string."""

    within: str | None = None
    near: tuple[float, float] | None = None
    kinds: str = ""  # "" | "province" | "district" | "unit"
    prefer: Prefer = "admin"
    # free text only: the district or province the text's places are looked for in comes from
    # these (column, text) pairs, as in row_places.where
    province: tuple[str, str] | None = None
    unit: tuple[str, str] | None = None
    unit_key: str | None = None
    point_is_site: bool = True
    near_in_key: bool = True  # False: the point is passed on but does not make a new item

    def key(self) -> tuple[object, ...]:
        near = None
        if self.near and self.near_in_key:
            near = (round(self.near[0], 1), round(self.near[1], 1))
        return (
            self.within,
            near,
            self.kinds,
            self.prefer,
            self.province,
            self.unit,
            self.unit_key,
            self.point_is_site,
        )

    def label(self) -> str:
        parts = []
        if self.kinds:
            parts.append(f"as {self.kinds}")
        if self.within:
            parts.append(f"within {self.within}")
        if self.unit:
            parts.append(f"{self.unit[0]} {self.unit[1]!r}")
        elif self.unit_key:
            parts.append(f"within {self.unit_key}")
        if self.province and not self.within:
            parts.append(f"{self.province[0]} {self.province[1]!r}")
        if self.near and self.near_in_key:
            parts.append(f"near {self.near[0]:.1f},{self.near[1]:.1f}")
        if self.prefer != "admin":
            parts.append(f"prefer {self.prefer}")
        return "; ".join(parts) or "country PK"


KINDS = {
    "": None,
    "province": PROVINCE_KINDS,
    "district": DISTRICT_KINDS,
    "unit": DISTRICT_KINDS | PROVINCE_KINDS,
}


class Contexts:
    """The importers' context for each file's rows (cached look-ups of the unit keys)."""

    def __init__(self, kb: Knowledge) -> None:
        self.kb = kb
        self._ucdp: dict[tuple[str, str], tuple[str | None, str | None]] = {}
        self._prov: dict[tuple[str, dt.date | None], str | None] = {}
        self._agency: dict[tuple[str, int | None], str | None] = {}

    def ucdp_admin(self, row: dict[str, str]) -> tuple[str | None, str | None]:
        k = (row["adm_1"].strip(), row["adm_2"].strip())
        if k not in self._ucdp:
            self._ucdp[k] = resolve_ucdp_admin(self.kb.gazetteer, *k)
        return self._ucdp[k]

    def province(self, text: str, day: dt.date | None) -> str | None:
        k = (text.strip(), day)
        if k not in self._prov:
            r = self.kb.gazetteer.resolve(text, on=day, country="PK", kinds=PROVINCE_KINDS)
            self._prov[k] = r.key
        return self._prov[k]

    def agency(self, code: str, day: dt.date | None) -> str | None:
        """TBIJ's agency code as the importer maps it (``tbij.AGENCIES``)."""
        code = code.strip()
        k = (code.upper(), day.year if day else None)
        if k not in self._agency:
            if code.upper() in AGENCIES and AGENCIES[code.upper()] is None:  # NWA/SWA
                key = self.kb.gazetteer.resolve("FATA", country="PK", kinds=PROVINCE_KINDS).key
            elif code:
                name, kinds = AGENCIES.get(code.upper()) or (code, DISTRICT_KINDS)
                key = self.kb.gazetteer.resolve(name, on=day, country="PK", kinds=kinds).key
            else:
                key = None
            self._agency[k] = key
        return self._agency[k]


ContextOf = Callable[[dict[str, str], dt.date | None, Contexts], Context]


def ucdp_adm1(row: dict[str, str], day: dt.date | None, c: Contexts) -> Context:
    return Context(kinds="province")


def ucdp_adm2(row: dict[str, str], day: dt.date | None, c: Contexts) -> Context:
    return Context(within=c.ucdp_admin(row)[0], kinds="district")


def ucdp_where(row: dict[str, str], day: dt.date | None, c: Contexts) -> Context:
    """Within the row's adm_2 (or adm_1), near its point when the point is the site's
    (where_prec 1-2, the rows the importer resolves); for coarser rows the point is a district
    or region centroid and is not passed (the importer does not resolve those rows at all)."""
    province, district = c.ucdp_admin(row)
    precise = row.get("where_prec", "") in ("1", "2")
    return Context(
        within=district or province,
        near=point_of(row, "latitude", "longitude") if precise else None,
        prefer="specific",
    )


def pbc_province(row: dict[str, str], day: dt.date | None, c: Contexts) -> Context:
    return Context(kinds="province", near=point_of(row, "Latitude", "Longitude"), near_in_key=False)


def pbc_city(prefer: Prefer) -> ContextOf:
    def context(row: dict[str, str], day: dt.date | None, c: Contexts) -> Context:
        province = row.get("Province", "").strip()
        return Context(
            within=c.province(province, day) if province else None,
            near=point_of(row, "Latitude", "Longitude"),
            prefer=prefer,
        )

    return context


def pbc_text(prefer: Prefer, point_is_site: bool, aliases: dict[str, str]) -> ContextOf:
    """The importer's province and unit (City, through the drone importer's own
    ``CITY_ALIASES`` table where it has one) for a free-text Location."""

    def context(row: dict[str, str], day: dt.date | None, c: Contexts) -> Context:
        city = row.get("City", "").strip()
        return Context(
            near=point_of(row, "Latitude", "Longitude"),
            prefer=prefer,
            province=("Province", row.get("Province", "").strip()),
            unit=("City", aliases.get(city.lower(), city)),
            point_is_site=point_is_site,
        )

    return context


def tbij_agency(row: dict[str, str], day: dt.date | None, c: Contexts) -> Context:
    return Context(kinds="unit")


def tbij_location(row: dict[str, str], day: dt.date | None, c: Contexts) -> Context:
    return Context(
        within=c.agency(row.get("Tribal Agency", ""), day),
        near=point_of(row, "Latitude", "Longitude"),
        prefer="specific",
    )


def tbij_text(row: dict[str, str], day: dt.date | None, c: Contexts) -> Context:
    key = c.agency(row.get("Tribal Agency", ""), day)
    ctx = Context(near=point_of(row, "Latitude", "Longitude"), prefer="specific")
    if key and c.kb.gazetteer.places[key].kind in PROVINCE_KINDS:
        return Context(**{**ctx.__dict__, "within": key})
    return Context(**{**ctx.__dict__, "unit_key": key})


def country_only(row: dict[str, str], day: dt.date | None, c: Contexts) -> Context:
    return Context()


_DESCRIPTION = re.compile(
    r"[-,;/()\d]|\b(?:near|nera|close|between|km|kms|kilomet\w*|miles?|and|of|in|border|road|"
    r"nwa|swa|fata|agency)\b",
    re.IGNORECASE,
)


def is_description(text: str) -> bool:
    """A TBIJ Location that is more than a place name: it has separators, digits, distance or
    position words, or an agency code ("Shawal NWA")."""
    return bool(_DESCRIPTION.search(text))


# --- the name columns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of names (or free text) in one file."""

    label: str
    path: Path
    column: str
    date_column: str
    context: ContextOf = country_only
    kind: str = "place"  # place | text | actor
    dataset: str | None = None
    keep: Callable[[str], bool] = lambda text: True  # which strings belong to this column


def _shared(name: str) -> Path:
    return SHARED / name


UCDP = bundled_ucdp()
RAND = _shared("rand-rdwti-pakistan.csv")
SUICIDE = _shared("pakistan-suicide-attacks-raw.csv")
DRONE = _shared("pakistan-drone-attacks.csv")
TBIJ = _shared("tbij-pakistan-drone-strikes-2004-2013.csv")

PLACE_COLUMNS = (
    Column("ucdp adm_1", UCDP, "adm_1", "date_start", ucdp_adm1),
    Column("ucdp adm_2", UCDP, "adm_2", "date_start", ucdp_adm2),
    Column("ucdp where_coordinates", UCDP, "where_coordinates", "date_start", ucdp_where),
    Column("rand City", RAND, "City", "Date"),
    Column("suicide City", SUICIDE, "City", "Date", pbc_city("specific")),
    Column("suicide Province", SUICIDE, "Province", "Date", pbc_province),
    Column("drone City", DRONE, "City", "Date", pbc_city("admin")),
    Column("drone Province", DRONE, "Province", "Date", pbc_province),
    Column("tbij Tribal Agency", TBIJ, "Tribal Agency", "Date", tbij_agency),
    Column(
        "tbij Location",
        TBIJ,
        "Location",
        "Date",
        tbij_location,
        keep=lambda t: not is_description(t),
    ),
)
TEXT_COLUMNS = (
    Column(
        "suicide Location", SUICIDE, "Location", "Date", pbc_text("specific", False, {}), "text"
    ),
    Column(
        "drone Location", DRONE, "Location", "Date", pbc_text("admin", False, CITY_ALIASES), "text"
    ),
    Column(
        "tbij Location (text)", TBIJ, "Location", "Date", tbij_text, "text", keep=is_description
    ),
)
ACTOR_COLUMNS = (
    Column("ucdp side_a", UCDP, "side_a", "date_start", kind="actor", dataset="ucdp"),
    Column("ucdp side_b", UCDP, "side_b", "date_start", kind="actor", dataset="ucdp"),
    Column("rand Perpetrator", RAND, "Perpetrator", "Date", kind="actor", dataset="rand"),
)
# The column the gazetteer's localities were built from (precision 1-2): reported, and a
# total without it is printed too, since its figure is not an independent measure.
BUILT_FROM = {"ucdp where_coordinates"}


# --- outcomes ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """How one distinct item (string, context) resolved on its rows."""

    text: str
    context: Context
    rows: int = 0
    rows_resolved: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    keys: Counter[str] = field(default_factory=Counter)
    first_day: dt.date | None = None
    reason: str = ""
    alternatives: tuple[str, ...] = ()
    extra: Counter[str] = field(default_factory=Counter)  # e.g. where_prec of UCDP rows

    @property
    def status(self) -> str:
        if len(self.statuses) == 1:
            return next(iter(self.statuses))
        if self.kind_text:
            return max(self.statuses, key=TEXT_STATUSES.index)  # rows differ: the worst
        return "mixed"

    @property
    def kind_text(self) -> bool:
        return any(s in TEXT_STATUSES for s in self.statuses)

    @property
    def key(self) -> str | None:
        return self.keys.most_common(1)[0][0] if self.keys else None

    def add(
        self,
        status: str,
        key: str | None,
        day: dt.date | None,
        reason: str,
        alternatives: tuple[str, ...],
    ) -> None:
        self.rows += 1
        self.statuses[status] += 1
        if key:
            self.keys[key] += 1
        if status in ("resolved", "place", "unit"):
            self.rows_resolved += 1
        if self.first_day is None or (day is not None and day < self.first_day):
            self.first_day = day
        if status not in ("resolved", "place", "unit") or not self.reason:
            self.reason, self.alternatives = reason, alternatives


@dataclass
class ColumnResult:
    """The distinct items of one column and how each resolved."""

    column: Column
    outcomes: dict[tuple[str, tuple[object, ...]], Outcome] = field(default_factory=dict)
    empty_rows: int = 0
    unnamed: Counter[str] = field(default_factory=Counter)

    def counts(self) -> Counter[str]:
        """Distinct items by status."""
        return Counter(o.status for o in self.outcomes.values())

    def strings(self) -> dict[str, str]:
        """Distinct strings with their status: resolved (or, for text, found) only when all
        its items are; otherwise the worst status among its items."""
        order = TEXT_STATUSES if self.column.kind == "text" else STATUSES
        out: dict[str, str] = {}
        for (text, _), o in self.outcomes.items():
            s = o.status
            if text not in out or order.index(s) > order.index(out[text]):
                out[text] = s
        return out


def load_outside() -> dict[tuple[str, str], tuple[str, str]]:
    """(column, string) -> (where, reason) for strings naming places outside Pakistan."""
    if not OUTSIDE.is_file():
        return {}
    return {(r["column"], r["string"]): (r["where"], r["reason"]) for r in rows(OUTSIDE)}


def resolve_name(
    kb: Knowledge,
    text: str,
    ctx: Context,
    day: dt.date | None,
    cache: dict[object, tuple[str, str | None, str, tuple[str, ...]]],
) -> tuple[str, str | None, str, tuple[str, ...]]:
    k = (text, ctx.key(), ctx.near, day)
    if k not in cache:
        r = kb.gazetteer.resolve(
            text,
            on=day,
            country="PK",
            within=ctx.within,
            kinds=KINDS[ctx.kinds],
            near=ctx.near,
            prefer=ctx.prefer,
        )
        alts = tuple(m.key for m in r.alternatives)
        why = "; ".join(r.reasons)
        if r.status == "unresolved" and ctx.within and alts:
            anywhere = kb.gazetteer.resolve(
                text, on=day, country="PK", kinds=KINDS[ctx.kinds], near=ctx.near, prefer=ctx.prefer
            )
            if anywhere.key:
                why += f" (without the row's unit it resolves to {anywhere.key})"
        cache[k] = (r.status, r.key, why, alts)
    return cache[k]


def resolve_text(
    kb: Knowledge, text: str, ctx: Context, day: dt.date | None, ictx: ImportContext
) -> tuple[str, str | None, str]:
    """The importers' text method (``row_places.where`` with a site): the unit the row gives,
    then the first fragment of the text found within it. Returns (status, key, detail)."""
    gaz = kb.gazetteer
    find = _Finder(ictx, day or dt.date.today(), ctx.near, [], ctx.point_is_site)
    province_key = ctx.within
    if ctx.province and ctx.province[1]:
        province_key = find.find(ctx.province[1], kinds=PROVINCE_KINDS)[0]
    found: tuple[str | None, str, str] = (None, "", "")
    if ctx.unit_key:
        found = (ctx.unit_key, gaz.places[ctx.unit_key].kind, "")
    elif ctx.unit and ctx.unit[1]:
        found, province_key = find.unit(ctx.unit, ctx.province, province_key, ctx.prefer)
    district_key = place_key = None
    if found[1] in DISTRICT_KINDS:
        district_key = found[0]
    elif found[1] in PROVINCE_KINDS:
        province_key = province_key or found[0]
    elif found[0] is not None:
        place_key = found[0]
    day_ = day or dt.date.today()
    within = gaz.at_date(district_key, day_) if district_key else province_key
    if place_key:
        within = gaz.admin_of(place_key, day_).district or within
    # the same loop as _Finder.site, keeping the key it stops at
    for name, _near in fragments(text):
        key, kind, _ = find.find(name, within=within, prefer="specific")
        if key is None:
            continue
        if kind not in POINT_KINDS:
            official = find.site("Location", text, within)[0]
            assert official is None
            return "unit", key, f"{name!r} is {key}"
        place = gaz.places[key]
        if ctx.near and ctx.point_is_site and place.lat is not None and place.lon:
            km = haversine_km(ctx.near[0], ctx.near[1], place.lat, place.lon)
            if km > FAR_KM:
                return "far", key, f"{name!r} is {key}, {km:.0f} km from the row's point"
        official = find.site("Location", text, within)[0]
        assert official == key, (text, official, key)
        return "place", key, f"{name!r} is {key}"
    inside = f" within {within}" if within else ""
    return "none", None, f"no fragment is in the gazetteer{inside}"


def resolve_column(
    col: Column,
    kb: Knowledge,
    contexts: Contexts,
    outside: dict[tuple[str, str], tuple[str, str]] | None = None,
) -> ColumnResult:
    """Resolve every row's string of a column in its row's context."""
    result = ColumnResult(col)
    cache: dict[object, tuple[str, str | None, str, tuple[str, ...]]] = {}
    ictx = ImportContext(kb=kb, source_id=0)
    text_cache: dict[object, tuple[str, str | None, str]] = {}
    outside = outside or {}
    status: str
    for row in rows(col.path):
        text = (row.get(col.column) or "").strip()
        if text.casefold() in UNNAMED and (col.kind == "actor" or text):
            result.unnamed[text] += 1
            continue
        if not text:
            result.empty_rows += 1
            continue
        if not col.keep(text):
            continue
        day = parse_day(row.get(col.date_column, ""))
        if col.kind == "actor":
            ctx = Context()
            a = kb.registry.resolve(text, on=day, dataset=col.dataset, country="PK")
            status, key, why = a.status, a.key, "; ".join(a.reasons)
            alts = tuple(m.key for m in a.alternatives)
        elif col.kind == "text":
            ctx = col.context(row, day, contexts)
            k = (text, ctx.key(), ctx.near, day)
            if k not in text_cache:
                text_cache[k] = resolve_text(kb, text, ctx, day, ictx)
            status, key, why = text_cache[k]
            alts = ()
        else:
            ctx = col.context(row, day, contexts)
            status, key, why, alts = resolve_name(kb, text, ctx, day, cache)
            if status != "resolved" and (col.label, text) in outside:
                where, reason = outside[(col.label, text)]
                status, why = "outside", f"{where}: {reason}"
        item = (text, ctx.key())
        o = result.outcomes.setdefault(item, Outcome(text, ctx))
        o.add(status, key, day, why, alts)
        if col.label == "ucdp where_coordinates":
            o.extra[row.get("where_prec", "")] += 1
    return result


# --- knowledge ---------------------------------------------------------------------------------


def knowledge_from_db() -> Knowledge:
    """The registries of a fresh SQLite database built like ``militancydb init --no-data``."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        initialise(engine, user="bench/resolve.py", with_data=False)
        with session_scope(engine) as s:
            kb = load_knowledge(s)
        engine.dispose()
    return kb


#: Sources that are the benchmark's own development files (sources/aliases_extra.yaml,
#: sources/places_pk.yaml): data taken from them makes a figure partly circular.
DEV_SOURCES = frozenset(
    {"rand-rdwti-pk", "tbij-drone-strikes-pk", "drone-attacks-pk", "suicide-attacks-raw-pk"}
)


def knowledge_independent(kb: Knowledge) -> Knowledge:
    """The registries without the places/localities_extra.csv rows and places/aliases_*.csv
    spellings that cite one of the benchmark's own files (``DEV_SOURCES``): a lower bound of
    what resolves without data taken from the strings being measured. (Older aliases in
    places/pk_admin.csv that cite the suicide-attacks file are kept.)"""
    import io

    from militancydb.knowledge import place_files as pf
    from militancydb.knowledge.shipped_common import _files, _keys

    admin = {
        k: p
        for k, p in pf.read_admin_places().items()
        if not (k.startswith("PK-loc-") and DEV_SOURCES & set(p.sources))
    }
    places = {**admin, **pf.read_towns()}
    for f in _files("places", ".csv"):
        if not f.name.startswith("aliases"):
            continue
        for row in csv.DictReader(io.StringIO(f.read_text("utf-8"))):
            key, alias = row["key"].strip(), row["alias"].strip()
            if DEV_SOURCES & set(_keys(row.get("source"))) or key not in places:
                continue
            p = places[key]
            places[key] = replace(p, aliases=(*p.aliases, (alias, "alias")))
    stop = kb.gazetteer.stoplist
    places.update(pf.read_ucdp_localities(Gazetteer(places=dict(places), stoplist=stop)))
    return Knowledge(Gazetteer(places=places, stoplist=stop), kb.registry)


# --- reporting ---------------------------------------------------------------------------------


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    –"


NAME_HEAD = (
    f"{'column':<28}{'items':>6}{'resolved':>9}{'mixed':>7}{'ambig.':>7}{'unres.':>7}"
    f"{'reject':>7}{'outside':>8}{'strings':>8}{'resolved':>9}{'rows':>7}"
    f"{'rows res.':>10}"
)


def name_line(label: str, results: list[ColumnResult]) -> tuple[int, int, int, int]:
    c: Counter[str] = Counter()
    s: Counter[str] = Counter()
    nrows = rrows = 0
    for r in results:
        c.update(r.counts())
        s.update(r.strings().values())
        nrows += sum(o.rows for o in r.outcomes.values())
        rrows += sum(o.rows_resolved for o in r.outcomes.values())
    n, ns = sum(c.values()), sum(s.values())
    print(
        f"{label:<28}{n:>6}{pct(c['resolved'], n):>9}{pct(c['mixed'], n):>7}"
        f"{pct(c['ambiguous'], n):>7}{pct(c['unresolved'], n):>7}{pct(c['rejected'], n):>7}"
        f"{pct(c['outside'], n):>8}{ns:>8}{pct(s['resolved'], ns):>9}{nrows:>7}"
        f"{pct(rrows, nrows):>10}"
    )
    return c["resolved"], n - c["outside"], s["resolved"], ns - s["outside"]


def print_names(results: list[ColumnResult]) -> None:
    print(
        "\nPlace-name columns: distinct (string, row context) items; each row resolved in "
        "its own context"
    )
    print(NAME_HEAD)
    for r in results:
        name_line(r.column.label, [r])
    where = next(r for r in results if r.column.label in BUILT_FROM)
    prec = ColumnResult(
        where.column, {k: o for k, o in where.outcomes.items() if set(o.extra) <= {"1", "2"}}
    )
    name_line("  …where_prec 1-2 only", [prec])
    print("-" * len(NAME_HEAD))
    res, n, sres, sn = name_line("ALL place-name columns", results)
    print(
        f"{'':<28}in scope (without 'outside'): items {pct(res, n).strip()} of {n}, "
        f"strings {pct(sres, sn).strip()} of {sn}"
    )
    indep = [r for r in results if r.column.label not in BUILT_FROM]
    res, n, sres, sn = name_line("…without where_coordinates", indep)
    print(
        f"{'':<28}in scope (without 'outside'): items {pct(res, n).strip()} of {n}, "
        f"strings {pct(sres, sn).strip()} of {sn}"
    )
    best: dict[str, str] = {}
    for r in results:
        for text, s in r.strings().items():
            if text not in best or STATUSES.index(s) > STATUSES.index(best[text]):
                best[text] = s
    u = Counter(best.values())
    n = sum(u.values())
    print(
        f"distinct strings across all name columns: {n}, resolved in every context "
        f"{pct(u['resolved'], n).strip()} (outside Pakistan {u['outside']}, not resolved "
        f"{n - u['resolved'] - u['outside']})"
    )
    print("  (target: >= 98% of distinct place strings resolved)")
    for r in results:
        if r.empty_rows or r.unnamed:
            un = ", ".join(f"{k!r} {v}" for k, v in r.unnamed.items())
            print(
                f"  {r.column.label}: {r.empty_rows} rows with no name"
                + (f"; placeholder, not a name: {un}" if un else "")
                + "; not counted"
            )


def print_independent(full: list[ColumnResult], indep: list[ColumnResult]) -> None:
    """The place-name figures again, without data taken from the benchmark's own files."""
    print(
        "\nPlace-name columns without data taken from the benchmark's own files (lower "
        "bound; localities_extra/aliases_extra rows citing RAND, TBIJ or the PBC files left "
        "out)"
    )
    print(
        f"{'column':<28}{'items':>6}{'resolved':>9}{'(all data)':>11}{'strings':>8}"
        f"{'resolved':>9}{'(all data)':>11}"
    )
    keep = [i for i, r in enumerate(full) if r.column.label not in BUILT_FROM]
    groups: list[tuple[str, list[ColumnResult], list[ColumnResult]]] = [
        (a.column.label, [a], [b]) for a, b in zip(full, indep, strict=True)
    ]
    groups.append(("ALL place-name columns", full, indep))
    groups.append(("…without where_coordinates", [full[i] for i in keep], [indep[i] for i in keep]))
    for label, fa, fb in groups:
        ca = Counter(o.status for r in fa for o in r.outcomes.values())
        cb = Counter(o.status for r in fb for o in r.outcomes.values())
        sa = Counter(s for r in fa for s in r.strings().values())
        sb = Counter(s for r in fb for s in r.strings().values())
        n, ns = sum(cb.values()), sum(sb.values())
        print(
            f"{label:<28}{n:>6}{pct(cb['resolved'], n):>9}{pct(ca['resolved'], n):>11}"
            f"{ns:>8}{pct(sb['resolved'], ns):>9}{pct(sa['resolved'], ns):>11}"
        )


def print_text(results: list[ColumnResult]) -> None:
    print(
        "\nFree-text site descriptions (not counted in the place-name figures): the "
        "importers' text method, row_places"
    )
    head = f"{'column':<28}{'items':>6}" + "".join(
        f"{TEXT_LABELS[s][:14]:>16}" for s in TEXT_STATUSES
    )
    print(head + f"{'strings':>9}{'found':>8}{'rows':>7}{'rows found':>11}")
    total: list[ColumnResult] = []
    for r in [*results, None]:
        group = [r] if r else results
        label = r.column.label if r else "ALL free-text columns"
        if r is None:
            print("-" * (len(head) + 35))
        c: Counter[str] = Counter()
        s: Counter[str] = Counter()
        nrows = rrows = 0
        for g in group:
            c.update(g.counts())
            s.update(g.strings().values())
            nrows += sum(o.rows for o in g.outcomes.values())
            rrows += sum(o.rows_resolved for o in g.outcomes.values())
        n, ns = sum(c.values()), sum(s.values())
        print(
            f"{label:<28}{n:>6}"
            + "".join(f"{pct(c[x], n):>16}" for x in TEXT_STATUSES)
            + f"{ns:>9}{pct(s['place'] + s['unit'], ns):>8}{nrows:>7}{pct(rrows, nrows):>11}"
        )
        total.extend(group)
    print("  ('found' = a town or locality, or the row's district or province, found in the text)")


def print_actors(results: list[ColumnResult], kb: Knowledge) -> None:
    print("\nActor strings (distinct named strings per column)")
    head = f"{'column':<28}{'distinct':>9}{'resolved':>10}{'ambiguous':>10}{'unresolved':>11}"
    print(head + f"{'rows':>7}{'rows resolved':>15}")
    allc: Counter[str] = Counter()
    an = ar = 0
    for r in results:
        st = r.strings()
        c = Counter(st.values())
        allc.update(c)
        n = len(st)
        nrows = sum(o.rows for o in r.outcomes.values())
        rrows = sum(o.rows_resolved for o in r.outcomes.values())
        an, ar = an + nrows, ar + rrows
        print(
            f"{r.column.label:<28}{n:>9}{pct(c['resolved'], n):>10}"
            f"{pct(c['ambiguous'], n):>10}{pct(c['unresolved'], n):>11}{nrows:>7}"
            f"{pct(rrows, nrows):>15}"
        )
    n = sum(allc.values())
    print(
        f"{'ALL named perpetrators':<28}{n:>9}{pct(allc['resolved'], n):>10}"
        f"{pct(allc['ambiguous'], n):>10}{pct(allc['unresolved'], n):>11}{an:>7}"
        f"{pct(ar, an):>15}"
    )
    best: dict[str, str] = {}
    for r in results:
        for t, s in r.strings().items():
            if t not in best or STATUSES.index(s) < STATUSES.index(best[t]):
                best[t] = s
    u = Counter(best.values())
    n = sum(u.values())
    print(
        f"{'distinct across columns':<28}{n:>9}{pct(u['resolved'], n):>10}"
        f"{pct(u['ambiguous'], n):>10}{pct(u['unresolved'], n):>11}"
    )
    for r in results:
        if r.unnamed:
            detail = ", ".join(f"{k or '(empty)'!r} {v}" for k, v in r.unnamed.most_common())
            print(
                f"  {r.column.label}: unnamed, not counted: {len(r.unnamed)} distinct, "
                f"{sum(r.unnamed.values())} rows ({detail})"
            )
    unv = sorted(
        {
            (r.column.label, o.text, o.key)
            for r in results
            for o in r.outcomes.values()
            if o.status == "resolved" and o.key and kb.registry.actors[o.key].unverified
        }
    )
    if unv:
        print(
            f"  resolved to actors marked unverified: "
            f"{len(unv)}: " + ", ".join(f"{t!r} -> {k}" for _, t, k in unv)
        )
    print("  (target: >= 95% of distinct named-perpetrator strings resolved)")


def print_failures(
    results: list[ColumnResult], top: int, title: str, good: tuple[str, ...] = ("resolved",)
) -> None:
    failed = [
        (o.rows - o.rows_resolved, r.column.label, o)
        for r in results
        for o in r.outcomes.values()
        if o.status not in good
    ]
    if not failed:
        return
    print(f"\n{title} (top {top} of {len(failed)} items by rows)")
    for n, label, o in sorted(failed, key=lambda x: (-x[0], x[1], x[2].text))[:top]:
        alts = f" [{', '.join(o.alternatives[:4])}]" if o.alternatives else ""
        shown = o.text.replace("\n", " ")
        shown = shown if len(shown) <= 50 else shown[:47] + "..."
        ctx = o.context.label() if label != "rand Perpetrator" else ""
        print(f"  {n:>4}  {o.status:<10} {label:<22} {shown!r} ({ctx}){alts}  {o.reason[:90]}")


# --- the hand-checked sample -------------------------------------------------------------------


def allocate(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Split ``total`` draws over strata as evenly as their sizes allow."""
    quota = dict.fromkeys(sizes, 0)
    left = min(total, sum(sizes.values()))
    while left:
        open_ = sorted(k for k in sizes if quota[k] < sizes[k])
        share = max(1, left // len(open_))
        for k in open_:
            take = min(share, sizes[k] - quota[k], left)
            quota[k] += take
            left -= take
            if not left:
                break
    return quota


HEADER = ["kind", "source", "string", "context", "key", "resolved_to", "verdict", "reason"]


def write_draw(picked: list[tuple[str, str, str, str, str]], kb: Knowledge, out: Path) -> None:
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for kind, label, text, context, key in picked:
            w.writerow([kind, label, text, context, key, describe(kb, kind, key), "", ""])
    print(f"wrote {len(picked)} items to {out}")


def found_items(results: list[ColumnResult]) -> list[tuple[str, str, str, str, str]]:
    """(kind, column, string, context, key) of every item resolved (or found in text)."""
    out = []
    for r in results:
        for o in r.outcomes.values():
            if o.status in ("resolved", "place", "unit") and o.key:
                kind = "actor" if r.column.kind == "actor" else "place"
                ctx = "" if kind == "actor" else o.context.label()
                out.append((kind, r.column.label, o.text, ctx, o.key))
    return sorted(out)


def draw_sample(results: list[ColumnResult], kb: Knowledge, out: Path) -> None:
    """A seeded draw of resolved items, spread evenly over the place columns, and up to
    ``ACTOR_SAMPLE`` actor strings."""
    rng = random.Random(SEED)
    items = found_items(results)
    strata: dict[str, list[tuple[str, str, str, str, str]]] = defaultdict(list)
    for it in items:
        if it[0] == "place":
            strata[it[1]].append(it)
    quota = allocate({k: len(v) for k, v in strata.items()}, PLACE_SAMPLE)
    picked = [x for label, pool in strata.items() for x in rng.sample(pool, quota[label])]
    actors = [it for it in items if it[0] == "actor"]
    picked += actors if len(actors) <= ACTOR_SAMPLE else rng.sample(actors, ACTOR_SAMPLE)
    write_draw(picked, kb, out)


def draw_new(results: list[ColumnResult], kb: Knowledge, out: Path) -> None:
    """A seeded draw of ``NEW_SAMPLE`` items resolved now whose string the bench of
    2026-11-26 left unresolved in that column (``bench/data/resolve_before.csv``), spread
    evenly over the columns; items already in the checked sample are left out."""
    before = {(r["column"], r["string"]): r["status"] for r in rows(BEFORE)}
    checked = {(r["source"], r["string"]) for r in rows(CHECKED)} if CHECKED.is_file() else set()
    strata: dict[str, list[tuple[str, str, str, str, str]]] = defaultdict(list)
    for it in found_items(results):
        was = before.get((it[1], it[2])) or before.get((it[1].replace(" (text)", ""), it[2]))
        if was is not None and was != "resolved" and (it[1], it[2]) not in checked:
            strata[it[1]].append(it)
    rng = random.Random(SEED)
    quota = allocate({k: len(v) for k, v in strata.items()}, NEW_SAMPLE)
    picked = [x for label, pool in sorted(strata.items()) for x in rng.sample(pool, quota[label])]
    print(
        "newly resolved items by column: "
        + ", ".join(f"{k} {len(v)}" for k, v in sorted(strata.items()))
    )
    write_draw(picked, kb, out)


def describe(kb: Knowledge, kind: str, key: str) -> str:
    if kind == "place":
        p = kb.gazetteer.places[key]
        admin = kb.gazetteer.admin_of(key, None)
        return f"{p.name} ({kb.gazetteer.describe(key)}; today {admin.province}/{admin.district})"
    a = kb.registry.actors[key]
    return f"{a.name} ({a.kind})"


def hand_check(results: list[ColumnResult]) -> None:
    """Verdicts of the checked sample, and checked items whose key the resolver no longer
    gives. A row's ``key`` may list several keys (``;``) when the item's rows resolve to
    different units by date (an agency before 2018, its district after). A row with a
    ``context`` is compared with that item only; without one, with every context in which the
    string resolves (contexts where it does not resolve are not resolutions, not judged)."""
    if not CHECKED.is_file():
        print(f"\nno hand-checked sample at {CHECKED}")
        return
    now: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in results:
        for o in r.outcomes.values():
            if o.status in ("resolved", "place", "unit") and o.keys:
                ctx = "" if r.column.kind == "actor" else o.context.label()
                now[(r.column.label, o.text)][ctx] |= set(o.keys)
    verdicts: dict[str, Counter[str]] = defaultdict(Counter)
    stale = []
    for row in rows(CHECKED):
        verdicts[row["kind"]][row["verdict"]] += 1
        contexts = now.get((row["source"], row["string"]), {})
        allowed = set(row["key"].split(";"))
        if row.get("context"):
            got = contexts.get(row["context"], set())
        else:
            got = set().union(*contexts.values()) if contexts else set()
        if not got or not got <= allowed:
            stale.append(
                (
                    row["source"],
                    row["string"],
                    row.get("context", ""),
                    row["key"],
                    got or {"(not resolved)"},
                )
            )
    print(f"\nHand-checked sample ({CHECKED.relative_to(ROOT)})")
    total: Counter[str] = Counter()
    for kind in ("place", "actor"):
        v = verdicts[kind]
        total.update(v)
        n = sum(v.values())
        print(
            f"  {kind:<6} checked {n:>4}: correct {v['correct']}, wrong {v['wrong']}, unsure "
            f"{v['unsure']}; error rate {pct(v['wrong'], n).strip()} (counting unsure as wrong: "
            f"{pct(v['wrong'] + v['unsure'], n).strip()})"
        )
    n = sum(total.values())
    print(
        f"  all    checked {n:>4}: error rate {pct(total['wrong'], n).strip()} "
        f"(target < 2%; counting unsure as wrong: "
        f"{pct(total['wrong'] + total['unsure'], n).strip()})"
    )
    print(f"  checked items whose key the resolver no longer gives: {len(stale)}")
    for src, text, ctx, was, is_now in stale:
        where = f" [{ctx}]" if ctx else ""
        print(
            f"  ! checked {text!r} ({src}{where}) as {was}, the resolver now gives {sorted(is_now)}"
        )


# --- main --------------------------------------------------------------------------------------


def compare(a: Knowledge, b: Knowledge, columns: tuple[Column, ...]) -> int:
    """Items that resolve differently with the two knowledge sources."""
    diff = 0
    outside = load_outside()
    for col in columns:
        ra = resolve_column(col, a, Contexts(a), outside)
        rb = resolve_column(col, b, Contexts(b), outside)
        for item, o in ra.outcomes.items():
            p = rb.outcomes.get(item)
            if p is None or (o.status, dict(o.keys)) != (p.status, dict(p.keys)):
                diff += 1
                print(
                    f"  differs: {col.label} {o.text!r}: {o.status} {o.key} / "
                    f"{p.status if p else None} {p.key if p else None}"
                )
    return diff


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--knowledge", choices=("db", "files", "both"), default="db")
    ap.add_argument("--top", type=int, default=40, help="unresolved items to list")
    ap.add_argument("--draw-sample", type=Path, help="write a fresh seeded draw and stop")
    ap.add_argument("--draw-new", type=Path, help="write a draw of newly resolved items, stop")
    args = ap.parse_args(argv)
    columns = PLACE_COLUMNS + TEXT_COLUMNS + ACTOR_COLUMNS
    missing = [str(c.path) for c in columns if not c.path.is_file()]
    if missing:
        print(f"missing data files: {', '.join(sorted(set(missing)))}", file=sys.stderr)
        return 2
    loader: Callable[[], Knowledge] = (
        knowledge_from_files if args.knowledge == "files" else knowledge_from_db
    )
    kb = loader()
    if args.knowledge == "both":
        n = compare(kb, knowledge_from_files(), columns)
        print(f"database vs shipped files: {n} items resolve differently")
    contexts, outside = Contexts(kb), load_outside()
    names = [resolve_column(c, kb, contexts, outside) for c in PLACE_COLUMNS]
    texts = [resolve_column(c, kb, contexts) for c in TEXT_COLUMNS]
    actors = [resolve_column(c, kb, contexts) for c in ACTOR_COLUMNS]
    if args.draw_sample:
        draw_sample([*names, *texts, *actors], kb, args.draw_sample)
        return 0
    if args.draw_new:
        draw_new([*names, *texts, *actors], kb, args.draw_new)
        return 0
    print_names(names)
    kb_indep = knowledge_independent(kb)
    indep = [resolve_column(c, kb_indep, Contexts(kb_indep), outside) for c in PLACE_COLUMNS]
    print_independent(names, indep)
    print_text(texts)
    print_actors(actors, kb)
    print_failures(names, args.top, "Place-name items not resolved")
    print_failures(
        texts, min(args.top, 20), "Free-text items where no place was found", good=("place", "unit")
    )
    print_failures(actors, args.top, "Actor strings not resolved")
    hand_check([*names, *texts, *actors])
    return 0


if __name__ == "__main__":
    sys.exit(main())
