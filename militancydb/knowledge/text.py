"""Text normalisation shared by the place and actor resolvers.

``normalise`` folds case, strips Latin diacritics, unifies Arabic-script letter variants
(Arabic/Persian/Urdu forms of yeh, kaf, heh; tatweel and short vowels removed), turns
punctuation into spaces and collapses whitespace. Names in different scripts are never
transliterated into each other: an Urdu alias matches Urdu text.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_FOLD = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh -> Farsi yeh
        "ى": "ی",  # alef maksura
        "ې": "ی",  # Pashto yeh
        "ۍ": "ی",
        "ك": "ک",  # Arabic kaf -> keheh
        "ه": "ہ",  # heh -> Urdu heh goal
        "ە": "ہ",
        "ة": "ہ",  # teh marbuta
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ـ": "",  # tatweel
    }
)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def script_of(text: str) -> str:
    """``Latin``, ``Arabic`` (any Arabic-script language) or ``Other``/``Mixed``."""
    scripts = set()
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("ARABIC"):
            scripts.add("Arabic")
        elif name.startswith("LATIN"):
            scripts.add("Latin")
        else:
            scripts.add("Other")
    if not scripts:
        return "Other"
    if len(scripts) > 1:
        return "Mixed"
    return scripts.pop()


def normalise(text: str) -> str:
    """A comparison form of a name (see module docstring)."""
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text.translate(_ARABIC_FOLD))
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(
        ch
        for ch in decomposed
        if not (unicodedata.combining(ch) and not unicodedata.name(ch, "").startswith("ARABIC"))
    )
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("'", "").replace("`", "").replace("\u2019", "").replace("_", " ")
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def slug(text: str) -> str:
    """A key-friendly ASCII form: ``Dera Ismail Khan`` -> ``dera-ismail-khan``."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
