"""The citations of one record: which sources support a claim, a finding or an incident,
in the order they were added (``citations`` rows keyed by entity and id)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import Citation


def citations_of(session: Session, entity: str, entity_id: int | str) -> Sequence[Citation]:
    """The citations of record ``entity_id`` of kind ``entity`` (``claim``, ``established``,
    ``incident``), oldest first."""
    return session.scalars(
        select(Citation)
        .where(Citation.entity_type == entity, Citation.entity_id == str(entity_id))
        .order_by(Citation.id)
    ).all()
