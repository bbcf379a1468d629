"""Rows of a CSV or XLSX file as the import engine wants them: ``(row number, file line,
{column: text})``.

CSV goes through :func:`militancydb.io.parsing.read_csv` (the shared reader). XLSX is read
with openpyxl in read-only mode, one row at a time, so a release of hundreds of thousands of
rows is never held as a whole. Cells become the text a CSV export of the same sheet would
hold, so that a CSV and an XLSX copy of one release hash alike and a re-import from the other
format leaves every row unchanged: whole numbers without ``.0``, dates as ``YYYY-MM-DD``,
empty cells as ``""``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from militancydb.errors import ImportFailed
from militancydb.io.engine import Importer, RawRow, Reject
from militancydb.io.parsing import read_csv

#: Rows as the engine wants them; a CSV row that does not fit the header is a Reject.
Rows = Iterator[RawRow | Reject]


def cell_text(value: Any) -> str:
    """A spreadsheet cell as CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_xlsx(importer: Importer, path: Path) -> Rows:
    """The first sheet of an XLSX workbook, streamed; the first row is the header."""
    from openpyxl import load_workbook  # imported here: only XLSX imports need it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not XLSX
        raise ImportFailed(f"{path.name} could not be read as an XLSX workbook: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [cell_text(c).strip() for c in next(rows, ())]
        importer.check_columns(header, path)
        for line, values in enumerate(rows, start=2):
            texts = [cell_text(v) for v in values]
            if not any(t.strip() for t in texts):
                continue  # openpyxl reports formatted but empty rows at the end of a sheet
            row = dict(zip(header, texts, strict=False))
            for column in header[len(texts) :]:
                row[column] = ""
            extra = texts[len(header) :]
            if any(t.strip() for t in extra):
                row["(cells beyond the header)"] = " | ".join(extra)
            yield line - 1, line, row
    finally:
        book.close()


_WHOLE = re.compile(r"(-?\d+)\.0+")


def read_table(importer: Importer, path: Path) -> Rows:
    """A CSV or an XLSX file, by its extension. A whole number written with a decimal point
    (``67.0``: a CSV written from a spreadsheet) reads as ``67`` either way, so that both
    copies of a release hash alike."""
    rows = read_xlsx(importer, path) if path.suffix.lower() in (".xlsx", ".xlsm") else None
    for item in rows or read_csv(importer, path):
        if isinstance(item, Reject):
            yield item
            continue
        n, line, row = item
        yield (
            n,
            line,
            {k: _WHOLE.sub(r"\1", v) if _WHOLE.fullmatch(v) else v for k, v in row.items()},
        )
