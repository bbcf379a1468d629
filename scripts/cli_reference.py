"""Write docs/cli-reference.md from the commands (``--check``: only say whether it is up to
date, exit 1 if not).

    .venv/bin/python scripts/cli_reference.py          # rewrite the file
    .venv/bin/python scripts/cli_reference.py --check  # exit 1 when it is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from militancydb.cli.reference import reference_markdown

TARGET = Path(__file__).resolve().parent.parent / "docs" / "cli-reference.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args()
    text = reference_markdown()
    if args.check:
        current = TARGET.read_text("utf-8") if TARGET.is_file() else ""
        if current != text:
            sys.stderr.write(f"{TARGET} is out of date: run scripts/cli_reference.py\n")
            return 1
        return 0
    TARGET.write_text(text, "utf-8")
    sys.stderr.write(f"wrote {TARGET}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
