"""Streaming writers of the text formats: CSV (ours, GTD's and ACLED's layout), JSON Lines,
JSON and GeoJSON. Each takes batches of incidents (their JSON form,
:data:`militancydb.io.export.Public`) and writes as it goes.

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
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO, cast

import orjson

from militancydb.io.export import CSV_COLUMNS, Public, flat

Batches = Iterable[Sequence[Public]]
#: batches of flat rows: tuples in ``CSV_COLUMNS`` order (see io/incident_flat.py)
FlatBatches = Iterable[Sequence[Sequence[Any]]]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STARTS = frozenset(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula (see the module docstring)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(
    batches: Batches,
    out: TextIO,
    columns: Sequence[str] = CSV_COLUMNS,
    row_of: Callable[[Public], dict[str, Any]] = flat,
    neutralise: bool = True,
) -> int:
    """A header and one row per incident; returns the number of incidents."""
    # csv.writer over the columns in order writes what csv.DictWriter writes (a missing key
    # is an empty cell), without DictWriter's check of every row's keys
    writer = csv.writer(out, lineterminator="\n")
    names = list(columns)
    writer.writerow(names)
    n = 0
    for batch in batches:
        rows = [row_of(i) for i in batch]
        if neutralise:
            writer.writerows([safe_cell(r.get(k, "")) for k in names] for r in rows)
        else:
            writer.writerows([r.get(k, "") for k in names] for r in rows)
        n += len(rows)
    return n


def flat_rows(batches: Batches) -> Iterator[list[tuple[Any, ...]]]:
    """Batches of JSON forms as batches of flat rows."""
    for batch in batches:
        yield [tuple(flat(i).values()) for i in batch]


def write_flat_csv(batches: FlatBatches, out: TextIO) -> int:
    """Our CSV from flat rows: a header and one neutralised row per incident."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    starts = _STARTS
    for batch in batches:
        # safe_cell, inline: a function call per cell was a third of the export's time
        writer.writerows(
            [("'" + v) if v.__class__ is str and v[:1] in starts else v for v in row]
            for row in batch
        )
        n += len(batch)
    return n


def utf8_writer(out: TextIO) -> Callable[[bytes], object]:
    """A function writing UTF-8 bytes to ``out``: straight to its binary buffer when it has
    one that takes UTF-8 unchanged (a file or the standard output opened as UTF-8, without
    newline translation), else decoded to text. The JSON writers' output is orjson's bytes:
    decoding them and having the stream encode them again cost as much as encoding them."""
    buffer = getattr(out, "buffer", None)
    encoding = (getattr(out, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if buffer is not None and encoding == "utf8" and os.linesep == "\n":
        out.flush()  # what was written as text goes first
        return cast(Callable[[bytes], object], buffer.write)

    def write(data: bytes) -> object:
        # surrogatepass: a lone surrogate (which no database gives, but a form built by hand
        # may hold) is written to a text stream as json.dumps wrote it
        return out.write(data.decode("utf-8", "surrogatepass"))

    return write


#: chunks a :func:`background_writer` holds before its caller waits
PENDING_CHUNKS = 2


@contextmanager
def background_writer(write: Callable[[bytes], object]) -> Iterator[Callable[[bytes], None]]:
    """``write`` run on a thread of its own, at most :data:`PENDING_CHUNKS` chunks behind its
    caller: a file's ``write`` of a large chunk leaves the interpreter's lock while the
    kernel copies it, so the caller reads the next rows (SQLite leaves the lock too) on the
    other core. Leaving the block waits for every chunk to be written; a failed write is
    raised in the caller (at its next chunk or on leaving)."""
    chunks: queue.Queue[bytes | None] = queue.Queue(PENDING_CHUNKS)
    failed: list[BaseException] = []

    def run() -> None:
        while (chunk := chunks.get()) is not None:
            if not failed:
                try:
                    write(chunk)
                except BaseException as e:  # noqa: BLE001 - raised again in the caller
                    failed.append(e)

    def put(chunk: bytes) -> None:
        if failed:
            raise failed[0]
        chunks.put(chunk)

    thread = threading.Thread(target=run, name="export-writer", daemon=True)
    thread.start()
    try:
        yield put
    finally:
        chunks.put(None)
        thread.join()
    if failed:
        raise failed[0]


def write_jsonl(batches: Batches, out: TextIO) -> int:
    """One incident per line, every field, as ``IncidentPublic.model_dump_json()`` writes
    it: orjson writes the same bytes (compact, UTF-8, the same shortest floats) several times
    faster than pydantic's serialiser (a test holds the two equal)."""
    dumps = orjson.dumps
    newline = orjson.OPT_APPEND_NEWLINE
    write = utf8_writer(out)
    n = 0
    for batch in batches:
        write(b"".join([dumps(i, option=newline) for i in batch]))
        n += len(batch)
    return n


def _small_float(i: Public) -> bool:
    """Whether a coordinate is a float that ``json`` writes with an exponent and orjson
    without (0 < |x| < 0.0001: ``1e-05`` against ``0.00001``); the only floats of the form."""
    loc = i["location"]
    return any(
        isinstance(x, float) and 0 < abs(x) < 1e-4 for x in (loc["latitude"], loc["longitude"])
    )


_INDENT = orjson.OPT_INDENT_2


def _indented(i: Public) -> bytes:
    """One incident as ``json.dumps(i, indent=2, ensure_ascii=False)`` writes it (UTF-8):
    orjson's two-space indent gives the same text except for the floats
    :func:`_small_float` finds and the texts orjson refuses, which go through ``json``."""
    if not _small_float(i):
        try:
            return orjson.dumps(i, option=_INDENT)
        except orjson.JSONEncodeError:
            pass
    return json.dumps(i, indent=2, ensure_ascii=False).encode("utf-8", "surrogatepass")


def write_json(batches: Batches, out: TextIO, count: int | None = None) -> int:
    """``{"data": [...], "count": N}`` with every field, indented as ``json.dumps(...,
    indent=2)`` would; ``count`` is the size of the whole selection (default: the incidents
    written)."""
    write = utf8_writer(out)
    write(b'{\n  "data": [')
    n = 0
    for batch in batches:
        parts = []
        for i in batch:
            parts.append((b"," if n else b"") + b"\n    " + _indented(i).replace(b"\n", b"\n    "))
            n += 1
        write(b"".join(parts))
    end = ("\n  " if n else "") + f'],\n  "count": {n if count is None else count}\n}}\n'
    write(end.encode())
    return n


_LAT, _LON = CSV_COLUMNS.index("latitude"), CSV_COLUMNS.index("longitude")
_PROPS = [(n, c) for n, c in enumerate(CSV_COLUMNS) if c not in ("latitude", "longitude")]


def write_geojson(batches: FlatBatches, out: TextIO) -> int:
    """A FeatureCollection of the incidents with coordinates, from flat rows (the others are
    counted in the collection's ``properties.without_coordinates``)."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = missing = 0
    for batch in batches:
        for row in batch:
            lat, lon = row[_LAT], row[_LON]
            if lat is None or lon is None:
                missing += 1
                continue
            # unknown is null (not ""), so that GIS tools type the columns as numbers
            props = {c: None if row[k] == "" else row[k] for k, c in _PROPS}
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": props,
            }
            out.write(("," if n else "") + "\n" + json.dumps(feature, ensure_ascii=False))
            n += 1
    out.write(f'\n], "properties": {{"without_coordinates": {missing}}}}}\n')
    return n + missing
