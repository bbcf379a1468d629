"""Search incidents as the API and the web pages do: the shared filter, plus target types and
free text over summaries, places and sources, sorted and paged with the total count."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar
from typing import cast as cast_select

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    cast,
    exists,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from militancydb.codebook import TargetType
from militancydb.codebook.terms import TERMS
from militancydb.db.tables import Citation, Incident, IncidentTarget, Source
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import FieldError, ValidationFailed
from militancydb.knowledge.text import normalise
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incident_reader import public_by_ids

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


def _place_condition(
    flt: IncidentFilter, keys: frozenset[str], then: Any, now: Any
) -> ColumnElement[bool]:
    """``then IN keys OR now IN keys`` with the date range repeated in each branch, so that
    each branch is one range of a (place, date_start) index (see docs/performance.md)."""
    dates = []
    if flt.date_from:
        dates.append(Incident.date_start >= flt.date_from)
    if flt.date_to:
        dates.append(Incident.date_start <= flt.date_to)
    return or_(and_(then.in_(keys), *dates), and_(now.in_(keys), *dates))


def indexed_filter(query: SelectT, flt: IncidentFilter) -> SelectT:
    """The same rows as ``flt.apply(query)``, with conditions written so the indexes serve
    them: ``deleted = false`` (an equality, where ``IS false`` is not indexable on
    PostgreSQL; the column is NOT NULL, so the two agree) and the place conditions of
    :func:`_place_condition`."""
    simple = replace(flt, provinces=frozenset(), districts=frozenset(), include_deleted=True)
    if flt.provinces or flt.districts:  # the dates go inside each branch of the place's OR
        simple = replace(simple, date_from=None, date_to=None)
    query = cast_select(SelectT, simple.apply(query))  # the filter adds WHERE clauses only
    if not flt.include_deleted:
        query = query.where(Incident.deleted == false())
    if flt.provinces:
        query = query.where(
            _place_condition(flt, flt.provinces, Incident.admin1_key, Incident.admin1_now_key)
        )
    if flt.districts:
        query = query.where(
            _place_condition(flt, flt.districts, Incident.admin2_key, Incident.admin2_now_key)
        )
    return query


def apply_query(q: IncidentQuery, query: SelectT, *, simple: bool = False) -> SelectT:
    """Add the search's conditions (filter, targets, text) to a select over incidents;
    ``simple`` writes them as :meth:`IncidentFilter.apply` does (the reference the tests
    compare the indexed form with)."""
    if simple:
        query = cast_select(SelectT, q.filter.apply(query))
    else:
        query = indexed_filter(query, q.filter)
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


def page_ids(session: Session, q: IncidentQuery, *, simple: bool = False) -> list[int]:
    """The ids of the page asked, in order: by the sort key (NULLs last), then by id in the
    same direction.

    A nullable key (killed, injured) is read in two parts, the incidents with a figure in
    plain ``ORDER BY key, id`` (which an index on (key, id) serves forwards or backwards on
    either backend) and then those without one by id, since no single plain index gives
    NULLs last in both directions. ``simple`` sends the one ``NULLS LAST`` query of before,
    the reference the tests compare with."""
    key = SORTS[q.sort]
    column = Incident.__table__.c[key.key]
    offset, want = (q.page - 1) * q.limit, q.limit
    by_id = Incident.id.desc() if q.descending else Incident.id.asc()
    if simple:
        first = key.desc().nulls_last() if q.descending else key.asc().nulls_last()
        order = [first] if q.sort == "id" else [first, by_id]
        query = apply_query(q, select(Incident.id), simple=True).order_by(*order)
        return list(session.scalars(query.limit(want).offset(offset)))
    if not column.nullable:
        order = [key.desc() if q.descending else key.asc()]
        if q.sort != "id":
            order.append(by_id)
        query = apply_query(q, select(Incident.id)).order_by(*order)
        return list(session.scalars(query.limit(want).offset(offset)))
    with_figure = list(
        session.scalars(
            apply_query(q, select(Incident.id))
            .where(key.is_not(None))
            .order_by(key.desc() if q.descending else key.asc(), by_id)
            .limit(offset + want)
        )
    )
    page = with_figure[offset:]
    if len(with_figure) == offset + want:
        return page
    without = (
        apply_query(q, select(Incident.id))
        .where(key.is_(None))
        .order_by(by_id)
        .limit(want - len(page))
        .offset(max(0, offset - len(with_figure)))
    )
    return page + list(session.scalars(without))


def _count_not_deleted(session: Session) -> int:
    """The incidents not deleted: the table's size (SQLite counts it without reading rows)
    less the deleted ones (ix_incidents_deleted), rather than a scan testing every row."""
    every = session.scalar(select(func.count()).select_from(Incident)) or 0
    gone = session.scalar(select(func.count()).where(Incident.deleted == true())) or 0
    return int(every) - int(gone)


@dataclass(frozen=True)
class RowPage:
    """One page of a search as JSON forms (``IncidentPublic.model_dump(mode="json")``, read
    with Core selects), with the total number of matches."""

    data: list[dict[str, Any]]
    count: int
    page: int
    limit: int

    @property
    def pages(self) -> int:
        """How many pages the matches fill."""
        return max(1, math.ceil(self.count / self.limit))


def search_incident_rows(session: Session, q: IncidentQuery) -> RowPage:
    """The JSON forms of one page of a search, in the order asked, and the total count
    (counted only when the page does not already tell it: a short page is the last one).
    The page is read with Core selects (services/incident_reader.py), no ORM objects."""
    q.check()
    ids = page_ids(session, q)
    if len(ids) < q.limit and (ids or q.page == 1):
        count: int | None = (q.page - 1) * q.limit + len(ids)
    elif q.filter == IncidentFilter() and not q.targets and not (q.text and q.text.strip()):
        count = _count_not_deleted(session)
    else:
        count = session.scalar(apply_query(q, select(func.count(Incident.id))))
    return RowPage(public_by_ids(session, ids), int(count or 0), q.page, q.limit)


def search_incidents(session: Session, q: IncidentQuery) -> IncidentPage:
    """:func:`search_incident_rows` as :class:`IncidentPublic` models (for the web pages)."""
    rows = search_incident_rows(session, q)
    data = [IncidentPublic.model_validate(d) for d in rows.data]
    return IncidentPage(data, rows.count, rows.page, rows.limit)
