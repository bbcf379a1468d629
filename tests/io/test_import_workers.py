"""Rows converted in worker processes (``run_import(..., workers=N)``,
``militancydb import --workers``, io/import_workers.py): the same database as one process,
the conversion really done elsewhere, a worker that dies stops the import with one clear
error and loses nothing committed (issue 15, point 2)."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from import_scenario import BROKEN_TAIL, _write_csv, dump, run_scenario, ucdp_rows
from sqlalchemy import Engine, select, text

from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import ImportRun
from militancydb.errors import ImportFailed
from militancydb.io.engine import BATCH, ImportContext, Prepared, Reject, Skip, run_import
from militancydb.io.gtd import GTDImporter
from militancydb.io.import_workers import workers_for
from militancydb.io.importer import Converted
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import load_knowledge


@pytest.fixture
def other_engine(other_db_url: str) -> Iterator[Engine]:
    eng = make_engine(other_db_url)
    yield eng
    eng.dispose()


def test_the_same_database_with_and_without_workers(
    engine: Engine, other_engine: Engine, tmp_path: Path
) -> None:
    """Two UCDP releases (bad, broken and repeated rows; changed rows; a deleted and an
    edited incident), GTD and ACLED files, and a re-import, in batches of 7: the database
    dumped after each way is the same, rejects and reports included."""
    one = dump(engine, run_scenario(engine, _mkdir(tmp_path / "one"), _runner(0)))
    two = dump(other_engine, run_scenario(other_engine, _mkdir(tmp_path / "two"), _runner(1)))
    assert set(one) == set(two)
    for name in one:
        assert two[name] == one[name], name
    reports = one["reports"]
    assert reports[0]["inserted"] > 50 and len(reports[0]["rejects"]) >= 5
    assert reports[1]["updated"] >= 3  # the changed rows of the second release


def _runner(workers: int) -> Any:
    return functools.partial(run_import, batch_size=7, workers=workers)


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


class Where(UCDPImporter):
    """Rejects every row, saying which process converted it."""

    def convert_to_store(
        self, row: int, raw: dict[str, str], ctx: ImportContext
    ) -> Converted | Prepared | Reject | Skip:
        return Reject(row, f"converted in process {os.getpid()}")


@pytest.fixture
def ucdp_file(tmp_path: Path) -> Path:
    header, rows = ucdp_rows()
    return _write_csv(tmp_path / "ucdp.csv", header, rows[:90], BROKEN_TAIL)


@pytest.mark.parametrize(("workers", "elsewhere"), [(0, False), (1, True), (2, True)])
def test_rows_are_converted_in_the_workers(
    engine: Engine, ucdp_file: Path, workers: int, elsewhere: bool
) -> None:
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        report = run_import(s, Where(), ucdp_file, kb, "t", batch_size=7, workers=workers)
    where = {r.reason for r in report.rejects if r.reason.startswith("converted in")}
    here = f"converted in process {os.getpid()}"
    assert where and (here not in where) == elsewhere
    # the rows are still in file order, each reject with its raw row
    assert [r.row for r in report.rejects] == sorted(r.row for r in report.rejects)
    assert all(r.raw for r in report.rejects)


class DiesAt(UCDPImporter):
    """The UCDP importer whose worker process dies (as by a crash) at row ``at``."""

    def __init__(self, at: int) -> None:
        self.at = at
        self.pid = os.getpid()

    def convert_to_store(
        self, row: int, raw: dict[str, str], ctx: ImportContext
    ) -> Converted | Prepared | Reject | Skip:
        if row == self.at and os.getpid() != self.pid:
            os._exit(3)
        return super().convert_to_store(row, raw, ctx)


def test_a_worker_that_dies_stops_the_import_and_loses_nothing_committed(
    engine: Engine, ucdp_file: Path
) -> None:
    with session_scope(engine) as s:
        kb = load_knowledge(s)
    with pytest.raises(ImportFailed, match="worker process stopped") as failed:
        with session_scope(engine) as s:
            run_import(s, DiesAt(40), ucdp_file, kb, "t", batch_size=7, commit=True, workers=1)
    assert "--workers 0" in str(failed.value) and "run the same import again" in str(failed.value)
    with session_scope(engine) as s:
        cut = s.scalars(select(ImportRun)).one()
    assert cut.finished_at is None
    # the batches before the one of row 40 (rows 1..35) are committed, nothing after them
    assert cut.rows_total == 35
    with engine.connect() as c:
        held = c.execute(text("SELECT count(*) FROM incidents")).scalar_one()
    assert held == cut.inserted > 20
    with session_scope(engine) as s:  # the same import again finishes it
        again = run_import(s, UCDPImporter(), ucdp_file, kb, "t", commit=True, workers=1)
    assert again.unchanged == cut.inserted and again.accounted
    assert again.inserted == again.rows_total - again.unchanged - again.rejected


def test_how_many_workers() -> None:
    ucdp = UCDPImporter()
    two_cpus = (os.cpu_count() or 1) >= 2
    idle = 0.0
    assert workers_for(None, ucdp, BATCH * 3, BATCH, idle) == (1 if two_cpus else 0)
    # every core busy already: a worker would take the writer's core
    assert workers_for(None, ucdp, BATCH * 3, BATCH, float(os.cpu_count() or 1)) == 0
    assert workers_for(None, ucdp, BATCH, BATCH, idle) == 0  # one batch: nothing to overlap
    assert workers_for(0, ucdp, BATCH * 3, BATCH) == 0
    assert workers_for(3, ucdp, 10, BATCH) == 3  # asked for: given
    # GTD matches rows against the held incidents (the database): converted here
    assert workers_for(2, GTDImporter(), BATCH * 3, BATCH) == 0
    with pytest.raises(ImportFailed, match="0 or more"):
        workers_for(-1, ucdp, BATCH * 3, BATCH)


def test_new_rows_come_back_as_their_rows_to_store(engine: Engine, ucdp_file: Path) -> None:
    """In a worker, a new row's incident comes back as its rows to store (``Ready``); a held
    row unchanged is not converted; a held row changed comes back prepared, for the edit
    path of the importing process."""
    from militancydb.db.tables import Source
    from militancydb.io import import_workers
    from militancydb.io.ready_rows import PlainSource, Ready, ReadyMaker
    from militancydb.io.row_hash import row_hash
    from militancydb.io.table import read_table

    importer = UCDPImporter()
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        src = s.scalars(select(Source)).first()
        assert src is not None
        plain = PlainSource(src.id, src.key, src.publisher, src.title, src.url, src.published)
        maker = ReadyMaker(s.get_bind().dialect, {src.id: plain})
    rows = [
        (n, raw)
        for n, _, raw in (r for r in read_table(importer, ucdp_file) if isinstance(r, tuple))
    ][:20]
    same, changed = rows[0][1]["id"], rows[1][1]["id"]
    held = {same: row_hash(rows[0][1], importer.rules_version), changed: "an older hash"}
    import_workers.prepare(importer, kb, src.id, maker)
    got = import_workers.convert_batch(rows, held)
    assert got[0][1] is None
    assert isinstance(got[1][1], Prepared)
    assert all(isinstance(r, Ready) for _, r in got[2:])
    assert [d for d, _ in got] == [row_hash(raw, importer.rules_version) for _, raw in rows]


def test_the_command_takes_workers(db_url: str, engine: Engine, ucdp_file: Path) -> None:
    """The command's knowledge base is read when first used: it is read before the
    workers start, which never use the database connection they inherit."""
    from typer.testing import CliRunner

    from militancydb.cli.main import app

    args = ["--db", db_url, "--user", "tester", "import", "ucdp", str(ucdp_file)]
    result = CliRunner().invoke(app, [*args, "--workers", "1", "--commit-batches"])
    assert result.exit_code == 0, result.output
    with session_scope(engine) as s:
        run = s.scalars(select(ImportRun)).one()
        assert run.finished_at is not None and run.rows_total == 92 and run.inserted > 50
    refused = CliRunner().invoke(app, [*args, "--workers", "-1"])
    assert refused.exit_code != 0 and "--workers" in refused.output
