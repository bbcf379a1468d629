"""The row shapes of an export: the flat row of our own CSV (and GeoJSON properties), and the
whole-document JSON and GeoJSON the API returns for a page. Incidents come as their JSON form
(:data:`Public`: the dict ``IncidentPublic.model_dump(mode="json")`` gives, which
:mod:`militancydb.services.incident_reader` reads straight from the database). CSV is written
by :func:`militancydb.io.export_text.write_csv` only, which neutralises spreadsheet formulas.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from militancydb.codebook import SECURITY_CATEGORIES

#: an incident's JSON form (``IncidentPublic.model_dump(mode="json")``)
Public = dict[str, Any]

CSV_COLUMNS = (
    "id",
    "version",
    "date_start",
    "date_end",
    "date_precision",
    "country",
    "province",
    "province_now",
    "district",
    "district_now",
    "place",
    "place_detail",
    "latitude",
    "longitude",
    "geo_precision",
    "event_type",
    "tactics",
    "suicide",
    "targets",
    "perpetrators",
    "targets_actors",
    "killed_low",
    "killed_best",
    "killed_high",
    "injured_low",
    "injured_best",
    "injured_high",
    "killed_civilians",
    "killed_security",
    "killed_militants",
    "summary",
    "external_ids",
    "sources",
)


_SECURITY = frozenset(c.value for c in SECURITY_CATEGORIES)


def _killed(i: Public, categories: frozenset[str]) -> int | None:
    known = [
        c["best"]
        for c in i["casualties"]
        if c["outcome"] == "killed" and c["category"] in categories and c["best"] is not None
    ]
    return sum(known) if known else None


def _joined(items: Iterable[str]) -> str | None:
    text = ";".join(x for x in items if x)
    return text or None


def flat(i: Public) -> dict[str, Any]:
    """One incident as a flat row (the CSV columns). Unknown is ``None``: an empty cell in
    CSV, ``null`` in GeoJSON; never ``""`` or 0 in place of a figure."""
    loc, t, actors = i["location"], i["totals"], i["actors"]
    return {
        "id": i["id"],
        "version": i["version"],
        "date_start": i["date_start"],
        "date_end": i["date_end"],
        "date_precision": i["date_precision"],
        "country": loc["country"],
        "province": loc["province_name"],
        "province_now": loc["province_now_name"],
        "district": loc["district_name"],
        "district_now": loc["district_now_name"],
        "place": loc["place_name"],
        "place_detail": loc["place_detail"],
        "latitude": loc["latitude"],
        "longitude": loc["longitude"],
        "geo_precision": loc["geo_precision"],
        "event_type": i["event_type"],
        "tactics": _joined(i["tactics"]),
        "suicide": i["suicide"],
        "targets": _joined(x["type"] for x in i["targets"]),
        "perpetrators": _joined(a["actor_name"] for a in actors if a["role"] == "perpetrator"),
        "targets_actors": _joined(a["actor_name"] for a in actors if a["role"] != "perpetrator"),
        "killed_low": t["killed_low"],
        "killed_best": t["killed_best"],
        "killed_high": t["killed_high"],
        "injured_low": t["injured_low"],
        "injured_best": t["injured_best"],
        "injured_high": t["injured_high"],
        "killed_civilians": _killed(i, _CIVILIANS),
        "killed_security": _killed(i, _SECURITY),
        "killed_militants": _killed(i, _MILITANTS),
        "summary": i["summary"],
        "external_ids": _joined(f"{k}:{v}" for k, v in i["external_ids"].items()),
        "sources": _joined(s["url"] or s["title"] or s["publisher"] or "" for s in i["sources"]),
    }


_CIVILIANS = frozenset({"civilians"})
_MILITANTS = frozenset({"militants"})


def to_json(incidents: Sequence[Public], count: int | None = None) -> str:
    """``{"data": [...], "count": N}`` with every field."""
    return json.dumps(
        {"data": list(incidents), "count": len(incidents) if count is None else count},
        indent=2,
        ensure_ascii=False,
    )


def to_geojson(incidents: Sequence[Public]) -> str:
    """A FeatureCollection of the incidents that have coordinates (others are counted in
    ``properties.without_coordinates`` of the collection)."""
    features = []
    missing = 0
    for i in incidents:
        loc = i["location"]
        if loc["latitude"] is None or loc["longitude"] is None:
            missing += 1
            continue
        props = flat(i)
        props.pop("latitude")
        props.pop("longitude")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [loc["longitude"], loc["latitude"]]},
                "properties": props,
            }
        )
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": features,
            "properties": {"without_coordinates": missing},
        },
        ensure_ascii=False,
    )
