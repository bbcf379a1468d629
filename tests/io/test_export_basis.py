"""Exports in GTD and ACLED shape name as perpetrators only the groups the data attributes the
attack to (or confirms), never a group that only claimed it: the Quetta hospital bombing of
8 August 2016, which the bundled data attributes to one group and which four claimed."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import Claim, Incident
from militancydb.domain.incident import IncidentPublic
from militancydb.io.export_output import ExportFormat, write_incidents
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import get_incident


@pytest.fixture
def held(ucdp_db_url: str) -> Iterator[Session]:
    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        yield s
    engine.dispose()


def bombing(session: Session) -> IncidentPublic:
    iid = session.scalar(
        select(Incident.id).where(
            Incident.date_start == dt.date(2016, 8, 8),
            Incident.suicide.is_(True),
            Incident.admin2_key == "PK-BA-quetta",
        )
    )
    assert iid is not None
    return get_incident(session, iid)


def exported(session: Session, fmt: ExportFormat, iid: int) -> dict[str, str]:
    out = io.StringIO()
    write_incidents(session, IncidentFilter(ids=frozenset({iid})), fmt, out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 1
    return rows[0]


def bases(i: IncidentPublic) -> tuple[list[str], list[str]]:
    """(attributed or confirmed perpetrators, groups that claimed), each in the incident's
    order, computed from the stored links."""
    attributed: list[str] = []
    claimed: list[str] = []
    for a in i.perpetrators():
        to = claimed if a.basis == "claimed" else attributed
        if a.actor_name not in to:
            to.append(a.actor_name)
    return attributed, claimed


def test_the_case_holds_what_the_test_needs(held: Session):
    i = bombing(held)
    attributed, claimed = bases(i)
    only_claimed = [n for n in claimed if n not in attributed]
    assert len(attributed) == 1 and len(only_claimed) >= 2
    assert len(held.scalars(select(Claim).where(Claim.incident_id == i.id)).all()) == len(claimed)


def test_acled_actor1_is_the_attributed_group(held: Session):
    i = bombing(held)
    attributed, claimed = bases(i)
    row = exported(held, ExportFormat.ACLED, i.id)
    actors = [row["actor1"]] + [x for x in row["assoc_actor_1"].split("; ") if x]
    assert actors == attributed
    assert not {n for n in claimed if n not in attributed} & set(actors)
    # ACLED has no claim field: the claimants close the notes
    assert row["notes"].endswith(f"[claimed by {'; '.join(claimed)}]")


def test_gtd_gname_is_the_attributed_group_and_claims_in_claim_fields(held: Session):
    i = bombing(held)
    attributed, claimed = bases(i)
    row = exported(held, ExportFormat.GTD, i.id)
    names = [row[c] for c in ("gname", "gname2", "gname3") if row[c]]
    assert names == attributed
    assert row["claimed"] == "1"  # several groups claimed the attack
    assert row["claim2"] == "" and row["claim3"] == ""  # no second or third attributed group
    assert row["guncertain1"] == "0"


def test_claimed_flag_follows_claims(held: Session):
    """An incident with attributed perpetrators and no claim: claimed 0, no claim note."""
    ids = held.scalars(
        select(Incident.id)
        .where(Incident.date_start.between(dt.date(2016, 1, 1), dt.date(2016, 12, 31)))
        .order_by(Incident.id)
    ).all()
    for iid in ids:
        i = get_incident(held, iid)
        attributed, claimed = bases(i)
        if attributed and not claimed:
            gtd = exported(held, ExportFormat.GTD, iid)
            acled = exported(held, ExportFormat.ACLED, iid)
            assert (gtd["gname"], gtd["claimed"]) == (attributed[0], "0")
            assert acled["actor1"] == attributed[0] and "[claimed by" not in acled["notes"]
            return
    pytest.fail("no incident of 2016 with an attribution and no claim")
