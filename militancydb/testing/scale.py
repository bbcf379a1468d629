"""Scale a database up for benchmarks: repeat its incidents under new ids until it holds a
given number, in SQL (``INSERT … SELECT``), with their casualty figures, actors, targets,
tactics and citations, and their claim records (new ids, the same claimant, kind, channel,
dates, statement, status and sources) with their stored credibility assessments, so that a
copy's ``claimed`` attribution has its claim as the original's has, and a copied claim is
graded as the original is (every claim of a database built by ``militancydb init`` has a
stored assessment; a report reads it rather than assessing afresh). External ids (unique
per dataset), a claim's reference (unique: a dataset record's) and history are not copied:
the copies are load, not data.

Each round copies every incident held so far (or as many as are still needed), so that a
million takes about eight statements per table rather than one per copy of the bundled
rows; no row passes through Python.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, func, select, text

from militancydb.db.tables import Claim, ClaimAssessment, Incident

CHILDREN = {
    "casualty_figures": ("category", "outcome", "low", "best", "high"),
    "incident_actors": ("actor_key", "actor_name", "role", "basis", "confidence", "note"),
    "incident_targets": ("target_type", "description"),
    "incident_tactics": ("tactic",),
}
CITATION_COLUMNS = ("source_id", "locator", "excerpt", "fields")


def _incident_columns() -> list[str]:
    return [c.name for c in Incident.__table__.columns if c.name != "id"]


def _claim_columns() -> list[str]:
    return [c.name for c in Claim.__table__.columns if c.name not in ("id", "incident_id", "ref")]


def _assessment_columns() -> list[str]:
    return [c.name for c in ClaimAssessment.__table__.columns if c.name not in ("id", "claim_id")]


def _copy_round(conn: Connection, top: int, need: int) -> None:
    """Copy the incidents with ids up to ``top`` (at most ``need`` of them, lowest ids
    first) to ids ``top`` higher, with their children."""
    cols = ", ".join(f'"{c}"' for c in _incident_columns())
    picked = "SELECT id FROM incidents WHERE id <= :top ORDER BY id LIMIT :need"
    params = {"top": top, "need": need}
    conn.execute(
        text(
            f"INSERT INTO incidents (id, {cols}) SELECT id + :top, {cols} FROM incidents "
            "WHERE id <= :top ORDER BY id LIMIT :need"
        ),
        params,
    )
    for table, child_cols in CHILDREN.items():
        cc = ", ".join(child_cols)
        conn.execute(
            text(
                f"INSERT INTO {table} (incident_id, {cc}) SELECT incident_id + :top, {cc} "
                f"FROM {table} WHERE incident_id IN ({picked}) ORDER BY id"
            ),
            params,
        )
    cc = ", ".join(CITATION_COLUMNS)
    conn.execute(
        text(
            f"INSERT INTO citations (entity_type, entity_id, {cc}) "
            f"SELECT entity_type, CAST(CAST(entity_id AS INTEGER) + :top AS VARCHAR(200)), {cc} "
            "FROM citations WHERE entity_type = 'incident' "
            f"AND CAST(entity_id AS INTEGER) IN ({picked}) ORDER BY id"
        ),
        params,
    )
    _copy_claims(conn, top, picked, params)


def _copy_claims(conn: Connection, top: int, picked: str, params: dict[str, int]) -> None:
    """Copy the claims of the picked incidents to their copies (claim ids ``ctop`` higher,
    ``ctop`` the largest claim id held, so every copy's id is new), with their citations
    and stored assessments."""
    ctop = int(conn.execute(select(func.coalesce(func.max(Claim.id), 0))).scalar_one())
    cols = ", ".join(f'"{c}"' for c in _claim_columns())
    mine = f"SELECT id FROM claims WHERE incident_id IN ({picked})"
    conn.execute(
        text(
            f"INSERT INTO claims (id, incident_id, {cols}) "
            f"SELECT id + :ctop, incident_id + :top, {cols} FROM claims "
            f"WHERE incident_id IN ({picked}) ORDER BY id"
        ),
        {**params, "ctop": ctop},
    )
    ac = ", ".join(f'"{c}"' for c in _assessment_columns())
    conn.execute(
        text(
            f"INSERT INTO claim_assessments (claim_id, {ac}) SELECT claim_id + :ctop, {ac} "
            f"FROM claim_assessments WHERE claim_id IN ({mine}) ORDER BY id"
        ),
        {**params, "ctop": ctop},
    )
    cc = ", ".join(CITATION_COLUMNS)
    # the claims' ids are compared as text, so that no other entity's id is cast
    conn.execute(
        text(
            f"INSERT INTO citations (entity_type, entity_id, {cc}) "
            f"SELECT entity_type, CAST(CAST(entity_id AS INTEGER) + :ctop AS VARCHAR(200)), {cc} "
            "FROM citations WHERE entity_type = 'claim' "
            f"AND entity_id IN (SELECT CAST(id AS VARCHAR(200)) FROM ({mine}) AS c) ORDER BY id"
        ),
        {**params, "ctop": ctop},
    )


def scale_up(engine: Engine, target: int, progress: Callable[[int], None] | None = None) -> int:
    """Repeat the incidents held until the table holds ``target``; returns the number of
    incidents now held. ``progress`` is told how many incidents each round added."""
    with engine.begin() as conn:
        have = int(conn.execute(select(func.count(Incident.id))).scalar_one())
        while 0 < have < target:
            top = int(conn.execute(select(func.max(Incident.id))).scalar_one())
            _copy_round(conn, top, target - have)
            before, have = have, int(conn.execute(select(func.count(Incident.id))).scalar_one())
            if progress is not None:
                progress(have - before)
        if engine.dialect.name == "postgresql":
            for table in ("incidents", "claims"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) "
                        f"FROM {table} HAVING max(id) IS NOT NULL"
                    )
                )
    # statistics for the planner; on PostgreSQL also the visibility map, without which no
    # scan is index-only (a settled database has it from autovacuum)
    analyse = "VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(analyse))
    return have
