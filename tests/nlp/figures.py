"""Helpers shared by the tests of casualty figures: the first incident extracted from a text
written for a test, and a figure's best value."""

from __future__ import annotations

import datetime as dt

from militancydb.nlp.model import Extracted
from militancydb.nlp.pipeline import extract


def first_incident(text: str, published: dt.date) -> Extracted:
    """The first incident ``text`` gives (the test fails if it gives none)."""
    found = extract(text, published=published)
    assert found, text
    return found[0]


def best_of(inc: Extracted, field: str) -> int | None:
    """The best value of a casualty figure (its low value where no best is given)."""
    fig = getattr(inc, field)
    return None if fig is None else (fig.best if fig.best is not None else fig.low)
