"""Importer for the UCDP Georeferenced Event Dataset (GED) CSV.

UCDP codes who fought whom, not who attacked whom: in a state-based event the government is
always side A, so a militant attack that killed seven policemen and an army operation that
killed seven militants look alike. Our event type is decided by the rule table
``ucdp_rules.yaml`` (applied by :mod:`militancydb.io.ucdp_rules`, documented with the whole
table in ``docs/event-types.md``) from all the evidence a row carries: the kinds of its sides,
the split of deaths between them (a ratio), and the cues of its headline, article and place
description. Each incident keeps the rule that typed it (``event_type_rule``, prefixed
``ucdp:``) and its confidence; where the evidence is too thin the type says so
(``state_based_fighting``: initiator unknown). The perpetrator is the group in an attack by
militants and the government in an operation or strike (an attribution by the dataset).

Casualties: ``deaths_a`` and ``deaths_b`` go to the category of each side (a government's
forces -> ``security_forces``, a foreign state's -> ``foreign_forces``, an armed group ->
``militants``, a tribe, party or community -> ``unknown``); ``deaths_civilians`` ->
``civilians``; ``deaths_unknown`` -> ``unknown``; ``low``/``best``/``high`` -> ``total``.
UCDP's zeros are its coded values and are kept as 0; injuries are not in UCDP and stay
unknown. Precision: ``date_prec`` 1-5 -> day, days, week, month, year; ``where_prec`` 1-7 ->
exact, near, district, province, region, country, unknown. An event dated only to a year, or
placed only in the country, is an aggregate (``aggregate`` on the incident).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from militancydb.codebook import (
    AttributionBasis,
    CasualtyCategory,
    EventType,
    Tactic,
)
from militancydb.domain.incident import IncidentCreate
from militancydb.domain.limits import clip
from militancydb.io.engine import (
    Converted,
    ImportContext,
    Importer,
    Prepared,
    RawRow,
    Reject,
)
from militancydb.io.keywords import keywords_version, tactics_in
from militancydb.io.memo import Memo
from militancydb.io.plain_incident import ActorNames
from militancydb.io.plain_incident import prepared as plain_prepared
from militancydb.io.table import read_table
from militancydb.io.ucdp_rules import (
    category_of,
    classify,
    evidence_text,
    rules_hash,
    targets_of,
)
from militancydb.knowledge.actors import ActorRegistry, ActorResolution
from militancydb.knowledge.shipped import resolve_ucdp_admin
from militancydb.services.locations import ResolvedLocation, locate

DATE_PRECISION = {"1": "day", "2": "days", "3": "week", "4": "month", "5": "year"}
GEO_PRECISION = {
    "1": "exact",
    "2": "near",
    "3": "district",
    "4": "province",
    "5": "region",
    "6": "country",
    "7": "unknown",
}


#: Locations by what decides them (the event's day, its admin units, place and point): rows
#: of one place and day repeat them (several dyads of one event, a release's repeats).
LOCATIONS: Memo[Any] = Memo("ucdp-location", 20_000)
#: Sides whose name several actors went by, by name and day.
SIDES_BY_DAY: Memo[dict[str, Any]] = Memo("ucdp-side-by-day", 20_000)
#: The import context's cache key of the fast path's actor names.
ACTOR_NAMES = ("ucdp", "actor-names")


@dataclass
class _Parts:
    """A row read, before validation."""

    uid: str
    fields: dict[str, Any]
    location: ResolvedLocation
    citation: dict[str, Any]
    warnings: list[str]


def _int(value: str, column: str) -> int:
    try:
        n = int(value)
    except ValueError as exc:
        raise ValueError(f"{column} is {clip(value)}, not a whole number") from exc
    if n < 0:
        raise ValueError(f"{column} is negative ({n})")
    return n


class UCDPImporter(Importer):
    """UCDP GED CSV (any country extract with GED's columns)."""

    format = "ucdp"
    system = "ucdp"
    #: UCDP is the base the database is initialised with (into an empty database); its rows
    #: are not matched against held incidents (docs/importers.md, "Events already held").
    match_held = False
    convert_in_workers = True
    rules_version = f"ucdp-2+{keywords_version()}+{rules_hash()}"
    required_columns = (
        "id",
        "type_of_violence",
        "side_a",
        "side_b",
        "adm_1",
        "adm_2",
        "where_prec",
        "where_coordinates",
        "latitude",
        "longitude",
        "date_prec",
        "date_start",
        "date_end",
        "deaths_a",
        "deaths_b",
        "deaths_civilians",
        "deaths_unknown",
        "best",
        "high",
        "low",
        "country",
    )
    #: Take the fast path (:meth:`convert_to_store`); False: always the reference.
    fast: bool = True
    source = {
        "key": "ucdp-ged-22-1",
        "kind": "dataset",
        "publisher": "Uppsala Conflict Data Program",
        "title": "UCDP Georeferenced Event Dataset (GED) Global version 22.1; Sundberg & "
        "Melander 2013, Journal of Peace Research 50(4); Davies, Pettersson & Öberg 2022",
        "url": "https://ucdp.uu.se/downloads/",
        "published": "2022",
        "licence": "CC BY 4.0",
    }

    def read(self, path: Path) -> Iterator[RawRow | Reject]:
        return read_table(self, path)

    def convert(self, row: int, raw: dict[str, str], ctx: ImportContext) -> Converted | Reject:
        try:
            return self._convert(row, raw, ctx)
        except ValidationError as exc:  # first: pydantic's error is a ValueError too
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'incident'}: {e['msg']}"
                for e in exc.errors()
            )
            return Reject(row, problems)
        except ValueError as exc:
            return Reject(row, str(exc))

    def convert_to_store(
        self, row: int, raw: dict[str, str], ctx: ImportContext
    ) -> Converted | Prepared | Reject:
        """The fast path (:mod:`militancydb.io.plain_incident`): the row's incident checked
        by plain functions and made into the rows to store; where those checks cannot vouch
        for it (and for a row that is rejected), :meth:`convert`, the reference."""
        if not self.fast:
            return self.convert(row, raw, ctx)
        try:
            parts = self._parts(row, raw, ctx)
        except ValueError:
            return self.convert(row, raw, ctx)  # the reference gives the reason
        names = ctx.cache.get(ACTOR_NAMES)
        if names is None:
            names = ctx.cache[ACTOR_NAMES] = ActorNames(ctx.kb.registry)
        done = plain_prepared(
            parts.fields, location=parts.location, citations=[parts.citation], actors=names
        )
        if done is None:
            return self.convert(row, raw, ctx)
        return Prepared(row, parts.uid, done, parts.warnings)

    def _convert(self, row: int, raw: dict[str, str], ctx: ImportContext) -> Converted:
        parts = self._parts(row, raw, ctx)
        data = IncidentCreate.model_validate(parts.fields, context={"dataset": True})
        return Converted(row, parts.uid, data, parts.location, [parts.citation], parts.warnings)

    def _parts(self, row: int, raw: dict[str, str], ctx: ImportContext) -> _Parts:
        """The row read: its incident as the dictionary the model validates, its location,
        citation and warnings (ValueError for a row that cannot be read)."""
        uid = (raw.get("id") or "").strip()
        if not uid:
            raise ValueError("no UCDP id")
        if raw.get("country", "").strip() and raw["country"].strip() != "Pakistan":
            raise ValueError(
                f"country is {clip(raw['country'])}; this importer reads Pakistan rows"
            )
        day = _date(raw["date_start"], "date_start")
        end = _date(raw["date_end"], "date_end") if raw.get("date_end") else None
        tov = raw["type_of_violence"].strip()
        if tov not in ("1", "2", "3"):
            raise ValueError(f"type_of_violence is {clip(tov)}; UCDP uses 1, 2 or 3")
        low, best, high = (_int(raw[c], c) for c in ("low", "best", "high"))
        warnings = []
        if not low <= best <= high:
            warnings.append(
                f"low {low}, best {best}, high {high} are out of order; kept best and set the "
                "contradicting bound(s) to unknown"
            )
        split = {
            c: _int(raw[c], c)
            for c in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
        }
        if sum(split.values()) != best:
            warnings.append(f"deaths by side add up to {sum(split.values())}, best is {best}")
        reg = ctx.kb.registry
        side_a = _actor(reg, raw["side_a"], day, ctx)
        side_b = _actor(reg, raw["side_b"], day, ctx)
        for side in (side_a, side_b):
            if side["key"] is None:
                warnings.append(f"actor {clip(side['name'])} is not in the registry")
        headline = raw.get("source_headline") or raw.get("source_article") or ""
        typed = classify(tov, side_a, side_b, split, evidence_text(raw))
        event, roles = typed.event_type, typed.roles
        tactics = [Tactic(t) for t in tactics_in(headline)]
        if event is EventType.DRONE_STRIKE and Tactic.DRONE_MISSILE not in tactics:
            tactics.insert(0, Tactic.DRONE_MISSILE)
        if event is not EventType.DRONE_STRIKE and Tactic.DRONE_MISSILE in tactics:
            tactics.remove(Tactic.DRONE_MISSILE)  # a roundup's drone line, not this event
        if event is EventType.OPERATIONAL_ATTACK and "air" in typed.cues:
            tactics.insert(0, Tactic.AIR_STRIKE)
        targets = targets_of(event, side_a, side_b, roles, headline)
        casualties = [
            {
                "category": CasualtyCategory.TOTAL,
                "low": low if low <= best else None,
                "best": best,
                "high": high if high >= best else None,
            }
        ]
        by_cat: dict[CasualtyCategory, int] = {}
        for side, column in ((side_a, "deaths_a"), (side_b, "deaths_b")):
            cat = category_of(side)
            by_cat[cat] = by_cat.get(cat, 0) + split[column]
        by_cat[CasualtyCategory.CIVILIANS] = (
            by_cat.get(CasualtyCategory.CIVILIANS, 0) + split["deaths_civilians"]
        )
        by_cat[CasualtyCategory.UNKNOWN] = (
            by_cat.get(CasualtyCategory.UNKNOWN, 0) + split["deaths_unknown"]
        )
        casualties += [{"category": c, "best": n} for c, n in by_cat.items()]
        confidence = "low" if raw.get("event_clarity") == "2" else "medium"
        actors = [
            {
                "actor": side["key"] or side["name"],
                "role": role.value,
                "basis": AttributionBasis.ATTRIBUTED_BY_DATASET.value,
                "confidence": confidence,
                "note": f"UCDP side {label}",
            }
            for side, role, label in ((side_a, roles[0], "A"), (side_b, roles[1], "B"))
        ]
        if typed.perpetrator:
            named = _actor(reg, typed.perpetrator, day, ctx)
            actors.append(
                {
                    "actor": named["key"] or named["name"],
                    "role": "perpetrator",
                    "basis": AttributionBasis.ATTRIBUTED_BY_DATASET.value,
                    "confidence": "low",
                    "note": f"named as acting by the UCDP row's reports (rule {typed.rule})",
                }
            )
        lat = float(raw["latitude"]) if raw.get("latitude") else None
        lon = float(raw["longitude"]) if raw.get("longitude") else None
        location = self._location(raw, day, lat, lon, ctx)
        fields: dict[str, Any] = {
            "date_start": day,
            "date_end": end if end and end != day else None,
            "date_precision": DATE_PRECISION.get(raw["date_prec"], "day"),
            "country": "PK",
            "place_detail": raw.get("where_description") or None,
            "latitude": lat,
            "longitude": lon,
            "geo_precision": GEO_PRECISION.get(raw["where_prec"], "unknown"),
            "event_type": event,
            "event_type_rule": f"ucdp:{typed.rule}",
            "event_type_confidence": typed.confidence,
            "tactics": list(dict.fromkeys(tactics)),
            "suicide": True if Tactic.SUICIDE_BOMBING in tactics else None,
            "targets": targets,
            "casualties": casualties,
            "actors": actors,
            "review_status": "imported",
        }
        excerpt = raw.get("source_article") or None
        citation = {
            "source_id": ctx.source_id,
            "locator": f"UCDP GED id {uid}; relid {raw.get('relid', '')}".strip("; "),
            "excerpt": excerpt,
        }
        return _Parts(uid, fields, location, citation, warnings)

    def _location(
        self,
        raw: dict[str, str],
        day: dt.date,
        lat: float | None,
        lon: float | None,
        ctx: ImportContext,
    ) -> Any:
        gaz = ctx.kb.gazetteer
        key = ("adm", raw["adm_1"], raw["adm_2"])
        if key not in ctx.cache:
            ctx.cache[key] = resolve_ucdp_admin(gaz, raw["adm_1"], raw["adm_2"])
        province, district = ctx.cache[key]
        place_key = None
        name = (raw.get("where_coordinates") or "").strip()
        if name and raw["where_prec"] in ("1", "2"):
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
        precise = raw["where_prec"] in ("1", "2", "3")
        # a pure function of these (and of today's date, for the names of today)
        lkey = (day, province, district, place_key, lat, lon, precise, dt.date.today())
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


