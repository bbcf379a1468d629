"""``scale_up`` (militancydb.testing.scale): the benchmarks' large databases are the held
incidents repeated under new ids, with their figures, actors, targets, tactics and citations,
and their claim records (so every copy's ``claimed`` link has its claim) with their stored
assessments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import Citation, Claim, ClaimAssessment, Incident, IncidentActor
from militancydb.io.engine import run_import
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import load_knowledge
from militancydb.knowledge.text import normalise
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


def _claimed_without_record(s: Session) -> list[tuple[int, str | None, str]]:
    """The ``claimed`` links of live incidents with no claim (kind ``claim``, not deleted) by
    that claimant on the incident: its key, or for a name the registry does not hold, the
    name compared normalised."""
    claims = {
        (iid, key or normalise(name))
        for iid, key, name in s.execute(
            select(Claim.incident_id, Claim.claimant_key, Claim.claimant_name).where(
                Claim.kind == "claim", Claim.deleted.is_(False)
            )
        )
    }
    links = s.execute(
        select(IncidentActor.incident_id, IncidentActor.actor_key, IncidentActor.actor_name)
        .join(Incident, Incident.id == IncidentActor.incident_id)
        .where(IncidentActor.basis == "claimed", Incident.deleted.is_(False))
    ).all()
    return [
        (iid, key, name) for iid, key, name in links if (iid, key or normalise(name)) not in claims
    ]


def _claims_of(s: Session, iid: int) -> list[tuple[Any, ...]]:
    rows = s.scalars(select(Claim).where(Claim.incident_id == iid).order_by(Claim.id)).all()
    out = []
    for c in rows:
        cited = s.execute(
            select(Citation.source_id, Citation.locator, Citation.excerpt)
            .where(Citation.entity_type == "claim", Citation.entity_id == str(c.id))
            .order_by(Citation.id)
        ).all()
        graded = s.execute(
            select(ClaimAssessment.method, ClaimAssessment.grade, ClaimAssessment.score,
                   ClaimAssessment.factors, ClaimAssessment.is_override)
            .where(ClaimAssessment.claim_id == c.id)
            .order_by(ClaimAssessment.id)
        ).all()  # fmt: skip
        out.append(
            (
                c.claimant_key,
                c.claimant_name,
                c.kind,
                c.channel,
                c.channel_name,
                c.claimed_at,
                c.statement_text,
                c.status,
                c.confidence,
                [tuple(x) for x in cited],
                [tuple(x) for x in graded],
            )
        )
    return out


def test_copies_carry_their_claim_records(ucdp_db_url: str) -> None:
    """The seeded database (bundled UCDP data and the claims corpus): every ``claimed`` link
    has its claim record before and after scaling, copies of copies included, and a copy's
    claims equal its original's (new ids, no reference), stored assessments included."""
    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        originals = _ids(s)
        assert _claimed_without_record(s) == []
        claims_before = s.scalar(select(func.count(Claim.id))) or 0
        of = [iid for (iid,) in s.execute(select(Claim.incident_id)) if iid is not None]
        claimed = sorted(set(of))
        assert len(claimed) > 50  # the corpus' claims are on many incidents
    n, top = len(originals), max(originals)
    target = 4 * n + 100  # two full rounds (the second copies copies) and part of a third
    assert scale_up(engine, target) == target
    with session_scope(engine) as s:
        assert _claimed_without_record(s) == []
        # each full round copies every linked claim held; the third those of 100 incidents
        lowest = set(originals[:100])
        expected = claims_before + 3 * len(of) + sum(1 for iid in of if iid in lowest)
        assert s.scalar(select(func.count(Claim.id))) == expected
        for original in (claimed[0], claimed[len(claimed) // 2], claimed[-1]):
            mine = _claims_of(s, original)
            assert mine
            assert all(c[-1] for c in mine if c[2] == "claim")  # init grades every claim
            for copy in (original + top, original + 2 * top, original + 3 * top):
                assert _claims_of(s, copy) == mine
        copied = s.scalars(select(Claim).where(Claim.incident_id > top)).all()
        assert copied and all(c.ref is None for c in copied)
        assert len({c.id for c in copied}) == len(copied)
    if engine.dialect.name == "postgresql":  # the id sequence follows the copies
        with session_scope(engine) as s:
            highest = s.scalar(select(func.max(Claim.id)))
            s.add(Claim(created_by="t", updated_by="t", claimant_name="x", kind="claim",
                        channel="unknown"))  # fmt: skip
            s.flush()
            assert s.scalar(select(func.max(Claim.id))) == (highest or 0) + 1
            s.rollback()
    engine.dispose()
