"""Issue 9, point 1: two people editing the same record at the same moment.

Before the fix both edits of an incident reported "now at version N+1", the history held
two rows for that version and the casualty figures, tactics, targets and actors were
duplicated. Here separate OS processes edit one record against the same version, round after
round, on SQLite and on PostgreSQL: exactly one edit wins each round, the other is refused
as stale, the history has one row per version and the record is intact afterwards.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from sqlalchemy import func, select

from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import (
    CasualtyFigure,
    ChangeLog,
    IncidentActor,
    IncidentTactic,
    IncidentTarget,
)
from militancydb.knowledge.loader import load_knowledge
from militancydb.services.claims import add_claim, get_claim
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident, get_incident, update_incident
from militancydb.services.knowledge import record_state
from militancydb.testing.concurrency import Outcome, race

ALICE = Editor(user="alice")


def assert_one_winner_per_round(outcomes: list[Outcome], rounds: int, workers: int) -> None:
    errors = [o for o in outcomes if o.result.startswith("error")]
    assert not errors, errors
    by_round: dict[int, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_round[o.round].append(o)
    assert sorted(by_round) == list(range(rounds))
    for rnd, got in by_round.items():
        assert len({o.expected for o in got}) == 1, f"round {rnd}: workers read different versions"
        results = Counter(o.result for o in got)
        assert results == {"won": 1, "stale": workers - 1}, f"round {rnd}: {results}"


def versions_in_history(url: str, entity: str, key: str) -> list[int]:
    engine = make_engine(url)
    with session_scope(engine) as s:
        versions = list(
            s.scalars(
                select(ChangeLog.version)
                .where(ChangeLog.entity_type == entity, ChangeLog.entity_id == key)
                .order_by(ChangeLog.id)
            )
        )
    engine.dispose()
    return versions


def test_concurrent_incident_edits_one_wins_each_round(db_url: str) -> None:
    rounds, workers = 20, 2
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        inc = create_incident(
            s,
            {
                "date_start": "2016-08-08",
                "event_type": "militant_attack",
                "province": "Balochistan",
                "district": "Quetta",
                "casualties": [
                    {"category": "total", "best": 75},
                    {"category": "civilians", "outcome": "injured", "best": 100},
                ],
                "actors": [{"actor": "TTP", "role": "perpetrator"}],
                "tactics": ["suicide_bombing"],
                "targets": [{"type": "civilians", "description": "lawyers"}],
            },
            kb,
            ALICE,
        )
    outcomes = race(db_url, "incident", inc.id, rounds=rounds, workers=workers)
    assert_one_winner_per_round(outcomes, rounds, workers)

    assert versions_in_history(db_url, "incident", str(inc.id)) == list(range(1, rounds + 2))
    with session_scope(engine) as s:
        now = get_incident(s, inc.id)
        assert now.version == rounds + 1
        for table, n in (
            (CasualtyFigure, 2),
            (IncidentActor, 1),
            (IncidentTactic, 1),
            (IncidentTarget, 1),
        ):
            count = s.scalar(
                select(func.count()).select_from(table).where(table.incident_id == inc.id)
            )
            assert count == n, table.__tablename__
        # the winner of the last round wrote the summary
        last = [o for o in outcomes if o.round == rounds - 1 and o.result == "won"][0]
        assert now.summary == f"round {rounds - 1} by worker {last.worker}"
    with session_scope(engine) as s:  # a later edit still works
        later = update_incident(
            s,
            inc.id,
            {"casualties": [{"category": "total", "best": 76}]},
            expected_version=rounds + 1,
            kb=kb,
            editor=ALICE,
        )
    assert later.version == rounds + 2
    assert [c.best for c in later.casualties] == [76]
    engine.dispose()


def test_concurrent_knowledge_edits_one_wins_each_round(db_url: str) -> None:
    rounds, workers = 5, 3
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        start = record_state(s, "place", "PK-BA")["version"]
    outcomes = race(db_url, "knowledge", ("place", "PK-BA"), rounds=rounds, workers=workers)
    assert_one_winner_per_round(outcomes, rounds, workers)
    versions = versions_in_history(db_url, "place", "PK-BA")
    assert versions[-rounds:] == list(range(start + 1, start + rounds + 1))
    assert len(versions) == len(set(versions))
    with session_scope(engine) as s:
        assert record_state(s, "place", "PK-BA")["version"] == start + rounds
    engine.dispose()


def test_concurrent_claim_status_changes_one_wins_each_round(db_url: str) -> None:
    rounds, workers = 5, 2
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        claim = add_claim(
            s, {"claimant": "TTP", "claimed_at": "2016-08-08"}, load_knowledge(s), ALICE
        )
    outcomes = race(db_url, "claim", claim.id, rounds=rounds, workers=workers)
    assert_one_winner_per_round(outcomes, rounds, workers)
    assert versions_in_history(db_url, "claim", str(claim.id)) == list(range(1, rounds + 2))
    with session_scope(engine) as s:
        assert get_claim(s, claim.id).version == rounds + 1
    engine.dispose()


def test_two_edit_commands_at_once_one_wins(db_url: str) -> None:
    """The same race through the installed command, as two analysts at two terminals."""
    rounds = 3
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        inc = create_incident(
            s,
            {"date_start": "2016-08-08", "event_type": "militant_attack", "province": "Punjab"},
            kb,
            ALICE,
        )
    engine.dispose()
    command = str(Path(sys.executable).with_name("militancydb"))
    for rnd in range(rounds):
        version = rnd + 1
        procs = [
            subprocess.Popen(
                [
                    command,
                    "--db",
                    db_url,
                    "--user",
                    f"analyst {w}",
                    "incidents",
                    "edit",
                    str(inc.id),
                    "--expected-version",
                    str(version),
                    "--set",
                    f"summary=round {rnd} at terminal {w}",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for w in range(2)
        ]
        results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
        codes = sorted(code for code, _, _ in results)
        assert codes == [0, 1], results
        (won,) = [out for code, out, _ in results if code == 0]
        assert f"now at version {version + 1}" in won
        (lost,) = [err for code, _, err in results if code == 1]
        assert f"the edit was made against version {version}" in " ".join(lost.split())
    assert versions_in_history(db_url, "incident", str(inc.id)) == list(range(1, rounds + 2))
