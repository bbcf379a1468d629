"""A group's incidents by year and tie (services.actor_activity), against figures worked out
by hand from a small built set: claims apart from perpetration, chapters counted with the
group, the strongest tie per incident, deleted incidents and other groups left out."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from militancydb.knowledge.loader import Knowledge
from militancydb.services.actor_activity import actor_activity
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident, delete_incident

ED = Editor(user="tester")


def _make(
    session: Session, kb: Knowledge, day: str, killed: int | None, actors: list[dict[str, Any]]
) -> int:
    casualties = (
        [] if killed is None else [{"category": "total", "outcome": "killed", "best": killed}]
    )
    inc = create_incident(
        session,
        {
            "date_start": day,
            "province": "Khyber Pakhtunkhwa",
            "event_type": "militant_attack",
            "casualties": casualties,
            "actors": actors,
        },
        kb,
        ED,
    )
    return inc.id


def perp(actor: str, basis: str) -> dict[str, Any]:
    return {"actor": actor, "role": "perpetrator", "basis": basis}


def test_ties_are_kept_apart_by_year(session: Session, kb: Knowledge) -> None:
    _make(session, kb, "2015-01-10", 5, [perp("ttp", "attributed_by_dataset")])
    _make(session, kb, "2015-02-10", 3, [perp("ttp", "claimed")])
    officials = "attributed_by_officials"
    _make(session, kb, "2015-03-10", None, [perp("ttp", "claimed"), perp("lej", officials)])
    _make(session, kb, "2015-04-10", 2, [perp("ttp", "claimed"), perp("ttp", officials)])
    target = {"actor": "ttp", "role": "target", "basis": "attributed_by_dataset"}
    _make(session, kb, "2016-05-10", 1, [target])
    _make(session, kb, "2016-06-10", 4, [perp("ttp-swat", "suspected")])
    gone = _make(session, kb, "2016-07-10", 9, [perp("ttp", "confirmed")])
    delete_incident(session, gone, expected_version=1, editor=ED)
    _make(session, kb, "2016-08-10", 6, [perp("lej", "confirmed")])

    years = {y.year: y for y in actor_activity(session, kb.registry.family("ttp"))}

    assert sorted(years) == [2015, 2016]
    assert years[2015].incidents == {"perpetrator": 2, "claimed": 2}
    assert years[2015].killed == {"perpetrator": 7, "claimed": 3}
    assert years[2016].incidents == {"perpetrator": 1, "other": 1}
    assert years[2016].killed == {"perpetrator": 4, "other": 1}
    assert actor_activity(session, []) == []
