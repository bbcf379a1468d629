"""Training-side pieces of the figure reader: labels by distant supervision, a sparse
logistic regression in numpy, the document-level decision and its scoring as the benchmarks
score (``bench/extraction.py``, ``bench/news_eval.py``).

Labels: a mention is positive for an outcome when its value equals the document's label
for that outcome (RAND's killed count includes the attackers who died: its victims are the
label less the attackers the rules found). A label of 0, or one no single number equals
(a sum of a list), makes every mention of the document negative: the model learns to
abstain there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from figure_data import Doc

from militancydb.nlp.figure_model import decide

OUTCOMES = ("killed", "injured")


def target(doc: Doc, outcome: str) -> int | None:
    """The victims' count a mention must equal to be positive (None: no label)."""
    want = doc.killed if outcome == "killed" else doc.injured
    if want is None:
        return None
    if outcome == "killed" and doc.source == "rand" and doc.rules_attackers:
        return want - doc.rules_attackers
    return want


def right(doc: Doc, outcome: str, victims: int | None) -> bool:
    """Whether the field is right with ``victims`` as our figure, as the benchmarks score."""
    want = doc.killed if outcome == "killed" else doc.injured
    got = victims
    if outcome == "killed" and doc.source == "rand":
        extra = doc.rules_attackers
        got = None if victims is None and extra is None else (victims or 0) + (extra or 0)
    if want == 0 and doc.source in ("rand", "news"):
        return got in (None, 0)  # RAND: none or unknown; news_eval: nothing said is none
    return got == want


@dataclass
class Weights:
    """A trained linear model: feature name -> weight."""

    names: dict[str, float]


def fit(docs: Sequence[Doc], outcome: str, l2: float = 1.0, steps: int = 300,
        min_count: int = 2) -> Weights:  # fmt: skip
    """Logistic regression (Adam, full batch, L2) on the documents' mentions."""
    counts: Counter[str] = Counter()
    for d in docs:
        for m in d.mentions:
            counts.update(m.features)
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    idx: list[int] = []
    ptr = [0]
    y: list[float] = []
    for d in docs:
        t = target(d, outcome)
        if t is None:
            continue
        for m in d.mentions:
            idx += [vocab[f] for f in m.features if f in vocab]
            ptr.append(len(idx))
            y.append(1.0 if t > 0 and m.value == t else 0.0)
    if not y:
        return Weights({})
    ind = np.asarray(idx, dtype=np.int64)
    lens = np.diff(np.asarray(ptr, dtype=np.int64))
    yy = np.asarray(y)
    w = np.zeros(len(vocab))
    m1, m2 = np.zeros_like(w), np.zeros_like(w)
    rows = np.repeat(np.arange(len(yy)), lens)
    for step in range(1, steps + 1):
        z = np.bincount(rows, weights=w[ind], minlength=len(yy))
        p = 1.0 / (1.0 + np.exp(-z))
        err = p - yy
        g = np.bincount(ind, weights=err[rows], minlength=len(w)) / len(yy) + l2 * w / len(yy)
        m1 = 0.9 * m1 + 0.1 * g
        m2 = 0.999 * m2 + 0.001 * g * g
        w -= 0.1 * (m1 / (1 - 0.9**step)) / (np.sqrt(m2 / (1 - 0.999**step)) + 1e-8)
    names = {f: round(float(w[i]), 5) for f, i in vocab.items() if abs(w[i]) >= 1e-4}
    return Weights(names)


def probs(weights: dict[str, float], doc: Doc) -> list[float]:
    """Each mention's probability of being the outcome's figure."""
    out = []
    for m in doc.mentions:
        z = sum(weights.get(f, 0.0) for f in m.features)
        out.append(1.0 / (1.0 + np.exp(-z)))
    return out


def rules_value(doc: Doc, outcome: str) -> int | None:
    return doc.rules_killed if outcome == "killed" else doc.rules_injured


def without_rules(doc: Doc) -> Doc:
    """The document with the features that tell what the rules read taken away (the
    model alone)."""
    found = [replace(m, features=tuple(f for f in m.features if not f.startswith("rule_")))
             for m in doc.mentions]  # fmt: skip
    return replace(doc, mentions=found, rules_killed=None, rules_injured=None)


def accuracy(docs: Sequence[Doc], weights: dict[str, float], outcome: str,
             fill: float, over: float) -> tuple[int, int]:  # fmt: skip
    """Right answers with the model deciding at thresholds ``fill`` and ``over``."""
    ok = n = 0
    for d in docs:
        if (d.killed if outcome == "killed" else d.injured) is None:
            continue
        ps = probs(weights, d)
        got = decide(rules_value(d, outcome), [m.value for m in d.mentions], ps, fill, over)
        ok += right(d, outcome, got)
        n += 1
    return ok, n


GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 2.0)  # 2.0: never


def tune(docs: Sequence[Doc], outcome: str, folds: int, seed: int) -> tuple[float, float]:
    """Thresholds chosen by an inner cross-validation on ``docs`` alone."""
    parts = fold_of(docs, folds, seed)
    scored: list[tuple[Doc, list[float]]] = []
    for k in range(folds):
        train = [d for d, f in zip(docs, parts, strict=True) if f != k]
        w = fit(train, outcome).names
        scored += [(d, probs(w, d)) for d, f in zip(docs, parts, strict=True) if f == k]
    best = (-1, 2.0, 2.0)
    for fill in GRID:
        for over in GRID:
            ok = sum(
                right(d, outcome, decide(rules_value(d, outcome), [m.value for m in d.mentions],
                                         ps, fill, over))
                for d, ps in scored
                if (d.killed if outcome == "killed" else d.injured) is not None
            )  # fmt: skip
            if ok > best[0]:
                best = (ok, fill, over)
    return best[1], best[2]


def fold_of(docs: Sequence[Doc], folds: int, seed: int) -> list[int]:
    """A fold per document, the same for every document of one text (grouped)."""
    groups = sorted({d.group for d in docs})
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(groups))
    at = {groups[i]: k % folds for k, i in enumerate(order)}
    return [at[d.group] for d in docs]
