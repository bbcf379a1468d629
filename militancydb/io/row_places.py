"""Places in messy dataset rows: split a place text into candidate names, resolve them
through the gazetteer near the row's coordinates, and check the coordinates themselves."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from militancydb.domain.limits import clip
from militancydb.io.engine import ImportContext
from militancydb.io.parsing import cell, is_unknown
from militancydb.knowledge.gazetteer import Prefer
from militancydb.knowledge.place_tree import (
    DISTRICT_KINDS,
    POINT_KINDS,
    PROVINCE_KINDS,
    haversine_km,
)
from militancydb.services.locations import ResolvedLocation, locate

# --- places --------------------------------------------------------------------------------

_NUMBERS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty"
)
_DISTANCE = re.compile(
    rf"\b(?:about\s+|some\s+|around\s+)?(?:\d+|{_NUMBERS})\s*(?:km|kms|kilomet\w*|miles?)\b"
    r"[^-,;/]*",
    re.IGNORECASE,
)
FAR_KM = 60  # a place farther than this from the row's coordinates is a different place
_PARENS = re.compile(r"\([^)]*\)?")
_SPLIT = re.compile(r"\s*(?:[-,;/]|\.\s|\band\b|\bin\b|\bof\b)\s*", re.IGNORECASE)
_NEAR = re.compile(r"^(?:near|nera|close to)\b\s*", re.IGNORECASE)
_FILLER = re.compile(
    r"\b(?:villages?|area|town|tehsil|bazaa?r|market|region|district|agency|camp|the|a|is|"
    r"main|house|guest|nearby|nwa|swa|fata)\b",
    re.IGNORECASE,
)


def fragments(text: str) -> list[tuple[str, bool]]:
    """Candidate place names in a free-text location, each with a "near" flag.

    Parenthesised asides and distance phrases ("30km north of Miranshah": a reference point,
    not the place) are dropped; the rest is cut at ``- , ; /``, "and", "in", "of". The whole
    text comes first, then each piece as written and without filler words (village, area,
    tehsil, bazaar, ...). Pieces after the first, and pieces after "near", are flagged near.
    """
    base = _DISTANCE.sub(" ", _PARENS.sub(" ", text))
    out: dict[str, bool] = {}

    def add(piece: str, near: bool) -> None:
        if _NEAR.match(piece):
            near, piece = True, _NEAR.sub("", piece)
        for candidate in (piece, _FILLER.sub(" ", piece)):
            candidate = " ".join(candidate.split()).strip(" .'")
            if len(candidate) >= 3 and candidate.lower() not in out:
                out[candidate.lower()] = near
                names.append((candidate, near))

    names: list[tuple[str, bool]] = []
    add(" ".join(base.split()), False)
    for i, piece in enumerate(p for p in _SPLIT.split(base) if p.strip()):
        add(piece.strip(), i > 0)
    return names


@dataclass
class Where:
    """Where a row's incident happened: the location, its precision and any caveats."""

    location: ResolvedLocation
    precision: str
    warnings: list[str]


@dataclass
class _Finder:
    """Gazetteer look-ups for one row, cached per distinct query for the whole import."""

    ctx: ImportContext
    day: dt.date
    point: tuple[float, float] | None
    warnings: list[str]
    point_is_site: bool = True

    def find(self, text: str, **kw: Any) -> tuple[str | None, str, str]:
        """(key, kind, why not) of a name in Pakistan on the row's day."""
        key = f"place|{text}|{self.day}|{self.point}|{sorted(kw.items())}"
        if key not in self.ctx.cache:
            gaz = self.ctx.kb.gazetteer
            r = gaz.resolve(text, on=self.day, country="PK", near=self.point, **kw)
            why = "; ".join(r.reasons) or r.status
            if r.status == "ambiguous":
                why = f"ambiguous: {', '.join(m.key for m in r.alternatives[:4])}"
            self.ctx.cache[key] = (r.key, gaz.places[r.key].kind if r.key else "", why)
        found: tuple[str | None, str, str] = self.ctx.cache[key]
        return found

    def unit(
        self,
        unit: tuple[str, str],
        province: tuple[str, str] | None,
        within: str | None,
        prefer: Prefer,
    ) -> tuple[tuple[str | None, str, str], str | None]:
        """A city or agency: within the province; else anywhere (the row contradicts itself:
        the more specific name wins); else the first fragment of it that is known. Returns
        the match and the province key to keep."""
        (column, text), gaz = unit, self.ctx.kb.gazetteer
        found = self.find(text, within=within, prefer=prefer)
        outside = self.find(text, prefer=prefer) if found[0] is None and within else found
        if found[0] is None and outside[0] is not None:
            admin = gaz.admin_of(outside[0], self.day).province or outside[0]
            given = f"{province[0]} {clip(province[1])}" if province else "the province given"
            self.warnings.append(
                f"{column} {clip(text)} is in {gaz.places[admin].name} in the "
                f"gazetteer, not in {given}; took {column}"
            )
            return outside, None
        for name, _ in fragments(text)[1:] if found[0] is None else []:
            part = self.find(name, within=within, prefer=prefer)
            if part[0] is not None:
                self.warnings.append(
                    f"{column} {clip(text)} is not in the gazetteer as a whole; "
                    f"took {name!r} from it"
                )
                return part, within
        if found[0] is None:
            self.warnings.append(
                f"{column} {clip(text)} is not in the gazetteer ({found[2]}); kept as place detail"
            )
        return found, within

    def site(self, column: str, text: str, within: str | None) -> tuple[str | None, bool]:
        """The first fragment of a free-text location that is a town or locality within
        ``within``, and whether it is only near the place."""
        gaz = self.ctx.kb.gazetteer
        for name, near in fragments(text):
            key, kind, _ = self.find(name, within=within, prefer="specific")
            if key is None:
                continue
            if kind not in POINT_KINDS:  # the location names the unit itself: no finer place
                return None, False
            place = gaz.places[key]
            if self.point and self.point_is_site and place.lat is not None and place.lon:
                km = haversine_km(self.point[0], self.point[1], place.lat, place.lon)
                if km > FAR_KM:
                    self.warnings.append(
                        f"{column} {clip(text)}: {name!r} matches {gaz.describe(key)} {km:.0f} km "
                        "from the row's coordinates; not taken, kept as place detail"
                    )
                    return None, False
            return key, near
        inside = f" within {gaz.places[within].name}" if within else ""
        self.warnings.append(
            f"{column} {clip(text)}: no place in it is in the gazetteer{inside}; "
            "kept as place detail"
        )
        return None, False


