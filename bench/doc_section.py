"""Writing a benchmark's section into ``docs/benchmarks.md``: the section of that heading is
replaced where there is one, added at the end where there is none; the rest is kept."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_section(text: str, heading: str) -> None:
    """Put ``text`` (which starts with ``## {heading}``) into docs/benchmarks.md, replacing
    an earlier section of that heading only."""
    old = DOC.read_text("utf-8") if DOC.exists() else "# Benchmarks\n\n"
    pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(old):
        new = pattern.sub(lambda _: text + "\n", old, count=1)
    else:
        new = old.rstrip("\n") + "\n\n" + text
    DOC.write_text(new.rstrip("\n") + "\n", "utf-8")
