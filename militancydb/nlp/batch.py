"""Extraction of one text or of a stream of JSON lines, rendered as JSON, GTD or ACLED rows.

:func:`extract_text` serves ``militancydb extract FILE``; :func:`extract_lines` serves the
batch mode: it reads ``{"id", "text", "published"?}`` lines one at a time and yields one
``{"id", "incidents"}`` line each, so memory stays constant whatever the input's size. A bad
line yields ``{"id", "error"}`` naming the problem, and the run goes on.
:func:`extract_stream` reads those lines from bytes, one bounded line at a time: a line that
is not UTF-8, or longer than :data:`MAX_LINE` bytes (skipped without being held whole), gets
its own error record in its place, and the run goes on. Both ``militancydb extract --input``
and ``python -m militancydb.nlp`` call it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any, Literal

from militancydb.nlp.lexicon import Lexicon, shipped_lexicon
from militancydb.nlp.model import Extracted
from militancydb.nlp.pipeline import MAX_TEXT, extract
from militancydb.nlp.shapes import to_acled, to_gtd

Format = Literal["json", "gtd", "acled"]
FORMATS: tuple[str, ...] = ("json", "gtd", "acled")

#: Bytes in one JSON line: the longest text, every character escaped (``\\uXXXX``), and room
#: for the id and date.
MAX_LINE = MAX_TEXT * 6 + 10_000


def render(incidents: list[Extracted], fmt: Format, lex: Lexicon) -> list[dict[str, Any]]:
    """Incidents in the chosen shape."""
    if fmt == "gtd":
        return [to_gtd(i, lex.gazetteer) for i in incidents]
    if fmt == "acled":
        return [to_acled(i, lex.gazetteer) for i in incidents]
    return [i.as_dict() for i in incidents]


def extract_text(
    text: str,
    *,
    doc_id: str,
    published: dt.date | None,
    fmt: Format,
    lexicon: Lexicon | None = None,
) -> list[dict[str, Any]]:
    """The incidents of one text, rendered."""
    lex = lexicon or shipped_lexicon()
    return render(extract(text, doc_id=doc_id, published=published, lexicon=lex), fmt, lex)


def _line_error(number: int, doc_id: Any, message: str) -> dict[str, Any]:
    return {"id": doc_id, "line": number, "error": message}


def _bad_published(value: Any, exc: ValueError) -> str:
    """Why a "published" value is refused: not in the form, or not a day of the calendar."""
    text = str(value)[:10]
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit():
        return f"published {value!r} is no day of the calendar ({exc}); give a real date"
    return f"published {value!r} is not a date in the form YYYY-MM-DD"


def extract_lines(
    lines: Iterable[str], fmt: Format, lexicon: Lexicon | None = None
) -> Iterator[dict[str, Any]]:
    """One output record per input line (see the module docstring)."""
    lex = lexicon or shipped_lexicon()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            where = f"{exc.msg.removesuffix(' at')} at character {exc.pos + 1}"
            yield _line_error(
                number,
                None,
                f"not JSON ({where}); each line must be one JSON object, "
                "with line breaks and control characters in the text escaped (\\n, \\t)",
            )
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            doc_id = doc.get("id") if isinstance(doc, dict) else None
            yield _line_error(number, doc_id, 'a line needs "text" (a string) and an "id"')
            continue
        doc_id = str(doc.get("id", number))
        published = None
        if doc.get("published"):
            try:
                published = dt.date.fromisoformat(str(doc["published"])[:10])
            except ValueError as exc:
                yield _line_error(number, doc_id, _bad_published(doc["published"], exc))
                continue
        if len(doc["text"]) > MAX_TEXT:
            yield _line_error(number, doc_id, f"text longer than {MAX_TEXT:,} characters; split it")
            continue
        found = extract(doc["text"], doc_id=doc_id, published=published, lexicon=lex)
        yield {"id": doc_id, "incidents": render(found, fmt, lex)}


def _text_lines(stream: IO[bytes], errors: list[dict[str, Any]]) -> Iterator[str]:
    """The lines of ``stream`` as text for :func:`extract_lines`. A line that cannot be given
    (not UTF-8, too long) is given as an empty line, which keeps the line count, and its
    error record is appended to ``errors`` for the caller to yield in its place."""
    number = 0
    while True:
        limit = MAX_LINE
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # the rest of the long line, never held whole
            message = f"line longer than {limit:,} bytes; split the text"
            errors.append(_line_error(number, None, message))
            yield ""
            continue
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            message = (
                f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
                "save the file as UTF-8"
            )
            errors.append(_line_error(number, None, message))
            yield ""


def extract_stream(
    stream: IO[bytes], fmt: Format, lexicon: Lexicon | None = None
) -> Iterator[dict[str, Any]]:
    """One output record per line of a byte stream of JSON lines, errors in their place."""
    errors: list[dict[str, Any]] = []
    for record in extract_lines(_text_lines(stream, errors), fmt, lexicon):
        yield from errors  # the lines refused before this one
        errors.clear()
        yield record
    yield from errors
