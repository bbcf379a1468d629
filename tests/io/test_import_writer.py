"""The import's writing in a thread (:mod:`militancydb.io.import_writer`): used on
PostgreSQL (and here on SQLite too, which can use it), a write that fails stops the import
with its own error and keeps only the batches committed before it, and the held ids are
asked ahead of the next write."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from import_scenario import _write_csv, ucdp_rows
from sqlalchemy import Engine, select, text

from militancydb.db.engine import session_scope
from militancydb.db.tables import ImportRun
from militancydb.io import import_writer
from militancydb.io.engine import run_import
from militancydb.io.import_writer import BatchWriter, HeldAhead
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import load_knowledge


class DiskFull(Exception):
    pass


@pytest.fixture(autouse=True)
def threaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_writer, "THREADED", ("postgresql", "sqlite"))


@pytest.fixture
def ucdp_file(tmp_path: Path) -> Path:
    header, rows = ucdp_rows()
    return _write_csv(tmp_path / "ucdp.csv", header, rows[:40])


def _incidents(engine: Engine) -> int:
    with engine.connect() as c:
        return int(c.execute(text("SELECT count(*) FROM incidents")).scalar_one())


def _writing_threads(
    engine: Engine, ucdp_file: Path, monkeypatch: pytest.MonkeyPatch, workers: int = 0
) -> tuple[Any, list[str]]:
    """Import the file in batches of 7, committed, and the name of the thread that wrote
    each batch."""
    threads: list[str] = []
    write = import_writer.write_ready

    def spy(*args: Any) -> None:
        threads.append(threading.current_thread().name)
        write(*args)

    monkeypatch.setattr(import_writer, "write_ready", spy)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        report = run_import(
            s, UCDPImporter(), ucdp_file, kb, "t", batch_size=7, commit=True, workers=workers
        )
    return report, threads


@pytest.mark.parametrize("workers", [0, 1])
def test_batches_are_written_in_the_writer_thread(
    engine: Engine, ucdp_file: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    report, threads = _writing_threads(engine, ucdp_file, monkeypatch, workers)
    assert report.accounted and report.inserted == _incidents(engine) > 20
    assert len(threads) == 6  # 40 rows in batches of 7
    assert all(t.startswith("import-writer") for t in threads), threads


def test_sqlite_writes_in_the_importing_thread(
    engine: Engine, ucdp_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_writer, "THREADED", ("postgresql",))
    _, threads = _writing_threads(engine, ucdp_file, monkeypatch)
    on_sqlite = engine.dialect.name == "sqlite"
    assert len(threads) == 6
    assert all((t == threading.current_thread().name) == on_sqlite for t in threads), threads


@pytest.mark.parametrize("workers", [0, 1])
def test_a_failed_write_stops_the_import_with_its_error(
    engine: Engine, ucdp_file: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    calls: list[int] = []
    write = import_writer.write_ready

    def fails_third(*args: Any) -> None:
        calls.append(len(args[1]))
        if len(calls) == 3:
            write(*args)  # some rows written, then the failure: the batch rolled back
            raise DiskFull("no space left")
        write(*args)

    monkeypatch.setattr(import_writer, "write_ready", fails_third)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
    with pytest.raises(DiskFull, match="no space left"), session_scope(engine) as s:
        run_import(
            s, UCDPImporter(), ucdp_file, kb, "t", batch_size=7, commit=True, workers=workers
        )
    assert len(calls) == 3  # nothing written after the failed batch
    with session_scope(engine) as s:
        run = s.scalars(select(ImportRun)).one()
        assert run.finished_at is None
        assert run.rows_total == 14  # the two batches committed before the failure
        assert run.inserted == _incidents(engine) == sum(calls[:2]) > 0


def test_a_failed_write_in_one_transaction_stores_nothing(
    engine: Engine, ucdp_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = import_writer.write_ready
    calls: list[int] = []

    def fails_second(*args: Any) -> None:
        calls.append(1)
        write(*args)
        if len(calls) == 2:
            raise DiskFull("no space left")

    monkeypatch.setattr(import_writer, "write_ready", fails_second)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
    with pytest.raises(DiskFull), session_scope(engine) as s:
        run_import(s, UCDPImporter(), ucdp_file, kb, "t", batch_size=7)
    assert _incidents(engine) == 0
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM import_runs")).scalar_one() == 0


def test_held_ids_asked_ahead_come_before_the_next_write() -> None:
    order: list[str] = []
    writer = BatchWriter(threaded=True)
    batches = [[(1, 2, {"id": "a"})], [(2, 3, {"id": "b"})], [(3, 4, {"id": "c"})]]

    def lookup(batch: Any) -> dict[str, Any]:
        order.append(f"look {batch[0][2]['id']}")
        return {}

    ahead = HeldAhead(batches, lookup, writer)
    try:
        for batch in ahead:
            assert ahead.held_of(batch) == {}
            ahead.look_ahead()
            name = batch[0][2]["id"]
            writer.write(lambda n=name: order.append(f"write {n}"))
        writer.wait()
    finally:
        writer.close()
    assert order == ["look a", "look b", "write a", "look c", "write b", "write c"]


def test_an_error_while_reading_comes_after_the_batch_read_before_it() -> None:
    def batches() -> Any:
        yield [(1, 2, {"id": "a"})]
        raise DiskFull("cut")

    writer = BatchWriter(threaded=True)
    got: list[Any] = []
    with pytest.raises(DiskFull):
        for batch in HeldAhead(batches(), lambda b: {}, writer):
            got.append(batch)
    writer.close()
    assert got == [[(1, 2, {"id": "a"})]]
