"""Importing UCDP GED files (io.ucdp, io.engine): every row accounted for, rejects with their
reasons, idempotent re-imports, updates through the change log, files refused whole."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.engine import session_scope
from militancydb.db.tables import ChangeLog, ExternalId, ImportReject, ImportRun, Incident
from militancydb.errors import ImportFailed
from militancydb.io.engine import ImportReport, run_import
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.services.history import Editor, history
from militancydb.services.incidents import delete_incident, get_incident, update_incident

Row = dict[str, str]
USER = "ucdp importer"


@functools.cache
def _bundled() -> tuple[tuple[str, ...], tuple[tuple[tuple[str, str], ...], ...]]:
    with bundled_ucdp().open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = tuple(tuple(r.items()) for r in reader)
        return tuple(reader.fieldnames or ()), rows


def columns() -> list[str]:
    return list(_bundled()[0])


def bundled_rows() -> list[Row]:
    return [dict(r) for r in _bundled()[1]]


def sample(n: int = 20) -> list[Row]:
    """``n`` real rows from across the bundled file (one line each, so that a row's file line
    is its number plus one)."""
    rows = [r for r in bundled_rows() if not any("\n" in v for v in r.values())]
    return rows[:: len(rows) // n][:n]


def corrupted(rows: list[Row]) -> list[Row]:
    """Five broken rows made from real ones: bad date, non-numeric best, no id, an id already
    used in ``rows`` (with other figures), another country."""
    bad_date = dict(rows[0], id="990001", date_start="2016-13-45")
    bad_best = dict(rows[1], id="990002", best="many")
    no_id = dict(rows[2], id="")
    repeated = dict(rows[3], best=str(int(rows[3]["best"]) + 7), high=str(int(rows[3]["high"]) + 7))
    india = dict(rows[4], id="990005", country="India")
    return [bad_date, bad_best, no_id, repeated, india]


def write(path: Path, rows: list[Row], cols: list[str] | None = None) -> Path:
    cols = cols or columns()
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


def do_import(session: Session, path: Path, kb: Knowledge) -> ImportReport:
    return run_import(session, UCDPImporter(), path, kb, USER)


def incident_for(session: Session, ucdp_id: str) -> int:
    iid = session.scalar(
        select(ExternalId.incident_id).where(
            ExternalId.system == "ucdp", ExternalId.external_id == ucdp_id
        )
    )
    assert iid is not None, f"no incident for UCDP id {ucdp_id}"
    return iid


def count(session: Session, table: type) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


# --- first import --------------------------------------------------------------------------


def test_every_row_is_inserted_or_rejected(session: Session, kb: Knowledge, tmp_path: Path) -> None:
    good = sample()
    report = do_import(session, write(tmp_path / "ged.csv", good + corrupted(good)), kb)
    assert report.rows_total == 25
    assert (report.inserted, report.updated, report.unchanged, report.rejected) == (20, 0, 0, 5)
    assert report.accounted
    run = session.get(ImportRun, report.run_id)
    assert run is not None
    assert (run.rows_total, run.inserted, run.updated, run.unchanged, run.rejected) == (
        25,
        20,
        0,
        0,
        5,
    )
    assert run.inserted + run.updated + run.unchanged + run.rejected == run.rows_total
    assert count(session, Incident) == 20


def test_each_reject_gives_its_row_and_the_column_at_fault(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    good = sample()
    report = do_import(session, write(tmp_path / "ged.csv", good + corrupted(good)), kb)
    reasons = {r.row: r.reason for r in report.rejects}
    assert sorted(reasons) == [21, 22, 23, 24, 25]
    assert "date_start" in reasons[21] and "2016-13-45" in reasons[21]
    assert "best" in reasons[22] and "many" in reasons[22]
    assert "id" in reasons[23]
    assert "duplicate" in reasons[24] and good[3]["id"] in reasons[24]
    assert "row 4" in reasons[24]  # where the id was first seen
    assert "country" in reasons[25] and "India" in reasons[25]
    assert all(r.line == r.row + 1 for r in report.rejects)  # the header is line 1


def test_rejects_are_stored_with_reason_and_raw_row(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    good = sample()
    report = do_import(session, write(tmp_path / "ged.csv", good + corrupted(good)), kb)
    stored = session.scalars(
        select(ImportReject)
        .where(ImportReject.run_id == report.run_id)
        .order_by(ImportReject.row_number)
    ).all()
    assert [(s.row_number, s.reason) for s in stored] == [
        (r.row, r.reason) for r in sorted(report.rejects, key=lambda r: r.row)
    ]
    assert stored[0].raw is not None and stored[0].raw["date_start"] == "2016-13-45"
    assert stored[4].raw is not None and stored[4].raw["country"] == "India"


def test_imported_incident_records_its_origin(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    good = sample(5)
    report = do_import(session, write(tmp_path / "ged.csv", good), kb)
    iid = incident_for(session, good[2]["id"])
    inc = get_incident(session, iid)
    assert inc.external_ids == {"ucdp": good[2]["id"]}
    assert inc.totals.killed_best == int(good[2]["best"])
    assert inc.review_status == "imported"
    assert any(good[2]["id"] in (s.locator or "") for s in inc.sources)
    (created,) = history(session, "incident", iid)
    assert (created.action, created.user, created.import_run_id, created.import_format) == (
        "create",
        USER,
        report.run_id,
        "ucdp",
    )


def test_quetta_hospital_bombing_row(session: Session, kb: Knowledge, tmp_path: Path) -> None:
    # UCDP 235882: one-sided violence (type 3) by TTP against civilians, Quetta, 8 Aug 2016,
    # best 75 -> by the importer's rule 1 a militant attack with TTP as perpetrator.
    row = next(r for r in bundled_rows() if r["id"] == "235882")
    do_import(session, write(tmp_path / "ged.csv", [row]), kb)
    inc = get_incident(session, incident_for(session, "235882"))
    assert inc.date_start.isoformat() == "2016-08-08"
    assert inc.event_type == "militant_attack"
    assert inc.totals.killed_best == 75
    assert (inc.location.province, inc.location.district) == ("PK-BA", "PK-BA-quetta")
    assert [a.actor_key for a in inc.perpetrators()] == ["ttp"]
    civilians = inc.figure("civilians")
    assert civilians is not None and civilians.best == 75


# --- re-imports ----------------------------------------------------------------------------


def test_reimport_of_the_same_file_changes_nothing(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    good = sample()
    broken = [r for n, r in enumerate(corrupted(good)) if n != 3]  # no repeated id here
    path = write(tmp_path / "ged.csv", good + broken)
    do_import(session, path, kb)
    incidents, changes = count(session, Incident), count(session, ChangeLog)
    again = do_import(session, path, kb)
    assert (again.inserted, again.updated, again.unchanged, again.rejected) == (0, 0, 20, 4)
    assert again.accounted
    assert (count(session, Incident), count(session, ChangeLog)) == (incidents, changes)


def test_reimport_still_rejects_a_repeated_id(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    good = sample()
    path = write(tmp_path / "ged.csv", good + corrupted(good))
    do_import(session, path, kb)
    iid = incident_for(session, good[3]["id"])
    again = do_import(session, path, kb)
    assert (again.inserted, again.updated, again.unchanged, again.rejected) == (0, 0, 20, 5)
    assert get_incident(session, iid).totals.killed_best == int(good[3]["best"])
    assert [c.action for c in history(session, "incident", iid)] == ["create"]


def test_changed_row_updates_exactly_that_incident(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    good = sample()
    do_import(session, write(tmp_path / "ged.csv", good), kb)
    iid = incident_for(session, good[5]["id"])
    old_best = int(good[5]["best"])
    new_best = old_best + 5
    good[5] = dict(good[5], best=str(new_best), high=str(max(new_best, int(good[5]["high"]))))
    second = do_import(session, write(tmp_path / "ged-v2.csv", good), kb)
    assert (second.inserted, second.updated, second.unchanged, second.rejected) == (0, 1, 19, 0)
    inc = get_incident(session, iid)
    assert (inc.version, inc.totals.killed_best) == (2, new_best)
    last = history(session, "incident", iid)[-1]
    assert (last.action, last.user, last.import_run_id, last.import_format) == (
        "update",
        USER,
        second.run_id,
        "ucdp",
    )
    assert last.import_file is not None and last.import_file.endswith("ged-v2.csv")
    assert last.before is not None and last.after is not None
    assert last.before["totals"]["killed_best"] == old_best
    assert last.after["totals"]["killed_best"] == new_best
    assert "totals" in last.changed_fields()


def test_dataset_change_does_not_overwrite_a_later_edit(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    good = sample(5)
    do_import(session, write(tmp_path / "ged.csv", good), kb)
    iid = incident_for(session, good[1]["id"])
    update_incident(
        session,
        iid,
        {"summary": "checked against the FIR"},
        expected_version=1,
        kb=kb,
        editor=Editor(user="analyst", reason="FIR"),
    )
    good[1] = dict(good[1], best=str(int(good[1]["best"]) + 3), high=str(int(good[1]["high"]) + 3))
    second = do_import(session, write(tmp_path / "ged-v2.csv", good), kb)
    assert (second.updated, second.unchanged, len(second.conflicts)) == (0, 4, 1)
    assert second.accounted
    assert "analyst" in second.conflicts[0].reason
    inc = get_incident(session, iid)
    assert (inc.version, inc.summary) == (2, "checked against the FIR")
    stored = session.scalars(
        select(ImportReject.reason).where(ImportReject.run_id == second.run_id)
    ).all()
    assert len(stored) == 1 and stored[0].startswith("conflict:")
    run = session.get(ImportRun, second.run_id)
    assert run is not None  # the stored run and its stored rows account for every row
    assert run.inserted + run.updated + run.unchanged + len(stored) == run.rows_total == 5


def test_deleted_incident_is_left_deleted(session: Session, kb: Knowledge, tmp_path: Path) -> None:
    good = sample(5)
    do_import(session, write(tmp_path / "ged.csv", good), kb)
    iid = incident_for(session, good[0]["id"])
    delete_incident(session, iid, expected_version=1, editor=Editor(user="analyst"))
    good[0] = dict(good[0], best=str(int(good[0]["best"]) + 1), high=str(int(good[0]["high"]) + 1))
    second = do_import(session, write(tmp_path / "ged-v2.csv", good), kb)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 5)
    assert any(str(iid) in w and "deleted" in w for _, w in second.warnings)
    assert get_incident(session, iid, include_deleted=True).deleted


# --- files refused whole -------------------------------------------------------------------


def test_missing_columns_fail_and_import_nothing(engine: Engine, tmp_path: Path) -> None:
    cols = [c for c in columns() if c not in ("best", "side_a")]
    path = write(tmp_path / "ged.csv", sample(3), cols)
    with session_scope(engine) as s:
        runs_before = count(s, ImportRun)
    with pytest.raises(ImportFailed) as info, session_scope(engine) as s:
        run_import(s, UCDPImporter(), path, load_knowledge(s), USER)
    message = str(info.value)
    assert "best" in message and "side_a" in message and "missing" in message
    with session_scope(engine) as s:
        assert count(s, Incident) == 0
        assert count(s, ImportRun) == runs_before


def test_missing_file_fails(session: Session, kb: Knowledge, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="no file"):
        do_import(session, tmp_path / "nowhere.csv", kb)


def test_change_log_holds_what_show_prints(session: Session, kb: Knowledge, tmp_path: Path) -> None:
    # the bulk path builds the logged state without pydantic; it must equal the stored one
    good = sample()
    do_import(session, write(tmp_path / "ged.csv", good), kb)
    session.expire_all()
    for row in good:
        iid = incident_for(session, row["id"])
        (created,) = history(session, "incident", iid)
        assert created.after == get_incident(session, iid).model_dump(mode="json"), row["id"]
