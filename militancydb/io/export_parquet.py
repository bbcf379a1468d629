"""Incidents as Apache Parquet, for pandas, R (arrow) and DuckDB.

Typed columns: dates are ``date32``, coordinates ``float64``, counts nullable ``int32``
(unknown is null, never 0), ``suicide`` a nullable boolean, tactics, targets, perpetrators
and sources lists of strings, external ids a map from dataset to id. Each batch of
incidents is one row group, so the file is written as the incidents are read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from militancydb.codebook import SECURITY_CATEGORIES
from militancydb.io.export import Public
from militancydb.io.export_text import Batches

_TEXT = pa.string()
_COUNT = pa.int32()
SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("version", pa.int32()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", _TEXT),
        ("country", _TEXT),
        ("province", _TEXT),
        ("province_now", _TEXT),
        ("district", _TEXT),
        ("district_now", _TEXT),
        ("place", _TEXT),
        ("place_detail", _TEXT),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("geo_precision", _TEXT),
        ("event_type", _TEXT),
        ("tactics", pa.list_(_TEXT)),
        ("suicide", pa.bool_()),
        ("targets", pa.list_(_TEXT)),
        ("perpetrators", pa.list_(_TEXT)),
        ("killed_low", _COUNT),
        ("killed_best", _COUNT),
        ("killed_high", _COUNT),
        ("injured_low", _COUNT),
        ("injured_best", _COUNT),
        ("injured_high", _COUNT),
        ("killed_civilians", _COUNT),
        ("killed_security", _COUNT),
        ("killed_militants", _COUNT),
        ("summary", _TEXT),
        ("review_status", _TEXT),
        ("external_ids", pa.map_(_TEXT, _TEXT)),
        ("sources", pa.list_(_TEXT)),
        ("updated_at", pa.timestamp("s", tz="UTC")),
    ]
)


def _killed(i: Public, categories: frozenset[str]) -> int | None:
    known = [
        c["best"]
        for c in i["casualties"]
        if c["outcome"] == "killed" and c["category"] in categories and c["best"] is not None
    ]
    return sum(known) if known else None


_SECURITY = frozenset(c.value for c in SECURITY_CATEGORIES)


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _record(i: Public) -> dict[str, Any]:
    loc, t = i["location"], i["totals"]
    updated = dt.datetime.fromisoformat(i["updated_at"])
    updated = updated if updated.tzinfo else updated.replace(tzinfo=dt.UTC)
    return {
        "id": i["id"],
        "version": i["version"],
        "date_start": _day(i["date_start"]),
        "date_end": _day(i["date_end"]),
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
        "tactics": list(i["tactics"]),
        "suicide": i["suicide"],
        "targets": [x["type"] for x in i["targets"]],
        "perpetrators": [a["actor_name"] for a in i["actors"] if a["role"] == "perpetrator"],
        "killed_low": t["killed_low"],
        "killed_best": t["killed_best"],
        "killed_high": t["killed_high"],
        "injured_low": t["injured_low"],
        "injured_best": t["injured_best"],
        "injured_high": t["injured_high"],
        "killed_civilians": _killed(i, frozenset({"civilians"})),
        "killed_security": _killed(i, _SECURITY),
        "killed_militants": _killed(i, frozenset({"militants"})),
        "summary": i["summary"],
        "review_status": i["review_status"],
        "external_ids": list(i["external_ids"].items()),
        "sources": [s["url"] or s["title"] or s["publisher"] or "" for s in i["sources"]],
        "updated_at": updated,
    }


def write_parquet(batches: Batches, path: Path) -> int:
    """Write the incidents to ``path``, one row group per batch; returns how many."""
    n = 0
    with pq.ParquetWriter(path, SCHEMA) as writer:
        for batch in batches:
            if not batch:
                continue
            table = pa.Table.from_pylist([_record(i) for i in batch], schema=SCHEMA)
            writer.write_table(table)
            n += len(batch)
    return n
