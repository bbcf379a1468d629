"""CSV files as the import engine reads them: a header, then rows that must fit it.

A row is taken only when it has exactly the cells the header names. Everything else is
rejected with its reason, never merged into an incident (a missing cell would otherwise be
read as "unknown" and wipe what is stored):

- a **short row** (fewer cells than the header: a line cut off, a row shifted);
- a **long row** (cells beyond the header that are not empty; trailing empty cells, as
  spreadsheets write them, are dropped);
- a row that **ends inside a quoted cell** (the file is cut off mid-cell, or a closing quote
  is missing; the reject names the lines it swallowed);
- a **repeated header line** (two files joined).

Blank lines are skipped. A header that names a column twice is refused as a whole (which of
the two cells is meant cannot be known).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from militancydb.domain.limits import clip
from militancydb.errors import ImportFailed
from militancydb.io.engine import Importer, RawRow, Reject
from militancydb.io.textfile import MAX_CELL, bounded_lines, open_text

#: Key under which the reject report keeps a long row's surplus cells.
BEYOND = "(cells beyond the header)"


class _Recorder:
    """The lines csv.reader pulls, kept until the record they make is handed out (the reader
    reads no further than the end of the current record)."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.pending: list[str] = []
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            self.line += 1
            self.pending.append(line)
            yield line

    def take(self) -> str:
        text = "".join(self.pending)
        self.pending = []
        return text


def _unclosed_quote(text: str) -> bool:
    # a record whose quotes all close holds an even number of them (opening, closing and
    # doubled ones); only an odd count (or a stray quote inside an unquoted cell) is re-read
    if text.count('"') % 2 == 0:
        return False
    try:
        list(csv.reader([text], strict=True))
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _header(cells: list[str], path: Path) -> list[str]:
    names = [c.strip() for c in cells]
    while names and not names[-1]:
        names.pop()
    twice = [n for n, k in Counter(n for n in names if n).items() if k > 1]
    if twice:
        where = "; ".join(
            f"{n!r} in columns {', '.join(str(i + 1) for i, x in enumerate(names) if x == n)}"
            for n in twice
        )
        raise ImportFailed(
            f"{path.name}: the header names a column twice ({where}); which cell is meant "
            "cannot be known. Rename or remove one and import again."
        )
    return names


def misfit(header: list[str], cells: list[str], text: str, lines: tuple[int, int]) -> str | None:
    """Why a row does not fit the header, or None when it does."""
    span = f"line {lines[0]}" if lines[0] == lines[1] else f"lines {lines[0]}-{lines[1]}"
    if _unclosed_quote(text):
        return (
            f"the row ends inside a quoted cell ({span}): the file is cut off or a closing "
            "quote is missing; nothing of the row was taken"
        )
    if cells[0].strip() == header[0] and [c.strip() for c in cells[: len(header)]] == header:
        return "a repeated header line (two files joined?); skipped"
    if len(cells) < len(header):
        return (
            f"the row has {len(cells)} cell(s) but the header has {len(header)} columns "
            f"(nothing from {header[len(cells)]!r} on): the row is cut off or shifted; "
            "nothing of it was taken"
        )
    surplus = [c for c in cells[len(header) :] if c.strip()]
    if surplus:
        return (
            f"the row has {len(cells)} cells but the header has {len(header)} columns "
            f"(beyond the header: {clip(' | '.join(surplus))}): a cell holds an unquoted "
            "comma or the row is shifted; nothing of it was taken"
        )
    return None


def read_table(importer: Importer, path: Path) -> Iterator[RawRow | Reject]:
    """Rows of a CSV file as the engine wants them (see the module docstring): (row number,
    last file line, {column: cell}) for a row that fits, a :class:`Reject` for one that does
    not. Raises ImportFailed for a file that cannot be read as a whole."""
    f, _ = open_text(path)
    with f:
        rec = _Recorder(bounded_lines(f, path.name))
        reader = csv.reader(rec)
        try:
            first = next(reader, None)
            if first is None:
                raise ImportFailed(f"{path.name} is empty: no header row, no data")
            rec.take()
            header = _header(first, path)
            importer.check_columns(header, path)
            n = 0
            start = rec.line + 1
            for cells in reader:
                text = rec.take()
                lines = (start, rec.line)
                start = rec.line + 1
                if not cells or (not cells[0].strip() and not any(c.strip() for c in cells)):
                    continue  # a blank line, or a row of empty cells
                n += 1
                raw = dict(zip(header, cells, strict=False))
                why = misfit(header, cells, text, lines)
                if why is not None:
                    if len(cells) > len(header):
                        raw[BEYOND] = " | ".join(cells[len(header) :])
                    yield Reject(n, why, raw, lines[1])
                    continue
                yield n, lines[1], raw
        except csv.Error as exc:
            raise ImportFailed(
                f"{path.name}, line {rec.line}: {exc} (a cell may hold at most {MAX_CELL:,} "
                "characters; a quote opened earlier and never closed swallows the lines after "
                "it). Fix the file and import again."
            ) from None
