"""CSV lines and GeoJSON properties assembled by the database (io/export_flat_text.py: SQLite's
whole-table path, PostgreSQL's one select) are what the Python writers make of the flat rows,
byte for byte, on both backends: on every row of the test database and on awkward texts
stored in it (quotes, commas, line breaks, a carriage return, control characters, formulas,
an empty text, non-Latin text and emoji) in incident columns and in aggregated lists."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident, IncidentActor
from militancydb.io import export_flat_whole
from militancydb.io.export_flat_batches import stream_flat_batches
from militancydb.io.export_output import ExportFormat, write_incidents
from militancydb.io.export_text import write_flat_csv, write_geojson
from militancydb.services.incident_query import IncidentFilter
from tests.io.test_export_stream import YEARS, loaded

__all__ = ["loaded"]  # the fixture, shared with test_export_stream

AWKWARD = [
    'tab\there "quoted" \\ back \x01\x1f\x7f \u2028 کوئٹہ 😀',
    '=HYPERLINK("http://x", "y")',
    "-5 killed",
    "+92 300",
    "@handle",
    "\tleading tab",
    "\rleading carriage return",
    "comma, inside",
    "line\nbreak",
    "carriage\rreturn only",
    "",
    "'already quoted",
    '"',
    "\b\f\n\r\t",
]


def _awkward(session: Session) -> None:
    ids = list(
        session.scalars(YEARS.apply(select(Incident.id)).order_by(Incident.date_start, Incident.id))
    )
    for k, value in enumerate(AWKWARD):
        iid = ids[k]
        session.execute(
            update(Incident)
            .where(Incident.id == iid)
            .values(
                summary=value,
                place_detail=value[::-1],
                admin1_name=value or None,
                latitude=30.0 + k / 7,
                longitude=70.25,
            )
        )
        session.execute(
            update(IncidentActor).where(IncidentActor.incident_id == iid).values(actor_name=value)
        )
    # an incident without coordinates, one on the equator and prime meridian
    session.execute(update(Incident).where(Incident.id == ids[20]).values(latitude=None))
    session.execute(
        update(Incident).where(Incident.id == ids[21]).values(latitude=0.0, longitude=-0.0)
    )
    session.execute(
        update(Incident).where(Incident.id == ids[22]).values(latitude=1e-05, longitude=70.1)
    )
    session.flush()


@pytest.mark.parametrize("fmt", [ExportFormat.CSV, ExportFormat.GEOJSON])
def test_text_rows_are_what_the_writers_write(
    loaded: Session, fmt: ExportFormat, monkeypatch: pytest.MonkeyPatch, backend: str
):
    _awkward(loaded)
    monkeypatch.setattr(export_flat_whole, "WHOLE_SHARE", 0.0)  # SQLite: the whole path
    for flt in (IncidentFilter(include_deleted=True), YEARS):
        out = io.StringIO()
        write_incidents(loaded, flt, fmt, out=out, size=7)  # the text path, both backends
        rows = stream_flat_batches(loaded, flt, size=7)
        expected = io.StringIO()
        (write_flat_csv if fmt is ExportFormat.CSV else write_geojson)(rows, expected)
        assert out.getvalue() == expected.getvalue()
    written = out.getvalue()
    assert "کوئٹہ 😀" in written and '"comma, inside"' in written
    if fmt is ExportFormat.CSV:
        assert "'=HYPERLINK" in written and "'-5 killed" in written
    else:
        assert '"=HYPERLINK(\\"http' in written and '"\\b\\f\\n\\r\\t"' in written


def test_the_text_path_is_taken(loaded: Session, monkeypatch: pytest.MonkeyPatch, backend: str):
    """Not a vacuous comparison: the whole selection is written from text rows (a text
    row's cells are not reachable otherwise: the batched writer never sees them)."""
    monkeypatch.setattr(export_flat_whole, "WHOLE_SHARE", 0.0)
    seen: list[int] = []

    def spy(batches, out):  # type: ignore[no-untyped-def]
        for batch in batches:
            seen.extend(len(r) for r in batch)
        return 0

    monkeypatch.setattr("militancydb.io.export_output.write_csv_text", spy)
    write_incidents(loaded, IncidentFilter(), ExportFormat.CSV, out=io.StringIO())
    assert seen and set(seen) == {4}  # before, latitude, longitude, after
    assert loaded.execute(text("SELECT 1")).scalar() == 1