def _date(value: str, column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError as exc:
        raise ValueError(f"{column} is {clip(value)}, not a date") from exc


def _actor(reg: ActorRegistry, name: str, day: dt.date, ctx: ImportContext) -> dict[str, Any]:
    """A UCDP side as the rules read it, remembered by name: a name's resolution depends on
    the day only when several actors go by it (the registry tells them apart by when each
    existed), and those are remembered by name and day."""
    name = (name or "").strip()
    cache_key = ("actor", name)
    if cache_key not in ctx.cache:
        undated = reg.resolve(name, dataset="ucdp")
        ctx.cache[cache_key] = None if undated.status == "ambiguous" else _side(reg, name, undated)
    side = ctx.cache[cache_key]
    if side is None:
        side = SIDES_BY_DAY.get(ctx, (name, day))
        if side is None:
            side = _side(reg, name, reg.resolve(name, dataset="ucdp", on=day))
            SIDES_BY_DAY.put(ctx, (name, day), side)
    return dict(side)


def _side(reg: ActorRegistry, name: str, r: ActorResolution) -> dict[str, Any]:
    a = reg.get(r.key) if r.key else None
    ancestors = reg.ancestors(r.key) if r.key else []
    return {
        "name": name,
        "key": r.key,
        "kind": a.kind if a else "unknown",
        "family": a.family if a else "other",
        "is_us": bool(a and (r.key == "united-states" or "united-states" in ancestors)),
        "is_pakistan": bool(a and (r.key == "pakistan" or "pakistan" in ancestors)),
        "civilians": r.key == "civilians" or name == "Civilians",
    }
