"""Language of a text, by py3langid (its model ships inside the package; nothing is fetched).

Only the first ``SAMPLE`` characters are read. A text with too few letters, or a guess below
``MIN_PROBABILITY``, is ``und`` (undetermined), never guessed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

SAMPLE = 5000
MIN_LETTERS = 20
MIN_PROBABILITY = 0.5


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code or ``und``, probability)."""
    sample = text[:SAMPLE]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "und", 0.0
    lang, prob = _identifier().classify(sample)
    if prob < MIN_PROBABILITY:
        return "und", float(prob)
    return str(lang), float(prob)
