"""Cues that a figure comes on top of those told before it ("two others were also killed",
"another", "in addition"), for :mod:`~militancydb.nlp.casualties`."""

from __future__ import annotations

import re

#: "five other people" (``figure_context.other_outcome_before``: not after the other
#: outcome's figure), "two more", "three were also killed", "three farmers also died"
OTHER_AFTER = re.compile(r"^\s+(?:others?|more)\b", re.I)
ADDITIVE_AFTER = re.compile(
    r"^\s+(?:other|more|additional|further)\b"
    r"|^\s+(?:[\w-]+\s+){0,5}?(?:were|was|have been)\s+also\b"
    # "Three farmers also died"
    r"|^\s+(?:[\w-]+\s+){0,5}?also\s+(?:died|perished|succumbed|lost their lives)\b",
    re.I,
)
ADDITIVE_BEFORE = re.compile(
    r"\b(?:another|an additional|a further)\s+$"
    r"|\balso\s+(?:kill(?:ed|ing)|shot dead|shot and killed|murdered|beheaded|wounded|injured)\s+$",
    re.I,
)
#: A sentence that reports more dead on top of those already told: "In addition, a fourth
#: man was killed", "Two others died of their injuries as well".
MORE = re.compile(r"^\W*(?:in addition|additionally|also)\b|\bas well(?! as)\b", re.I)
