"""``militancydb extract``: candidate incidents from news text (no database needed).

Batch mode is :func:`militancydb.nlp.batch.extract_stream` (bounded lines read as bytes, an
error record in place of a line that cannot be read, and the run goes on).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from militancydb.cli.choices import ExtractFormat
from militancydb.cli.common import fail, parse_date, print_json
from militancydb.nlp.batch import Format, extract_stream, extract_text
from militancydb.nlp.pipeline import MAX_TEXT


def _read(path: str) -> str:
    if path == "-":
        return _decoded("standard input", sys.stdin.buffer.read(MAX_TEXT * 4 + 1))
    p = Path(path)
    if p.is_dir():
        fail(f"{path} is a folder; give a text file, or store a folder's articles with "
             "`militancydb ingest`", 2)  # fmt: skip
    if not p.is_file():
        fail(f"{path}: no such file", 2)
    if p.stat().st_size > MAX_TEXT * 4:
        fail(f"{path}: {p.stat().st_size:,} bytes is too large for one text; "
             "split it, or give JSON lines with --input", 2)  # fmt: skip
    try:
        raw = p.read_bytes()
    except OSError as exc:
        fail(f"{path} cannot be read ({exc.strerror}); check its permissions", 2)
    return _decoded(path, raw)


def _decoded(path: str, raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        fail(f"{path}: a binary file, not text; give a plain-text article", 2)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(f"{path} is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
             "save it as UTF-8 and run again", 2)  # fmt: skip
    return _checked(path, text)


def _checked(path: str, text: str) -> str:
    if len(text) > MAX_TEXT:
        fail(f"{path}: longer than {MAX_TEXT:,} characters; split it, or use --input", 2)
    return text


def _batch(source: str, shape: Format, published: dt.date | None) -> None:
    try:
        stream = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        fail(f"cannot read {source}: {exc.strerror}", 2)
    with stream:
        for record in extract_stream(stream, shape, published=published):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def extract_command(
    file: Annotated[
        str | None, typer.Argument(help="A text file, or - for standard input.")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date, YYYY-MM-DD (with --input: of the lines that give none).",
        ),
    ] = None,
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", help="JSON with the spans, or GTD or ACLED shape.")
    ] = ExtractFormat.JSON,
    input_: Annotated[
        str | None,
        typer.Option("--input", help='JSON lines {"id","text","published"?}; - for stdin.'),
    ] = None,
) -> None:
    """Candidate incidents in English news text, every field with the words it came from."""
    shape: Format = fmt.value
    day = parse_date(published, "--published")
    if input_ is not None:
        if file is not None:
            fail("give a FILE or --input, not both", 2)
        _batch(input_, shape, day)
        return
    if file is None:
        fail("give a FILE (or - for standard input), or --input docs.jsonl", 2)
    text = _read(file)
    print_json(extract_text(text, doc_id=file, published=day, fmt=shape))
