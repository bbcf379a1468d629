"""Write incidents as JSON, CSV or GeoJSON (unknown values: empty CSV cells, JSON null)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from militancydb.codebook import SECURITY_CATEGORIES
from militancydb.domain.incident import IncidentPublic

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


def _killed(i: IncidentPublic, categories: set[str]) -> int | None:
    values = [c.best for c in i.casualties if c.outcome == "killed" and c.category in categories]
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _joined(items: Iterable[str]) -> str | None:
    text = ";".join(x for x in items if x)
    return text or None


def flat(i: IncidentPublic) -> dict[str, Any]:
    """One incident as a flat row (the CSV columns). Unknown is ``None``: an empty cell in
    CSV, ``null`` in GeoJSON; never ``""`` or 0 in place of a figure."""
    loc = i.location
    return {
        "id": i.id,
        "version": i.version,
        "date_start": i.date_start.isoformat(),
        "date_end": i.date_end.isoformat() if i.date_end else None,
        "date_precision": i.date_precision,
        "country": loc.country,
        "province": loc.province_name,
        "province_now": loc.province_now_name,
        "district": loc.district_name,
        "district_now": loc.district_now_name,
        "place": loc.place_name,
        "place_detail": loc.place_detail,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "geo_precision": loc.geo_precision,
        "event_type": i.event_type,
        "tactics": _joined(i.tactics),
        "suicide": i.suicide,
        "targets": _joined(t.type for t in i.targets),
        "perpetrators": _joined(a.actor_name for a in i.actors if a.role == "perpetrator"),
        "targets_actors": _joined(a.actor_name for a in i.actors if a.role != "perpetrator"),
        "killed_low": i.totals.killed_low,
        "killed_best": i.totals.killed_best,
        "killed_high": i.totals.killed_high,
        "injured_low": i.totals.injured_low,
        "injured_best": i.totals.injured_best,
        "injured_high": i.totals.injured_high,
        "killed_civilians": _killed(i, {"civilians"}),
        "killed_security": _killed(i, {c.value for c in SECURITY_CATEGORIES}),
        "killed_militants": _killed(i, {"militants"}),
        "summary": i.summary,
        "external_ids": _joined(f"{k}:{v}" for k, v in i.external_ids.items()),
        "sources": _joined(s.url or s.title or s.publisher or "" for s in i.sources),
    }


def _cell(value: Any) -> Any:
    """A value as a CSV cell: unknown is an empty cell, a flag is ``true``/``false``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return value


def to_csv(incidents: Sequence[IncidentPublic]) -> str:
    """CSV with a header row; unknown numbers are empty cells, never 0."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for i in incidents:
        writer.writerow({k: _cell(v) for k, v in flat(i).items()})
    return out.getvalue()


def to_json(incidents: Sequence[IncidentPublic], count: int | None = None) -> str:
    """``{"data": [...], "count": N}`` with every field."""
    return json.dumps(
        {
            "data": [i.model_dump(mode="json") for i in incidents],
            "count": len(incidents) if count is None else count,
        },
        indent=2,
        ensure_ascii=False,
    )


def to_geojson(incidents: Sequence[IncidentPublic]) -> str:
    """A FeatureCollection of the incidents that have coordinates (others are counted in
    ``properties.without_coordinates`` of the collection)."""
    features = []
    missing = 0
    for i in incidents:
        loc = i.location
        if loc.latitude is None or loc.longitude is None:
            missing += 1
            continue
        props = flat(i)
        props.pop("latitude")
        props.pop("longitude")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [loc.longitude, loc.latitude]},
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
