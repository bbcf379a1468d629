"""Train the figure reader and estimate it by grouped cross-validation (issue 11).

Reads only development material (``figure_data.py``): RAND's development part and the
major-incidents files' development rows as ``bench/extraction.py`` splits them, and the
news reports of ``bench/news_eval.py --split all``. Prints, per outcome and source, the
right answers of the rules, of the rules with the model deciding (thresholds chosen inside
each outer training part by an inner 4-fold cross-validation), and of the model alone
(trained without the features that tell what the rules read), over 5 outer folds grouped
by text. ``--write PATH`` trains on every development document, chooses the thresholds
the same way and writes a model file (``militancydb.nlp.figure_model``); none ships (the
cross-validation showed no gain). ``--held-out`` prints only the counts on the held-out
parts (RAND's and the major-incidents files' held-out rows, news: the held-out split,
``news_eval.HELD_OUT``): run once, at the end, after the decision not to wire the model in was made.

Usage: .venv/bin/python scripts/train_figures.py [--data ../shared/data] [--cache DIR]
       [--docs PICKLE] [--write PATH] [--date YYYY-MM-DD] [--held-out]
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figure_data import ROOT, Doc, development_docs, held_out_docs  # noqa: E402
from figure_learn import OUTCOMES, accuracy, fit, fold_of, tune, without_rules  # noqa: E402

from militancydb.nlp.figure_model import write  # noqa: E402

FOLDS, INNER, SEED = 5, 4, 20261205
SOURCES = ("rand", "major", "news")
NEWS_SET = ROOT / "bench" / "data" / "news_eval.jsonl"


def _labelled(docs: list[Doc], outcome: str) -> list[Doc]:
    return [d for d in docs if (d.killed if outcome == "killed" else d.injured) is not None]


def _pct(ok: int, n: int) -> str:
    return f"{100 * ok / n:.1f}% ({ok}/{n})" if n else "–"


def cross_validate(docs: list[Doc]) -> None:
    parts = fold_of(docs, FOLDS, SEED)
    alone_docs = [without_rules(d) for d in docs]
    for outcome in OUTCOMES:
        # per source and fold: [rules, rules + model, model alone, n]
        tally = {(s, k): [0, 0, 0, 0] for s in SOURCES for k in range(FOLDS)}
        chosen = []
        for k in range(FOLDS):
            train = [d for d, f in zip(docs, parts, strict=True) if f != k]
            train_alone = [d for d, f in zip(alone_docs, parts, strict=True) if f != k]
            fill, over = tune(train, outcome, INNER, SEED + k)
            fill_alone, _ = tune(train_alone, outcome, INNER, SEED + k)
            chosen.append(f"({fill}, {over}; {fill_alone})")
            w = fit(train, outcome).names
            w_alone = fit(train_alone, outcome).names
            for src in SOURCES:
                test = [d for d, f in zip(docs, parts, strict=True) if f == k and d.source == src]
                test = _labelled(test, outcome)
                t = tally[src, k]
                t[0], t[3] = accuracy(test, {}, outcome, 2.0, 2.0)
                t[1], _ = accuracy(test, w, outcome, fill, over)
                t[2], _ = accuracy([without_rules(d) for d in test], w_alone, outcome,
                                   fill_alone, 2.0)  # fmt: skip
        print(f"\n{outcome}: thresholds per fold (fill, over; model alone's fill): "
              + " ".join(chosen))  # fmt: skip
        print("\n| part | rules | rules + model | model alone |\n|---|---:|---:|---:|")
        for k in range(FOLDS):
            c = [sum(tally[s, k][i] for s in SOURCES) for i in range(4)]
            print(f"| fold {k} | {_pct(c[0], c[3])} | {_pct(c[1], c[3])} | {_pct(c[2], c[3])} |")
        for src in SOURCES:
            c = [sum(tally[src, k][i] for k in range(FOLDS)) for i in range(4)]
            print(f"| {src} | {_pct(c[0], c[3])} | {_pct(c[1], c[3])} | {_pct(c[2], c[3])} |")
        c = [sum(v[i] for v in tally.values()) for i in range(4)]
        print(f"| all | {_pct(c[0], c[3])} | {_pct(c[1], c[3])} | {_pct(c[2], c[3])} |")


def train(docs: list[Doc], date: str) -> tuple[dict[str, object], dict[str, object]]:
    """The payload of a model file trained on ``docs``, and that of the model alone."""
    out = []
    for subset in (docs, [without_rules(d) for d in docs]):
        outcomes: dict[str, object] = {}
        for outcome in OUTCOMES:
            fill, over = tune(subset, outcome, INNER, SEED)
            outcomes[outcome] = {"weights": fit(subset, outcome).names, "fill": fill,
                                 "over": over}  # fmt: skip
        out.append(
            {
                "format": 1,
                "trained_from": "development material only: the RAND-RDWTI and "
                "major-incidents development parts (bench/extraction.py's split), "
                f"news_eval --split all; {len(docs)} documents (no text kept)",
                "script": "scripts/train_figures.py",
                "date": date,
                "outcomes": outcomes,
            }
        )
    return out[0], out[1]


def held_out(docs: list[Doc], dev: list[Doc], date: str) -> None:
    """Counts only (no row, no miss) on the held-out documents."""
    both, alone = train(dev, date)
    for outcome in OUTCOMES:
        m = both["outcomes"][outcome]  # type: ignore[index]
        a = alone["outcomes"][outcome]  # type: ignore[index]
        for part in ("rand", "major", "news"):
            test = _labelled([d for d in docs if d.source == part], outcome)
            r, n = accuracy(test, {}, outcome, 2.0, 2.0)
            mm, _ = accuracy(test, m["weights"], outcome, m["fill"], m["over"])
            aa, _ = accuracy([without_rules(d) for d in test], a["weights"], outcome,
                             a["fill"], 2.0)  # fmt: skip
            print(f"| {outcome} | {part} | {_pct(r, n)} | {_pct(mm, n)} | {_pct(aa, n)} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent.parent / "shared" / "data")
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "militancydb-news")
    ap.add_argument("--docs", type=Path, help="a pickle of the development documents (reused)")
    ap.add_argument("--write", type=Path, help="write a model file trained on every document")
    ap.add_argument("--date", default="")
    ap.add_argument("--held-out", action="store_true")
    args = ap.parse_args()
    if args.docs and args.docs.is_file():
        docs = pickle.loads(args.docs.read_bytes())
    else:
        docs = development_docs(args.data, NEWS_SET, args.cache)
        if args.docs:
            args.docs.write_bytes(pickle.dumps(docs))
    print(f"{len(docs)} development documents")
    if args.held_out:
        held_out(held_out_docs(args.data, NEWS_SET, args.cache), docs, args.date)
    elif args.write:
        payload, _ = train(docs, args.date)
        print(f"wrote {args.write}: sha256 {write(args.write, payload)}")
    else:
        cross_validate(docs)


if __name__ == "__main__":
    main()
