"""Shared by bench/matching.py and bench/event_types.py: a database holding the four files
of ``/work/shared/data`` that report the same events (the bundled UCDP GED file, Pakistan Body
Count's suicide attacks and drone attacks, the Bureau of Investigative Journalism's drone
strikes), and one-to-one links between two of them made by the project's matcher.

The database is built once into ``/tmp`` (``militancydb init`` plus three imports, about a
minute and a half) and reused while its files are unchanged; ``--rebuild`` forces it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.bootstrap import initialise
from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import ExternalId
from militancydb.io.engine import run_import
from militancydb.io.pbc_drone import PBCDroneImporter
from militancydb.io.pbc_suicide import PBCSuicideImporter
from militancydb.io.tbij import TBIJImporter
from militancydb.io.ucdp_rules import rules_hash
from militancydb.knowledge.loader import load_knowledge
from militancydb.matching import (
    Decision,
    MatchCandidate,
    MatchRules,
    MatchScore,
    score_pair,
    shipped_rules,
)
from militancydb.services.matching import held_candidates

DATA = Path("/work/shared/data")
FILES = {
    "pbc_suicide": (PBCSuicideImporter, DATA / "pakistan-suicide-attacks-raw.csv"),
    "pbc_drone": (PBCDroneImporter, DATA / "pakistan-drone-attacks.csv"),
    "tbij": (TBIJImporter, DATA / "tbij-pakistan-drone-strikes-2004-2013.csv"),
}


def _stamp() -> str:
    """Changes when the data files or the importers' code and rules change."""
    h = hashlib.sha1(rules_hash().encode())
    code = Path(run_import.__code__.co_filename).parent
    for f in sorted([*code.glob("*.py"), *code.glob("*.yaml")]):
        h.update(f.read_bytes())
    for _, p in FILES.values():
        h.update(f"{p}:{p.stat().st_size}".encode())
    return h.hexdigest()[:12]


def database(rebuild: bool = False) -> str:
    """The URL of a SQLite database with the four files imported, each row its own incident
    (built if needed)."""
    path = Path("/tmp") / f"militancydb-bench-linking-unmerged-{_stamp()}.db"
    url = f"sqlite:///{path}"
    if path.exists() and not rebuild:
        return url
    path.unlink(missing_ok=True)
    engine = make_engine(url)
    initialise(engine, user="bench")
    for importer, file in FILES.values():
        imp = importer()
        # each file's rows stay incidents of their own: the import's matcher would merge a
        # row into the UCDP event it matches (reading the event types), and the benches link
        # the files themselves, type-blind where the type is what they measure
        imp.match_held = False
        with session_scope(engine) as s:
            run_import(s, imp, file, load_knowledge(s), "bench")
    engine.dispose()
    return url


@dataclass(frozen=True)
class Held:
    """A held incident as the matcher sees it, with its dataset id."""

    system: str
    external_id: str
    candidate: MatchCandidate


def held_by_system(session: Session) -> dict[str, list[Held]]:
    """Every held incident, grouped by the dataset that brought it, dates ascending."""
    ids: dict[int, tuple[str, str]] = {
        i: (s, e)
        for i, s, e in session.execute(
            select(ExternalId.incident_id, ExternalId.system, ExternalId.external_id)
        )
    }
    out: dict[str, list[Held]] = defaultdict(list)
    for c in held_candidates(session, dt.date.min, dt.date.max):
        if c.incident_id in ids:
            system, ext = ids[c.incident_id]
            out[system].append(Held(system, ext, c))
    for items in out.values():
        items.sort(key=lambda h: h.candidate.date_start)
    return out


@dataclass(frozen=True)
class Link:
    """Two records the matcher calls the same event."""

    a: Held
    b: Held
    score: MatchScore


def type_blind(rules: MatchRules) -> MatchRules:
    """The rules without the factors that read the event type, the suicide flag or tactics:
    for linking rows whose event type is what is being measured."""
    return replace(
        rules,
        same_type=0,
        same_family=0,
        conflicting=0,
        suicide_both=0,
        suicide_conflict=0,
        shared_tactic=0,
    )


def link(
    left: list[Held],
    right: list[Held],
    rules: MatchRules | None = None,
    *,
    accept: frozenset[Decision] = frozenset({Decision.MERGE, Decision.REVIEW}),
) -> list[Link]:
    """One-to-one links: every pair the matcher advises merging (or reviewing), taken
    greedily from the highest score down, each record used once."""
    rules = rules or shipped_rules()
    days = [h.candidate.date_start for h in right]
    reach = dt.timedelta(days=rules.window_days + 2 * max(rules.slack_days.values()))
    scored: list[Link] = []
    for a in left:
        lo = bisect.bisect_left(days, a.candidate.date_start - reach)
        hi = bisect.bisect_right(days, a.candidate.last_day + reach)
        for b in right[lo:hi]:
            s = score_pair(a.candidate, b.candidate, rules)
            if s.decision in accept:
                scored.append(Link(a, b, s))
    scored.sort(key=lambda x: (-x.score.score, x.a.external_id, x.b.external_id))
    used_a: set[str] = set()
    used_b: set[str] = set()
    out: list[Link] = []
    for x in scored:
        if x.a.external_id in used_a or x.b.external_id in used_b:
            continue
        used_a.add(x.a.external_id)
        used_b.add(x.b.external_id)
        out.append(x)
    return out
