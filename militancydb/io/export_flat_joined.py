"""Flat rows (our CSV's columns, GeoJSON's properties) on PostgreSQL in ONE select: each list
and the killed figures aggregated per incident in a grouped subquery over the selection's
incidents, joined to the incidents and sorted by the server.

Why: an export walks the incidents by date, and the incidents of a batch lie all over the
child tables (ids are not in date order): the per-batch selects of
:mod:`militancydb.io.export_flat_batches` made PostgreSQL do an index lookup per incident
and child table, mostly on pages outside its buffers (EXPLAIN (ANALYZE, BUFFERS): 100 ms
for a batch's actors at 1,000,000 incidents, ``read=1693``), and a batch waits for its
selects before the next fetch. Grouped over the whole selection, the planner reads each
child table once (sequential scans, hash or merge joins, its parallel workers) and sorts
once; the client reads finished rows from one server-side cursor (no merge in Python). A
selective filter keeps its plan cheap: each grouped subquery is restricted to the
selection's ids (``IN (SELECT id ...)``), which the planner
turns into index lookups when they are few.

The semantics are those of :func:`militancydb.io.export.flat` (see
:mod:`militancydb.io.incident_flat`'s docstring); a test holds the rows equal to the batched
ones and to the correlated subqueries.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import String, cast, func, literal, literal_column, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from militancydb.codebook import SECURITY_CATEGORIES
from militancydb.db.tables import (
    CasualtyFigure,
    Citation,
    ExternalId,
    Incident,
    IncidentActor,
    IncidentTactic,
    IncidentTarget,
    Source,
)
from militancydb.io.export import CSV_COLUMNS
from militancydb.io.export_flat_text import TEXT_COLUMNS
from militancydb.io.export_flat_whole import large_selection
from militancydb.services.incident_query import IncidentFilter

_SECURITY = sorted(c.value for c in SECURITY_CATEGORIES)
_SEP = literal(";")


def _agg(value: Any, order: Any) -> Any:
    """``value`` of a group's rows joined by ``;`` in ``order`` (NULL if none)."""
    from sqlalchemy.dialects import postgresql  # PostgreSQL only: not on a SQLite export

    return func.string_agg(value, postgresql.aggregate_order_by(_SEP, order))


def among(col: Any, ids: Any) -> Any:
    """``col`` is one of the ids (a select of them), or any incident's (``ids`` None)."""
    return col.is_not(None) if ids is None else col.in_(ids)


def _grouped(ids: Any) -> dict[str, Any]:
    """The grouped subqueries over the selection's incident ids (a select of ids), or over
    every incident (``ids`` None: a large selection, whose ids' restriction cost a merge
    with the incidents' index per child table, 7 in all, and saved little)."""
    actor_order = IncidentActor.id
    label = func.coalesce(
        func.nullif(Source.url, ""),
        func.nullif(Source.title, ""),
        func.nullif(Source.publisher, ""),
    )
    newer = (
        select(literal_column("1"))
        .select_from(ExternalId.__table__.alias("e2"))
        .where(
            literal_column("e2.incident_id") == ExternalId.incident_id,
            literal_column("e2.system") == ExternalId.system,
            literal_column("e2.id") > ExternalId.id,
        )
        .exists()
    )
    return {
        "tactics": select(
            IncidentTactic.incident_id.label("k"),
            _agg(IncidentTactic.tactic, IncidentTactic.id).label("tactics"),
        )
        .where(among(IncidentTactic.incident_id, ids), IncidentTactic.tactic != "")
        .group_by(IncidentTactic.incident_id)
        .subquery("ta"),
        "targets": select(
            IncidentTarget.incident_id.label("k"),
            _agg(IncidentTarget.target_type, IncidentTarget.id).label("targets"),
        )
        .where(among(IncidentTarget.incident_id, ids), IncidentTarget.target_type != "")
        .group_by(IncidentTarget.incident_id)
        .subquery("tg"),
        "actors": select(
            IncidentActor.incident_id.label("k"),
            _agg(IncidentActor.actor_name, actor_order)
            .filter(IncidentActor.role == "perpetrator")
            .label("perpetrators"),
            _agg(IncidentActor.actor_name, actor_order)
            .filter(IncidentActor.role != "perpetrator")
            .label("targets_actors"),
        )
        .where(among(IncidentActor.incident_id, ids), IncidentActor.actor_name != "")
        .group_by(IncidentActor.incident_id)
        .subquery("ac"),
        "killed": select(
            CasualtyFigure.incident_id.label("k"),
            func.sum(CasualtyFigure.best)
            .filter(CasualtyFigure.category == "civilians")
            .label("killed_civilians"),
            func.sum(CasualtyFigure.best)
            .filter(CasualtyFigure.category.in_(_SECURITY))
            .label("killed_security"),
            func.sum(CasualtyFigure.best)
            .filter(CasualtyFigure.category == "militants")
            .label("killed_militants"),
        )
        .where(among(CasualtyFigure.incident_id, ids), CasualtyFigure.outcome == "killed")
        .group_by(CasualtyFigure.incident_id)
        .subquery("kf"),
        # one id per dataset, the last stored, sorted by dataset name in code-point order
        "external_ids": select(
            ExternalId.incident_id.label("k"),
            _agg(
                ExternalId.system + ":" + ExternalId.external_id,
                ExternalId.system.collate("C"),
            ).label("external_ids"),
        )
        .where(among(ExternalId.incident_id, ids), ~newer)
        .group_by(ExternalId.incident_id)
        .subquery("ex"),
        "sources": select(
            Citation.entity_id.label("k"),
            _agg(label, Citation.id).label("sources"),
        )
        .join(Source, Source.id == Citation.source_id)
        .where(
            Citation.entity_type == "incident",
            among(
                Citation.entity_id,
                None if ids is None else ids.with_only_columns(cast(Incident.id, String(200))),
            ),
            label.is_not(None),
        )
        .group_by(Citation.entity_id)
        .subquery("sr"),
    }


