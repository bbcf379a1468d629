"""The progress bar (issue 15): counts, total and rate on a terminal's standard error;
nothing when standard error is not a terminal or ``--quiet`` is given. Core code takes a
plain callable and never imports the bar."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from militancydb.cli.common import begin_command
from militancydb.cli.progress import progress_bar, wanted
from militancydb.db.engine import session_scope
from militancydb.io.export_output import ExportFormat, write_incidents
from militancydb.services.incident_query import IncidentFilter
from militancydb.testing.scale import scale_up


@pytest.fixture
def quiet_off() -> Iterator[None]:
    from militancydb.config import load_settings

    end = begin_command(load_settings(), quiet=False)
    yield
    end()


def terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=120), out


def test_a_terminal_gets_counts_and_rate(quiet_off: None) -> None:
    console, out = terminal()
    with progress_bar("writing csv", "incidents", total=1000, console=console) as bar:
        assert bar.shown
        bar(400)
        bar(600)
    drawn = out.getvalue()
    assert "writing csv" in drawn and "1000/1000" in drawn and "incidents/s" in drawn


def test_nothing_without_a_terminal_or_with_quiet(quiet_off: None) -> None:
    out = io.StringIO()
    piped = Console(file=out, force_terminal=False)
    with progress_bar("importing", "rows", console=piped) as bar:
        assert not bar.shown
        bar(10)
        bar.update_total(10, 20)
    assert out.getvalue() == ""
    console, out = terminal()
    from militancydb.config import load_settings

    end = begin_command(load_settings(), quiet=True)
    try:
        assert not wanted(console)
        with progress_bar("importing", "rows", console=console) as bar:
            bar(10)
    finally:
        end()
    assert out.getvalue() == ""


def test_core_code_does_not_import_the_bar() -> None:
    import militancydb.io.engine
    import militancydb.io.export_output
    import militancydb.testing.scale  # noqa: F401

    for name, module in list(sys.modules.items()):
        core = name.startswith(("militancydb.io", "militancydb.services"))
        if core or name == "militancydb.testing.scale":
            source = Path(module.__file__ or "").read_text("utf-8") if module.__file__ else ""
            assert "militancydb.cli" not in source and "rich.progress" not in source, name


def test_an_export_counts_every_incident_it_writes(ucdp_db_url: str) -> None:
    from militancydb.db.engine import make_engine

    eng = make_engine(ucdp_db_url)
    counted: list[int] = []
    with session_scope(eng) as s:
        n = write_incidents(
            s, IncidentFilter(), ExportFormat.JSONL, out=io.StringIO(), limit=1200, size=500,
            progress=counted.append,
        )  # fmt: skip
    eng.dispose()
    assert n == 1200 and counted == [500, 500, 200]


def test_a_scale_up_counts_what_it_adds(ucdp_db_url: str) -> None:
    from militancydb.db.engine import make_engine

    eng = make_engine(ucdp_db_url)
    with eng.connect() as c:
        from sqlalchemy import text

        held = int(c.execute(text("SELECT count(*) FROM incidents")).scalar_one())
    counted: list[int] = []
    n = scale_up(eng, held + 1000, progress=counted.append)
    eng.dispose()
    assert n >= held + 1000 and sum(counted) == n - held
