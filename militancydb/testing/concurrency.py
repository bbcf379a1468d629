"""Concurrent editors in separate OS processes, for tests and benchmarks of versioned writes.

:func:`race` starts ``workers`` processes on one database. In every round each of them reads
the record's current version, waits until all have read it, then makes its own edit against
that version in its own transaction and reports whether it won or was refused as stale. The
caller checks that exactly one edit won each round.
"""

from __future__ import annotations

import multiprocessing as mp
from dataclasses import dataclass
from typing import Any

from militancydb.db.engine import make_engine, session_scope
from militancydb.errors import StaleEdit
from militancydb.services.history import Editor

TIMEOUT = 120.0


@dataclass(frozen=True)
class Outcome:
    """What one worker's edit did in one round."""

    round: int
    worker: int
    expected: int
    result: str  # "won", "stale" or "error: <type>: <message>"


def _version(session: Any, kind: str, key: Any) -> int:
    from militancydb.db.tables import Claim, Incident

    if kind == "incident":
        return int(session.get(Incident, key).version)
    if kind == "claim":
        return int(session.get(Claim, key).version)
    from militancydb.services.knowledge import record_state

    entity, record_key = key
    return int(record_state(session, entity, record_key)["version"])


def _edit(session: Any, kb: Any, kind: str, key: Any, expected: int, rnd: int, w: int) -> None:
    editor = Editor(user=f"worker {w}", reason=f"round {rnd}")
    if kind == "incident":
        from militancydb.services.incidents import update_incident

        update_incident(
            session,
            key,
            {"summary": f"round {rnd} by worker {w}"},
            expected_version=expected,
            kb=kb,
            editor=editor,
        )
    elif kind == "claim":
        from militancydb.services.claims import set_claim_status

        status = ("disputed", "confirmed")[(rnd + w) % 2]
        set_claim_status(session, key, status, expected_version=expected, editor=editor)
    else:
        from militancydb.services.knowledge import edit_record

        entity, record_key = key
        edit_record(
            session,
            entity,
            record_key,
            {"note": f"round {rnd} by worker {w}"},
            expected_version=expected,
            editor=editor,
        )


def _worker(url: str, kind: str, key: Any, rounds: int, w: int, barrier: Any, results: Any) -> None:
    from militancydb.knowledge.loader import load_knowledge

    engine = make_engine(url)
    with session_scope(engine) as s:
        kb = load_knowledge(s) if kind == "incident" else None
    for rnd in range(rounds):
        barrier.wait(TIMEOUT)  # everyone finished the last round
        with session_scope(engine) as s:
            expected = _version(s, kind, key)
        barrier.wait(TIMEOUT)  # everyone has read the same version
        try:
            with session_scope(engine) as s:
                _edit(s, kb, kind, key, expected, rnd, w)
            result = "won"
        except StaleEdit:
            result = "stale"
        except Exception as exc:  # reported to the test, which fails on it
            result = f"error: {type(exc).__name__}: {exc}"
        results.put(Outcome(rnd, w, expected, result))
    engine.dispose()


def race(url: str, kind: str, key: Any, *, rounds: int, workers: int = 2) -> list[Outcome]:
    """Run the rounds (see the module docstring); every outcome, in no particular order."""
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(workers)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(url, kind, key, rounds, w, barrier, results))
        for w in range(workers)
    ]
    for p in procs:
        p.start()
    out = [results.get(timeout=TIMEOUT * 2) for _ in range(rounds * workers)]
    for p in procs:
        p.join(TIMEOUT)
    return out
