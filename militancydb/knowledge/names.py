"""A place name resolved with one query, before (and often instead of) reading the whole
gazetteer (issue 15): ``incidents list --province Balochistan`` needs one key, not the
2,500 places, their 12,500 aliases and the indexes built on them.

:func:`exact_place` answers only when :meth:`Gazetteer.resolve
<militancydb.knowledge.gazetteer.Gazetteer.resolve>` would certainly give the same answer,
and ``None`` otherwise (the caller then resolves through the gazetteer, which also words
every error). The gazetteer's first two rules are read from the tables as it reads them:

1. the text is the key of a live place (rule "key"); else
2. the text is exactly the name or an alias of one or more live places (rule "exact").

Of those candidates it keeps the places of the kinds asked for (and of the country, when one
is given); exactly one must remain. A name on the stop-list without a country, a name that
is not exact (other case or spelling: the gazetteer's normalised and fuzzy rules), a
restriction to an area (``within``) or several remaining candidates (which the gazetteer
narrows by date, nesting and distance) all go to the gazetteer.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import select, union

from militancydb.domain.limits import PLACE_NAME as MAX_QUERY  # the gazetteer's limit too
from militancydb.knowledge.text import normalise

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@lru_cache(maxsize=1)
def stoplist() -> frozenset[str]:
    """The shipped stop-list, as :func:`~militancydb.knowledge.place_files.read_stoplist`
    reads it (a test holds the two equal), without importing the shipped-file readers."""
    f = resources.files("militancydb.knowledge").joinpath("data", "places", "stoplist.txt")
    if not f.is_file():
        return frozenset()
    words = (line.split("#")[0].strip() for line in f.read_text("utf-8").splitlines())
    return frozenset(normalise(w) for w in words if w)


def exact_place(
    session: Session,
    text: str,
    *,
    kinds: frozenset[str],
    country: str | None = None,
) -> str | None:
    """The key of the one live place of ``kinds`` (in ``country``) that ``text`` names by
    its key, name or an alias; ``None`` when the gazetteer must decide (module docstring)."""
    from militancydb.db.tables import Place, PlaceAlias

    stripped = text.strip()
    if not stripped or len(stripped) > MAX_QUERY:
        return None
    places = Place.__table__
    live = places.c.deleted.is_(False)
    columns = (places.c.key, places.c.kind, places.c.country)
    by_key = session.execute(select(*columns).where(live, places.c.key == stripped)).all()
    if by_key:
        candidates = by_key
    else:
        aliases = PlaceAlias.__table__
        named = union(
            select(places.c.key).where(places.c.name == stripped),
            select(aliases.c.place_key).where(aliases.c.alias == stripped),
        ).subquery()
        candidates = session.execute(
            select(*columns).where(live, places.c.key.in_(select(named.c[0])))
        ).all()
        if not candidates:
            return None
        if country is None and normalise(stripped) in stoplist():
            return None  # the gazetteer refuses it, with its reason
    kept = [key for key, kind, where in candidates if kind in kinds and country in (None, where)]
    return kept[0] if len(kept) == 1 else None
