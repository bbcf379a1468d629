"""``stats`` names a missing province or district "(unknown)" (the grouping is by the
stored column, the name given in Python): incidents without one are counted under that
name, once per period and kind, beside the named places."""

from __future__ import annotations

from sqlalchemy.orm import Session

from militancydb.analysis.stats import incident_stats
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident

ED = Editor(user="tester")


def add(session: Session, kb: Knowledge, day: str, killed: int, **place: str) -> None:
    doc = {
        "date_start": day,
        "event_type": "militant_attack",
        "casualties": [{"category": "total", "outcome": "killed", "best": killed}],
        **place,
    }
    create_incident(session, doc, kb, ED)


def test_incidents_without_a_place_are_counted_as_unknown(session: Session, kb: Knowledge) -> None:
    add(session, kb, "2015-03-01", 4, country="PK")
    add(session, kb, "2015-03-09", 6, country="PK")
    add(session, kb, "2015-03-05", 10, province="Punjab", district="Lahore")
    add(session, kb, "2015-04-02", 1, country="PK")
    for by in ("province", "province_now", "district"):
        rows = incident_stats(session, period="month", by=by)  # type: ignore[arg-type]
        table = {(r.period, r.group): (r.incidents, r.killed) for r in rows}
        assert table[("2015-03", "(unknown)")] == (2, 10), by
        assert table[("2015-04", "(unknown)")] == (1, 1), by
        assert sum(n for n, _ in table.values()) == 4, by
        assert None not in {r.group for r in rows}, by
