"""``list_claims`` narrows by date in the database (a wider condition on the claim's date
text) and decides in Python: the claims it lists are exactly those whose day
(:func:`claim_day`, else the incident's date) is in range, whatever the precision of the
date, for every range; ``competing_claims`` likewise by the incident's date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import add_claim
from militancydb.services.claims_listing import ClaimFilter, claim_day, list_claims
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident

EDITOR = Editor(user="tester")
INCIDENT: dict[str, Any] = {
    "event_type": "militant_attack",
    "province": "Sindh",
    "district": "Karachi",
    "latitude": 24.86,
    "longitude": 67.01,
    "casualties": [{"category": "total", "best": 5}],
}
DATES = [
    None,
    "2015",
    "2015-12-31",
    "2016",
    "2016-07",
    "2016-07-31",
    "2016-07-31T23:59",
    "2016-08",
    "2016-08-01",
    "2016-08-01T00:00",
    "2016-08-15",
    "2016-08-31",
    "2016-08-31T23:00",
    "2016-09",
    "2016-09-01",
    "2017",
]
RANGES = [
    (dt.date(2016, 8, 1), dt.date(2016, 8, 31)),
    (dt.date(2016, 8, 2), dt.date(2016, 8, 30)),
    (dt.date(2016, 1, 1), None),
    (dt.date(2016, 1, 2), None),
    (None, dt.date(2016, 7, 31)),
    (None, dt.date(2016, 8, 1)),
    (dt.date(2016, 9, 1), dt.date(2016, 9, 1)),
    (dt.date(2016, 7, 1), dt.date(2016, 7, 31)),
    (dt.date(2015, 12, 31), dt.date(2016, 1, 1)),
    (None, None),
]


def test_every_precision_of_date_in_every_range(session: Session, kb: Knowledge) -> None:
    days = {}
    for day in ("2016-07-30", "2016-08-01", "2016-08-31"):
        inc = create_incident(session, {**INCIDENT, "date_start": day}, kb, EDITOR)
        days[inc.id] = dt.date.fromisoformat(day)
    incidents = [None, *days]
    for n, when in enumerate(DATES * 2):
        data: dict[str, Any] = {"claimant": "TTP", "claimed_at": when}
        # the second round shifts the incidents, so an undated claim is on an August one
        if (iid := incidents[(n + 2 * (n >= len(DATES))) % len(incidents)]) is not None:
            data["incident_id"] = iid
        add_claim(session, data, kb, EDITOR)
    every = list_claims(session)
    assert len(every) == 2 * len(DATES)

    def day_of(c: Any) -> dt.date | None:
        return claim_day(c.claimed_at) or days.get(c.incident_id)

    for start, end in RANGES:
        if start is None and end is None:
            want = {c.id for c in every}  # no range: undated claims too
        else:
            want = {
                c.id
                for c in every
                if (d := day_of(c)) is not None
                and (start is None or d >= start)
                and (end is None or d <= end)
            }
        got = [c.id for c in list_claims(session, ClaimFilter(start, end))]
        assert set(got) == want, (start, end)
        assert len(got) == len(want)
    # something of each kind is in the first range: a month, a time of day, an undated claim
    august = {c.claimed_at for c in list_claims(session, ClaimFilter(*RANGES[0]))}
    assert {"2016-08", "2016-08-31T23:00", None} <= august
    assert "2016" not in august and "2016-07-31T23:59" not in august


def test_the_other_filters_are_kept(session: Session, kb: Knowledge) -> None:
    inc = create_incident(session, {**INCIDENT, "date_start": "2016-08-01"}, kb, EDITOR)
    alone = add_claim(session, {"claimant": "TTP", "claimed_at": "2016-08-02"}, kb, EDITOR)
    linked = add_claim(
        session, {"claimant": "TTP", "claimed_at": "2016-08-02", "incident_id": inc.id}, kb, EDITOR
    )
    august = dt.date(2016, 8, 1)
    assert [c.id for c in list_claims(session, ClaimFilter(august, unlinked=True))] == [alone.id]
    assert [c.id for c in list_claims(session, ClaimFilter(incident_id=inc.id))] == [linked.id]
    assert len(list_claims(session, ClaimFilter(august, claimants=frozenset({"ttp"})))) == 2
    assert list_claims(session, ClaimFilter(august, claimants=frozenset({"isk"}))) == []


def test_claims_on_a_set_of_incidents(session: Session, kb: Knowledge) -> None:
    made = [
        create_incident(session, {**INCIDENT, "date_start": "2016-08-01"}, kb, EDITOR).id
        for _ in range(3)
    ]
    for iid in made:
        add_claim(
            session, {"claimant": "TTP", "claimed_at": "2016-09-02", "incident_id": iid}, kb, EDITOR
        )
    add_claim(session, {"claimant": "TTP", "claimed_at": "2016-09-02"}, kb, EDITOR)
    wanted = frozenset(made[:2])
    got = list_claims(session, ClaimFilter(dt.date(2016, 9, 1), incident_ids=wanted))
    assert {c.incident_id for c in got} == wanted and len(got) == 2
    assert list_claims(session, ClaimFilter(incident_ids=frozenset())) == []
