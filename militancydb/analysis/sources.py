"""Sources by key: what the registry's source keys stand for (publisher, title, address,
date), for briefs and reports that cite them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import Source


@dataclass(frozen=True)
class SourceDetail:
    """One source, as a citation needs it."""

    key: str
    kind: str
    publisher: str | None
    title: str | None
    url: str | None
    published: str | None
    licence: str | None = None


def sources_by_key(session: Session, keys: Iterable[str]) -> dict[str, SourceDetail]:
    """The sources of the given keys (keys not in the ``sources`` table are left out)."""
    wanted = sorted({k for k in keys if k})
    out: dict[str, SourceDetail] = {}
    for i in range(0, len(wanted), 900):
        for s in session.scalars(select(Source).where(Source.key.in_(wanted[i : i + 900]))):
            if s.key is None:
                continue
            out[s.key] = SourceDetail(
                s.key, s.kind, s.publisher, s.title, s.url, s.published, s.licence
            )
    return out
