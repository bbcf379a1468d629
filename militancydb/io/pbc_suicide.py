"""Importer for Pakistan Body Count's sheet of suicide attacks (format ``pbc-suicide``).

The file ("Pakistan Suicide Attacks", Pakistan Body Count, pakistanbodycount.org, via
Kaggle; licence not stated, so it is read from wherever the user keeps it, never bundled) has
one row per attack. Mapping (the shared rules for cells, counts, ranges, dates, places and
sources are in :mod:`militancydb.io.parsing`):

- **Id**: ``S#`` (system ``pbc_suicide``). **Date**: ``Date`` (``Sunday-November 19-1995``);
  a misspelt month or an impossible day rejects the row; a weekday that does not fit the
  date is a warning.
- **Event**: every row is a suicide attack: tactic ``suicide_bombing``, suicide = True. The
  event type is ``sectarian_attack`` when ``Targeted Sect if any`` names a Muslim sect and the
  target was that sect's gathering or place of worship, decided from the columns:

  a. ``Target Type`` is ``Religious`` or ``Shia sect`` (PBC coded a religious target); or
  b. for the minority sects only (Shiite, Ahmedi, and the mixed ``Shiite/sunni``): the
     target type is civilian or not given, and either ``Location Category`` is
     ``Religious`` or the ``Location`` / ``Influencing Event/Event`` text names a sect or a
     gathering or place of worship (``keywords.yaml``: ``sectarian_community`` and
     ``places_of_worship`` cues, e.g. imambargah, procession, majlis, Hazara, Shia).

  ``Sunni`` alone does not make (b): PBC writes Sunni for the majority of victims, e.g. at
  anti-Taliban jirgas and mosques where an official was the target. Christian and Jews are
  religions, not sects: the event stays ``militant_attack`` and, unless the target was
  foreigners, a ``religious_minorities`` target is added. Every other row is
  ``militant_attack``.
- **Targets**: ``Target Type`` through :data:`TARGET_TYPES` (case and spaces ignored; every
  value of the 2017 file is covered); a value not in the table gives ``unknown`` and a
  warning; an empty cell gives ``unknown``. A sectarian attack also gets a
  ``sectarian_community`` target (``religious_minorities`` for Ahmadis) naming the sect. The
  PBC value is kept as the target's description.
- **Casualties**: ``Killed Min``/``Killed Max`` -> ``total`` killed; ``Injured Min``/
  ``Injured Max`` -> ``total`` injured. PBC does not say whether the bombers are counted.
- **Place**: ``Province`` (KPK, FATA/Fata, Baluchistan/Balochistan, Capital, AJK: the
  gazetteer knows these spellings), ``City`` (a town, or a district or agency, looked up
  within the province; trailing spaces and case are ignored), ``Latitude``/``Longitude``
  (PBC gives the city's point: the rows of a city share it), ``Location`` -> place detail.
  Precision: exact for a town, district for a district or agency, province otherwise.
- **Actors**: none; the file names no perpetrator.
- **Summary**: location, PBC target type, sect, location category, time, number of blasts,
  explosive weight and ``Influencing Event/Event``. Not imported: ``Islamic Date``, ``Blast
  Day Type``, ``Holiday Type``, ``Location Sensitivity``, ``Open/Closed Space``, ``Hospital
  Names`` and the temperatures (not about what happened, or derivable from the date).
- **Source**: the dataset, cited with ``S# <id>`` and the ``Location`` text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from militancydb.codebook import CasualtyCategory, EventType, Outcome, Tactic, TargetType
from militancydb.domain.incident import IncidentCreate
from militancydb.domain.limits import clip
from militancydb.io.engine import Converted, ImportContext
from militancydb.io.keywords import cues, keywords_version
from militancydb.io.parsing import (
    SpreadsheetImporter,
    cell,
    is_unknown,
    pair,
    row_id,
    sourced,
    sources,
    wordy_date,
)
from militancydb.io.row_places import coordinates, where

T = TargetType
#: PBC ``Target Type`` (lower case, spaces collapsed) -> our target types.
TARGET_TYPES: dict[str, tuple[TargetType, ...]] = {
    "military": (T.ARMY,),
    "army": (T.ARMY,),
    "police": (T.POLICE,),
    "rangers": (T.RANGERS,),
    "police & rangers": (T.POLICE, T.RANGERS),
    "frontier corps": (T.FRONTIER_CORPS,),
    "civilian": (T.CIVILIANS,),
    "civilian & police": (T.CIVILIANS, T.POLICE),
    "children/women": (T.CIVILIANS,),
    "government official": (T.GOVERNMENT_OFFICIALS,),
    "religious": (T.PLACES_OF_WORSHIP,),
    "shia sect": (T.SECTARIAN_COMMUNITY,),
    "anti-militants": (T.PEACE_COMMITTEES,),
    "foreigner": (T.FOREIGNERS,),
    "media": (T.JOURNALISTS,),
    "advocates (lawyers)": (T.JUDICIARY,),
    "civilian judges": (T.JUDICIARY,),
    "judges & lawyers": (T.JUDICIARY,),
    "unknown": (T.UNKNOWN,),
    "": (T.UNKNOWN,),
}
RELIGIOUS_TARGETS = frozenset({"religious", "shia sect"})
CIVILIAN_TARGETS = frozenset({"civilian", "children/women", "unknown", ""})
#: ``Targeted Sect if any`` -> (sect, minority sect?, target type for the sect).
SECTS: dict[str, tuple[str, bool, TargetType]] = {
    "shiite": ("Shia", True, T.SECTARIAN_COMMUNITY),
    "shia": ("Shia", True, T.SECTARIAN_COMMUNITY),
    "shiite/sunni": ("Shia and Sunni", True, T.SECTARIAN_COMMUNITY),
    "sunni": ("Sunni", False, T.SECTARIAN_COMMUNITY),
    "ahmedi": ("Ahmadi", True, T.RELIGIOUS_MINORITIES),
    "ahmadi": ("Ahmadi", True, T.RELIGIOUS_MINORITIES),
}
RELIGIONS = {"christian": "Christian", "jews": "Jewish", "hindu": "Hindu", "sikh": "Sikh"}
NO_SECT = frozenset({"none", "na", "n/a", ""})


class PBCSuicideImporter(SpreadsheetImporter):
    """Pakistan Body Count: suicide attacks."""

    format = "pbc-suicide"
    system = "pbc_suicide"
    id_column = "S#"
    rules_version = f"pbc-suicide-2+{keywords_version()}"
    required_columns = (
        "S#",
        "Date",
        "City",
        "Latitude",
        "Longitude",
        "Province",
        "Location",
        "Target Type",
        "Targeted Sect if any",
        "Killed Min",
        "Killed Max",
        "Injured Min",
        "Injured Max",
    )
    source = {
        "key": "pbc-suicide-attacks",
        "kind": "dataset",
        "publisher": "Pakistan Body Count (pakistanbodycount.org), via Kaggle",
        "title": "Pakistan Suicide Attacks (Pakistan Body Count), 1995-2017",
        "url": "http://pakistanbodycount.org/",
        "licence": "not stated",
        "note": "Compiled from media reports, hospitals and the internet by Pakistan Body "
        "Count; distributed on Kaggle. Not bundled with militancydb.",
    }

    def convert_row(self, row: int, raw: dict[str, str], ctx: ImportContext) -> Converted:
        uid = row_id(raw, "S#")
        warnings: list[str] = []
        day = wordy_date(cell(raw, "Date"), "Date", warnings)
        killed = pair(raw, "Killed Min", "Killed Max", "Killed", warnings)
        injured = pair(raw, "Injured Min", "Injured Max", "Injured", warnings)
        event, targets = classify(raw, warnings)
        point = coordinates(raw, "Latitude", "Longitude", warnings)
        place = where(
            ctx,
            day=day,
            province=("Province", cell(raw, "Province")),
            unit=("City", cell(raw, "City")),
            point=point,
        )
        warnings += place.warnings
        casualties = [
            f.casualty(CasualtyCategory.TOTAL, outcome)
            for f, outcome in ((killed, Outcome.KILLED), (injured, Outcome.INJURED))
            if f.known
        ]
        location_text = cell(raw, "Location")
        data = IncidentCreate.model_validate(
            {
                "date_start": day,
                "country": "PK",
                "place_detail": location_text[:1000] or None,
                "latitude": point[0] if point else None,
                "longitude": point[1] if point else None,
                "geo_precision": place.precision,
                "event_type": event,
                "event_type_rule": f"{self.system}:"
                + ("sectarian-target" if event is EventType.SECTARIAN_ATTACK else "dataset"),
                "event_type_confidence": "high",
                "tactics": [Tactic.SUICIDE_BOMBING],
                "suicide": True,
                "targets": targets,
                "casualties": casualties,
                "summary": summary(raw, day, warnings),
                "review_status": "imported",
                "sources": sources(ctx, f"S# {uid}", location_text, []),
            },
            context={"dataset": True},
        )
        return sourced(Converted(row, uid, data, place.location, [], warnings))


def classify(raw: dict[str, str], warnings: list[str]) -> tuple[EventType, list[dict[str, Any]]]:
    """The event type and the targets, by the rules in the module docstring."""
    target = " ".join(cell(raw, "Target Type").lower().split())
    types = TARGET_TYPES.get(target)
    if types is None:
        warnings.append(
            f"Target Type {clip(cell(raw, 'Target Type'))} is not in the PBC target "
            "table; target unknown"
        )
        types = (T.UNKNOWN,)
    described = cell(raw, "Target Type") or None
    out = [{"type": t, "description": described} for t in types]
    sect_text = cell(raw, "Targeted Sect if any")
    sect_key = sect_text.lower()
    event = EventType.MILITANT_ATTACK
    if sect_key in SECTS:
        sect, minority, sect_type = SECTS[sect_key]
        text = f"{cell(raw, 'Location')} {cell(raw, 'Influencing Event/Event')}"
        labels = set(cues().labels("targets", text))
        gathering = cell(raw, "Location Category").lower() == "religious" or bool(
            labels & {"sectarian_community", "places_of_worship"}
        )
        if target in RELIGIOUS_TARGETS or (minority and target in CIVILIAN_TARGETS and gathering):
            event = EventType.SECTARIAN_ATTACK
            out.append({"type": sect_type, "description": f"{sect} (PBC: {sect_text})"})
    elif sect_key in RELIGIONS:
        if T.FOREIGNERS not in types:
            out.append(
                {
                    "type": T.RELIGIOUS_MINORITIES,
                    "description": f"{RELIGIONS[sect_key]} (PBC: {sect_text})",
                }
            )
    elif sect_key not in NO_SECT:
        warnings.append(
            f"Targeted Sect if any {clip(sect_text)} is not a sect or religion this "
            "importer knows; kept in the summary only"
        )
    if len(out) > 1:
        out = [t for t in out if t["type"] is not T.UNKNOWN]
    unique = {(t["type"], t["description"]): t for t in out}
    return event, list(unique.values())


def summary(raw: dict[str, str], day: dt.date, warnings: list[str]) -> str:
    """What the row says beyond the coded fields."""
    where_text = ", ".join(x for x in (cell(raw, "Location"), cell(raw, "City")) if x)
    parts = [f"Suicide attack{' at ' + where_text if where_text else ''} on {day} (PBC)."]
    for column, label in (
        ("Target Type", "PBC target type"),
        ("Targeted Sect if any", "Targeted sect"),
        ("Location Category", "Location category"),
        ("Time", "Time"),
        ("Explosive Weight (max)", "Explosive weight"),
        ("Influencing Event/Event", "Context"),
    ):
        value = cell(raw, column)
        if not is_unknown(value) and value.lower() != "none":
            parts.append(f"{label}: {value}.")
    blasts = cell(raw, "No. of Suicide Blasts")
    if blasts.isdigit():
        parts.append(f"Suicide blasts: {blasts}.")
    elif not is_unknown(blasts):
        warnings.append(f"No. of Suicide Blasts {clip(blasts)} is not a number; left out")
    return " ".join(parts)[:10_000]
