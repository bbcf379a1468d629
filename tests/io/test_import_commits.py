"""Imports that commit batch by batch (``run_import(..., commit=True)``, what
``militancydb import --commit-batches`` does, so that SQLite's write-ahead log stays
small): the same result as one transaction; an import stopped part-way keeps its
committed batches and says so in its run; importing the file again finishes it."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from import_scenario import BROKEN_TAIL, _write_csv, dump, run_scenario, ucdp_rows
from sqlalchemy import Engine, select, text
from test_import_streaming import _normal, _without_source_ids, expected

from militancydb.db.engine import session_scope
from militancydb.db.tables import ImportReject, ImportRun
from militancydb.io.engine import RawRow, Reject, commits_by_batch, run_import
from militancydb.io.registry import importer_for
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import load_knowledge


def _rejects_as_a_set(d: dict[str, Any]) -> dict[str, Any]:
    """The stored rejects without their row ids, in row order (a committed import stores
    each batch's rejects and conflicts with the batch, not all rejects before all
    conflicts)."""
    rows = [{k: v for k, v in r.items() if k != "id"} for r in d["import_rejects"]]
    return {
        **d,
        "import_rejects": sorted(rows, key=lambda r: (r["run_id"], r["row_number"], r["reason"])),
    }


@pytest.mark.parametrize("workers", [0, 1])
def test_committed_batches_store_what_one_transaction_stores(
    engine: Engine, tmp_path: Path, workers: int
) -> None:
    run = functools.partial(run_import, batch_size=7, commit=True, workers=workers)
    got = _rejects_as_a_set(_normal(dump(engine, run_scenario(engine, tmp_path, run))))
    want = _rejects_as_a_set(_without_source_ids(expected()))
    assert len(want["import_rejects"]) > 5  # rejects and conflicts spread over batches
    for name in want:
        assert got[name] == want[name], name


class PowerCut(Exception):
    pass


class StopsAt(UCDPImporter):
    """The UCDP importer, cut off after reading ``stop`` rows (as by a crash)."""

    def __init__(self, stop: int) -> None:
        self.stop = stop

    def read(self, path: Path) -> Iterator[RawRow | Reject]:
        for n, item in enumerate(super().read(path), start=1):
            if n > self.stop:
                raise PowerCut
            yield item


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as c:
        return {
            t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("incidents", "external_ids", "casualty_figures", "incident_actors")
        } | {
            "history": c.execute(
                text("SELECT count(*) FROM change_log WHERE entity_type = 'incident'")
            ).scalar_one()
        }


@pytest.fixture
def ucdp_file(tmp_path: Path) -> Path:
    header, rows = ucdp_rows()  # broken rows from row 61 on
    return _write_csv(tmp_path / "ucdp.csv", header, rows[:90], BROKEN_TAIL)


def test_an_import_stopped_part_way_says_so_and_a_rerun_finishes_it(
    engine: Engine, ucdp_file: Path
) -> None:
    with session_scope(engine) as s:
        kb = load_knowledge(s)
    # rows 1..70 are read in batches of 7; row 71 is never handed over: 10 batches committed
    with pytest.raises(PowerCut), session_scope(engine) as s:
        run_import(s, StopsAt(70), ucdp_file, kb, "importer", batch_size=7, commit=True)
    with session_scope(engine) as s:
        cut = s.scalars(select(ImportRun)).one()
        cut_rejects = s.scalars(select(ImportReject).where(ImportReject.run_id == cut.id)).all()
    assert cut.finished_at is None  # the run says it stopped part-way
    assert cut.rows_total == 70
    assert cut.inserted + cut.rejected + cut.unchanged == 70
    assert cut.rejected == len(cut_rejects) >= 4  # the broken rows 61..65 were in batch 9/10
    assert _counts(engine)["incidents"] == cut.inserted > 0
    with session_scope(engine) as s:  # the same file again
        again = run_import(s, UCDPImporter(), ucdp_file, kb, "importer", commit=True)
    with session_scope(engine) as s:
        done = s.get(ImportRun, again.run_id)
        assert done is not None and done.finished_at is not None
    assert again.unchanged == cut.inserted  # what was stored is not stored twice
    assert again.inserted == again.rows_total - again.unchanged - again.rejected
    assert again.accounted

    # the same as one uninterrupted import of the file into a fresh database
    finished = _counts(engine)
    with session_scope(engine) as s:
        for table in (
            "change_log",
            "citations",
            "casualty_figures",
            "incident_actors",
            "incident_targets",
            "incident_tactics",
            "external_ids",
        ):
            s.execute(
                text(
                    f"DELETE FROM {table} WHERE "
                    + (
                        "entity_type IN ('incident', 'claim')"
                        if table in ("change_log", "citations")
                        else "1 = 1"
                    )
                )
            )
        s.execute(text("DELETE FROM incidents"))
    with session_scope(engine) as s:
        whole = run_import(s, UCDPImporter(), ucdp_file, kb, "importer", commit=True)
    assert _counts(engine) == finished
    assert whole.inserted == again.inserted + again.unchanged
    assert [(r.row, r.reason) for r in whole.rejects] == [(r.row, r.reason) for r in again.rejects]


def test_an_importer_with_a_last_step_stays_one_transaction() -> None:
    # GTD records its claims from the rows it converted, after the last row: a run of it
    # stopped part-way could not be finished by a second run (its stored rows are not
    # converted again), so its import commits once, at the end
    assert not commits_by_batch(importer_for("gtd"))
    assert commits_by_batch(importer_for("ucdp")) and commits_by_batch(importer_for("acled"))


def test_the_command_commits_by_batch_when_asked(
    db_url: str, engine: Engine, ucdp_file: Path
) -> None:
    from typer.testing import CliRunner

    from militancydb.cli.main import app

    result = CliRunner().invoke(
        app,
        ["--db", db_url, "--user", "tester", "import", "ucdp", str(ucdp_file), "--commit-batches"],
    )
    assert result.exit_code == 0, result.output
    with session_scope(engine) as s:
        run = s.scalars(select(ImportRun)).one()
        assert run.finished_at is not None and run.rows_total == 92
    assert _counts(engine)["incidents"] == run.inserted > 0
