"""Importer for the Bureau of Investigative Journalism's Pakistan drone-strike sheet (``tbij``).

The file (The Bureau of Investigative Journalism, "Get the data: What the drones strike",
Pakistan strikes 2004-2013; licence not stated, never bundled) has one row per strike with
minimum and maximum figures. Mapping (shared rules for cells, counts, ranges, dates and
places are in :mod:`militancydb.io.parsing`):

- **Id**: ``Strike`` (``B1``, ``Ob12``; system ``tbij``). **Date**: ``Date``, day first, in
  two formats (``17/06/2004`` and ``8/5/05``). A ``Year`` that disagrees with the date gives a
  warning; the date wins.
- **Event**: ``drone_strike`` (rule ``tbij:dataset``: the sheet lists drone strikes), tactic
  ``drone_missile``; perpetrator the United States (the
  registry key UCDP's "Government of United States of America" resolves to; the Bureau
  reports the strikes as the CIA's, which the registry keeps as a part of the US), basis
  ``attributed_by_dataset``, confidence medium; target ``militants``.
- **Casualties**: ``Minimum``/``Maximum Total Reported Killed`` -> ``total`` killed;
  ``... Civilians Reported Killed`` -> ``civilians``; ``... Injured`` -> ``total`` injured.
  Children are a subset of the civilians, not a category of their own: they go to the
  summary as "of whom children: 2-3". ``Unreported`` is unknown. Civilians above the total,
  or children above the civilians, give a warning. The sheet gives no militant figure and
  none is derived (total minus civilians would turn "not known to be civilians" into
  militants).
- **Place**: ``Tribal Agency`` is a code, mapped by :data:`AGENCIES` to the gazetteer's
  agency (``SWA``/``NWA`` are not gazetteer aliases; ``Bannu`` is the district, ``KPK`` only
  the province; ``NWA/SWA`` and ``NWA/SWA Border`` give FATA with precision ``region``).
  ``Location`` (a village) is looked up within the agency, ``Latitude``/``Longitude`` (the
  Bureau's point for the village) are kept.
- **Summary**: place, figures, children, ``Time Period``, missiles reported fired and what
  was hit (domestic, religious and other buildings, vehicles; Bureau's min-max). Not
  imported: ``Minimum``/``Maximum All Targets`` (the sum of what was hit) and ``Strucutral
  Damage`` (a Bureau scale the sheet does not explain; one cell reads ``4-Feb``).
- **Source**: the dataset, cited with ``Strike <id>`` and the ``Location``.
"""

from __future__ import annotations

import datetime as dt

from militancydb.codebook import CasualtyCategory, Outcome
from militancydb.domain.incident import IncidentCreate
from militancydb.domain.limits import clip
from militancydb.io.engine import Converted, ImportContext
from militancydb.io.parsing import (
    Figure,
    RowError,
    SpreadsheetImporter,
    cell,
    check_part,
    count,
    dmy_date,
    is_unknown,
    min_max,
    pair,
    row_id,
    sourced,
    sources,
)
from militancydb.io.pbc_drone import drone_strike
from militancydb.io.row_places import coordinates, where
from militancydb.knowledge.place_tree import DISTRICT_KINDS, PROVINCE_KINDS
from militancydb.services.locations import ResolvedLocation

#: ``Tribal Agency`` code -> (gazetteer name, kinds it must have); None: FATA as a region.
AGENCIES: dict[str, tuple[str, frozenset[str]] | None] = {
    "NWA": ("North Waziristan Agency", DISTRICT_KINDS),
    "SWA": ("South Waziristan Agency", DISTRICT_KINDS),
    "BAJAUR": ("Bajaur Agency", DISTRICT_KINDS),
    "KHYBER": ("Khyber Agency", DISTRICT_KINDS),
    "KURRAM": ("Kurram Agency", DISTRICT_KINDS),
    "ORAKZAI": ("Orakzai Agency", DISTRICT_KINDS),
    "MOHMAND": ("Mohmand Agency", DISTRICT_KINDS),
    "BANNU": ("Bannu", DISTRICT_KINDS),
    "KPK": ("Khyber Pakhtunkhwa", PROVINCE_KINDS),
    "NWA/SWA": None,
    "NWA/SWA BORDER": None,
}
FATA = "FATA"
HIT = (
    ("Domestic Buildings", "domestic buildings"),
    ("Religious Buildings", "religious buildings"),
    ("Other Buildings", "other buildings"),
    ("vehicles", "vehicles"),
)


