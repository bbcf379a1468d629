"""A report's claims section reads the stored grades of its claims at once, assesses at most
a set number of never-assessed claims afresh and lists the others ungraded with the command
that grades them; ``militancydb claims assess-all`` grades and keeps them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from militancydb.analysis.sources import sources_by_key
from militancydb.claims.assessing import override_grade
from militancydb.claims.credibility import assess
from militancydb.cli.main import app
from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import ClaimAssessment
from militancydb.domain.claim import ClaimPublic
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.reports.claims_section import claims_section, not_assessed
from militancydb.reports.model import ClaimsSection, Notes, SourceBook
from militancydb.services.assessments import current_grade, current_grades
from militancydb.services.claims_listing import ClaimFilter, list_claims
from militancydb.services.history import Editor

AUGUST = ClaimFilter(dt.date(2016, 8, 1), dt.date(2016, 8, 31))
STORED = "stored assessment (credibility-1)"
FRESH = "assessed for this report (not stored)"


def _section(s: Session, kb: Knowledge, claims: list[ClaimPublic], limit: int) -> ClaimsSection:
    book = SourceBook(lookup=lambda keys: sources_by_key(s, keys))
    return claims_section(s, kb, claims, [], Notes(), book, {}, fresh_max=limit)


def _forget_grades(s: Session, claims: list[ClaimPublic]) -> None:
    s.execute(delete(ClaimAssessment).where(ClaimAssessment.claim_id.in_([c.id for c in claims])))


def test_at_most_the_limit_is_assessed_afresh_the_rest_say_how_to_grade(ucdp_db_url: str) -> None:
    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        claims = list_claims(s, AUGUST)
        graded = [c for c in claims if c.kind == "claim"]
        assert len(graded) >= 4  # the seeded August 2016 claims
        stored = _section(s, kb, claims, 1)
        assert {i.grade_basis for i in stored.items if i.kind == "claim"} == {STORED}
        _forget_grades(s, claims)
        section = _section(s, kb, claims, 2)
        by_id = {i.id: i for i in section.items}
        fresh = [c for c in graded if by_id[c.id].grade_basis == FRESH]
        assert [c.id for c in fresh] == [c.id for c in graded[:2]]  # the first two listed
        assert by_id[fresh[0].id].grade == assess(s, fresh[0].id, kb).grade
        rest = [by_id[c.id] for c in graded[2:]]
        assert all(i.grade is None and i.grade_basis == not_assessed(2) for i in rest)
        assert "assess-all" in not_assessed(2)
        assert any(f"{len(rest)} claim(s) were never assessed" in r for r in section.remarks)
        denials = [by_id[c.id] for c in claims if c.kind != "claim"]
        assert all(i.grade_basis == "not graded (a denial)" for i in denials)
    engine.dispose()


def test_assess_all_grades_and_keeps_what_was_never_assessed(ucdp_db_url: str) -> None:
    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        claims = list_claims(s, AUGUST)
        _forget_grades(s, claims[:3])
        n_claims = sum(1 for c in claims[:3] if c.kind == "claim")
        assert n_claims
    env = {"MILITANCYDB_DATABASE_URL": ucdp_db_url, "COLUMNS": "300"}
    args = ["claims", "assess-all", "--from", "2016-08-01", "--to", "2016-08-31"]
    first = CliRunner().invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    assert f"{n_claims} claim(s) assessed and kept" in first.output
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        claims = list_claims(s, AUGUST)
        section = _section(s, kb, claims, 0)  # nothing assessed afresh: all stored
        assert {i.grade_basis for i in section.items if i.kind == "claim"} == {STORED}
        mine = next(c for c in claims[:3] if c.kind == "claim")
        kept = current_grade(s, mine.id)
        assert kept is not None and kept.grade == assess(s, mine.id, kb).grade
    again = CliRunner().invoke(app, args, env=env)
    assert again.exit_code == 0, again.output
    assert "0 claim(s) assessed and kept" in again.output
    engine.dispose()


def test_current_grades_equal_current_grade_claim_by_claim(ucdp_db_url: str) -> None:
    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        ids = list(s.scalars(select(ClaimAssessment.claim_id).distinct()))
        assert len(ids) > 50
        override_grade(s, ids[0], "unlikely", "a test's override", kb, Editor(user="t"))
        many = current_grades(s, [*ids, 10**9])  # an id that is no claim is left out
        assert set(many) == set(ids)
        for cid in ids:
            one = current_grade(s, cid)
            assert one is not None and many[cid] == one
        assert many[ids[0]].is_override and many[ids[0]].grade == "unlikely"
    engine.dispose()
