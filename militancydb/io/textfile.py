"""Reading a user's text file safely: its encoding, its lines, its CSV rows.

Every importer and every command that reads a document (``incidents add``, ``claims add``)
goes through here, so a file is accepted or refused by one set of rules:

- **Encoding.** UTF-8, with or without a byte-order mark, is read. UTF-16 with a byte-order
  mark is read too (Excel's "Unicode text"). Anything else is refused as a whole with the
  fix: a file that is not valid UTF-8 (Latin-1, Windows-1252, ...) names the first byte that
  does not decode, its line, the encoding it looks like, and says to re-save it as UTF-8;
  UTF-16 without a mark and UTF-32 are refused the same way. Nothing is guessed silently:
  a wrong guess would store mangled names.
- **Binary files** (NUL bytes, control characters, a ZIP/Excel/PDF signature) are refused:
  "FILE is not a text CSV file".
- **Bounds.** One line may hold at most :data:`MAX_LINE` characters and one CSV cell at most
  :data:`MAX_CELL`; a file that breaks either is refused naming the line and the bound, and
  is never read whole into memory to find out.
- **Rows that do not fit the header** (see :func:`read_table`) are rejected, never merged.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from militancydb.errors import ImportFailed

#: Characters in one line of a text file (a CSV row with long quoted text stays far below).
MAX_LINE = 1_000_000
#: Characters in one CSV cell (Python's csv default; a spreadsheet cell holds at most 32,767).
MAX_CELL = 131_072
#: Bytes looked at to tell text from binary.
SNIFF = 64 * 1024

_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive (an .xlsx workbook is one)",
    b"\xd0\xcf\x11\xe0": "an old Excel/Office document",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"SQLite format 3": "a SQLite database",
}
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}


@dataclass(frozen=True)
class TextFormat:
    """How a file's bytes are to be read."""

    encoding: str  # a Python codec name
    label: str  # what to call it in messages


def _binary(name: str, head: bytes, kind: str) -> ImportFailed:
    for magic, what in _SIGNATURES.items():
        if head.startswith(magic):
            return ImportFailed(
                f"{name} is not a text {kind} file: it is {what}. Save it as {kind} (UTF-8) "
                "and give that file."
            )
    return ImportFailed(
        f"{name} is not a text {kind} file (it holds binary data); give a {kind} file saved "
        "as UTF-8"
    )


def sniff(name: str, head: bytes, kind: str = "CSV") -> TextFormat:
    """The encoding of a file from its first bytes, or ImportFailed saying why not (``kind``
    names the format expected, for the message)."""
    if head.startswith(codecs.BOM_UTF8):
        return TextFormat("utf-8-sig", "UTF-8")
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ImportFailed(f"{name} is UTF-32 text; re-save it as UTF-8 and import again")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return TextFormat("utf-16", "UTF-16")
    if any(head.startswith(m) for m in _SIGNATURES):
        raise _binary(name, head, kind)
    if b"\x00" in head:
        even, odd = head[0::2], head[1::2]
        if head and (even.count(0) > len(even) // 2 or odd.count(0) > len(odd) // 2):
            raise ImportFailed(
                f"{name} looks like UTF-16 text without a byte-order mark; re-save it as "
                "UTF-8 and import again"
            )
        raise _binary(name, head, kind)
    controls = sum(1 for b in head if b in _CONTROL)
    if head and controls > max(2, len(head) // 100):
        raise _binary(name, head, kind)
    return TextFormat("utf-8", "UTF-8")


def _looks_like(data: bytes) -> str:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "its encoding is not one militancydb can name"
    return "it looks like Windows-1252 or Latin-1"


def check_encoding(name: str, stream: IO[bytes], fmt: TextFormat, kind: str = "CSV") -> None:
    """Decode a whole stream in pieces (never all of it at once); ImportFailed at the first
    byte that does not decode, naming its line and the fix."""
    decoder = codecs.getincrementaldecoder(fmt.encoding)(errors="strict")
    line = 1
    while True:
        chunk = stream.read(1 << 20)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            before = exc.object[: exc.start]
            where = line + before.count(b"\n") if fmt.encoding.startswith("utf-8") else None
            bad = exc.object[exc.start : exc.start + 1]
            hint = _looks_like(exc.object) if fmt.encoding.startswith("utf-8") else ""
            raise ImportFailed(
                f"{name} is not valid {fmt.label} text: byte 0x{bad.hex().upper()}"
                + (f" on line {where}" if where else "")
                + " cannot be read"
                + (f" ({hint})" if hint else "")
                + ". Re-save the file as UTF-8 (in Excel: Save As > CSV UTF-8) and import again."
            ) from None
        if "\x00" in text:
            raise _binary(name, b"", kind)
        line += text.count("\n")
        if not chunk:
            return


def open_text(path: Path) -> tuple[IO[str], TextFormat]:
    """A file checked to be text, opened for reading (the caller closes it)."""
    try:
        with path.open("rb") as raw:
            fmt = sniff(path.name, raw.read(SNIFF))
            raw.seek(0)
            check_encoding(path.name, raw, fmt)
        return path.open(encoding=fmt.encoding, newline=""), fmt
    except OSError as exc:
        raise ImportFailed(f"cannot read {path}: {exc.strerror or exc}") from None


def bounded_lines(f: IO[str], name: str) -> Iterator[str]:
    """The lines of a text stream, refusing (ImportFailed) a line over :data:`MAX_LINE`."""
    number = 0
    while True:
        line = f.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE:
            raise ImportFailed(
                f"{name}: line {number} is longer than {MAX_LINE:,} characters (the limit for "
                "one line); this is not a CSV file militancydb can read"
            )
        yield line
