"""Language of a text, by py3langid (its model ships inside the package; nothing is fetched).

Only the first ``SAMPLE`` characters are read. A text with too few letters
(:func:`too_short`), or a guess below ``MIN_PROBABILITY``, is ``und`` (undetermined), never
guessed.

The identifier chooses among the languages of its model except ``LEFT_OUT``: Nigerian Pidgin
(``pcm``) is English-lexified — it writes English words with English spelling — and on short
English news it takes up to half the probability ("MARDAN: Gunmen shot dead 3 policemen in
Mardan on 3 March 2015, police said.": pcm 0.45, en 0.41 with it; en 0.75 without), so one-line
English reports and feed items were left unread. No news of this region is written in it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

SAMPLE = 5000
MIN_LETTERS = 20
MIN_PROBABILITY = 0.5
LEFT_OUT = frozenset({"pcm"})


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted(set(identifier.nb_classes) - LEFT_OUT))
    return identifier


def too_short(text: str) -> bool:
    """Whether ``text`` has too few letters for its language to be told."""
    return sum(ch.isalpha() for ch in text[:SAMPLE]) < MIN_LETTERS


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code or ``und``, probability)."""
    if too_short(text):
        return "und", 0.0
    lang, prob = _identifier().classify(text[:SAMPLE])
    if prob < MIN_PROBABILITY:
        return "und", float(prob)
    return str(lang), float(prob)
