"""The citations of one record: which sources support a claim, a finding or an incident,
in the order they were added (``citations`` rows keyed by entity and id)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from militancydb.db.tables import Citation


def citations_of(session: Session, entity: str, entity_id: int | str) -> Sequence[Citation]:
    """The citations of record ``entity_id`` of kind ``entity`` (``claim``, ``established``,
    ``incident``), oldest first."""
    return session.scalars(
        select(Citation)
        .where(Citation.entity_type == entity, Citation.entity_id == str(entity_id))
        .order_by(Citation.id)
    ).all()


def citations_of_many(
    session: Session, entity: str, entity_ids: Iterable[int | str]
) -> dict[str, list[Citation]]:
    """The citations of several records of one kind, by record id (as text), each list
    oldest first, with their sources loaded: one query per thousand records instead of one
    per record."""
    keys = sorted({str(i) for i in entity_ids})
    out: dict[str, list[Citation]] = defaultdict(list)
    for i in range(0, len(keys), 1000):
        rows = session.scalars(
            select(Citation)
            .options(joinedload(Citation.source))
            .where(Citation.entity_type == entity, Citation.entity_id.in_(keys[i : i + 1000]))
            .order_by(Citation.id)
        ).all()
        for x in rows:
            out[x.entity_id].append(x)
    return out