class TBIJImporter(SpreadsheetImporter):
    """The Bureau of Investigative Journalism: drone strikes in Pakistan, 2004-2013."""

    format = "tbij"
    system = "tbij"
    rules_version = "tbij-2"
    id_column = "Strike"
    required_columns = (
        "Strike",
        "Date",
        "Year",
        "Tribal Agency",
        "Location",
        "Latitude",
        "Longitude",
        "Minimum Total Reported Killed",
        "Maximum Total Reported Killed",
        "Minimum Civilians Reported Killed",
        "Maximum Civilians Reported Killed",
        "Minimum Children Reported Killed",
        "Maximum Children Reported Killed",
        "Minimum Injured",
        "Maximum Injured",
    )
    source = {
        "key": "tbij-drone-strikes-pakistan-2004-2013",
        "kind": "dataset",
        "publisher": "The Bureau of Investigative Journalism",
        "title": "Get the data: What the drones strike (Pakistan drone strikes 2004-2013: "
        "targets, buildings hit, casualties)",
        "url": "https://www.thebureauinvestigates.com/stories/2014-05-23/"
        "get-the-data-what-the-drones-strike/",
        "published": "2014-05-23",
        "licence": "not stated",
        "note": "Compiled by the Bureau from press reports. Not bundled with militancydb.",
    }

    def convert_row(self, row: int, raw: dict[str, str], ctx: ImportContext) -> Converted:
        uid = row_id(raw, "Strike")
        warnings: list[str] = []
        day = dmy_date(cell(raw, "Date"), "Date")
        year = cell(raw, "Year")
        if year and year != str(day.year):
            warnings.append(
                f"Year {year} disagrees with Date {clip(cell(raw, 'Date'))}; took the date"
            )

        def tbij_pair(what: str, label: str) -> Figure:
            return pair(raw, f"Minimum {what}", f"Maximum {what}", label, warnings)

        total = tbij_pair("Total Reported Killed", "Total reported killed")
        civilians = tbij_pair("Civilians Reported Killed", "Civilians reported killed")
        children = tbij_pair("Children Reported Killed", "Children reported killed")
        injured = tbij_pair("Injured", "Injured")
        check_part(civilians, total, "Civilians reported killed", "the total", warnings)
        check_part(children, civilians, "Children reported killed", "the civilians", warnings)
        casualties = [
            f.casualty(category, outcome)
            for f, category, outcome in (
                (total, CasualtyCategory.TOTAL, Outcome.KILLED),
                (civilians, CasualtyCategory.CIVILIANS, Outcome.KILLED),
                (injured, CasualtyCategory.TOTAL, Outcome.INJURED),
            )
            if f.known
        ]
        point = coordinates(raw, "Latitude", "Longitude", warnings)
        place = self._where(raw, day, point, ctx, warnings)
        data = IncidentCreate.model_validate(
            {
                "date_start": day,
                "country": "PK",
                "place_detail": cell(raw, "Location")[:1000] or None,
                "latitude": point[0] if point else None,
                "longitude": point[1] if point else None,
                "geo_precision": place[1],
                **drone_strike(
                    ctx,
                    "The Bureau of Investigative Journalism: reported US (CIA) drone strike",
                    None,
                    system=self.system,
                ),
                "casualties": casualties,
                "summary": summary(raw, uid, day, total, civilians, children, warnings),
                "review_status": "imported",
                "sources": sources(ctx, f"Strike {uid}", cell(raw, "Location") or None, []),
            },
            context={"dataset": True},
        )
        return sourced(Converted(row, uid, data, place[0], [], warnings))

    @staticmethod
    def _where(
        raw: dict[str, str],
        day: dt.date,
        point: tuple[float, float] | None,
        ctx: ImportContext,
        warnings: list[str],
    ) -> tuple[ResolvedLocation, str]:
        code = cell(raw, "Tribal Agency")
        site = ("Location", cell(raw, "Location"))
        if code.upper() in AGENCIES and AGENCIES[code.upper()] is None:
            found = where(ctx, day=day, province=("Tribal Agency", FATA), site=site, point=point)
            warnings += found.warnings
            precision = "region" if found.precision == "province" else found.precision
            return found.location, precision
        key = None
        if code:
            name, kinds = AGENCIES.get(code.upper()) or (code, DISTRICT_KINDS)
            cache_key = f"tbij-agency|{code}|{day.year}"
            if cache_key not in ctx.cache:
                r = ctx.kb.gazetteer.resolve(name, on=day, country="PK", kinds=kinds)
                ctx.cache[cache_key] = r.key
            key = ctx.cache[cache_key]
            if key is None:
                warnings.append(
                    f"Tribal Agency {clip(code)} is not an agency or district in the "
                    "gazetteer; kept as place detail"
                )
        if key is not None and ctx.kb.gazetteer.places[key].kind in PROVINCE_KINDS:
            found = where(ctx, day=day, province_key=key, site=site, point=point)
        else:
            found = where(ctx, day=day, unit_key=key, site=site, point=point)
        warnings += found.warnings
        return found.location, found.precision


def _soft(raw: dict[str, str], column: str, warnings: list[str]) -> int | None:
    """A count in a descriptive column: text there is a warning, not a reject."""
    try:
        return count(raw, column, warnings)
    except RowError as exc:
        warnings.append(f"{exc}; left out of the summary")
        return None


def summary(
    raw: dict[str, str],
    uid: str,
    day: dt.date,
    total: Figure,
    civilians: Figure,
    children: Figure,
    warnings: list[str],
) -> str:
    """What the row says beyond the coded fields."""
    place = ", ".join(x for x in (cell(raw, "Location"), cell(raw, "Tribal Agency")) if x)
    parts = [f"Drone strike{' at ' + place if place else ''} on {day} (TBIJ strike {uid})."]
    parts.append(
        f"Reported killed: {total.text()}; civilians: {civilians.text()}, of whom "
        f"children: {children.text()}."
    )
    if not is_unknown(cell(raw, "Time Period")):
        parts.append(f"Time of day: {cell(raw, 'Time Period')}.")
    missiles = min_max(
        _soft(raw, "Minimum Number of Missiles Reported Fired", warnings),
        _soft(raw, "Maximum Number of Missiles Reported FIred", warnings),
        "Missiles reported fired",
        warnings,
    )
    if missiles.known:
        parts.append(f"Missiles reported fired: {missiles.text()}.")
    hit = []
    for column, label in HIT:
        f = min_max(
            _soft(raw, f"Minimum {column}", warnings),
            _soft(raw, f"Maximum {column}", warnings),
            label.capitalize(),
            warnings,
        )
        if f.known:
            hit.append(f"{label} {f.text()}")
    if hit:
        parts.append(f"Hit: {', '.join(hit)}.")
    return " ".join(parts)[:10_000]
