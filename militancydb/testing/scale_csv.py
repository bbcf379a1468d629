"""Large import files for benchmarks and tests: a dataset CSV's rows repeated under new ids
until the file holds a given number of rows (the file-side twin of
:mod:`militancydb.testing.scale`, which repeats incidents inside a database).

Copy ``k`` of a row carries the id ``k * stride + id`` (``stride`` larger than every id of the
source file), so every id is distinct and each copy says what the original says: what an
import of the copies does per row is what it does for the bundled file, with one difference
a benchmark must state — every value repeats, so caches of repeated values hit more often
than in a real release of distinct events.
"""

from __future__ import annotations

import csv
from pathlib import Path


def repeat_csv(source: Path, dest: Path, rows: int, id_column: str = "id") -> int:
    """Write ``dest`` with the header of ``source`` and ``rows`` data rows (the source's rows
    repeated under new ids in ``id_column``); returns the number of rows written."""
    with source.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        body = list(reader)
    at = header.index(id_column)
    stride = 10 ** len(str(max(int(r[at]) for r in body)))
    written = 0
    with dest.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        k = 0
        while written < rows:
            for r in body[: rows - written]:
                copy = list(r)
                copy[at] = str(k * stride + int(r[at]))
                writer.writerow(copy)
            written = min(rows, written + len(body))
            k += 1
    return written
