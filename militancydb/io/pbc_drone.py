"""Importer for Pakistan Body Count's sheet of drone attacks (format ``pbc-drone``).

The file ("Pakistan Drone Attacks", Pakistan Body Count, pakistanbodycount.org, via Kaggle;
licence not stated, never bundled) has one row per reported US drone attack, 2004-2017.
Mapping (shared rules for cells, counts, ranges, dates, places and references are in
:mod:`militancydb.io.parsing`):

- **Id**: ``S#`` (system ``pbc_drone``). **Date**: ``Date`` (``Friday, June 18, 2004``); the
  weekday is checked. ``Time`` goes to the summary.
- **Event**: ``drone_strike`` (rule ``pbc_drone:dataset``), tactic ``drone_missile``, unless
  the Comments describe Pakistani aircraft and name no drone (rule
  ``pbc_drone:pakistani-aircraft``: ``operational_attack`` by Pakistan's forces, see
  :func:`drone_strike`); perpetrator the United States (the
  registry key that UCDP's "Government of United States of America" resolves to), basis
  ``attributed_by_dataset``, confidence medium; target ``militants`` (the codebook's target of
  drone strikes) described by ``Special Mention (Site)``. A row whose ``No of Strike`` is
  above 1 stands for several strikes: it stays one incident, with a warning.
- **Casualties (killed)**: ``Total Died Min``/``Total Died Mix`` (the header typo is PBC's; a
  corrected ``Total Died Max`` is read too) -> ``total``; ``Civilians Min``/``Max`` ->
  ``civilians``; ``Al-Qaeda`` + ``Taliban`` + ``Foreigners Min``/``Max`` -> ``militants``
  (added bound by bound; an empty cell is unknown, not 0). ``Injured Min``/``Max`` ->
  ``total`` injured. Civilians and militants that together surely exceed the total give a
  warning. ``Women/Children`` (Y/N) goes to the summary.

  *Why Foreigners count as militants.* The column names a nationality, not a status, so
  this is a reading of PBC, not something it states. PBC splits the dead into Al-Qaeda,
  Taliban, Civilians and Foreigners, and in the rows with foreigners the total is the sum of
  all four in 38 of 73 rows and the sum without them in only 9 (2017 file): foreigners are
  kept apart from civilians. The Comments describe them as fighters ("Dead were pro taliban
  militants and some of them were arabs and Central Asians", "Turkmens militants were
  traveling in the vehicle", "Killed included Uzbek Militants", "Foreigners died were
  afghan"). Against it, a few comments describe foreign residents ("Arabs ... doing business
  with local tribals"). We follow PBC's split and count them as militants; the summary keeps
  PBC's own categories so that a stricter reading can be made.

  *A caveat on Civilians.* PBC's civilians are the dead not named as Al-Qaeda, Taliban or
  foreigners; some comments place them at training camps. They are imported as PBC labels
  them.
- **Place**: ``Province`` (FATA, KPK, Balochistan), ``City`` (mostly the tribal agency, e.g.
  ``North Waziristan``, ``Bajaur  Agency``; ``Hungu`` is not in the gazetteer and is
  reported), ``Location`` (free text such as ``Haisori- Miran Shah`` or ``Tappi village- 15 km
  east of Miranshah``: the first fragment the gazetteer knows within the agency is the
  place), ``Latitude``/``Longitude``. The coordinates are mostly the agency's point (279 rows
  share North Waziristan's), so the precision comes from the place resolved, not from them.
- **Sources**: the dataset, cited with ``S# <id>`` and the ``Comments``; every URL in
  ``References`` becomes a source of its own (see parsing).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from militancydb.codebook import CasualtyCategory, Outcome
from militancydb.domain.incident import IncidentCreate
from militancydb.domain.limits import clip
from militancydb.errors import ImportFailed
from militancydb.io.engine import Converted, ImportContext
from militancydb.io.parsing import (
    Figure,
    SpreadsheetImporter,
    added,
    cell,
    check_part,
    count,
    is_unknown,
    pair,
    row_id,
    single,
    sourced,
    sources,
    wordy_date,
)
from militancydb.io.row_places import coordinates, where
from militancydb.io.ucdp_rules import rule_table, rules_hash

TOTAL_MAX_COLUMNS = ("Total Died Mix", "Total Died Max")
#: ``City`` spellings the gazetteer lacks -> the name it knows.
CITY_ALIASES = {"hungu": "Hangu", "lower kurram agency": "Kurram Agency"}


_URL_START = re.compile(r"https?://", re.IGNORECASE)
_PRINT_REF = re.compile(r"[A-Z][A-Za-z .'-]*? \d{1,2}-\w{3}-\d{4}/PBC-[\w-]+")


def references(text: str) -> tuple[list[str], list[str], str]:
    """The distinct URLs in a references cell, the print references (PBC's ``Dawn News
    23-Jan-2011/PBC-DWN-23-Jan-2011``) and whatever other text is left."""
    starts = [m.start() for m in _URL_START.finditer(text)]
    urls: list[str] = []
    rest = text[: starts[0]] if starts else text
    for i, start in enumerate(starts):
        chunk = text[start : starts[i + 1] if i + 1 < len(starts) else len(text)]
        url, _, tail = chunk.replace(";", " ").partition(" ")
        url = url.rstrip("-,.")
        if len(url) > 10 and url not in urls:
            urls.append(url)
        rest += " " + tail
    rest = " ".join(rest.replace(";", " ").split())
    printed = [m.group(0).strip() for m in _PRINT_REF.finditer(rest)]
    leftover = _PRINT_REF.sub(" ", rest)
    return urls, printed, " ".join(leftover.split()).strip(" -,.")


US_NAME = "Government of United States of America"
PAKISTANI = re.compile(r"\bpak(?:istan)?(?:i)?\b|\bpaf\b", re.IGNORECASE)


PAKISTAN_NAME = "Government of Pakistan"


def drone_strike(
    ctx: ImportContext, note: str, site: str | None, *, system: str, text: str = ""
) -> dict[str, Any]:
    """The coded fields every drone-strike row shares (PBC and TBIJ): event type, tactic, the
    United States as perpetrator (the key UCDP's name resolves to, so the datasets agree)
    and militants as the target, described by the dataset's site text.

    The datasets list drone strikes, so that is the type (rule ``SYSTEM:dataset``, high
    confidence), unless the row's own text describes Pakistani aircraft and names no drone or
    missile (rule ``SYSTEM:pakistani-aircraft``): then it is an ``operational_attack`` of
    Pakistan's forces, tactic ``air_strike``, perpetrator the Government of Pakistan, medium
    confidence. The cues are those of the UCDP rule table (``ucdp_rules.yaml``)."""
    cues = rule_table().cues_in(text)
    pakistani = "air" in cues and "drone" not in cues and bool(PAKISTANI.search(text))
    name = PAKISTAN_NAME if pakistani else US_NAME
    if ("actor", name) not in ctx.cache:
        ctx.cache[("actor", name)] = ctx.kb.registry.resolve(name, dataset="ucdp").key or name
    actor = {
        "actor": ctx.cache[("actor", name)],
        "role": "perpetrator",
        "basis": "attributed_by_dataset",
        "confidence": "medium",
        "note": note if not pakistani else f"{note}; the row describes Pakistani aircraft",
    }
    return {
        "event_type": "operational_attack" if pakistani else "drone_strike",
        "event_type_rule": f"{system}:{'pakistani-aircraft' if pakistani else 'dataset'}",
        "event_type_confidence": "medium" if pakistani else "high",
        "tactics": ["air_strike" if pakistani else "drone_missile"],
        "suicide": False,
        "targets": [{"type": "militants", "description": site[:1000] if site else None}],
        "actors": [actor],
    }


class PBCDroneImporter(SpreadsheetImporter):
    """Pakistan Body Count: drone attacks."""

    format = "pbc-drone"
    system = "pbc_drone"
    rules_version = f"pbc-drone-2+{rules_hash()}"
    id_column = "S#"
    required_columns = (
        "S#",
        "Date",
        "Location",
        "City",
        "Province",
        "No of Strike",
        "Al-Qaeda",
        "Taliban",
        "Civilians Min",
        "Civilians Max",
        "Foreigners Min",
        "Foreigners Max",
        "Total Died Min",
        "Injured Min",
        "Injured Max",
        "References",
        "Latitude",
        "Longitude",
    )
    source = {
        "key": "pbc-drone-attacks",
        "kind": "dataset",
        "publisher": "Pakistan Body Count (pakistanbodycount.org), via Kaggle",
        "title": "Pakistan Drone Attacks (Pakistan Body Count), 2004-2017",
        "url": "http://pakistanbodycount.org/",
        "licence": "not stated",
        "note": "Compiled from media reports by Pakistan Body Count; distributed on Kaggle. "
        "Not bundled with militancydb.",
    }

    def check_columns(self, columns: list[str] | None, path: Path) -> None:
        super().check_columns(columns, path)
        if not set(TOTAL_MAX_COLUMNS) & set(columns or []):
            raise ImportFailed(
                f"{path.name} is not a {self.format} file: missing column "
                f"{' or '.join(TOTAL_MAX_COLUMNS)}."
            )

    def convert_row(self, row: int, raw: dict[str, str], ctx: ImportContext) -> Converted:
        uid = row_id(raw, "S#")
        warnings: list[str] = []
        day = wordy_date(cell(raw, "Date"), "Date", warnings)
        total_max = next((c for c in TOTAL_MAX_COLUMNS if cell(raw, c)), TOTAL_MAX_COLUMNS[0])
        total = pair(raw, "Total Died Min", total_max, "Total died", warnings)
        civilians = pair(raw, "Civilians Min", "Civilians Max", "Civilians", warnings)
        foreigners = pair(raw, "Foreigners Min", "Foreigners Max", "Foreigners", warnings)
        al_qaeda = single(count(raw, "Al-Qaeda", warnings))
        taliban = single(count(raw, "Taliban", warnings))
        militants = added([al_qaeda, taliban, foreigners])
        check_part(
            added([civilians, militants]), total, "Civilians and militants", "Total died", warnings
        )
        injured = pair(raw, "Injured Min", "Injured Max", "Injured", warnings)
        casualties = [
            f.casualty(category, outcome)
            for f, category, outcome in (
                (total, CasualtyCategory.TOTAL, Outcome.KILLED),
                (civilians, CasualtyCategory.CIVILIANS, Outcome.KILLED),
                (militants, CasualtyCategory.MILITANTS, Outcome.KILLED),
                (injured, CasualtyCategory.TOTAL, Outcome.INJURED),
            )
            if f.known
        ]
        point = coordinates(raw, "Latitude", "Longitude", warnings)
        city = cell(raw, "City")
        place = where(
            ctx,
            day=day,
            province=("Province", cell(raw, "Province")),
            unit=("City", CITY_ALIASES.get(city.lower(), city)),
            site=("Location", cell(raw, "Location")),
            point=point,
            unit_prefer="admin",
            point_is_site=False,
        )
        warnings += place.warnings
        urls, printed, leftover = references(cell(raw, "References"))
        if leftover:
            warnings.append(
                f"References text {clip(leftover)} is neither a URL nor a print reference; kept in "
                "the citation"
            )
        in_print = "; ".join(printed + ([leftover] if leftover else []))
        excerpt = " ".join(
            x for x in (cell(raw, "Comments"), f"References: {in_print}." if in_print else "") if x
        )
        strikes = self._strikes(raw, warnings)
        categories = {
            "Al-Qaeda": al_qaeda,
            "Taliban": taliban,
            "civilians": civilians,
            "foreigners": foreigners,
        }
        data = IncidentCreate.model_validate(
            {
                "date_start": day,
                "country": "PK",
                "place_detail": cell(raw, "Location")[:1000] or None,
                "latitude": point[0] if point else None,
                "longitude": point[1] if point else None,
                "geo_precision": place.precision,
                **drone_strike(
                    ctx,
                    "Pakistan Body Count: US drone attack",
                    cell(raw, "Special Mention (Site)"),
                    system=self.system,
                    text=f"{cell(raw, 'Comments')} {cell(raw, 'Special Mention (Site)')}",
                ),
                "casualties": casualties,
                "summary": summary(raw, day, strikes, categories, warnings),
                "review_status": "imported",
                "sources": sources(ctx, f"S# {uid}", excerpt, urls, warnings),
            },
            context={"dataset": True},
        )
        return sourced(Converted(row, uid, data, place.location, [], warnings))

    @staticmethod
    def _strikes(raw: dict[str, str], warnings: list[str]) -> int | None:
        value = cell(raw, "No of Strike")
        if is_unknown(value):
            return None
        if not value.isdigit():
            warnings.append(f"No of Strike {clip(value)} is not a number; left out")
            return None
        if int(value) > 1:
            warnings.append(
                f"No of Strike is {value}: the row stands for {value} strikes and is "
                "imported as one incident"
            )
        return int(value)


def summary(
    raw: dict[str, str],
    day: dt.date,
    strikes: int | None,
    categories: dict[str, Figure],
    warnings: list[str],
) -> str:
    """What the row says beyond the coded fields, PBC's own categories included."""
    place = ", ".join(x for x in (cell(raw, "Location"), cell(raw, "City")) if x)
    parts = [f"Drone attack{' at ' + place if place else ''} on {day} (PBC)."]
    if strikes and strikes > 1:
        parts.append(f"Strikes: {strikes}.")
    if not is_unknown(cell(raw, "Time")):
        parts.append(f"Time: {cell(raw, 'Time')}.")
    known = [f"{name} {f.text()}" for name, f in categories.items() if f.known]
    if known:
        parts.append(f"Killed by PBC category: {', '.join(known)}.")
    women = cell(raw, "Women/Children").upper()
    if women in ("Y", "N"):
        parts.append(f"Women or children among the dead: {'yes' if women == 'Y' else 'no'}.")
    elif women:
        warnings.append(
            f"Women/Children {clip(cell(raw, 'Women/Children'))} is not Y or N; left out"
        )
    for column, label in (("Special Mention (Site)", "Site"), ("Comments", "Comments")):
        if cell(raw, column):
            parts.append(f"{label}: {cell(raw, column)}")
    return " ".join(parts)[:10_000]
