"""Sentences that say nobody was hurt: "No one was hurt", "no casualties were reported"
(the patterns are ``none_hurt`` in ``data/rules.yaml``); a figure said not to be reported
("nor were there any reports of the two men being killed") is no figure."""

from __future__ import annotations

import re

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


#: A figure said not to be reported: "nor were there any reports of the two men being
#: killed", "there was no word of the three guards being hurt".
_UNREPORTED = re.compile(
    r"\b(?:no|nor\s+(?:were|was)\s+there\s+any|not\s+any|without\s+any)\s+"
    r"(?:reports?|word|news|confirmation|sign)\s+(?:of|that)\s+(?:[\w'-]+\s+){0,3}$",
    re.I,
)


def unreported(before: str) -> bool:
    """Whether the words before a figure say it was not reported (see ``_UNREPORTED``)."""
    return _UNREPORTED.search(before[-90:]) is not None
