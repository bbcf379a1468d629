"""Scale a database up for benchmarks: repeat its incidents under new ids until it holds a
given number, in SQL (``INSERT … SELECT``), with their casualty figures, actors, targets and
tactics. Citations, external ids and history are not copied: the copies are load, not data."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, func, select, text

from militancydb.db.tables import Incident

CHILDREN = {
    "casualty_figures": ("category", "outcome", "low", "best", "high"),
    "incident_actors": ("actor_key", "actor_name", "role", "basis", "confidence", "note"),
    "incident_targets": ("target_type", "description"),
    "incident_tactics": ("tactic",),
}


def _incident_columns() -> list[str]:
    return [c.name for c in Incident.__table__.columns if c.name != "id"]


def scale_up(engine: Engine, target: int, progress: Callable[[int], None] | None = None) -> int:
    """Copy incidents 1..B (the original ones) until the table holds ``target``; returns the
    number of incidents now held. ``progress`` is told how many incidents each round added."""
    cols = _incident_columns()
    quoted = ", ".join(f'"{c}"' for c in cols)
    with engine.begin() as conn:
        base = int(conn.execute(select(func.max(Incident.id))).scalar_one() or 0)
        have = int(conn.execute(select(func.count(Incident.id))).scalar_one())
        k = 1
        while have < target:
            params = {"off": k * base, "base": base, "need": target - have}
            conn.execute(
                text(
                    f"INSERT INTO incidents (id, {quoted}) SELECT id + :off, {quoted} "
                    "FROM incidents WHERE id <= :base AND id <= :need"
                ),
                params,
            )
            for table, child_cols in CHILDREN.items():
                cc = ", ".join(child_cols)
                conn.execute(
                    text(
                        f"INSERT INTO {table} (incident_id, {cc}) "
                        f"SELECT incident_id + :off, {cc} FROM {table} "
                        "WHERE incident_id <= :base AND incident_id <= :need"
                    ),
                    params,
                )
            before, have = have, int(conn.execute(select(func.count(Incident.id))).scalar_one())
            if progress is not None:
                progress(have - before)
            k += 1
        if engine.dialect.name == "postgresql":
            conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('incidents', 'id'), max(id)) "
                    "FROM incidents"
                )
            )
    # statistics for the planner; on PostgreSQL also the visibility map, without which no
    # scan is index-only (a settled database has it from autovacuum)
    analyse = "VACUUM ANALYZE incidents" if engine.dialect.name == "postgresql" else "ANALYZE"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(analyse))
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))
    return have
