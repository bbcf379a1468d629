"""Incidents read with Core selects, as their JSON form, in batches: what the API's list pages
and ``incidents list``'s table read.

The JSON form is the dict ``IncidentPublic.model_dump(mode="json")`` gives, built from rows by
the one builder of :mod:`militancydb.services.incident_public` (which the exports use too): no
ORM objects, no identity map, no pydantic validation, which is what made a large export take
minutes (issue 15). A test holds it equal to the ORM path (``list_incidents``) on both
backends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident
from militancydb.domain.incident import IncidentList, IncidentPublic
from militancydb.services.incident_public import forms_by_ids, stream_forms
from militancydb.services.incident_query import IncidentFilter

#: incidents per batch: one select per child table per batch (fewer round trips), while a
#: batch of JSON forms stays a few MB
BATCH = 1000


def public_by_ids(session: Session, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The JSON forms of these incidents (deleted ones included), in the order given; ids
    that do not exist are left out."""
    return forms_by_ids(session, ids)


def stream_public(
    session: Session,
    flt: IncidentFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    size: int = BATCH,
) -> Iterator[list[dict[str, Any]]]:
    """The selection's JSON forms, oldest first, ``size`` at a time, from one server-side
    cursor (:func:`militancydb.services.incident_public.stream_forms`)."""
    yield from stream_forms(session, flt, limit=limit, offset=offset, size=size)


def list_page(
    session: Session,
    flt: IncidentFilter,
    *,
    as_of: dt.date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> IncidentList:
    """The first ``limit`` incidents of a selection after ``offset`` (oldest first) and the
    selection's size, counted in SQL: what a table on the terminal shows, at any size.
    ``as_of`` reads a past day's state from the change log (``list_incidents``)."""
    if as_of is not None:  # the write services' module: not imported by a plain page
        from militancydb.services.incidents import list_incidents

        return list_incidents(session, flt, as_of=as_of, limit=limit, offset=offset)
    ids = flt.apply(select(Incident.id)).subquery()
    count = int(session.scalar(select(func.count()).select_from(ids)) or 0)
    data = [
        IncidentPublic.model_validate(d)
        for batch in stream_public(session, flt, limit=limit, offset=offset)
        for d in batch
    ]
    return IncidentList(data=data, count=count)
