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

A row is read once (:mod:`militancydb.io.ucdp_row`); the fast path makes the rows to store
from it (:mod:`militancydb.io.ucdp_prepared`), the reference path the dictionary the
pydantic model validates (:func:`_fields`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from militancydb.codebook import AttributionBasis, CasualtyCategory, Tactic
from militancydb.domain.incident import IncidentCreate
from militancydb.io.engine import (
    Converted,
    ImportContext,
    Importer,
    Prepared,
    RawRow,
    Reject,
)
from militancydb.io.keywords import keywords_version
from militancydb.io.plain_incident import ActorNames, NotPlain
from militancydb.io.table import read_table
from militancydb.io.ucdp_prepared import DATE_PRECISION, GEO_PRECISION, prepared_of
from militancydb.io.ucdp_row import UCDPRow, citation_of, read_row
from militancydb.io.ucdp_rules import rules_hash

__all__ = ["DATE_PRECISION", "GEO_PRECISION", "UCDPImporter"]

#: The import context's cache key of the fast path's actor names.
ACTOR_NAMES = ("ucdp", "actor-names")


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
        """The fast path (:mod:`militancydb.io.ucdp_prepared`): the row read and made into
        the rows to store, its values checked as they are made; where those checks cannot
        vouch for it (and for a row that is rejected), :meth:`convert`, the reference."""
        if not self.fast:
            return self.convert(row, raw, ctx)
        try:
            read = read_row(raw, ctx)
        except ValueError:
            return self.convert(row, raw, ctx)  # the reference gives the reason
        names = ctx.cache.get(ACTOR_NAMES)
        if names is None:
            names = ctx.cache[ACTOR_NAMES] = ActorNames(ctx.kb.registry)
        try:
            done = prepared_of(read, raw, ctx.source_id, names)
        except (NotPlain, KeyError):
            return self.convert(row, raw, ctx)
        return Prepared(row, read.uid, done, read.warnings)

    def _convert(self, row: int, raw: dict[str, str], ctx: ImportContext) -> Converted:
        read = read_row(raw, ctx)
        data = IncidentCreate.model_validate(_fields(read, raw), context={"dataset": True})
        return Converted(
            row,
            read.uid,
            data,
            read.location,
            [citation_of(read, raw, ctx.source_id)],
            read.warnings,
        )


def _fields(r: UCDPRow, raw: dict[str, str]) -> dict[str, Any]:
    """The row read as the dictionary the model validates (the reference path)."""
    low, best, high = r.counts[:3]
    casualties: list[dict[str, Any]] = [
        {
            "category": CasualtyCategory.TOTAL,
            "low": low if low <= best else None,
            "best": best,
            "high": high if high >= best else None,
        }
    ]
    casualties += [{"category": c, "best": n} for c, n in r.by_category().items()]
    roles = r.typed.roles
    actors = [
        {
            "actor": side.actor,
            "role": role.value,
            "basis": AttributionBasis.ATTRIBUTED_BY_DATASET.value,
            "confidence": r.confidence,
            "note": f"UCDP side {label}",
        }
        for side, role, label in ((r.side_a, roles[0], "A"), (r.side_b, roles[1], "B"))
    ]
    if r.named is not None:
        actors.append(
            {
                "actor": r.named.actor,
                "role": "perpetrator",
                "basis": AttributionBasis.ATTRIBUTED_BY_DATASET.value,
                "confidence": "low",
                "note": f"named as acting by the UCDP row's reports (rule {r.typed.rule})",
            }
        )
    return {
        "date_start": r.day,
        "date_end": r.end if r.end and r.end != r.day else None,
        "date_precision": DATE_PRECISION.get(raw["date_prec"], "day"),
        "country": "PK",
        "place_detail": raw.get("where_description") or None,
        "latitude": r.latitude,
        "longitude": r.longitude,
        "geo_precision": GEO_PRECISION.get(raw["where_prec"], "unknown"),
        "event_type": r.typed.event_type,
        "event_type_rule": f"ucdp:{r.typed.rule}",
        "event_type_confidence": r.typed.confidence,
        "tactics": list(dict.fromkeys(r.tactics)),
        "suicide": True if Tactic.SUICIDE_BOMBING in r.tactics else None,
        "targets": [{"type": t} for t in r.targets],
        "casualties": casualties,
        "actors": actors,
        "review_status": "imported",
    }
