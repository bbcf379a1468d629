"""Workers that read the file themselves (io/import_workers.py): the importing process does
not read or parse the file, a worker's look-up of the held ids is only a hint (without it
the same database is stored), and an error in the file reaches the engine as in one
process (issue 15, point 2)."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from import_scenario import BROKEN_TAIL, _write_csv, dump, run_scenario, ucdp_rows
from sqlalchemy import Engine, text

from militancydb.db.engine import make_engine, session_scope
from militancydb.errors import ImportFailed
from militancydb.io import import_workers
from militancydb.io.engine import run_import
from militancydb.io.importer import RawRow, Reject
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import load_knowledge


@pytest.fixture
def other_engine(other_db_url: str) -> Iterator[Engine]:
    eng = make_engine(other_db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def ucdp_file(tmp_path: Path) -> Path:
    header, rows = ucdp_rows()
    return _write_csv(tmp_path / "ucdp.csv", header, rows[:90], BROKEN_TAIL)


class ReadElsewhere(UCDPImporter):
    """The UCDP importer that refuses to read the file in the process that made it."""

    def __init__(self) -> None:
        self.pid = os.getpid()

    def read(self, path: Path) -> Iterator[RawRow | Reject]:
        if os.getpid() == self.pid:
            raise AssertionError("the file was read in the importing process")
        return super().read(path)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_importing_process_does_not_read_the_file(
    engine: Engine, ucdp_file: Path, workers: int
) -> None:
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        with pytest.raises(AssertionError, match="importing process"):
            run_import(s, ReadElsewhere(), ucdp_file, kb, "t", batch_size=7, workers=0)
    with session_scope(engine) as s:
        report = run_import(s, ReadElsewhere(), ucdp_file, kb, "t", batch_size=7, workers=workers)
    assert report.accounted and report.inserted > 50 and report.rejected >= 1
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM incidents")).scalar_one() == report.inserted


def test_without_the_workers_hint_the_same_database(
    engine: Engine, other_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers that cannot read the database (as for one in memory) convert every row, the
    held ones too; the engine converts again the held rows they made ready as new: the
    database after the scenario (two releases, a deleted and an edited incident, a
    re-import) is the one a single process makes."""
    one = dump(engine, run_scenario(engine, _mkdir(tmp_path / "one"), _runner(0)))
    monkeypatch.setattr("militancydb.io.engine.database_of", lambda session: None)
    two = dump(other_engine, run_scenario(other_engine, _mkdir(tmp_path / "two"), _runner(1)))
    assert set(one) == set(two)
    for name in one:
        assert two[name] == one[name], name
    assert one["reports"][1]["updated"] >= 3


def test_a_file_missing_columns_is_refused_as_in_one_process(
    engine: Engine, tmp_path: Path
) -> None:
    header, rows = ucdp_rows()
    cut = [h for h in header if h != "date_start"]
    path = _write_csv(tmp_path / "cut.csv", cut, [{h: r[h] for h in cut} for r in rows[:20]])
    with session_scope(engine) as s:
        kb = load_knowledge(s)
    messages = []
    for workers in (0, 1):
        with pytest.raises(ImportFailed) as failed:
            with session_scope(engine) as s:
                run_import(s, UCDPImporter(), path, kb, "t", batch_size=7, workers=workers)
        messages.append(str(failed.value))
    assert messages[0] == messages[1] and "date_start" in messages[0]


def test_the_database_a_worker_reads(engine: Engine) -> None:
    with session_scope(engine) as s:
        url = import_workers.database_of(s)
    assert url is not None and url.get_backend_name() == engine.url.get_backend_name()
    memory = make_engine("sqlite://")
    with session_scope(memory) as s:
        assert import_workers.database_of(s) is None
    memory.dispose()


def _runner(workers: int) -> Any:
    return functools.partial(run_import, batch_size=7, workers=workers)


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
