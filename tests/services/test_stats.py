"""Counts of incidents, killed and injured (analysis.stats), checked against numbers the
test works out itself from a small hand-built set: by kind of violence, aggregate records
apart, and by actor perpetration apart from claims."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from militancydb.analysis.stats import StatRow, incident_stats
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import create_incident, delete_incident

ED = Editor(user="tester")


@dataclass(frozen=True)
class Spec:
    day: str
    province: str  # the gazetteer's name of the province
    event_type: str
    killed: int | None
    injured: int | None
    perpetrators: tuple[str, ...] = ()
    others: tuple[str, ...] = ()  # actors in other roles (not counted under "actor")
    deleted: bool = False
    claimants: tuple[str, ...] = ()
    precision: str = "day"

    @property
    def kind(self) -> str:
        """The kind the test expects (worked out here, not by the code under test)."""
        if self.precision == "year":
            return "aggregate"
        return {
            "militant_attack": "attack",
            "sectarian_attack": "attack",
            "security_operation": "operation",
        }[self.event_type]


SPECS = [
    Spec("2015-03-01", "Balochistan", "militant_attack", 10, 20, ("ttp",)),
    Spec("2015-06-01", "Balochistan", "sectarian_attack", None, 5, ("lej",)),
    Spec("2015-06-15", "Punjab", "militant_attack", 4, None, ("ttp", "lej")),
    Spec("2015-06-20", "Sindh", "militant_attack", 2, 2, (), ("ttp",)),
    Spec("2016-01-01", "Balochistan", "militant_attack", 7, 0),
    Spec("2016-02-01", "Punjab", "security_operation", 12, None, ("pakistan-army",), ("ttp",)),
    Spec("2016-02-20", "Punjab", "militant_attack", 0, 3, ("ttp",)),
    Spec("2016-02-21", "Punjab", "militant_attack", None, None, ("ttp",)),
    Spec("2016-03-03", "Punjab", "militant_attack", 6, 1, ("ttp",), claimants=("jamaat-ul-ahrar",)),
    Spec("2016-04-04", "Sindh", "militant_attack", 3, None, claimants=("ttp",)),
    Spec("2016-01-01", "Punjab", "militant_attack", 40, None, ("ttp",), precision="year"),
    Spec("2016-05-05", "Punjab", "militant_attack", 99, 99, ("ttp",), deleted=True),
]


def figures(killed: int | None, injured: int | None) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    if killed is not None:
        out.append({"category": "total", "outcome": "killed", "best": killed})
    if injured is not None:
        out.append({"category": "total", "outcome": "injured", "best": injured})
    return out


@pytest.fixture
def stored(session: Session, kb: Knowledge) -> None:
    for s in SPECS:
        inc = create_incident(
            session,
            {
                "date_start": s.day,
                "province": s.province,
                "event_type": s.event_type,
                "date_precision": s.precision,
                "casualties": figures(s.killed, s.injured),
                "actors": [{"actor": a, "role": "perpetrator"} for a in s.perpetrators]
                + [{"actor": a, "role": "perpetrator", "basis": "claimed"} for a in s.claimants]
                + [{"actor": a, "role": "target"} for a in s.others],
            },
            kb,
            ED,
        )
        if s.deleted:
            delete_incident(session, inc.id, expected_version=1, editor=ED)


Cell = tuple[int, int, int, int]  # incidents, killed, injured, killed unknown
Key = tuple[str, ...]  # period, kind, (basis,) group


def expected(groups: dict[Key, list[Spec]]) -> dict[Key, Cell]:
    out: dict[Key, Cell] = {}
    for key, specs in groups.items():
        out[key] = (
            len(specs),
            sum(s.killed for s in specs if s.killed is not None),
            sum(s.injured for s in specs if s.injured is not None),
            sum(1 for s in specs if s.killed is None),
        )
    return out


def as_table(rows: list[StatRow], basis: bool = False) -> dict[Key, Cell]:
    table = {
        (r.period, r.kind, *((r.basis,) if basis else ()), r.group): (
            r.incidents,
            r.killed,
            r.injured,
            r.killed_unknown,
        )
        for r in rows
    }
    assert len(table) == len(rows)  # one row per cell
    return table


LIVE = [s for s in SPECS if not s.deleted]


def test_by_province_and_year(session: Session, stored: None) -> None:
    groups: dict[Key, list[Spec]] = defaultdict(list)
    for s in LIVE:
        groups[(s.day[:4], s.kind, s.province)].append(s)
    assert as_table(incident_stats(session, by="province", period="year")) == expected(groups)


def test_by_province_and_month(session: Session, stored: None) -> None:
    groups: dict[Key, list[Spec]] = defaultdict(list)
    for s in LIVE:
        groups[(s.day[:7], s.kind, s.province)].append(s)
    assert as_table(incident_stats(session, by="province", period="month")) == expected(groups)


def test_by_event_type_over_all_time(session: Session, stored: None) -> None:
    groups: dict[Key, list[Spec]] = defaultdict(list)
    for s in LIVE:
        groups[("all", s.kind, s.event_type)].append(s)
    assert as_table(incident_stats(session, by="event_type", period="all")) == expected(groups)


def test_by_actor_keeps_perpetration_apart_from_claims(
    session: Session, kb: Knowledge, stored: None
) -> None:
    groups: dict[Key, list[Spec]] = defaultdict(list)
    for s in LIVE:
        for key in s.perpetrators or ("(none)",):
            name = key if key == "(none)" else kb.registry.actors[key].name
            groups[(s.day[:4], s.kind, "perpetration", name)].append(s)
        for key in s.claimants:
            groups[(s.day[:4], s.kind, "claimed", kb.registry.actors[key].name)].append(s)
    got = as_table(incident_stats(session, by="actor", period="year"), basis=True)
    assert got == expected(groups)
    # the claimed-only attack of 2016-04-04 is nobody's perpetration
    assert got[("2016", "attack", "perpetration", "(none)")][0] == 2


def test_merged_kinds_give_one_row_per_group(session: Session, stored: None) -> None:
    rows = incident_stats(session, by="province", period="all", by_kind=False)
    got = {r.group: (r.incidents, r.killed) for r in rows}
    want: dict[str, tuple[int, int]] = {}
    for s in LIVE:
        n, k = want.get(s.province, (0, 0))
        want[s.province] = (n + 1, k + (s.killed or 0))
    assert got == want


def test_no_grouping_totals_everything(session: Session, stored: None) -> None:
    groups: dict[Key, list[Spec]] = defaultdict(list)
    for s in LIVE:
        groups[("all", s.kind, "all")].append(s)
    assert as_table(incident_stats(session, by="none", period="all")) == expected(groups)


def test_stats_respect_the_filter(session: Session, stored: None) -> None:
    flt = IncidentFilter(provinces=frozenset({"PK-PB"}), event_types=frozenset({"militant_attack"}))
    groups: dict[Key, list[Spec]] = defaultdict(list)
    for s in LIVE:
        if s.province == "Punjab" and s.event_type == "militant_attack":
            groups[(s.day[:4], s.kind, "Punjab")].append(s)
    assert as_table(incident_stats(session, flt, by="province", period="year")) == expected(groups)


def test_rows_are_sorted_by_period_kind_then_most_incidents(session: Session, stored: None) -> None:
    rows = incident_stats(session, by="province", period="year")
    order = ["attack", "operation", "drone", "cross_border", "inter_group", "other", "aggregate"]
    keys = [(r.period, order.index(r.kind), -r.incidents) for r in rows]
    assert keys == sorted(keys)
    assert {r.kind for r in rows} == {"attack", "operation", "aggregate"}


def test_empty_database_gives_no_rows(session: Session) -> None:
    assert incident_stats(session) == []
