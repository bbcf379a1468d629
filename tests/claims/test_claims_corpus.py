"""The claims corpus (issue 12): the check of the shipped files, established responsibility,
the new claim kinds (dispute, retraction), a group's record and dataset claims matched to
recorded ones."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from militancydb.domain.incident import IncidentPublic
from militancydb.errors import ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.knowledge.shipped import read_sources
from militancydb.services.claims import add_claim, list_claims
from militancydb.services.claims_corpus import (
    SeedFile,
    bundled_ucdp_ids,
    check_corpus,
    seed_files,
)
from militancydb.services.claims_datasets import DatasetClaim, record_dataset_claim
from militancydb.services.claims_record import group_record
from militancydb.services.established import add_established, list_established
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident

ED = Editor(user="analyst", reason="claims corpus test")
DATED = "counterterrorbusiness-2014-12-18-taliban-claim-peshawar"
SRC = [{"publisher": "Test Wire", "published": "2014-12-17", "url": "https://example.org/x"}]


def _check(claims: list[dict[str, Any]], kb: Knowledge, **extra: Any) -> list[str]:
    doc: dict[str, Any] = {"claims": claims} | extra
    return check_corpus(
        [SeedFile("claims/1999.yaml", doc)], kb.registry, read_sources(), bundled_ucdp_ids()
    )


def test_shipped_corpus_passes_its_check(kb: Knowledge) -> None:
    files = seed_files()
    assert any(f.name.startswith("claims/") for f in files)
    assert check_corpus(files, kb.registry, read_sources(), bundled_ucdp_ids()) == []


def test_check_refuses_a_claim_without_source(kb: Knowledge) -> None:
    good = {"incident": "ucdp:156098", "claimant": "ttp", "sources": [DATED]}
    assert _check([good], kb) == []
    problems = _check([good | {"sources": []}], kb)
    assert problems == ["claims/1999.yaml claim 1: no source (add `sources: [id, ...]`)"]
    undated = _check([good | {"sources": ["picss-daesh-analysis"]}], kb)
    assert undated == ["claims/1999.yaml claim 1: no source with a publisher and a date"]
    assert "unknown source id 'nope'" in _check([good | {"sources": ["nope"]}], kb)[0]


def test_check_refuses_an_unresolvable_claimant_and_unknown_incident(kb: Knowledge) -> None:
    base = {"incident": "ucdp:156098", "claimant": "ttp", "sources": [DATED]}
    bad = _check([base | {"claimant": "Brigade of Nobody Anywhere"}], kb)
    assert len(bad) == 1 and "does not resolve in the actor registry" in bad[0]
    assert "not in the bundled data" in _check([base | {"incident": "ucdp:1"}], kb)[0]
    assert "neither ucdp:<id> nor a seed ref" in _check([base | {"incident": "nowhere"}], kb)[0]
    assert "kind 'boast'" in _check([base | {"kind": "boast"}], kb)[0]
    twice = _check([base, dict(base)], kb)
    assert twice and "is used twice" in twice[0]


def test_check_of_established_records(kb: Knowledge) -> None:
    est = {
        "incident": "ucdp:156098",
        "actor": "ttp",
        "basis": "court_verdict",
        "by": "a court",
        "sources": [DATED],
    }
    assert _check([], kb, established=[est]) == []
    assert "basis 'rumour'" in _check([], kb, established=[est | {"basis": "rumour"}])[0]
    assert "`by`" in _check([], kb, established=[est | {"by": None}])[0]


def _attack(session: Session, kb: Knowledge, day: str = "2014-12-16") -> IncidentPublic:
    doc = {"date_start": day, "province": "Khyber Pakhtunkhwa", "event_type": "militant_attack"}
    return create_incident(session, doc, kb, ED)


def test_established_is_stored_apart_with_sources(session: Session, kb: Knowledge) -> None:
    inc = _attack(session, kb)
    with pytest.raises(ValidationFailed) as exc:
        add_established(
            session,
            {"incident_id": inc.id, "actor": "ttp", "basis": "x", "by": "y"},
            kb,
            ref="t1",
            user="u",
        )
    assert {e.field for e in exc.value.errors} == {"basis", "sources"}
    e = add_established(
        session,
        {
            "incident_id": inc.id,
            "actor": "Tehrik-i-Taliban Pakistan",
            "basis": "court_verdict",
            "by": "military court",
            "on": "2015-08-13",
            "summary": "convicted",
            "sources": ["ucdp-ged-22-1-pakistan"],
        },
        kb,
        ref="t2",
        user="u",
    )
    assert e.actor_key == "ttp" and e.sources[0]["publisher"]
    assert [x.ref for x in list_established(session, incident_id=inc.id)] == ["t2"]


def test_group_record_counts_contest_denial_retraction_and_verdicts(
    session: Session, kb: Knowledge
) -> None:
    a, b, c = (_attack(session, kb, d) for d in ("2014-01-05", "2014-02-05", "2015-03-05"))

    def claim(who: str, inc: int, kind: str = "claim", day: str = "2014-01-05") -> int:
        data = {"claimant": who, "kind": kind, "incident_id": inc, "claimed_at": day}
        return add_claim(session, data | {"sources": SRC}, kb, ED).id

    claim("jamaat-ul-ahrar", a.id)
    claim("lej", a.id)  # another organisation claims the same attack: contested
    claim("jamaat-ul-ahrar", b.id, day="2014-02-05")
    claim("jamaat-ul-ahrar", b.id, "retraction", "2014-02-07")
    claim("jamaat-ul-ahrar", c.id, day="2015-03-05")
    est = {"basis": "court_verdict", "by": "court", "sources": ["ucdp-ged-22-1-pakistan"]}
    add_established(
        session,
        est | {"incident_id": a.id, "actor": "lej", "on": "2016-01-01"},
        kb,
        ref="r1",
        user="u",
    )
    add_established(
        session,
        est | {"incident_id": c.id, "actor": "jamaat-ul-ahrar", "on": "2016-02-01"},
        kb,
        ref="r2",
        user="u",
    )
    rec = group_record(session, kb.registry, "jamaat-ul-ahrar")
    mine = [r for r in rec.rows if r.year in (2014, 2015)]
    assert sum(r.made for r in mine) >= 3
    row14 = next(r for r in mine if r.year == 2014 and r.country == "PK")
    assert (row14.contested, row14.retracted, row14.shown_false) == (1, 1, 1)
    row15 = next(r for r in mine if r.year == 2015 and r.country == "PK")
    assert row15.confirmed >= 1
    # as known before the verdicts, nothing was confirmed or shown false
    before = group_record(
        session, kb.registry, "jamaat-ul-ahrar", on=__import__("datetime").date(2015, 12, 31)
    )
    assert before.total("shown_false") == 0 and before.total("confirmed") == 0


def test_dispute_does_not_attribute(session: Session, kb: Knowledge) -> None:
    inc = _attack(session, kb)
    c = add_claim(
        session,
        {"claimant": "ttp", "kind": "dispute", "incident_id": inc.id, "sources": SRC},
        kb,
        ED,
    )
    assert c.kind == "dispute"
    assert [x.id for x in list_claims(session) if x.incident_id == inc.id] == [c.id]


def test_dataset_claim_is_matched_not_doubled(session: Session, kb: Knowledge) -> None:
    inc = _attack(session, kb)
    recorded = add_claim(
        session,
        {"claimant": "ttp", "incident_id": inc.id, "claimed_at": "2014-12-16", "sources": SRC},
        kb,
        ED,
    )
    dc = DatasetClaim(
        "gtd", "201412160001", inc.id, "Tehrik-i-Taliban Pakistan (TTP)", "ucdp-ged-22-1-pakistan"
    )
    got, created = record_dataset_claim(session, dc, kb, ED)
    assert (got.id, created) == (recorded.id, False)
    assert any(s["locator"] == "gtd 201412160001" for s in got.sources)
    again, created = record_dataset_claim(session, dc, kb, ED)
    assert (again.id, created, again.version) == (recorded.id, False, got.version)
    other = DatasetClaim(
        "gtd", "201412160001", inc.id, "Lashkar-e-Jhangvi", "ucdp-ged-22-1-pakistan"
    )
    new, created = record_dataset_claim(session, other, kb, ED)
    assert (
        created and new.claimant_key == "lej" and new.sources[0]["key"] == "ucdp-ged-22-1-pakistan"
    )
    assert len([x for x in list_claims(session) if x.incident_id == inc.id]) == 2


def test_init_loads_the_corpus_with_dated_sources(shared_ucdp_db_url: str) -> None:
    import datetime as dt

    from militancydb.db.engine import make_engine, session_scope
    from militancydb.services.claims import ClaimFilter

    corpus = sum(len(f.doc.get("claims") or []) for f in seed_files() if "claims/" in f.name)
    eng = make_engine(shared_ucdp_db_url)
    with session_scope(eng) as s:
        got = list_claims(s, ClaimFilter(dt.date(2007, 1, 1), dt.date(2021, 12, 31)))
        refs = [c for c in got if any(x["publisher"] and x["published"] for x in c.sources)]
        est = list_established(s)
    eng.dispose()
    assert corpus > 0 and len(refs) >= corpus
    assert {c.kind for c in got} >= {"claim"}
    assert all(e.sources for e in est)


def test_check_refuses_a_new_incident_that_would_not_load(kb: Knowledge) -> None:
    from militancydb.bootstrap.seeds import incident_problems

    inc = {
        "ref": "x-2007",
        "date": "2007-12-27",
        "country": "PK",
        "province": "PK-PB",
        "event_type": "militant_attack",
        "targets": [{"type": "politicians"}],
        "sources": [DATED],
    }
    files = [SeedFile("claims/1999.yaml", {"incidents": [inc]})]
    problems = check_corpus(
        files, kb.registry, read_sources(), bundled_ucdp_ids(), lambda r: incident_problems(r, kb)
    )
    assert len(problems) == 1 and "targets.0.type" in problems[0]
    inc["targets"] = [{"type": "political_workers"}]
    assert (
        check_corpus(
            files,
            kb.registry,
            read_sources(),
            bundled_ucdp_ids(),
            lambda r: incident_problems(r, kb),
        )
        == []
    )


def test_check_refuses_unknown_fields_and_yaml_booleans(kb: Knowledge) -> None:
    doc = {
        "claims": [
            {
                "incident": "ucdp:156098",
                "claimant": "ttp",
                "kind": "claim",
                "claimed_at": "2014-12-16",
                "statement_language": False,  # YAML's reading of a bare `no`
                "statement_translation": "typo for translation",
                "sources": [DATED],
            }
        ],
        "established": [{True: "2015-08-13"}],
    }
    problems = check_corpus(
        [SeedFile("claims/x.yaml", doc)], kb.registry, read_sources(), bundled_ucdp_ids()
    )
    text = "\n".join(problems)
    assert "unknown field 'statement_translation'" in text
    assert "statement_language must be text" in text
    assert "unknown field True" in text


def test_established_on_accepts_both_spellings() -> None:
    from militancydb.services.established import _on

    assert _on({"established_on": "2015-08-13"}) == "2015-08-13"
    assert _on({True: "2010-05"}) == "2010-05"
    assert _on({}) is None
