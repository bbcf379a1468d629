"""Importers are plug-ins: the built-in ones and an outside one are found the same way.

The outside plug-in is a real (tiny) distribution written into a temporary directory: a
module with an importer and a ``.dist-info`` whose ``entry_points.txt`` registers it in the
``militancydb.importers`` group, put on ``sys.path`` as an installed package would be.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import ExternalId
from militancydb.errors import ImportFailed
from militancydb.io.engine import run_import
from militancydb.io.registry import BUILT_IN, GROUP, available, format_names, importer_for
from militancydb.knowledge.loader import Knowledge
from militancydb.services.incidents import get_incident

PLUGIN = textwrap.dedent(
    '''
    """An outside importer: one line per incident, ``id|YYYY-MM-DD|killed``."""
    from militancydb.io.engine import Converted, Importer, Reject
    from militancydb.services.locations import ResolvedLocation
    from militancydb.domain.incident import IncidentCreate

    class PipeImporter(Importer):
        format = "pipe-demo"
        system = "pipe-demo"
        source = {"key": "pipe-demo", "kind": "dataset", "publisher": "test plug-in"}

        def read(self, path):
            for n, line in enumerate(path.read_text().splitlines(), start=1):
                parts = line.split("|")
                yield n, n, dict(zip(("id", "date", "killed"), parts))

        def convert(self, row, raw, ctx):
            if not (raw.get("killed") or "").isdigit():
                return Reject(row, f"killed {raw.get('killed')!r} is not a number")
            data = IncidentCreate.model_validate({
                "date_start": raw["date"], "event_type": "militant_attack",
                "casualties": [{"category": "total", "best": int(raw["killed"])}],
            })
            return Converted(row, raw["id"], data, ResolvedLocation(),
                             [{"source_id": ctx.source_id, "locator": raw["id"]}])
    '''
)


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pipe_demo_importer.py").write_text(PLUGIN)
    info = tmp_path / "pipe_demo-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: pipe-demo\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        f"[{GROUP}]\npipe-demo = pipe_demo_importer:PipeImporter\n"
        "broken = pipe_demo_importer:NoSuchThing\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("pipe_demo_importer", None)


def test_built_in_importers_are_registered_as_entry_points() -> None:
    found = available()
    for name in BUILT_IN:
        assert name in found, f"{name} is not registered in {GROUP} (reinstall the package)"
        assert found[name].value.startswith("militancydb.io.")
        assert importer_for(name).format == name
    assert format_names()[: len(BUILT_IN)] == list(BUILT_IN)


def test_unknown_format_lists_the_registered_ones() -> None:
    with pytest.raises(ImportFailed, match="unknown format 'nope'.*ucdp, pbc-suicide"):
        importer_for("nope")


def test_option_a_format_does_not_take_is_refused() -> None:
    with pytest.raises(ImportFailed, match="format 'ucdp' takes no option countries"):
        importer_for("ucdp", countries=("PK",))
    assert importer_for("gtd", countries=("AF",)).countries == ("AF",)  # type: ignore[attr-defined]


def test_an_outside_plugin_imports_through_the_engine(
    plugin: Path, session: Session, kb: Knowledge
) -> None:
    assert "pipe-demo" in format_names()
    with pytest.raises(ImportFailed, match="importer 'broken'.*could not be loaded"):
        importer_for("broken")
    data = plugin / "incidents.txt"
    data.write_text("a1|2015-03-01|4\na2|2015-03-02|x\na3|2015-03-03|0\n")
    report = run_import(session, importer_for("pipe-demo"), data, kb, "test")
    assert (report.rows_total, report.inserted, report.rejected) == (3, 2, 1)
    assert report.accounted
    assert report.rejects[0].reason == "killed 'x' is not a number"
    ids = dict(
        session.execute(
            select(ExternalId.external_id, ExternalId.incident_id).where(
                ExternalId.system == "pipe-demo"
            )
        ).all()
    )
    inc = get_incident(session, ids["a1"])
    assert inc.totals.killed_best == 4 and inc.external_ids == {"pipe-demo": "a1"}
    again = run_import(session, importer_for("pipe-demo"), data, kb, "test")
    assert (again.inserted, again.unchanged, again.rejected) == (0, 2, 1)
