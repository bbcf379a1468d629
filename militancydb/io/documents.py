"""JSON documents given to ``incidents add``, ``incidents edit --file`` and ``claims add``.

A document is read from a file or from standard input under the same rules as an imported
file (:mod:`militancydb.io.textfile`): UTF-8 with or without a byte-order mark, or UTF-16
with one; anything else is refused with the fix. It may be at most :data:`MAX_DOCUMENT`
bytes (an incident or a claim with a long statement is a few kilobytes) and nested at most
:data:`MAX_DEPTH` levels. Problems raise :class:`ValidationFailed` naming the file.
"""

from __future__ import annotations

import io
import json
from typing import IO, Any

from militancydb.errors import FieldError, ImportFailed, ValidationFailed
from militancydb.io.textfile import SNIFF, check_encoding, sniff

#: Bytes in one document.
MAX_DOCUMENT = 1_000_000
#: Levels of nested objects and lists in one document.
MAX_DEPTH = 20


def _refuse(name: str, message: str) -> ValidationFailed:
    return ValidationFailed([FieldError(name, message)], what="document")


def _depth(value: Any) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack += [(v, level + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, level + 1) for v in item]
    return deepest


def parse_document(data: bytes, name: str) -> Any:
    """A JSON document from its bytes (see the module docstring)."""
    if len(data) > MAX_DOCUMENT:
        raise _refuse(
            name,
            f"larger than {MAX_DOCUMENT:,} bytes, the limit for one document; give one "
            "incident or claim per document",
        )
    try:
        fmt = sniff(name, data[:SNIFF], kind="JSON")
        check_encoding(name, io.BytesIO(data), fmt, kind="JSON")
    except ImportFailed as exc:
        raise _refuse(name, str(exc).removeprefix(f"{name} ")) from None
    text = data.decode(fmt.encoding)
    if not text.strip():
        raise _refuse(name, "empty; give a JSON object")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _refuse(
            name, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise _refuse(name, f"nested more than {MAX_DEPTH} levels deep") from None
    if _depth(value) > MAX_DEPTH:
        raise _refuse(name, f"nested more than {MAX_DEPTH} levels deep")
    return value


def read_document(path: str, stdin: IO[bytes] | None = None) -> Any:
    """A JSON document from a file, or from ``stdin`` when ``path`` is ``-``; never more than
    :data:`MAX_DOCUMENT` bytes are read."""
    name = "standard input" if path == "-" else path
    try:
        if path == "-":
            if stdin is None:
                raise _refuse(name, "no standard input to read")
            data = stdin.read(MAX_DOCUMENT + 1)
        else:
            with open(path, "rb") as f:
                data = f.read(MAX_DOCUMENT + 1)
    except OSError as exc:
        raise _refuse(name, f"cannot be read: {exc.strerror or exc}") from None
    return parse_document(data, name)
