"""``militancydb extract``: candidate incidents from news text (no database needed)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from militancydb.cli.choices import ExtractFormat
from militancydb.cli.common import fail, parse_date, print_json
from militancydb.nlp.batch import Format, extract_lines, extract_text
from militancydb.nlp.pipeline import MAX_TEXT


def _read(path: str) -> str:
    if path == "-":
        text = sys.stdin.read(MAX_TEXT + 1)
    else:
        p = Path(path)
        if not p.is_file():
            fail(f"{path}: no such file", 2)
        if p.stat().st_size > MAX_TEXT * 4:
            fail(f"{path}: {p.stat().st_size:,} bytes is too large for one text; "
                 "split it, or give JSON lines with --input", 2)  # fmt: skip
        raw = p.read_bytes()
        if b"\x00" in raw[:8192]:
            fail(f"{path}: a binary file, not text; give a plain-text article", 2)
        text = raw.decode("utf-8", errors="replace")
    if len(text) > MAX_TEXT:
        fail(f"{path}: longer than {MAX_TEXT:,} characters; split it, or use --input", 2)
    return text


def extract_command(
    file: Annotated[
        str | None, typer.Argument(help="A text file, or - for standard input.")
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date, YYYY-MM-DD.")
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
    if input_ is not None:
        if file is not None:
            fail("give a FILE or --input, not both", 2)
        try:
            stream = sys.stdin if input_ == "-" else open(input_, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            fail(f"cannot read {input_}: {exc.strerror}", 2)
        with stream:
            out = sys.stdout
            for record in extract_lines(stream, shape):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if file is None:
        fail("give a FILE (or - for standard input), or --input docs.jsonl", 2)
    day = parse_date(published, "--published")
    text = _read(file)
    print_json(extract_text(text, doc_id=file, published=day, fmt=shape))
