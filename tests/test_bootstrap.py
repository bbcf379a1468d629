"""Building the database as `militancydb init` does (militancydb.bootstrap), with the bundled UCDP
GED file: every one of its 6,416 rows accounted for, and running it again adds nothing."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.bootstrap import bundled_ucdp, initialise
from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import ChangeLog, ExternalId, ImportRun, Incident

BUNDLED_ROWS = 6416  # data rows of ucdp-ged-pakistan-1989-2021.csv

pytestmark = pytest.mark.slow


def counts(s: Session) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        s.scalar(select(func.count()).select_from(t)) for t in (Incident, ChangeLog, ExternalId)
    )


def test_the_bundled_file_has_6416_rows() -> None:
    with bundled_ucdp().open(encoding="utf-8-sig", newline="") as f:
        assert sum(1 for _ in csv.DictReader(f)) == BUNDLED_ROWS


def test_init_accounts_for_every_bundled_row(ucdp_db_url: str) -> None:
    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        (run,) = s.scalars(select(ImportRun).where(ImportRun.format == "ucdp")).all()
        assert run.rows_total == BUNDLED_ROWS
        assert run.inserted + run.rejected == BUNDLED_ROWS
        assert run.updated == run.unchanged == 0
        assert run.finished_at is not None
        ucdp_ids = s.scalar(
            select(func.count()).select_from(ExternalId).where(ExternalId.system == "ucdp")
        )
        assert ucdp_ids == run.inserted
    engine.dispose()


def test_running_init_again_adds_nothing(ucdp_db_url: str) -> None:
    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        before = counts(s)
    report = initialise(engine, user="second run")
    (again,) = report.imports
    assert (again.inserted, again.updated) == (0, 0)
    assert again.unchanged + again.rejected == BUNDLED_ROWS
    assert again.accounted
    assert report.knowledge.changed == 0
    with session_scope(engine) as s:
        assert counts(s) == before
        runs = s.scalars(select(ImportRun).order_by(ImportRun.id)).all()
        assert len(runs) == 2 and runs[1].inserted == 0 and runs[1].updated == 0
    engine.dispose()
