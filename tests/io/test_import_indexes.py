"""A first import builds the secondary indexes of the tables it fills at its end, on SQLite
(``io/import_indexes.py``): the same indexes afterwards, also when the import fails
part-way, and any index a killed import left out is built by the next import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.engine import session_scope
from militancydb.io.engine import run_import
from militancydb.io.importer import RawRow, Reject
from militancydb.io.registry import importer_for
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import Knowledge


def _indexes(engine: Engine) -> set[tuple[str, str]]:
    if engine.dialect.name == "sqlite":
        sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    else:
        sql = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
    with engine.connect() as c:
        return {(str(a), str(b)) for a, b in c.exec_driver_sql(sql)}


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as c:
        return int(c.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _file(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "ucdp.csv"
    with bundled_ucdp().open(encoding="utf-8-sig", newline="") as f:
        lines = [next(f) for _ in range(rows + 1)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_same_indexes_and_dropped_while_importing(
    engine: Engine, kb: Knowledge, tmp_path: Path
) -> None:
    before = _indexes(engine)
    seen: list[int] = []
    with session_scope(engine) as s:

        def progress(done: int, total: int) -> None:
            found = s.connection().exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE name = 'ix_incidents_killed'"
                if engine.dialect.name == "sqlite"
                else "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_incidents_killed'"
            )
            seen.append(int(found.scalar_one()))

        report = run_import(
            s, importer_for("ucdp"), _file(tmp_path, 600), kb, "t", progress, commit=True
        )
    assert report.inserted == _count(engine, "incidents") > 300
    assert _indexes(engine) == before
    # SQLite builds it at the end; PostgreSQL keeps it throughout
    assert seen[0] == (0 if engine.dialect.name == "sqlite" else 1)


def test_not_deferred_into_held_incidents(engine: Engine, kb: Knowledge, tmp_path: Path) -> None:
    with session_scope(engine) as s:
        run_import(s, importer_for("ucdp"), _file(tmp_path, 50), kb, "t", commit=True)
    seen: list[int] = []
    with session_scope(engine) as s:

        def progress(done: int, total: int) -> None:
            found = s.connection().exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE name = 'ix_incidents_killed'"
                if engine.dialect.name == "sqlite"
                else "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_incidents_killed'"
            )
            seen.append(int(found.scalar_one()))

        run_import(s, importer_for("ucdp"), _file(tmp_path, 600), kb, "t", progress, commit=True)
    assert seen and set(seen) == {1}


class _Stops(UCDPImporter):
    """Reads ``after`` rows, then fails as a broken disk would."""

    after = 0

    def read(self, path: Path) -> Iterator[RawRow | Reject]:
        for n, item in enumerate(super().read(path)):
            if n == self.after:
                raise OSError("the disk went away")
            yield item


@pytest.mark.parametrize("commit", [True, False])
def test_failed_import_keeps_indexes(
    engine: Engine, kb: Knowledge, tmp_path: Path, commit: bool
) -> None:
    before = _indexes(engine)
    importer = _Stops()
    importer.after = 250
    path = _file(tmp_path, 600)
    with pytest.raises(OSError, match="disk went away"), session_scope(engine) as s:
        run_import(s, importer, path, kb, "t", batch_size=100, commit=commit)
    assert _indexes(engine) == before
    # by batch: the two whole batches read before the failure are kept; else nothing
    held = _count(engine, "external_ids")
    assert _count(engine, "incidents") == held
    assert (0 < held <= 200) if commit else held == 0


def test_missing_index_built_by_next_import(engine: Engine, kb: Knowledge, tmp_path: Path) -> None:
    before = _indexes(engine)
    with engine.begin() as c:
        c.exec_driver_sql("DROP INDEX ix_change_log_at")
    dropped = _indexes(engine)
    assert dropped != before
    with session_scope(engine) as s:
        run_import(s, importer_for("ucdp"), _file(tmp_path, 20), kb, "t", commit=True)
    # PostgreSQL's indexes are never deferred: what a person dropped stays dropped
    assert _indexes(engine) == (before if engine.dialect.name == "sqlite" else dropped)


def test_rows_the_same_with_indexes_deferred(engine: Engine, kb: Knowledge, tmp_path: Path) -> None:
    """The indexes built at the end index every row (SQLite's integrity check compares
    each index with its table)."""
    with session_scope(engine) as s:
        report = run_import(s, importer_for("ucdp"), _file(tmp_path, 300), kb, "t", commit=True)
    assert report.inserted > 200
    with engine.connect() as c:
        by_index = c.exec_driver_sql(
            "SELECT count(*) FROM incidents WHERE killed_best >= 0 OR killed_best IS NULL"
        ).scalar_one()
        if engine.dialect.name == "sqlite":
            assert c.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    assert by_index == report.inserted


def test_missing_index_left_to_upgrade_on_an_older_schema(
    engine: Engine, kb: Knowledge, tmp_path: Path
) -> None:
    """A database at an older migration lacks the newer indexes on purpose: ``db upgrade``
    makes them (an index made by the import would make the upgrade fail)."""
    with engine.begin() as c:
        c.exec_driver_sql("DROP INDEX ix_incidents_country_date")
        c.exec_driver_sql("UPDATE alembic_version SET version_num = '0006_answers'")
    dropped = _indexes(engine)
    with session_scope(engine) as s:
        run_import(s, importer_for("ucdp"), _file(tmp_path, 20), kb, "t", commit=True)
    assert _indexes(engine) == dropped
