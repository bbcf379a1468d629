"""``python -m militancydb.nlp --input docs.jsonl [--format json|gtd|acled]``: the batch mode
of ``militancydb extract`` without the rest of the command-line tool's start-up (for
pipelines that call it once per small batch). Same core function, same output."""

from __future__ import annotations

import argparse
import json
import sys

from militancydb.nlp.batch import FORMATS, Format, extract_stream


def main(argv: list[str] | None = None) -> int:
    """Run the batch mode; returns the exit code."""
    ap = argparse.ArgumentParser(prog="python -m militancydb.nlp", description=__doc__)
    ap.add_argument(
        "--input", required=True, help='JSON lines {"id","text","published"?}; - for stdin'
    )
    ap.add_argument("--format", default="json", choices=FORMATS)
    args = ap.parse_args(argv)
    shape: Format = args.format
    try:
        stream = sys.stdin.buffer if args.input == "-" else open(args.input, "rb")  # noqa: SIM115
    except OSError as exc:
        sys.stderr.write(f"error: cannot read {args.input}: {exc.strerror}\n")
        return 2
    with stream:
        for record in extract_stream(stream, shape):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
