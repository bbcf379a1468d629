"""Search incidents as the API and the web pages do: the shared filter, plus target types and
free text over summaries, places and sources, sorted and paged with the total count."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, TypeVar
from typing import cast as cast_select

from sqlalchemy import ColumnElement, Select, String, cast, exists, func, or_, select
from sqlalchemy.orm import Session

from militancydb.codebook import TargetType
from militancydb.codebook.terms import TERMS
from militancydb.db.tables import Citation, Incident, IncidentTarget, Source
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import FieldError, ValidationFailed
from militancydb.knowledge.text import normalise
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import list_incidents

SelectT = TypeVar("SelectT", bound="Select[*tuple[Any, ...]]")

MAX_PAGE_SIZE = 1000
MAX_TEXT = 200

SORTS: dict[str, Any] = {
    "date": Incident.date_start,
    "killed": Incident.killed_best,
    "injured": Incident.injured_best,
    "id": Incident.id,
}


def target_codes(values: list[str]) -> frozenset[str]:
    """Target type codes from codes or labels; every unknown one is reported at once."""
    out: set[str] = set()
    errors = []
    for v in values:
        n = normalise(v)
        code = next(
            (
                c
                for c, term in TERMS[TargetType].items()
                if n in (normalise(c), normalise(term.label))
            ),
            None,
        )
        if code is None:
            errors.append(FieldError("target", f"{v!r} is not a target type; see the codebook"))
        else:
            out.add(code)
    if errors:
        raise ValidationFailed(errors, "filter")
    return frozenset(out)


@dataclass(frozen=True)
class IncidentQuery:
    """A filter (names already resolved), target types, free text, order and page."""

    filter: IncidentFilter = field(default_factory=IncidentFilter)
    targets: frozenset[str] = frozenset()
    text: str | None = None
    sort: str = "date"
    descending: bool = False
    limit: int = 50
    page: int = 1

    def check(self) -> None:
        """Raise ValidationFailed naming every parameter out of bounds."""
        errors = []
        if self.sort not in SORTS:
            errors.append(FieldError("sort", f"{self.sort!r}: use one of {', '.join(SORTS)}"))
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            errors.append(FieldError("limit", f"must be between 1 and {MAX_PAGE_SIZE}"))
        if self.page < 1:
            errors.append(FieldError("page", "must be 1 or more"))
        if self.text is not None and len(self.text) > MAX_TEXT:
            errors.append(FieldError("q", f"at most {MAX_TEXT} characters"))
        if errors:
            raise ValidationFailed(errors, "query")


@dataclass(frozen=True)
class IncidentPage:
    """One page of a search, with the total number of matches."""

    data: list[IncidentPublic]
    count: int
    page: int
    limit: int

    @property
    def pages(self) -> int:
        """How many pages the matches fill."""
        return max(1, math.ceil(self.count / self.limit))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _text_condition(text: str) -> ColumnElement[bool]:
    pattern = _like(text)
    in_sources = exists(
        select(Citation.id)
        .join(Source, Source.id == Citation.source_id)
        .where(
            Citation.entity_type == "incident",
            Citation.entity_id == cast(Incident.id, String),
            or_(
                Source.title.ilike(pattern, escape="\\"),
                Source.publisher.ilike(pattern, escape="\\"),
                Citation.excerpt.ilike(pattern, escape="\\"),
            ),
        )
    )
    return or_(
        Incident.summary.ilike(pattern, escape="\\"),
        Incident.place_name.ilike(pattern, escape="\\"),
        Incident.place_detail.ilike(pattern, escape="\\"),
        in_sources,
    )


def apply_query(q: IncidentQuery, query: SelectT) -> SelectT:
    """Add the search's conditions (filter, targets, text) to a select over incidents."""
    query = cast_select(SelectT, q.filter.apply(query))  # the filter adds WHERE clauses only
    if q.targets:
        query = query.where(
            exists(
                select(IncidentTarget.id).where(
                    IncidentTarget.incident_id == Incident.id,
                    IncidentTarget.target_type.in_(q.targets),
                )
            )
        )
    if q.text and q.text.strip():
        query = query.where(_text_condition(q.text.strip()))
    return query


def search_incidents(session: Session, q: IncidentQuery) -> IncidentPage:
    """The incidents of one page of a search, in the order asked, and the total count."""
    q.check()
    count = session.scalar(apply_query(q, select(func.count(Incident.id))))
    key = SORTS[q.sort]
    order = [key.desc().nulls_last() if q.descending else key.asc().nulls_last()]
    if q.sort != "id":
        order.append(Incident.id.desc() if q.descending else Incident.id.asc())
    ids = list(
        session.scalars(
            apply_query(q, select(Incident.id))
            .order_by(*order)
            .limit(q.limit)
            .offset((q.page - 1) * q.limit)
        )
    )
    rows = list_incidents(session, IncidentFilter(ids=frozenset(ids), include_deleted=True)).data
    by_id = {r.id: r for r in rows}
    return IncidentPage([by_id[i] for i in ids if i in by_id], int(count or 0), q.page, q.limit)