_PLAIN = {
    "province": Incident.admin1_name,
    "province_now": Incident.admin1_now_name,
    "district": Incident.admin2_name,
    "district_now": Incident.admin2_now_name,
    "place": Incident.place_name,
}


@functools.cache
def _where_from() -> dict[str, str]:
    """Which grouped subquery gives each aggregated column."""
    out: dict[str, str] = {}
    for key, sub in _grouped(select(Incident.id)).items():
        for c in sub.c:
            if c.name != "k":
                out[c.name] = key
    return out


def joined_select(
    flt: IncidentFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    text: str | None = None,
    large: bool = False,
) -> Any:
    """The one select of the selection's flat rows, in ``CSV_COLUMNS`` order, oldest
    first; ``text="csv"`` or ``"geojson"``: of text rows
    (:mod:`militancydb.io.export_flat_text`); ``large``: the lists aggregated over every
    incident (a large selection without a limit or an offset)."""
    ids: Any = flt.apply(select(Incident.id))
    if limit is not None or offset:
        ids = ids.order_by(Incident.date_start, Incident.id).limit(limit).offset(offset or None)
    elif large:
        ids = None
    subs = _grouped(ids)
    where_from = _where_from()
    frm: Any = Incident.__table__
    for key, sub in subs.items():
        on = sub.c.k == (cast(Incident.id, String(200)) if key == "sources" else Incident.id)
        frm = frm.outerjoin(sub, on)
    cols: list[Any] = []
    for name in CSV_COLUMNS:
        if name in ("date_start", "date_end"):
            cols.append(cast(Incident.__table__.c[name], String(10)).label(name))
        elif name in where_from:
            cols.append(subs[where_from[name]].c[name])
        elif name in _PLAIN:
            cols.append(_PLAIN[name].label(name))
        else:
            cols.append(Incident.__table__.c[name])
    if text is not None:
        cols = TEXT_COLUMNS[text]("postgresql", cols)
    stmt = flt.apply(select(*cols).select_from(frm)).order_by(Incident.date_start, Incident.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return stmt


def stream_flat_joined(
    session: Session,
    flt: IncidentFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    size: int = 2000,
    text: str | None = None,
) -> Iterator[list[tuple[Any, ...]]]:
    """The selection's flat rows (tuples in ``CSV_COLUMNS`` order), oldest first, ``size``
    at a time, from one server-side cursor of the driver (PostgreSQL); ``text``: as text
    rows (:func:`joined_select`)."""
    conn = session.connection()
    large = limit is None and not offset and large_selection(session, flt)
    stmt = joined_select(flt, limit=limit, offset=offset, text=text, large=large)
    with export_settings(session):
        # a server-side cursor; SQLAlchemy's rows are sequences the writers take as they are
        result = conn.execute(stmt.execution_options(yield_per=size))
        try:
            while rows := result.fetchmany(size):
                yield rows  # type: ignore[misc]
        finally:
            result.close()


#: PostgreSQL's settings for the one select of an export (:func:`export_settings`)
EXPORT_SETTINGS = {"cursor_tuple_fraction": "1", "jit": "off"}


@contextmanager
def export_settings(session: Session, extra: dict[str, str] | None = None) -> Iterator[None]:
    """PostgreSQL's :data:`EXPORT_SETTINGS` while an export's one select runs (local to the
    transaction, and set back as they were). The select is read from a server-side cursor,
    which PostgreSQL plans for its first tenth of rows by default
    (``cursor_tuple_fraction``); an export reads them all, and a plan for the first rows
    (the date index walked with a nested loop over each grouped list, materialised) ran
    for minutes. The planner also misjudges the rows of the joined lists (billions, for a
    million incidents) and so compiled the select (JIT: 3.3 s of each process's CPU, three
    processes with the parallel workers, for a select that then ran 3.4 s faster per
    process without it). ``EXPLAIN ANALYZE`` in docs/performance.md ("Exports").
    ``extra``: more settings of the same kind for this export."""
    if session.get_bind().dialect.name != "postgresql":
        yield
        return
    conn = session.connection()
    settings = {**EXPORT_SETTINGS, **(extra or {})}
    before = {k: conn.scalar(sql_text(f"SELECT current_setting('{k}')")) for k in settings}
    for k, v in settings.items():
        conn.execute(sql_text("SELECT set_config(:k, :v, true)"), {"k": k, "v": v})
    try:
        yield
    finally:
        for k, v in before.items():
            conn.execute(sql_text("SELECT set_config(:k, :v, true)"), {"k": k, "v": v})
