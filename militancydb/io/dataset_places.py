"""Where a row of a dataset with admin names and a town (GTD, ACLED) happened.

The rules (also in ``docs/importers.md``): the first-order unit (GTD ``provstate``, ACLED
``admin1``) is resolved as a province of the row's country on the row's date; a
second-order unit (ACLED ``admin2``) as a district within it; the town (GTD ``city``, ACLED
``location``) as a town or locality within the district or province, the nearest to the
row's coordinates when several share the name. A name the gazetteer does not know is a
warning and stays in the place detail; resolutions are cached per distinct query for the
whole import. The province and district at the time and today are then filled in from the
most specific unit known (``services.locations.locate``); coordinates decide them only when
they mark the place itself (``point_precise``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from militancydb.io.engine import ImportContext
from militancydb.knowledge.place_tree import DISTRICT_KINDS, POINT_KINDS, PROVINCE_KINDS
from militancydb.services.locations import ResolvedLocation, locate


@dataclass(frozen=True)
class RowPlace:
    """The names a row gives, each with the column it came from (for warnings)."""

    country: str
    province: tuple[str, str] | None = None
    district: tuple[str, str] | None = None
    town: tuple[str, str] | None = None
    point: tuple[float, float] | None = None
    point_precise: bool = False


def _find(
    ctx: ImportContext,
    text: str,
    day: dt.date,
    country: str,
    kinds: frozenset[str] | None,
    within: str | None,
    near: tuple[float, float] | None,
) -> tuple[str | None, str]:
    """A name's key (or None and why): resolved without the coordinates first, which a
    whole import shares in its cache, and with them only when the name is ambiguous."""
    key = ("dsplace", text, day.year, country, kinds, within)
    if key not in ctx.cache:
        r = ctx.kb.gazetteer.resolve(
            text, on=day, country=country, kinds=kinds, within=within, prefer="specific"
        )
        ctx.cache[key] = r
    r = ctx.cache[key]
    if r.status == "ambiguous" and near is not None:
        near_key = (*key, near)
        if near_key not in ctx.cache:
            ctx.cache[near_key] = ctx.kb.gazetteer.resolve(
                text,
                on=day,
                country=country,
                kinds=kinds,
                within=within,
                near=near,
                prefer="specific",
            )
        r = ctx.cache[near_key]
    why = "; ".join(r.reasons) or r.status
    if r.status == "ambiguous":
        why = f"ambiguous: {', '.join(m.key for m in r.alternatives[:4])}"
    return r.key, why


def place_of(
    ctx: ImportContext, day: dt.date, where: RowPlace, warnings: list[str]
) -> ResolvedLocation:
    """The row's location (see the module docstring); problems are appended to ``warnings``."""
    gaz = ctx.kb.gazetteer
    province = district = town = None
    if where.province:
        column, text = where.province
        province, why = _find(ctx, text, day, where.country, PROVINCE_KINDS, None, None)
        if province is None:
            warnings.append(f"{column} {text!r} is not a province in the gazetteer ({why})")
    if where.district:
        column, text = where.district
        district, why = _find(ctx, text, day, where.country, DISTRICT_KINDS, province, None)
        if district is None:
            warnings.append(f"{column} {text!r} is not a district in the gazetteer ({why})")
    if where.town:
        column, text = where.town
        within = district or province
        town, why = _find(ctx, text, day, where.country, None, within, where.point)
        kind = gaz.places[town].kind if town else ""
        if town is not None and kind in DISTRICT_KINDS and district is None:
            district, town = town, None
        elif town is not None and kind not in POINT_KINDS:
            town = None  # the "town" names the province or district itself
        elif town is None:
            warnings.append(f"{column} {text!r} is not in the gazetteer ({why}); kept as detail")
    lat, lon = where.point or (None, None)
    return locate(
        gaz,
        day=day,
        province_key=province,
        district_key=district,
        place_key=town,
        latitude=lat,
        longitude=lon,
        point_precise=where.point_precise,
    )
