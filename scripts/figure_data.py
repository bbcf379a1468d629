"""The development documents the figure reader learns from (``train_figures.py``).

RAND's development part and the major-incidents files' development rows, split exactly as
``bench/extraction.py`` splits them (its function, its seed), and the news reports of
``bench/news_eval.py --split all`` (every split but the held-out one,
``news_eval.HELD_OUT``, when there is one: its labels are dropped before any text is read,
and its texts are never kept).
Nothing of the held-out parts is read beyond the line that says which part a row is in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from extraction import read_rows, split  # noqa: E402
from news_eval import HELD_OUT as HELD_OUT_NEWS  # noqa: E402

from militancydb.nlp.figure_features import Mention, mentions  # noqa: E402
from militancydb.nlp.lexicon import shipped_lexicon  # noqa: E402
from militancydb.nlp.model import Figure  # noqa: E402
from militancydb.nlp.pipeline import extract  # noqa: E402


@dataclass
class Doc:
    """One labelled development document, its rules' figures and its mentions."""

    source: str  # rand | major | news
    tag: str
    group: str  # the text's hash: the same text twice (RAND repeats some) is one group
    killed: int | None  # the label
    injured: int | None
    rules_killed: int | None  # the rules' victims killed (best, else low)
    rules_injured: int | None
    rules_attackers: int | None
    mentions: list[Mention]


def _count(fig: Figure | None) -> int | None:
    if fig is None:
        return None
    return fig.best if fig.best is not None else fig.low


def _doc(source: str, tag: str, text: str, day: dt.date | None, killed: int | None,
         injured: int | None) -> Doc:  # fmt: skip
    found = extract(text, doc_id=tag, published=day, lexicon=shipped_lexicon())
    inc = found[0] if found else None
    return Doc(
        source,
        tag,
        hashlib.sha1(text.encode()).hexdigest()[:12],
        killed,
        injured,
        _count(inc.killed) if inc else None,
        _count(inc.injured) if inc else None,
        _count(inc.attackers_killed) if inc else None,
        mentions(text, inc) if inc else [],
    )


def development_docs(data: Path, news_set: Path, news_cache: Path) -> list[Doc]:
    """Every development document (RAND, major incidents, news but the held-out split)."""
    return _docs(data, "development", news_set, news_cache, held_out=False)


def held_out_docs(data: Path, news_set: Path, news_cache: Path) -> list[Doc]:
    """The held-out documents (RAND's and the major-incidents files' held-out rows, news
    ``news_eval.HELD_OUT``): for one count at the end, never for training or for reading."""
    return _docs(data, "held-out", news_set, news_cache, held_out=True)


def _docs(data: Path, part: str, news_set: Path, news_cache: Path, held_out: bool) -> list[Doc]:
    out: list[Doc] = []
    for r in split(read_rows(data))[part]:
        source = "rand" if r.rand else "major"
        out.append(_doc(source, f"{r.set}#{r.n}", r.text, r.day, r.killed, r.injured))
    labels: dict[str, dict[str, object]] = {}
    with news_set.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if (_news_split(rec) == HELD_OUT_NEWS) != held_out:
                continue  # the other side of the split: not even its labels are kept
            labels[rec["url"]] = rec
    with (news_cache / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            rec = labels.get(row["url"])
            if rec is None:
                continue  # the other side of the split (or no longer in the set)
            lab = rec["labels"]
            assert isinstance(lab, dict)
            day = dt.date.fromisoformat(str(rec["published"])) if rec.get("published") else None
            out.append(_doc("news", str(rec["url"]), row["text"], day, lab.get("killed"),
                            lab.get("injured")))  # fmt: skip
    return out


def _news_split(rec: dict[str, object]) -> str:
    """``news_eval.split_of``: the split the line names, else the URL's half."""
    if rec.get("split"):
        return str(rec["split"])
    digit = int(hashlib.sha1(str(rec["url"]).encode()).hexdigest()[0], 16)
    return "dev" if digit % 2 == 0 else "test"
