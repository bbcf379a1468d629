"""The record checks of `claims check` that came out of the audit of the corpus against its
sources (issue 12, docs/claims.md "Verification"): a cited source without a publisher, with
an address that is not one, or dated after it was looked up; a claim dated before its
incident; a stated toll far from the incident's counts with no note saying why."""

from __future__ import annotations

import copy
from typing import Any

from militancydb.bootstrap.claims_check import (
    TOLL_FACTOR,
    bundled_ucdp_events,
    claim_problems,
    record_problems,
    source_problems,
)
from militancydb.knowledge.shipped import SourceRecord, read_sources
from militancydb.services.claims_corpus import SeedFile, seed_files

GOOD = SourceRecord(
    key="good", publisher="Dawn", url="https://www.dawn.com/news/1", published="2019-05-21"
)
INCIDENT = {
    "ref": "test-incident",
    "date": "2021-10-08",
    "casualties": [{"category": "total", "outcome": "killed", "low": 46, "best": None, "high": 72}],
}


def _files(claim: dict[str, Any] | None = None, cites: str = "good") -> list[SeedFile]:
    claims = [claim] if claim is not None else []
    inc = INCIDENT | {"sources": [cites]}
    return [SeedFile("claims/2021.yaml", {"incidents": [inc], "claims": claims})]


def _sources(**changes: Any) -> dict[str, SourceRecord]:
    return {"good": GOOD, "other": SourceRecord(key="other", **({"url": GOOD.url} | changes))}


def test_a_cited_source_needs_a_publisher() -> None:
    found = source_problems(_files(cites="other"), _sources(publisher=None))
    assert len(found) == 1 and "'other' has no publisher" in found[0]
    assert "test-incident" in found[0]  # names the record that cites it
    assert source_problems(_files(cites="other"), _sources(publisher="AFP")) == []


def test_a_url_must_be_an_address_or_a_bundled_file() -> None:
    for url in ("www.dawn.com/news/1", "dawn", "", "https://", "ftp://dawn.com/1"):
        found = source_problems(_files(cites="other"), _sources(publisher="AFP", url=url))
        assert len(found) == 1 and "neither an address" in found[0], url
    for url in ("http://dawn.com/news/1", "shared/data/ucdp-ged-pakistan-1989-2021.csv"):
        assert source_problems(_files(cites="other"), _sources(publisher="AFP", url=url)) == []


def test_a_source_cannot_be_dated_after_it_was_looked_up() -> None:
    late = _sources(publisher="AFP", published="2026-12-06", accessed="2026-12-05")
    found = source_problems(_files(cites="other"), late)
    assert len(found) == 1 and "after it was looked up" in found[0]
    ok = _sources(publisher="AFP", published="2021-10-09", accessed="2026-12-05")
    assert source_problems(_files(cites="other"), ok) == []


def _claim(**extra: Any) -> dict[str, Any]:
    return {
        "incident": "test-incident",
        "claimant": "is-khorasan",
        "claimed_at": "2021-10-08",
    } | extra


def test_a_claim_cannot_come_before_its_incident_at_its_precision() -> None:
    assert claim_problems(_files(_claim()), {}) == []
    assert claim_problems(_files(_claim(claimed_at="2021-10")), {}) == []  # same month
    found = claim_problems(_files(_claim(claimed_at="2021-10-07")), {})
    assert len(found) == 1 and "before its incident (2021-10-08)" in found[0]
    assert len(claim_problems(_files(_claim(claimed_at="2021-09")), {})) == 1
    assert claim_problems(_files(_claim(claimed_at="2021-10-07", note="why")), {}) == []


def test_a_toll_far_from_the_incidents_counts_needs_a_note() -> None:
    def check(killed: int, **extra: Any) -> list[str]:
        return claim_problems(_files(_claim(asserted={"killed": killed}, **extra)), {})

    assert check(72) == [] and check(100) == []  # within a factor of the highest count
    high = check(300)  # over four times the highest count
    assert len(high) == 1 and "300 killed, 4.2 times off" in high[0] and "(46-72)" in high[0]
    assert len(check(int(46 / TOLL_FACTOR))) == 1  # far below the lowest count
    assert check(300, note="the group's figure; officials called it an exaggeration") == []
    # a toll in words is not compared
    assert claim_problems(_files(_claim(asserted={"toll": "300 killed"})), {}) == []


def test_a_ucdp_incident_gives_its_date_and_counts() -> None:
    ucdp = {"156098": ("2014-12-16", 146, 146)}
    claim = {"incident": "ucdp:156098", "claimant": "ttp", "claimed_at": "2014-12-16"}
    files = [SeedFile("claims/2014.yaml", {"claims": [claim | {"asserted": {"killed": 500}}]})]
    found = claim_problems(files, ucdp)
    assert len(found) == 1 and "(146-146)" in found[0]
    files = [SeedFile("claims/2014.yaml", {"claims": [claim | {"claimed_at": "2014-12-15"}]})]
    assert "before its incident" in claim_problems(files, ucdp)[0]


def test_the_shipped_corpus_passes_and_the_checks_see_its_kunduz_claim() -> None:
    files, sources, ucdp = seed_files(), read_sources(), bundled_ucdp_events()
    assert record_problems(files, sources, ucdp) == []
    # the audit's case: the Kunduz claim of 300 killed passes only because of its note
    edited = copy.deepcopy(files)
    for f in edited:
        for raw in f.doc.get("claims") or []:
            if raw.get("incident") == "kunduz-2021-10-08-sayed-abad-mosque" and (
                raw.get("asserted") or {}
            ).get("killed"):
                raw.pop("note")
    found = record_problems(edited, sources, ucdp)
    assert len(found) == 1 and "300 killed" in found[0] and "claims/2021.yaml" in found[0]
