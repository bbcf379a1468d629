"""A chosen place made more specific by what the report says of it elsewhere (for
:func:`~militancydb.nlp.places.locate`):

- **a town as another place's landmark**: a town chosen from a headline ("Nine killed in
  suicide blast in Lahore") that the body names as the landmark of a place in its district
  ("in Raiwind on the outskirts of Lahore") gives way to that place (:func:`landmark_of`);
- **the capital of the unit**: a province or a district chosen, and the report says the
  attack was "in the provincial capital (of the same name)" or "in the district
  headquarters": the unit's headquarters town, as the gazetteer records it (:func:`capital_of`);
- **a town's possessive**: a district named after a town's possessive ("in Karachi's Korangi
  area"): that town is the city (:func:`possessive_town`).
"""

from __future__ import annotations

import datetime as dt
import re

from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.nlp.place_cues import landmark_cue, one_clause
from militancydb.nlp.place_resolve import Resolved

Texts = dict[int, tuple[int, str]]


def _district(gaz: Gazetteer, key: str, on: dt.date | None) -> str | None:
    return gaz.admin_of(key, on).district


def landmark_of(
    gaz: Gazetteer, best: Resolved, found: list[Resolved], texts: Texts, on: dt.date | None
) -> Resolved | None:
    """The place a later sentence names with the chosen town as its landmark, when it lies
    in the town's district (see the module docstring); else None."""
    if best.level != 3:
        return None
    home = _district(gaz, best.key, on)
    for o in found:
        if o.key != best.key or o.sentence == best.sentence or home is None:
            continue
        offset, text = texts[o.sentence]
        if not landmark_cue(text[: o.hit.start - offset]):
            continue  # "on the outskirts of Lahore", "near Peshawar"
        for r in found:
            if (
                r.sentence == o.sentence
                and r.level == 3
                and r.key != best.key
                and 0 <= o.hit.start - r.hit.end <= 40
                and one_clause(text[r.hit.end - offset : o.hit.start - offset])
                and _district(gaz, r.key, on) == home
            ):
                return r
    return None


_CAPITAL = {
    1: re.compile(r"\b(?:in|at)\s+the\s+provincial\s+(?:capital|headquarters)\b", re.I),
    2: re.compile(r"\b(?:in|at)\s+the\s+district\s+(?:capital|headquarters)\b", re.I),
}
#: The capital as where the wounded were taken, not where it happened.
_TAKEN = re.compile(
    r"\b(?:hospitals?|taken|shifted|moved|brought|referred|rushed|transported|evacuated)\b"
    r"[^.;]{0,60}$",
    re.I,
)


def capital_of(gaz: Gazetteer, best: Resolved, texts: Texts, on: dt.date | None) -> str | None:
    """The key of the chosen province's or district's headquarters town when the report
    says the attack was in it (see the module docstring); else None."""
    rx = _CAPITAL.get(best.level)
    hq = gaz.places[best.key].hq
    if rx is None or not hq:
        return None
    told = any(
        m is not None and not _TAKEN.search(text[: m.start()])
        for _, text in texts.values()
        for m in [rx.search(text)]
    )
    if not told:
        return None
    res = gaz.resolve(hq, on=on, within=best.key, kinds=frozenset({"town"}))
    return res.key


def possessive_town(
    gaz: Gazetteer, best: Resolved, found: list[Resolved], texts: Texts, on: dt.date | None
) -> str | None:
    """The town whose possessive names the chosen district ("Karachi's Korangi area"), as
    the town's name: the gazetteer's town, or the headquarters of a district of that name."""
    if best.level != 2:
        return None
    offset, text = texts[best.sentence]
    for r in found:
        if r.sentence != best.sentence or r.key == best.key or r.level < 2:
            continue
        if not re.fullmatch(r"['\u2019]s\s+", text[r.hit.end - offset : best.hit.start - offset]):
            continue
        p = gaz.places[r.key]
        name = p.name if r.level == 3 else p.hq
        if name and gaz.admin_of(r.key, on).province == gaz.admin_of(best.key, on).province:
            return name
    return None
