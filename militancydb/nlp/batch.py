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


def _kind(value: Any) -> str:
    """A JSON value's type as the user wrote it."""
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list"}
    return "null" if value is None else names.get(type(value), "an object")


def _line_id(
    doc: dict[str, Any], number: int, first_line: dict[str, int]
) -> tuple[str, str | None]:
    """The line's id, and why it cannot tell the line's output apart (missing, not a string
    or a number, or given to an earlier line) with the fix, else None. A line without a
    usable id gets its line number; it is read all the same (nothing is lost), and its
    output carries the problem as a "warning"."""
    if "id" not in doc or isinstance(doc["id"], bool) or not isinstance(doc["id"], str | int):
        what = 'no "id"' if "id" not in doc else f'"id" is {_kind(doc["id"])}'
        first_line.setdefault(str(number), number)
        return str(number), (
            f"{what}: its line number {number} is given as its id; give each line its own "
            '"id" (a string) to match the output to it'
        )
    doc_id = str(doc["id"])
    if doc_id in first_line:
        return doc_id, (
            f"id {doc_id!r} is also the id of line {first_line[doc_id]}; give each line its "
            'own "id" to match the output to it'
        )
    first_line[doc_id] = number
    return doc_id, None


def _text_problem(doc: dict[str, Any]) -> str | None:
    """Why the line's text cannot be read, with the fix; None when it can."""
    if "text" not in doc:
        keys = ", ".join(repr(k) for k in list(doc)[:5]) or "none"
        return f'no "text" (the keys are {keys}); give the article as "text", a string'
    if not isinstance(doc["text"], str):
        return f'"text" is {_kind(doc["text"])}, not a string; give the article as a string'
    if not doc["text"].strip():
        return '"text" is empty; give the article\'s text (or leave the line out)'
    if len(doc["text"]) > MAX_TEXT:
        return f"text longer than {MAX_TEXT:,} characters; split it"
    return None


def extract_lines(
    lines: Iterable[str],
    fmt: Format,
    lexicon: Lexicon | None = None,
    published: dt.date | None = None,
) -> Iterator[dict[str, Any]]:
    """One output record per input line (see the module docstring). ``published`` dates the
    lines that carry no "published" of their own."""
    lex = lexicon or shipped_lexicon()
    first_line: dict[str, int] = {}
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
        if not isinstance(doc, dict):
            message = f'the line is {_kind(doc)}, not an object {{"id", "text", "published"?}}'
            yield _line_error(number, None, message)
            continue
        doc_id, warning = _line_id(doc, number, first_line)
        if (problem := _text_problem(doc)) is not None:
            yield _line_error(number, doc_id, problem + (f"; and {warning}" if warning else ""))
            continue
        day = published
        if doc.get("published"):
            try:
                day = dt.date.fromisoformat(str(doc["published"])[:10])
            except ValueError as exc:
                yield _line_error(number, doc_id, _bad_published(doc["published"], exc))
                continue
        found = extract(doc["text"], doc_id=doc_id, published=day, lexicon=lex)
        record: dict[str, Any] = {"id": doc_id, "incidents": render(found, fmt, lex)}
        if warning:
            record.update(line=number, warning=warning)
        yield record


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
    stream: IO[bytes],
    fmt: Format,
    lexicon: Lexicon | None = None,
    published: dt.date | None = None,
) -> Iterator[dict[str, Any]]:
    """One output record per line of a byte stream of JSON lines, errors in their place;
    ``published`` dates the lines that carry no date of their own."""
    errors: list[dict[str, Any]] = []
    for record in extract_lines(_text_lines(stream, errors), fmt, lexicon, published):
        yield from errors  # the lines refused before this one
        errors.clear()
        yield record
    yield from errors
