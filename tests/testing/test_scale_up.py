"""``scale_up`` (militancydb.testing.scale): the benchmarks' large databases are the held
incidents repeated under new ids, with their figures, actors, targets, tactics and citations."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import Incident
from militancydb.io.engine import run_import
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import load_knowledge
from militancydb.services.incident_reader import public_by_ids
from militancydb.testing.scale import scale_up

FIXTURES = Path(__file__).parents[1] / "io" / "fixtures"
NOT_COPIED = ("id", "external_ids", "related")


def _ids(s: Session) -> list[int]:
    return list(s.scalars(select(Incident.id).order_by(Incident.id)))


def test_copies_equal_their_originals_but_for_ids(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        run_import(s, importer_for("gtd"), FIXTURES / "gtd_sample.csv", load_knowledge(s), "t")
    with session_scope(engine) as s:
        originals = _ids(s)
    n = len(originals)
    assert n > 10
    target = 2 * n + n // 2  # two full rounds (n, then 2n held) and part of a third
    assert scale_up(engine, target) == target
    with session_scope(engine) as s:
        ids = _ids(s)
        assert len(ids) == target == s.scalar(select(func.count(Incident.id)))
        tops = [max(originals) * 2**k for k in range(3)]  # each round copies below its top
        for copy in (ids[n], ids[2 * n - 1], ids[2 * n], ids[-1]):
            original = copy
            for top in reversed(tops):
                if original > top:
                    original -= top
            assert original in originals
            (a,), (b,) = public_by_ids(s, [original]), public_by_ids(s, [copy])
            for key in NOT_COPIED:
                a.pop(key), b.pop(key)
            assert [x["source_id"] for x in a["sources"]] == [x["source_id"] for x in b["sources"]]
            assert a == b
    engine.dispose()
