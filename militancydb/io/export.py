"""Write incidents as JSON, CSV or GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
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


def flat(i: IncidentPublic) -> dict[str, Any]:
    """One incident as a flat row (the CSV columns)."""
    loc = i.location
    return {
        "id": i.id,
        "version": i.version,
        "date_start": i.date_start.isoformat(),
        "date_end": i.date_end.isoformat() if i.date_end else "",
        "date_precision": i.date_precision,
        "country": loc.country,
        "province": loc.province_name or "",
        "province_now": loc.province_now_name or "",
        "district": loc.district_name or "",
        "district_now": loc.district_now_name or "",
        "place": loc.place_name or "",
        "place_detail": loc.place_detail or "",
        "latitude": loc.latitude if loc.latitude is not None else "",
        "longitude": loc.longitude if loc.longitude is not None else "",
        "geo_precision": loc.geo_precision,
        "event_type": i.event_type,
        "tactics": ";".join(i.tactics),
        "suicide": "" if i.suicide is None else str(i.suicide).lower(),
        "targets": ";".join(t.type for t in i.targets),
        "perpetrators": ";".join(a.actor_name for a in i.actors if a.role == "perpetrator"),
        "targets_actors": ";".join(a.actor_name for a in i.actors if a.role != "perpetrator"),
        "killed_low": _blank(i.totals.killed_low),
        "killed_best": _blank(i.totals.killed_best),
        "killed_high": _blank(i.totals.killed_high),
        "injured_low": _blank(i.totals.injured_low),
        "injured_best": _blank(i.totals.injured_best),
        "injured_high": _blank(i.totals.injured_high),
        "killed_civilians": _blank(_killed(i, {"civilians"})),
        "killed_security": _blank(_killed(i, {c.value for c in SECURITY_CATEGORIES})),
        "killed_militants": _blank(_killed(i, {"militants"})),
        "summary": i.summary or "",
        "external_ids": ";".join(f"{k}:{v}" for k, v in i.external_ids.items()),
        "sources": ";".join(s.url or s.title or s.publisher or "" for s in i.sources),
    }


def _blank(value: int | None) -> Any:
    return "" if value is None else value


def to_csv(incidents: Sequence[IncidentPublic]) -> str:
    """CSV with a header row; unknown numbers are empty cells, never 0."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for i in incidents:
        writer.writerow(flat(i))
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
