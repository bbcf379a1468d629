"""`claims check` runs the validation `init` runs (issue 12): a toll given in words, and a
claim whose incident edit `init` would refuse, are reported by the check, and the load
reports every refused record instead of stopping at the first when asked to."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.bootstrap.seeds import load_seeds
from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import Claim, ExternalId
from militancydb.errors import ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.knowledge.shipped import read_sources
from militancydb.services.claims_corpus import SeedFile, bundled_ucdp_ids, check_corpus

DATED = "counterterrorbusiness-2014-12-18-taliban-claim-peshawar"


def _claim(**extra: Any) -> dict[str, Any]:
    return {
        "incident": "ucdp:156098",
        "claimant": "ttp",
        "claimed_at": "2014-12-16",
        "sources": [DATED],
    } | extra


def test_static_check_refuses_a_toll_in_words(kb: Knowledge) -> None:
    def check(claim: dict[str, Any]) -> list[str]:
        doc = {"claims": [claim]}
        files = [SeedFile("claims/1999.yaml", doc)]
        return check_corpus(files, kb.registry, read_sources(), bundled_ucdp_ids())

    words = check(_claim(asserted={"killed": "more than a dozen soldiers"}))
    assert len(words) == 1
    assert "asserted.killed" in words[0] and "`toll`" in words[0]
    # the group's words belong in `toll`; a number in `killed`
    assert check(_claim(asserted={"killed": 12, "toll": "more than a dozen soldiers"})) == []


def _seed_incident(ref: str) -> dict[str, Any]:
    return {
        "ref": ref,
        "date": "2014-12-16",
        "province": "Khyber Pakhtunkhwa",
        "event_type": "militant_attack",
        "sources": [DATED],
    }


def test_load_lists_every_refused_record_when_rehearsing(session: Session, kb: Knowledge) -> None:
    ref = "claims-check-test-incident"
    good = _claim(incident=ref, id="claims-check-good")
    bad = _claim(incident=ref, id="claims-check-bad", asserted={"killed": "about 30"})
    worse = _claim(incident=ref, id="claims-check-worse", asserted={"injured": "many"})
    files = [
        SeedFile("claims/1999.yaml", {"incidents": [_seed_incident(ref)], "claims": [bad, good]})
    ]
    # init's way: the first refused record stops the load
    with pytest.raises(ValidationFailed, match="asserted.killed"):
        with session.begin_nested():
            load_seeds(session, kb, files=files)
    # the rehearsal's way: every refused record is listed, the others load
    files[0].doc["claims"].append(worse)
    problems: list[str] = []
    load_seeds(session, kb, files=files, problems=problems)
    assert len(problems) == 2
    assert "claims-check-bad" in problems[0] and "asserted.killed" in problems[0]
    assert "claims-check-worse" in problems[1] and "asserted.injured" in problems[1]
    refs = set(session.scalars(select(Claim.ref).where(Claim.ref.like("claims-check-%"))))
    assert refs == {"claims-check-good"}


def test_town_recorded_in_todays_province_lies_in_its_former_agency(kb: Knowledge) -> None:
    g = kb.gazetteer
    jamrud = "gn:1176233"  # GeoNames puts the town in Khyber Pakhtunkhwa, not Khyber Agency
    assert g.places[jamrud].parent == "PK-KP"
    r = g.resolve(jamrud, on=dt.date(2011, 8, 19), country="PK", within="PK-TA-khyber-agency")
    assert r.key == jamrud
    # but not in an agency of another province (Balochistan's Quetta district)
    other = g.resolve(jamrud, on=dt.date(2011, 8, 19), country="PK", within="PK-BA-quetta")
    assert other.key is None


def test_init_loads_the_claim_on_the_jamrud_mosque_bombing(shared_ucdp_db_url: str) -> None:
    """The corpus claim on UCDP event 53392 (Jamrud, 2011) gives the imported incident a
    claimed attribution through an edit, which re-validates the incident's place."""
    eng = make_engine(shared_ucdp_db_url)
    with session_scope(eng) as s:
        iid = s.scalar(
            select(ExternalId.incident_id).where(
                ExternalId.system == "ucdp", ExternalId.external_id == "53392"
            )
        )
        keys = set(s.scalars(select(Claim.claimant_key).where(Claim.incident_id == iid)))
    eng.dispose()
    assert iid is not None and "ttp-tariq-afridi" in keys


# --- a faction claiming under its own name is not its parent (claims record, matching) --------


def _attack_2008(session: Session, kb: Knowledge, day: str) -> int:
    from militancydb.services.history import Editor
    from militancydb.services.incidents import create_incident

    doc = {"date_start": day, "province": "Punjab", "event_type": "militant_attack"}
    return create_incident(session, doc, kb, Editor(user="t", reason="t")).id


def test_a_factions_claim_is_not_its_parents_in_the_record(session: Session, kb: Knowledge) -> None:
    from militancydb.services.claims import add_claim
    from militancydb.services.claims_record import group_record
    from militancydb.services.history import Editor

    reg = kb.registry
    assert reg.get("fedayeen-islam") is not None and reg.get("fedayeen-islam").kind == "faction"  # type: ignore[union-attr]
    assert reg.get("fedayeen-islam").parent == "ttp"  # type: ignore[union-attr]
    ed = Editor(user="t", reason="t")
    src = [{"publisher": "Wire", "published": "1999-01-02", "url": "https://example.org/f"}]
    inc = _attack_2008(session, kb, "1999-01-01")

    def claim(who: str, kind: str) -> None:
        data = {"claimant": who, "kind": kind, "incident_id": inc, "claimed_at": "1999-01-02"}
        add_claim(session, data | {"sources": src}, kb, ed)

    claim("Fedayeen-e-Islam", "claim")
    claim("ttp", "denial")  # the parent denies what the faction claimed
    ttp = group_record(session, reg, "ttp")
    row = [r for r in ttp.rows if r.year == 1999]
    assert sum(r.made for r in row) == 0 and sum(r.denials for r in row) == 1
    assert ttp.factions["Fedayeen-e-Islam"] >= 1
    fed = group_record(session, reg, "fedayeen-islam")
    (mine,) = [r for r in fed.rows if r.year == 1999]
    # the TTP's denial is another organisation's, not the faction's own leadership's
    assert (mine.made, mine.denied_by_own) == (1, 0)
    # a chapter speaks for its parent: the Islamic State's province counts as the State
    claim("is-khorasan", "claim")
    is_rec = group_record(session, reg, "islamic-state")
    assert sum(r.made for r in is_rec.rows if r.year == 1999) == 1


def test_a_dataset_claim_by_the_parent_is_not_matched_to_its_factions_claim(
    session: Session, kb: Knowledge
) -> None:
    from militancydb.services.claims import add_claim
    from militancydb.services.claims_datasets import find_matching_claim
    from militancydb.services.history import Editor

    src = [{"publisher": "Wire", "published": "1999-01-02", "url": "https://example.org/f"}]
    inc = _attack_2008(session, kb, "1999-01-01")
    data = {"claimant": "fedayeen-islam", "incident_id": inc, "claimed_at": "1999-01-02"}
    add_claim(session, data | {"sources": src}, kb, Editor(user="t", reason="t"))
    assert find_matching_claim(session, kb, inc, "ttp") is None
    assert find_matching_claim(session, kb, inc, "fedayeen-islam") is not None
