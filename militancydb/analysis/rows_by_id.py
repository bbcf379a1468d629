"""The few incidents an answer names, read by their ids as :func:`~militancydb.analysis.data.
load_rows` gives them, in two statements built once (``ask last-high-profile``'s answer, its
runners-up and the incidents that straddle its date)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    String,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from militancydb.analysis.data import (
    ROW_COLUMNS,
    ActorLink,
    Row,
    rows_with_children,
    select_columns,
)
from militancydb.db.tables import (
    CasualtyFigure,
    Incident,
    IncidentActor,
    IncidentTactic,
    IncidentTarget,
)


def load_rows_by_id(session: Session, ids: Collection[int]) -> list[Row]:
    """The live incidents among ``ids``, as :func:`load_rows` gives them (oldest first), by
    statements built once with the ids a bound parameter: for the few rows an answer names,
    building the five statements cost more than running them."""
    if not ids:
        return []
    incidents_by_id, children = _by_id()
    params = {"ids": sorted(ids)}
    conn = session.connection()
    incidents = conn.execute(incidents_by_id, params).all()
    if not incidents:
        return []
    tactics: dict[int, list[str]] = defaultdict(list)
    targets: dict[int, list[str]] = defaultdict(list)
    actors: dict[int, list[ActorLink]] = defaultdict(list)
    figures: dict[int, dict[tuple[str, str], int | None]] = defaultdict(dict)
    for kind, iid, a, b, c, d, best, _ in conn.execute(children, params):
        if kind == 0:
            tactics[iid].append(a)
        elif kind == 1:
            targets[iid].append(a)
        elif kind == 2:
            actors[iid].append(ActorLink(a, b, c, d))
        else:
            figures[iid][(a, b)] = best
    return rows_with_children(incidents, tactics, targets, actors, figures)


@lru_cache(maxsize=1)
def _by_id() -> tuple[Select[Any], Any]:
    """The incidents by their ids, and their child rows in one statement (the four reads of
    :func:`_children` as one ``UNION ALL``, each child's rows in their recorded order): an
    answer names a few incidents, and each statement sent cost more than its rows (issue
    15, ``ask last-high-profile`` at 1,000,000 incidents)."""
    ids: Any = bindparam("ids", expanding=True)
    incidents = (
        select_columns(*ROW_COLUMNS)
        .where(Incident.deleted.is_(False), Incident.id.in_(ids))
        .order_by(Incident.date_start, Incident.id)
    )
    # typed: PostgreSQL resolves the type of a UNION's column from its first branches
    none, no_number = cast(null(), String), cast(null(), Integer)
    children: Any = union_all(
        select(
            literal_column("0").label("kind"),
            IncidentTactic.incident_id,
            IncidentTactic.tactic.label("a"),
            none.label("b"),
            none.label("c"),
            none.label("d"),
            no_number.label("best"),
            IncidentTactic.id.label("id"),
        ).where(IncidentTactic.incident_id.in_(ids)),
        select(
            literal_column("1"),
            IncidentTarget.incident_id,
            IncidentTarget.target_type,
            none,
            none,
            none,
            no_number,
            IncidentTarget.id,
        ).where(IncidentTarget.incident_id.in_(ids)),
        select(
            literal_column("2"),
            IncidentActor.incident_id,
            IncidentActor.actor_key,
            IncidentActor.actor_name,
            IncidentActor.role,
            IncidentActor.basis,
            no_number,
            IncidentActor.id,
        ).where(IncidentActor.incident_id.in_(ids)),
        select(
            literal_column("3"),
            CasualtyFigure.incident_id,
            CasualtyFigure.category,
            CasualtyFigure.outcome,
            none,
            none,
            CasualtyFigure.best,
            CasualtyFigure.id,
        ).where(CasualtyFigure.incident_id.in_(ids)),
    )
    return incidents, children.order_by(literal_column("kind"), literal_column("id"))
