"""Extraction of one text or of a stream of JSON lines, rendered as JSON, GTD or ACLED rows.

:func:`extract_text` serves ``militancydb extract FILE``; :func:`extract_lines` serves the
batch mode: it reads ``{"id", "text", "published"?}`` lines one at a time and yields one
``{"id", "incidents"}`` line each, so memory stays constant whatever the input's size. A bad
line yields ``{"id", "error"}`` naming the problem, and the run goes on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from militancydb.nlp.lexicon import Lexicon, shipped_lexicon
from militancydb.nlp.model import Extracted
from militancydb.nlp.pipeline import MAX_TEXT, extract
from militancydb.nlp.shapes import to_acled, to_gtd

Format = Literal["json", "gtd", "acled"]
FORMATS: tuple[str, ...] = ("json", "gtd", "acled")


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
            yield _line_error(number, None, f"not JSON ({exc.msg}); each line must be one object")
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
            except ValueError:
                yield _line_error(
                    number, doc_id, f"published {doc['published']!r} is not YYYY-MM-DD"
                )
                continue
        if len(doc["text"]) > MAX_TEXT:
            yield _line_error(number, doc_id, f"text longer than {MAX_TEXT:,} characters; split it")
            continue
        found = extract(doc["text"], doc_id=doc_id, published=published, lexicon=lex)
        yield {"id": doc_id, "incidents": render(found, fmt, lex)}
