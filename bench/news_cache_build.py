"""Rebuild the cache of article texts that ``news_eval.py`` reads, from saved search answers.

The article texts are not in the repository (copyright, see ``news_eval.py``). They were
found as stored copies of news pages, with the search tool's ``pages`` corpus, one query
per report or so (its publisher and a few words of its quote). Each answer of the tool is
a JSON object::

    {"corpus": "pages", "query": ..., "count": N,
     "results": [{"rank": 1, "url": ..., "excerpt": ...}, ...], "note": ...}

Saved one answer to a file (``*.json``) in a folder, they are what this script reads; it
changes nothing in them by hand. A saved answer may leave out results whose address is
not a URL of the set (its ``omitted_ranks`` say which): they are never read. A result
without an address (the tool returns a few) matches no report and is passed over.

For every result whose ``url`` is, character for character, a URL of
``bench/data/news_eval.jsonl``, the text is the result's ``excerpt`` with only a leading
page-store metadata line removed: `` date YYYY-MM-DD `` (a space, ``date``, a space, the
day, a space), which is no part of the page (left in, it is read as the incident's day).
Nothing else is changed: what the page shows around the article (other headlines, a
comment form) stays, as a user's pasted page would carry it. Where a URL comes back in
several answers the longest text wins (the first read, by file name, among equals).

The cache is written as ``articles.jsonl`` in the output folder, one line
``{"url": ..., "text": ...}`` per text, in the set's order. The report gives, per split,
the texts found, the URLs missing and the texts that do not hold their line's quote
(compared as ``news_eval.py --check`` does: runs of white space made one, curly quotes
made straight).

Usage: .venv/bin/python bench/news_cache_build.py ANSWERS_DIR
       [--out DIR (default ~/.cache/militancydb-news)] [--set FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from news_eval import DEFAULT_CACHE, SET, read_set, split_of  # noqa: E402
from news_set_check import squash  # noqa: E402

STORE_DATE = re.compile(r"\A date \d{4}-\d{2}-\d{2} ")


class AnswerError(ValueError):
    """A saved answer that is not the search tool's JSON shape."""


@dataclass(frozen=True)
class Hit:
    """One result of a saved answer: its address and text, and the file it came from."""

    url: str
    text: str
    source: str


@dataclass
class BuildReport:
    """What a build found, per split: texts found, URLs missing, quotes not held."""

    found: Counter[str] = field(default_factory=Counter)
    reports: Counter[str] = field(default_factory=Counter)
    missing: dict[str, list[str]] = field(default_factory=dict)
    quote_not_held: dict[str, list[str]] = field(default_factory=dict)
    answers: int = 0


def page_text(excerpt: str) -> str:
    """The excerpt without the page store's leading `` date YYYY-MM-DD `` line, if any."""
    return STORE_DATE.sub("", excerpt, count=1)


def parse_answer(raw: str, source: str) -> list[Hit]:
    """Every result of one saved answer, as hits (texts already without the date line)."""
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise AnswerError(f"{source}: not JSON ({exc}); save the tool's answer as it came") from exc
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise AnswerError(f"{source}: no 'results' list; is this a saved search answer?")
    hits = []
    for n, res in enumerate(results, 1):
        if isinstance(res, dict) and "url" not in res:
            continue  # the tool gives some results no address: they match no report
        if not (
            isinstance(res, dict)
            and isinstance(res.get("url"), str)
            and isinstance(res.get("excerpt"), str)
        ):
            raise AnswerError(f"{source}: result {n}'s 'url' or 'excerpt' is not a string")
        hits.append(Hit(res["url"], page_text(res["excerpt"]), source))
    return hits


def read_answers(folder: Path) -> tuple[list[Hit], int]:
    """The hits of every ``*.json`` answer in ``folder`` (by file name), and the count."""
    files = sorted(folder.glob("*.json"))
    if not files:
        raise AnswerError(f"{folder}: no saved answers (*.json) there")
    hits: list[Hit] = []
    for path in files:
        hits += parse_answer(path.read_text(encoding="utf-8"), path.name)
    return hits, len(files)


def best_texts(hits: Iterable[Hit], urls: set[str]) -> dict[str, str]:
    """URL -> the longest text among the hits at a URL of the set (others are ignored)."""
    best: dict[str, str] = {}
    for hit in hits:
        if hit.url in urls and len(hit.text) > len(best.get(hit.url, "")):
            best[hit.url] = hit.text
    return best


def build(records: list[dict[str, Any]], texts: dict[str, str]) -> BuildReport:
    """Count, per split, what was found, what is missing and which texts lack their quote."""
    rep = BuildReport()
    for rec in records:
        split, url = split_of(rec), rec["url"]
        rep.reports[split] += 1
        if url not in texts:
            rep.missing.setdefault(split, []).append(url)
            continue
        rep.found[split] += 1
        if squash(rec["quote"]) not in squash(texts[url]):
            rep.quote_not_held.setdefault(split, []).append(url)
    return rep


def write_cache(records: list[dict[str, Any]], texts: dict[str, str], out: Path) -> Path:
    """Write ``out/articles.jsonl`` in the set's order; returns its path."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "articles.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            if rec["url"] in texts:
                fh.write(json.dumps({"url": rec["url"], "text": texts[rec["url"]]}) + "\n")
    return path


def print_report(rep: BuildReport, path: Path) -> None:
    print(f"{rep.answers} saved answers read; cache written to {path}\n")
    print("| split | reports | found | missing | quote not held |\n|---|---:|---:|---:|---:|")
    for split in rep.reports:
        print(
            f"| {split} | {rep.reports[split]} | {rep.found[split]} "
            f"| {len(rep.missing.get(split, []))} | {len(rep.quote_not_held.get(split, []))} |"
        )
    total = sum(rep.reports.values())
    print(f"| all | {total} | {sum(rep.found.values())} | | |")
    for title, by_split in (("missing", rep.missing), ("quote not held", rep.quote_not_held)):
        for split, urls in by_split.items():
            for url in urls:
                print(f"{title} ({split}): {url}")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("answers", type=Path, help="folder of saved search answers (*.json)")
    ap.add_argument("--out", type=Path, default=DEFAULT_CACHE, help="cache folder to write")
    ap.add_argument("--set", type=Path, default=SET, help="the labelled set (JSON lines)")
    args = ap.parse_args()
    records = read_set(args.set)
    try:
        hits, n_answers = read_answers(args.answers)
    except (AnswerError, OSError) as exc:
        sys.exit(f"news_cache_build: {exc}")
    texts = best_texts(hits, {r["url"] for r in records})
    rep = build(records, texts)
    rep.answers = n_answers
    print_report(rep, write_cache(records, texts, args.out))
    sys.exit(1 if rep.quote_not_held else 0)


if __name__ == "__main__":
    main()