def where(
    ctx: ImportContext,
    *,
    day: dt.date,
    province: tuple[str, str] | None = None,
    province_key: str | None = None,
    unit: tuple[str, str] | None = None,
    unit_key: str | None = None,
    site: tuple[str, str] | None = None,
    point: tuple[float, float] | None = None,
    unit_prefer: Prefer = "specific",
    point_is_site: bool = True,
) -> Where:
    """Resolve (column, text) pairs for the province, the city or agency (``unit``) and a
    free-text site (or take the keys the importer has), then fill in the province and
    district at the time and today. ``point_is_site`` False: the coordinates mark only the
    area (an agency's centre), so a site far from them is not suspect."""
    gaz, find = ctx.kb.gazetteer, _Finder(ctx, day, point, [], point_is_site)
    district_key = place_key = None
    near = False
    if province and province[1]:
        province_key, _, why = find.find(province[1], kinds=PROVINCE_KINDS)
        if province_key is None:
            find.warnings.append(
                f"{province[0]} {clip(province[1])} is not a province in the "
                f"gazetteer ({why}); left out"
            )
    found: tuple[str | None, str, str] = (None, "", "")
    if unit_key:
        found = (unit_key, gaz.places[unit_key].kind, "")
    if unit and unit[1] and not unit_key:
        found, province_key = find.unit(unit, province, province_key, unit_prefer)
    if found[1] in DISTRICT_KINDS:
        district_key = found[0]
    elif found[1] in PROVINCE_KINDS:
        province_key = province_key or found[0]
    elif found[0] is not None:
        place_key = found[0]
    if site and site[1]:
        within = gaz.at_date(district_key, day) if district_key else province_key
        if place_key:
            within = gaz.admin_of(place_key, day).district or within
        site_key, near = find.site(site[0], site[1], within)
        place_key = site_key or place_key
    precision = "province" if province_key else "unknown"
    if place_key:
        precision = "near" if near else "exact"
    elif district_key:
        precision = "district"
    lat, lon = point or (None, None)
    location = locate(
        gaz,
        day=day,
        province_key=province_key,
        district_key=district_key,
        place_key=place_key,
        latitude=lat,
        longitude=lon,
        point_precise=precision in ("exact", "near"),
    )
    return Where(location, precision, find.warnings)


def coordinates(
    raw: dict[str, str], lat_column: str, lon_column: str, warnings: list[str]
) -> tuple[float, float] | None:
    """Latitude and longitude, or None (with a warning when they are there but unusable)."""
    lat, lon = cell(raw, lat_column), cell(raw, lon_column)
    if is_unknown(lat) and is_unknown(lon):
        return None
    try:
        point = (float(lat), float(lon))
    except ValueError:
        warnings.append(
            f"{lat_column}/{lon_column} {clip(lat)}/{clip(lon)} are not coordinates; left out"
        )
        return None
    if not (20 <= point[0] <= 40 and 58 <= point[1] <= 80):
        warnings.append(f"{lat_column}/{lon_column} {lat}/{lon} are outside Pakistan; left out")
        return None
    return point
