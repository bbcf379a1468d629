"""Importer for the START Global Terrorism Database (GTD), CSV or XLSX release.

The rules, column by column (also in ``docs/importers.md``):

- **Rows.** ``eventid`` is the dataset id. A row whose ``country_txt`` is not among the
  countries asked for (``--country``, default PK and AF) is skipped and counted, not rejected.
- **Date.** ``iyear``/``imonth``/``iday``; ``imonth`` 0 gives the year (precision ``year``,
  1 January to 31 December), ``iday`` 0 the month (precision ``month``). ``approxdate`` text
  makes the precision ``days`` and is kept in the summary; ``extended`` 1 with a
  ``resolution`` date gives the end date.
- **Place.** ``provstate`` (province), ``city`` (town; kept as place detail) and the
  coordinates, resolved as ``io/dataset_places.py`` says; ``specificity`` 1-5 gives the
  precision (exact, near, district, province, country); only specificity 1 coordinates
  mark the place itself.
- **Tactics.** ``attacktype1..3`` through the crosswalk; ``weaptype1..4`` add a tactic
  unless an attack type already implies that weapon (an assassination implies firearms);
  ``unknown`` is dropped beside known tactics; ``suicide`` 1 turns ``bombing`` (from an
  attack or a weapon type) into ``suicide_bombing``. **Targets**: ``targtype1..3``
  through the crosswalk, ``target1..3`` as their descriptions. Event type: ``kidnapping``
  when the first attack type is hostage taking, ``sabotage`` when it is a facility attack
  that killed no one, else ``militant_attack``.
- **Perpetrators.** ``gname``, ``gname2``, ``gname3`` through the actor registry (unknown
  names kept as names, with a warning; ``Unknown`` is no perpetrator), basis
  ``attributed_by_dataset``, or ``suspected`` when ``guncertain1..3`` is 1.
- **Claims.** ``claimed`` (group 1), ``claim2``, ``claim3`` 1: a ``claimed`` attribution of
  that group, and a claim record with ``claimmode`` (code or ``_txt``) as its channel
  (``io/dataset_claims.py``); ``compclaim`` 1 marks them disputed.
- **Casualties.** ``nkill`` total killed, ``nkillter`` the attackers killed (category
  ``militants``), ``nwound`` total injured, ``nwoundte`` attackers injured; victims are the
  difference. ``nkillus``/``nwoundus`` (US citizens) are not read.
- **Sources.** The GTD as a dataset source (locator: eventid and ``dbsource``) and each of
  ``scite1..3`` as a source of its own (found again by its text).
- ``-9``/``-99`` are unknown (see ``io/gtd_codes.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.codebook.crosswalk import crosswalk_version, to_ours
from militancydb.db.tables import Source
from militancydb.domain.incident import IncidentCreate
from militancydb.errors import ImportFailed
from militancydb.io import gtd_codes as g
from militancydb.io.dataset_claims import DatasetClaim, record_claims
from militancydb.io.dataset_places import RowPlace, place_of
from militancydb.io.engine import (
    Converted,
    ImportContext,
    Importer,
    ImportReport,
    Reject,
    Skip,
)
from militancydb.io.parsing import RowError, guarded
from militancydb.io.tabular import Rows, read_table
from militancydb.io.trailer import read_point
from militancydb.services.history import Editor

HOSTAGE = {"Hostage Taking (Barricade Incident)", "Hostage Taking (Kidnapping)"}
CLAIM_COLUMNS = (("claimed", "claimmode"), ("claim2", "claimmode2"), ("claim3", "claimmode3"))


class GTDImporter(Importer):
    """GTD release (CSV or XLSX) with the codebook's column names."""

    format = "gtd"
    system = "gtd"
    id_column = "eventid"
    rules_version = f"gtd-1+{crosswalk_version()}"
    options = ("countries",)
    required_columns = (
        "eventid",
        "iyear",
        "imonth",
        "iday",
        "country_txt",
        "provstate",
        "city",
        "latitude",
        "longitude",
        "specificity",
        "attacktype1",
        "targtype1",
        "weaptype1",
        "gname",
        "nkill",
        "nwound",
    )
    source = {
        "key": "gtd",
        "kind": "dataset",
        "publisher": "National Consortium for the Study of Terrorism and Responses to "
        "Terrorism (START), University of Maryland",
        "title": "Global Terrorism Database (GTD)",
        "url": "https://www.start.umd.edu/gtd",
        "licence": "GTD terms of use: the user's own copy; not redistributed by militancydb",
    }

    def __init__(self) -> None:
        self.countries: tuple[str, ...] = ("PK", "AF")
        self.claims: list[DatasetClaim] = []

    def configure(self, **options: Any) -> None:
        countries = tuple(options.pop("countries", None) or ())
        unknown = [c for c in countries if c not in g.ISO_TO_GTD]
        if unknown:
            raise ImportFailed(
                f"--country {', '.join(unknown)}: the GTD importer reads {', '.join(g.ISO_TO_GTD)}"
            )
        if countries:
            self.countries = countries
        super().configure(**options)

    def read(self, path: Path) -> Rows:
        self.claims = []
        return read_table(self, path)

    def convert(
        self, row: int, raw: dict[str, str], ctx: ImportContext
    ) -> Converted | Reject | Skip:
        name = (raw.get("country_txt") or "").strip()
        if not name:
            return Reject(row, "country_txt is empty; every GTD row names its country")
        iso = g.COUNTRIES.get(name)
        if iso not in self.countries:
            return Skip(row, f"country {name} (asked for {', '.join(self.countries)})")
        return guarded(self._convert, row, raw, ctx)

    def finish(
        self, session: Session, ctx: ImportContext, editor: Editor, report: ImportReport
    ) -> None:
        record_claims(session, ctx, editor, report, self.system, self.claims)
        self.claims = []

    def _convert(self, row: int, raw: dict[str, str], ctx: ImportContext) -> Converted:
        eventid = g.value(raw, "eventid")
        if not eventid:
            raise RowError("eventid is empty; every GTD row has its id")
        warnings: list[str] = []
        iso = g.COUNTRIES[(raw.get("country_txt") or "").strip()]
        start, end, precision = g.dates(raw, warnings)
        spec = g.value(raw, "specificity") or "5"
        spec = spec.split(".")[0]
        if spec not in g.SPECIFICITY:
            raise RowError(f"specificity {spec!r} is not 1-5")
        point = self._point(raw, warnings) if spec != "5" else None
        city = g.value(raw, "city")
        city = None if city is None or city.lower() == "unknown" else city
        province = g.value(raw, "provstate")
        province = None if province is None or province.lower() == "unknown" else province
        location = place_of(
            ctx,
            start,
            RowPlace(
                country=iso,
                province=("provstate", province) if province else None,
                town=("city", city) if city else None,
                point=point,
                point_precise=spec == "1",
            ),
            warnings,
        )
        attacks = g.labels(raw, "attacktype1", "attacktype", 3)
        weapons = g.labels(raw, "weaptype1", "weaptype", 4)
        suicide = g.flag(raw, "suicide")
        killed, killed_att = g.count(raw, "nkill"), g.count(raw, "nkillter")
        wounded, wounded_att = g.count(raw, "nwound"), g.count(raw, "nwoundte")
        for part, whole, what in (
            (killed_att, killed, "nkillter"),
            (wounded_att, wounded, "nwoundte"),
        ):
            if part is not None and whole is not None and part > whole:
                warnings.append(f"{what} {part} is above the total {whole}; kept both")
        casualties = [
            {"category": cat, "outcome": outcome, "low": n, "best": n, "high": n}
            for cat, outcome, n in (
                ("total", "killed", killed),
                ("militants", "killed", killed_att),
                ("total", "injured", wounded),
                ("militants", "injured", wounded_att),
            )
            if n is not None
        ]
        event = "militant_attack"
        if attacks and attacks[0] in HOSTAGE:
            event = "kidnapping"
        elif attacks[:1] == ["Facility/Infrastructure Attack"] and not killed:
            event = "sabotage"
        actors, claims = self._actors(row, raw, eventid, start, iso, ctx, warnings)
        self.claims += claims
        notes = {}
        if g.value(raw, "approxdate"):
            notes["approxdate"] = g.value(raw, "approxdate") or ""
        if g.flag(raw, "success") is False:
            notes["success"] = "0"
        data = IncidentCreate.model_validate(
            {
                "date_start": start,
                "date_end": end if end != start else None,
                "date_precision": precision,
                "country": iso,
                "place_detail": city,
                "latitude": point[0] if point else None,
                "longitude": point[1] if point else None,
                "geo_precision": g.SPECIFICITY[spec],
                "event_type": event,
                "tactics": g.tactics_of(attacks, weapons, suicide),
                "suicide": suicide,
                "targets": self._targets(raw),
                "casualties": casualties,
                "actors": actors,
                "summary": g.with_trailer(g.value(raw, "summary"), notes),
                "review_status": "imported",
            },
            context={"dataset": True},
        )
        return Converted(row, eventid, data, location, self._citations(raw, eventid, ctx), warnings)

    def _point(self, raw: dict[str, str], warnings: list[str]) -> tuple[float, float] | None:
        return read_point(*(g.value(raw, "latitude"), g.value(raw, "longitude")), warnings)

    def _targets(self, raw: dict[str, str]) -> list[dict[str, Any]]:
        out = []
        for i, label in enumerate(g.labels(raw, "targtype1", "targtype", 3), start=1):
            p = to_ours("gtd", "targtype1", label)
            text = g.value(raw, f"target{i}")
            out.append(
                {
                    "type": p.ours if p else "unknown",
                    "description": None if text in (None, "Unknown") else text,
                }
            )
        return out

    def _actors(
        self,
        row: int,
        raw: dict[str, str],
        eventid: str,
        day: dt.date,
        iso: str,
        ctx: ImportContext,
        warnings: list[str],
    ) -> tuple[list[dict[str, Any]], list[DatasetClaim]]:
        reg = ctx.kb.registry
        actors: list[dict[str, Any]] = []
        claims: list[DatasetClaim] = []
        disputed = g.flag(raw, "compclaim") is True
        for slot, (gcol, ucol) in enumerate(
            (("gname", "guncertain1"), ("gname2", "guncertain2"), ("gname3", "guncertain3")),
            start=1,
        ):
            name = g.value(raw, gcol)
            if not name or name.lower() == "unknown":
                continue
            cache_key = ("gtd-actor", name, iso, day.year)
            if cache_key not in ctx.cache:
                ctx.cache[cache_key] = reg.resolve(name, dataset="gtd", on=day, country=iso).key
            key = ctx.cache[cache_key]
            if key is None:
                warnings.append(f"{gcol} {name!r} is not in the actor registry; kept as a name")
            suspected = g.flag(raw, ucol) is True
            actors.append(
                {
                    "actor": key or name,
                    "role": "perpetrator",
                    "basis": "suspected" if suspected else "attributed_by_dataset",
                    "note": f"GTD {gcol}" + (f" ({ucol} 1)" if suspected else ""),
                }
            )
            flag, mode = CLAIM_COLUMNS[slot - 1]
            if g.flag(raw, flag) is not True:
                continue
            mode_label = g.label("claimmode", g.value(raw, mode), g.value(raw, f"{mode}_txt"))
            channel = to_ours("gtd", "claimmode", mode_label or "Unknown")
            actors.append(
                {
                    "actor": key or name,
                    "role": "perpetrator",
                    "basis": "claimed",
                    "note": f"GTD {flag} 1" + (f", {mode}: {mode_label}" if mode_label else ""),
                }
            )
            claims.append(
                DatasetClaim(
                    row=row,
                    external_id=eventid,
                    slot=slot,
                    claimant_key=key,
                    claimant_name=name,
                    channel=channel.ours if channel else "unknown",
                    channel_name=mode_label,
                    disputed=disputed,
                    note=f"from the GTD, eventid {eventid} ({flag} 1"
                    + (", compclaim 1: competing claims" if disputed else "")
                    + ")",
                )
            )
        return actors, claims

    def _citations(
        self, raw: dict[str, str], eventid: str, ctx: ImportContext
    ) -> list[dict[str, Any]]:
        dbsource = g.value(raw, "dbsource")
        out = [
            {
                "source_id": ctx.source_id,
                "locator": f"GTD eventid {eventid}"
                + (f"; dbsource {dbsource}" if dbsource else ""),
                "excerpt": None,
            }
        ]
        for i in (1, 2, 3):
            text = g.value(raw, f"scite{i}")
            if text:
                out.append(
                    {"source_id": _cited(ctx, text), "locator": f"scite{i}", "excerpt": None}
                )
        return out


def _cited(ctx: ImportContext, text: str) -> int:
    """The source standing for a GTD citation text (created once, found by its text)."""
    key = "gtd-scite-" + hashlib.sha1(text.encode()).hexdigest()[:20]
    if ("source", key) not in ctx.cache:
        assert ctx.session is not None
        found = ctx.session.scalar(select(Source.id).where(Source.key == key))
        if found is None:
            source = Source(key=key, kind="article", title=text[:5000], note="cited by the GTD")
            ctx.session.add(source)
            ctx.session.flush()
            found = source.id
        ctx.cache[("source", key)] = found
    source_id: int = ctx.cache[("source", key)]
    return source_id
