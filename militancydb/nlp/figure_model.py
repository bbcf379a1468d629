"""The trained figure reader: a linear model that scores each number of an incident as its
killed or injured figure, and the rule that lets it decide where the rules read none or
read a figure it finds unlikely.

NOT wired into the pipeline: grouped cross-validation over the development material
(``scripts/train_figures.py``, ``docs/extraction.md``) showed no gain over the rules (one
answer more or fewer of about 2,500), so no model file ships and
:func:`~militancydb.nlp.pipeline.extract` does not call this module. It is kept, with its
features (:mod:`~militancydb.nlp.figure_features`), so that the experiment can be rerun as
the labelled news grows.

A model file holds, per outcome, the weight of each feature and the two thresholds of
:func:`decide`, with where it was trained from, the script and the date, and the SHA-256
of its payload, checked on loading. It holds no text: feature names are single words and
markers. Evaluated in plain Python.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from militancydb.nlp.figure_features import Mention


class ModelFileError(ValueError):
    """The model file is missing a part or its payload does not match its hash."""


@dataclass(frozen=True)
class OutcomeModel:
    """The weights of one outcome and the thresholds of :func:`decide`."""

    weights: dict[str, float]
    fill: float
    over: float

    def probabilities(self, found: list[Mention]) -> list[float]:
        """Each mention's probability of being this outcome's figure."""
        out = []
        for m in found:
            z = sum(self.weights.get(f, 0.0) for f in m.features)
            out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return out


def payload_hash(payload: dict[str, Any]) -> str:
    """The SHA-256 of the payload as canonical JSON (sorted keys, no spaces)."""
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(raw.encode()).hexdigest()


def write(path: Path, payload: dict[str, Any]) -> str:
    """Write ``payload`` with its hash to ``path``; returns the hash."""
    digest = payload_hash(payload)
    text = json.dumps({"sha256": digest, "payload": payload}, sort_keys=True, indent=0)
    path.write_text(text + "\n", encoding="utf-8")
    return digest


def load(path: Path) -> dict[str, OutcomeModel]:
    """The models of a model file, by outcome; raises :class:`ModelFileError` when its
    payload does not match its recorded hash."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    payload = doc.get("payload")
    if not isinstance(payload, dict) or doc.get("sha256") != payload_hash(payload):
        raise ModelFileError(f"{path}: the payload does not match its SHA-256")
    try:
        return {
            outcome: OutcomeModel(
                {str(k): float(v) for k, v in part["weights"].items()},
                float(part["fill"]),
                float(part["over"]),
            )
            for outcome, part in payload["outcomes"].items()
        }
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelFileError(f"{path}: not a figure model ({exc})") from exc


def decide(rules_value: int | None, values: list[int], probs: list[float], fill: float,
           over: float) -> int | None:  # fmt: skip
    """The figure, given the rules' figure and the model's probabilities per mention.

    Where the rules read none, the most likely mention when its probability reaches
    ``fill``. Where they read one, the most likely mention replaces it only when its
    probability reaches ``over`` and no mention of the rules' value is likelier than not.
    Otherwise the rules' figure stands. A threshold above 1 turns that case off.
    """
    if not values:
        return rules_value
    top = max(range(len(values)), key=lambda i: probs[i])
    if rules_value is None:
        return values[top] if probs[top] >= fill else None
    if values[top] == rules_value or probs[top] < over:
        return rules_value
    theirs = max((p for v, p in zip(values, probs, strict=True) if v == rules_value), default=0.0)
    return values[top] if theirs < 0.5 else rules_value
