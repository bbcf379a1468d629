"""Spelling variants of place names written run together or apart.

English reports write the same Pashto, Dari and Urdu compound names with or without the
space: "Miramshah" and GeoNames' "Miram Shah", "Darra Adamkhel" and "Darra Adam Khel",
"Qarabagh" and "Qara Bagh", "Datakhel" and "Data Khel". Every place gets, beside its
sourced names and aliases, these forms derived from them (kind ``variant``, so that the
record says they are derived, not looked up):

- **joined**: a name of capitalised Latin words with each compound element below written
  together with the word before it ("Miram Shah" -> "Miramshah", "Darra Adam Khel" ->
  "Darra Adamkhel"; only these elements, so that "Kabul Bank" never becomes "Kabulbank");
- **split**: a one-word name ending in a compound element, written as two words
  ("Adamkhel" -> "Adam Khel", "Tarinkot" -> "Tarin Kot");
- **khel / khail**: the two common spellings of the clan word ("Adam Khel" -> "Adam Khail").

A variant is added only when it is not already a name of the place, no name or alias of a
place that does not derive it too (it would make a name ambiguous that was not), and of at
least :data:`MIN_LETTERS` letters. How often these forms match on the development
descriptions, and whether each was a place, is in docs/gazetteer.md.
"""

from __future__ import annotations

import re
from dataclasses import replace

from militancydb.knowledge.place_tree import PlaceRecord
from militancydb.knowledge.text import normalise

#: The common last elements of compound place names (a clan, a fort, a town, a garden, ...).
ELEMENTS = (
    "khel", "khail", "kot", "abad", "shah", "bagh", "zai", "garh", "qala", "kalay", "killi",
    "dara", "darra", "ghar", "pur", "sar", "tangi", "wal",
)  # fmt: skip
MIN_LETTERS = 6
_LATIN_WORD = re.compile(r"[A-Z][a-z]+")
_SPLIT = re.compile(r"^([A-Z][a-z]{2,})(" + "|".join(ELEMENTS) + r")$")


def _same_case(old: str, new: str) -> str:
    return new.capitalize() if old[:1].isupper() else new


def variants_of(name: str) -> set[str]:
    """The run-together, split and khel/khail forms of one name (see the module docstring)."""
    out: set[str] = set()
    words = name.split()
    if 2 <= len(words) <= 4 and all(_LATIN_WORD.fullmatch(w) for w in words):
        joined = [words[0]]
        for w in words[1:]:
            if w.lower() in ELEMENTS:
                joined[-1] += w.lower()  # "Miram Shah" -> "Miramshah"
            else:
                joined.append(w)
        if len(joined) < len(words):
            out.add(" ".join(joined))
    elif len(words) == 1:
        m = _SPLIT.match(name)
        if m:
            out.add(f"{m.group(1)} {m.group(2).capitalize()}")
    for form in [name, *out]:
        for a, b in (("khel", "khail"), ("khail", "khel")):
            word = re.search(rf"(?i){a}\b", form)
            if word is not None:
                out.add(form[: word.start()] + _same_case(word.group(), b) + form[word.end() :])
                break
    return {v for v in out if v != name and len(re.sub(r"\W", "", v)) >= MIN_LETTERS}


def with_variants(places: dict[str, PlaceRecord]) -> dict[str, PlaceRecord]:
    """Every place with the variants of its names that name no other place."""
    owners: dict[str, set[str]] = {}
    for p in places.values():
        for text in [p.name, *(a for a, _ in p.aliases)]:
            owners.setdefault(normalise(text), set()).add(p.key)
    proposed: dict[str, dict[str, str]] = {}  # place key -> normalised variant -> spelling
    claimed: dict[str, set[str]] = {}  # normalised variant -> place keys proposing it
    source: dict[str, set[str]] = {}  # normalised variant -> the names it was derived from
    for p in places.values():
        for text in [p.name, *(a for a, kind in p.aliases if kind != "acronym")]:
            for v in variants_of(text):
                n = normalise(v)
                proposed.setdefault(p.key, {}).setdefault(n, v)
                claimed.setdefault(n, set()).add(p.key)
                source.setdefault(n, set()).add(normalise(text))

    def fits(n: str, key: str) -> bool:
        # not a name of this place already, no other place has it unless that one derives
        # it too, and the places deriving it already share a name (a district and its
        # headquarters town): it makes no name ambiguous that was not
        if key in owners.get(n, set()) or not owners.get(n, set()) <= claimed[n]:
            return False
        return any(claimed[n] <= owners.get(s, set()) for s in source[n])

    out = dict(places)
    for key, forms in proposed.items():
        new = tuple((v, "variant") for n, v in sorted(forms.items()) if fits(n, key))
        if new:
            p = out[key]
            out[key] = replace(p, aliases=(*p.aliases, *new))
    return out
