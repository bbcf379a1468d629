"""Migration 0002_evtypes on a database that holds incidents: down and up again keeps the
rows, and the aggregate flag is set again from the precisions of the incidents held."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, select

from militancydb.db.engine import downgrade, session_scope, upgrade
from militancydb.db.tables import Incident
from militancydb.knowledge.loader import load_knowledge
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident


def test_down_and_up_with_incidents_held(engine: Engine) -> None:
    editor = Editor(user="test", reason="migration")
    base = {"event_type": "militant_attack", "province": "Balochistan", "district": "Quetta"}
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        day = create_incident(s, {**base, "date_start": "2016-08-08"}, kb, editor)
        year = create_incident(
            s, {**base, "date_start": "2009-01-01", "date_precision": "year"}, kb, editor
        )
        assert (day.aggregate, year.aggregate) == (False, True)
    downgrade(engine, "0002_claims")  # the revision before this one
    columns = {c["name"] for c in inspect(engine).get_columns("incidents")}
    assert "aggregate" not in columns and "event_type_rule" not in columns
    upgrade(engine)
    with session_scope(engine) as s:
        flags = {row[0]: row[1] for row in s.execute(select(Incident.id, Incident.aggregate))}
    assert flags == {day.id: False, year.id: True}
