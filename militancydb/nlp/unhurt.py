"""Sentences that say nobody was hurt: "No one was hurt", "no casualties were reported"
(the patterns are ``none_hurt`` in ``data/rules.yaml``)."""

from __future__ import annotations

from militancydb.nlp.rules import rules


def none_hurt(sentence: str) -> list[tuple[str, int, int]]:
    """ "No one was hurt" and the like: (outcome, start, end); "hurt/injured" gives both
    outcomes only when nothing else is said about deaths."""
    out = []
    for m in rules().none_hurt.finditer(sentence):
        words = m.group(0).lower()
        if any(w in words for w in ("killed", "deaths", "loss of life")):
            out.append(("killed", m.start(), m.end()))
        elif "casualties" in words:
            out += [("killed", m.start(), m.end()), ("injured", m.start(), m.end())]
        else:
            out += [("injured", m.start(), m.end()), ("killed", m.start(), m.end())]
    return out
