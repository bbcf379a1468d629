"""Where each field of an incident came from (services.provenance)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.tables import ExternalId
from militancydb.errors import IncidentNotFound
from militancydb.io.engine import ImportReport, run_import
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
from militancydb.services.incidents import create_incident, update_incident
from militancydb.services.provenance import FieldOrigin, field_provenance

QUETTA = "235882"  # UCDP id of the Quetta Civil Hospital bombing, 8 August 2016


def import_quetta(session: Session, kb: Knowledge, tmp_path: Path) -> tuple[int, ImportReport]:
    with bundled_ucdp().open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        cols = list(reader.fieldnames or [])
        row = next(r for r in reader if r["id"] == QUETTA)
    path = tmp_path / "quetta.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols)
        w.writeheader()
        w.writerow(row)
    report = run_import(session, UCDPImporter(), path, kb, "importer")
    iid = session.scalar(select(ExternalId.incident_id).where(ExternalId.external_id == QUETTA))
    assert iid is not None
    return iid, report


def by_field(rows: list[FieldOrigin]) -> dict[str, FieldOrigin]:
    return {r.field: r for r in rows}


def test_edited_field_comes_from_the_edit_and_others_from_the_import(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    iid, report = import_quetta(session, kb, tmp_path)
    update_incident(
        session,
        iid,
        {"summary": "Suicide bombing at the Civil Hospital"},
        expected_version=1,
        kb=kb,
        editor=Editor(user="zainab", reason="Dawn report"),
    )
    origins = by_field(field_provenance(session, iid))
    summary = origins["summary"]
    assert (summary.version, summary.user) == (2, "zainab")
    assert summary.how.startswith("update") and "Dawn report" in summary.how
    event_type = origins["event_type"]
    assert (event_type.version, event_type.user, event_type.value) == (
        1,
        "importer",
        "militant_attack",
    )
    assert event_type.how.startswith(f"import run {report.run_id}")
    assert "ucdp" in event_type.how and "quetta.csv" in event_type.how
    assert origins["totals.killed_best"].version == 1
    assert origins["location.province"].value == "PK-BA"


def test_a_value_set_back_comes_from_the_latest_change(session: Session, kb: Knowledge) -> None:
    ed = Editor(user="amir")
    inc = create_incident(
        session,
        {
            "date_start": "2014-12-16",
            "event_type": "militant_attack",
            "province": "Khyber Pakhtunkhwa",
            "summary": "A",
        },
        kb,
        ed,
    )
    update_incident(
        session, inc.id, {"summary": "B"}, expected_version=1, kb=kb, editor=Editor(user="bilal")
    )
    update_incident(
        session, inc.id, {"summary": "A"}, expected_version=2, kb=kb, editor=Editor(user="chand")
    )
    origins = by_field(field_provenance(session, inc.id))
    assert (origins["summary"].version, origins["summary"].user) == (3, "chand")
    assert (origins["event_type"].version, origins["event_type"].user) == (1, "amir")


def test_empty_fields_are_left_out(session: Session, kb: Knowledge) -> None:
    inc = create_incident(
        session, {"date_start": "2014-12-16", "event_type": "other"}, kb, Editor(user="amir")
    )
    fields = {r.field for r in field_provenance(session, inc.id)}
    assert "event_type" in fields
    assert not fields & {"summary", "tactics", "location.province", "totals.killed_best"}


def test_unknown_incident_raises(session: Session) -> None:
    with pytest.raises(IncidentNotFound):
        field_provenance(session, 4242)
