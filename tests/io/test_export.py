"""Writing incidents as CSV (io.export_text), JSON and GeoJSON (io.export)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from militancydb.domain.incident import IncidentPublic
from militancydb.io.export import CSV_COLUMNS
from militancydb.io.export import to_geojson as geojson_of
from militancydb.io.export import to_json as json_of
from militancydb.io.export_text import write_csv


def to_csv(incidents: list[IncidentPublic]) -> str:
    out = io.StringIO()
    write_csv([[i.model_dump(mode="json") for i in incidents]], out)
    return out.getvalue()


def to_json(incidents: list[IncidentPublic], count: int | None = None) -> str:
    return json_of([i.model_dump(mode="json") for i in incidents], count)


def to_geojson(incidents: list[IncidentPublic]) -> str:
    return geojson_of([i.model_dump(mode="json") for i in incidents])


def incident(iid: int, **extra: Any) -> IncidentPublic:
    doc: dict[str, Any] = {
        "id": iid,
        "version": 1,
        "created_at": "2024-01-01T00:00:00",
        "created_by": "t",
        "updated_at": "2024-01-01T00:00:00",
        "updated_by": "t",
        "date_start": "2016-08-08",
        "date_precision": "day",
        "location": {
            "country": "PK",
            "province": "PK-BA",
            "province_name": "Balochistan",
            "geo_precision": "province",
        },
        "event_type": "militant_attack",
        "review_status": "draft",
    }
    doc.update(extra)
    return IncidentPublic.model_validate(doc)


UNKNOWN = incident(1)  # nothing known about casualties
ZERO = incident(
    2, casualties=[{"category": "total", "outcome": "killed", "best": 0}], totals={"killed_best": 0}
)
QUETTA = incident(
    3,
    location={
        "country": "PK",
        "province": "PK-BA",
        "province_name": "Balochistan",
        "latitude": 30.1833,
        "longitude": 67.0,
        "geo_precision": "exact",
    },
    casualties=[
        {"category": "civilians", "outcome": "killed", "best": 70},
        {"category": "police", "outcome": "killed", "best": 3},
        {"category": "army", "outcome": "killed", "best": 2},
        {"category": "civilians", "outcome": "injured", "best": 112},
    ],
    totals={"killed_best": 75, "injured_best": 112},
    tactics=["suicide_bombing", "ied"],
    actors=[
        {
            "actor_key": "ttp",
            "actor_name": "Tehrik-i-Taliban Pakistan",
            "role": "perpetrator",
            "basis": "claimed",
        },
        {"actor_key": None, "actor_name": "Lawyers", "role": "target", "basis": "suspected"},
    ],
    external_ids={"ucdp": "235882"},
)
NORTH = incident(
    4, location={"country": "PK", "latitude": 35.9, "longitude": 74.3, "geo_precision": "near"}
)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_the_header_and_one_row_per_incident() -> None:
    text = to_csv([UNKNOWN, ZERO, QUETTA])
    assert text.splitlines()[0].split(",") == list(CSV_COLUMNS)
    assert [r["id"] for r in rows(text)] == ["1", "2", "3"]


def test_csv_unknown_figures_are_empty_cells_not_zero() -> None:
    unknown, zero, quetta = rows(to_csv([UNKNOWN, ZERO, QUETTA]))
    for col in (
        "killed_low",
        "killed_best",
        "killed_high",
        "injured_best",
        "killed_civilians",
        "killed_security",
        "killed_militants",
    ):
        assert unknown[col] == "", col
    assert zero["killed_best"] == "0"  # a known zero stays 0
    assert zero["injured_best"] == ""
    assert quetta["killed_best"] == "75" and quetta["injured_best"] == "112"
    assert quetta["killed_civilians"] == "70"
    assert quetta["killed_security"] == "5"  # police and army are security forces
    assert quetta["killed_militants"] == ""


def test_csv_lists_are_joined_and_actors_split_by_role() -> None:
    (quetta,) = rows(to_csv([QUETTA]))
    assert quetta["tactics"] == "suicide_bombing;ied"
    assert quetta["perpetrators"] == "Tehrik-i-Taliban Pakistan"
    assert quetta["targets_actors"] == "Lawyers"
    assert quetta["external_ids"] == "ucdp:235882"
    assert (quetta["latitude"], quetta["longitude"]) == ("30.1833", "67.0")
    assert quetta["province"] == "Balochistan"


def test_empty_csv_still_has_the_header() -> None:
    assert to_csv([]).strip() == ",".join(CSV_COLUMNS)


def test_geojson_points_are_lon_lat_and_the_rest_are_counted() -> None:
    doc = json.loads(to_geojson([UNKNOWN, QUETTA, ZERO, NORTH]))
    assert doc["type"] == "FeatureCollection"
    assert [f["properties"]["id"] for f in doc["features"]] == [3, 4]
    quetta, north = doc["features"]
    assert quetta["geometry"] == {"type": "Point", "coordinates": [67.0, 30.1833]}
    assert north["geometry"]["coordinates"] == [74.3, 35.9]
    assert doc["properties"]["without_coordinates"] == 2
    assert "latitude" not in quetta["properties"] and "longitude" not in quetta["properties"]
    assert quetta["properties"]["killed_best"] == 75


def test_json_has_data_and_count() -> None:
    doc = json.loads(to_json([UNKNOWN, QUETTA]))
    assert doc["count"] == 2
    assert [d["id"] for d in doc["data"]] == [1, 3]
    assert doc["data"][1] == QUETTA.model_dump(mode="json")
    assert doc["data"][0]["totals"]["killed_best"] is None


def test_json_count_can_exceed_the_page() -> None:
    doc = json.loads(to_json([QUETTA], count=40))
    assert (len(doc["data"]), doc["count"]) == (1, 40)
