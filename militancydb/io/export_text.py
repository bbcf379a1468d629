"""Streaming writers of the text formats: CSV (ours, GTD's and ACLED's layout), JSON Lines,
JSON and GeoJSON. Each takes batches of incidents and writes as it goes.

**Spreadsheet formulas.** In our own CSV a text cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is written with a leading apostrophe (``'=HYPERLINK(...)``),
so that a spreadsheet shows it as text instead of running it; numbers are written as numbers.
The GTD and ACLED layouts are data-interchange files meant to be read back by their importers
and are written verbatim, as the datasets' own releases are. Every CSV quotes the cells that
need it (commas, quotes, line breaks), per RFC 4180.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from militancydb.domain.incident import IncidentPublic
from militancydb.io.export import CSV_COLUMNS, flat

Batches = Iterable[Sequence[IncidentPublic]]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula (see the module docstring)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(
    batches: Batches,
    out: TextIO,
    columns: Sequence[str] = CSV_COLUMNS,
    row_of: Callable[[IncidentPublic], dict[str, Any]] = flat,
    neutralise: bool = True,
) -> int:
    """A header and one row per incident; returns the number of incidents."""
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    n = 0
    for batch in batches:
        for i in batch:
            row = row_of(i)
            writer.writerow({k: safe_cell(v) for k, v in row.items()} if neutralise else row)
            n += 1
    return n


def write_jsonl(batches: Batches, out: TextIO) -> int:
    """One incident per line, every field."""
    n = 0
    for batch in batches:
        for i in batch:
            out.write(i.model_dump_json() + "\n")
            n += 1
    return n


def write_json(batches: Batches, out: TextIO, count: int | None = None) -> int:
    """``{"data": [...], "count": N}`` with every field, indented as ``json.dumps(...,
    indent=2)`` would; ``count`` is the size of the whole selection (default: the incidents
    written)."""
    out.write('{\n  "data": [')
    n = 0
    for batch in batches:
        for i in batch:
            text = json.dumps(i.model_dump(mode="json"), indent=2, ensure_ascii=False)
            out.write(("," if n else "") + "\n    " + text.replace("\n", "\n    "))
            n += 1
    out.write(("\n  " if n else "") + f'],\n  "count": {n if count is None else count}\n}}\n')
    return n


def write_geojson(batches: Batches, out: TextIO) -> int:
    """A FeatureCollection of the incidents with coordinates (the others are counted in the
    collection's ``properties.without_coordinates``)."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = missing = 0
    for batch in batches:
        for i in batch:
            loc = i.location
            if loc.latitude is None or loc.longitude is None:
                missing += 1
                continue
            # unknown is null (not ""), so that GIS tools type the columns as numbers
            props = {k: None if v == "" else v for k, v in flat(i).items()}
            props.pop("latitude")
            props.pop("longitude")
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [loc.longitude, loc.latitude]},
                "properties": props,
            }
            out.write(("," if n else "") + "\n" + json.dumps(feature, ensure_ascii=False))
            n += 1
    out.write(f'\n], "properties": {{"without_coordinates": {missing}}}}}\n')
    return n + missing
