"""The fast export path (io/export_public.py: the JSON forms read on the driver's cursor;
io/incident_flat.py's rows read on SQLite's own cursor; orjson in the JSON writers) writes
what the export wrote before it, on both backends: every format byte for byte against the
writers as they were (kept here as the reference), fed from the ORM path."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic_core import to_json
from sqlalchemy.orm import Session

from militancydb.io.export import CSV_COLUMNS, flat
from militancydb.io.export_flat_batches import stream_flat_batches
from militancydb.io.export_output import BINARY, ExportFormat, _text, write_incidents
from militancydb.io.export_parquet import write_parquet
from militancydb.io.export_public import stream_forms
from militancydb.io.export_text import safe_cell, write_geojson, write_json, write_jsonl
from militancydb.io.incident_flat import stream_flat
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incident_reader import stream_public
from militancydb.services.incidents import list_incidents
from tests.io.test_export_stream import YEARS, loaded, orm_batches

__all__ = ["loaded"]  # the fixture, shared with test_export_stream

Batches = Iterable[list[dict[str, Any]]]


# --- the writers as they were before the fast path (the reference) -------------------------


def old_csv(batches: Batches, out: io.StringIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for batch in batches:
        writer.writerows([safe_cell(v) for v in flat(i).values()] for i in batch)


def old_jsonl(batches: Batches, out: io.StringIO) -> None:
    for batch in batches:
        for i in batch:
            out.write(to_json(i).decode() + "\n")


def old_json(batches: Batches, out: io.StringIO, count: int) -> None:
    out.write('{\n  "data": [')
    n = 0
    for batch in batches:
        for i in batch:
            text = json.dumps(i, indent=2, ensure_ascii=False)
            out.write(("," if n else "") + "\n    " + text.replace("\n", "\n    "))
            n += 1
    out.write(("\n  " if n else "") + f'],\n  "count": {count}\n}}\n')


def old_geojson(batches: Batches, out: io.StringIO) -> None:
    out.write('{"type": "FeatureCollection", "features": [')
    n = missing = 0
    for batch in batches:
        for i in batch:
            row = flat(i)
            lat, lon = row.pop("latitude"), row.pop("longitude")
            if lat is None or lon is None:
                missing += 1
                continue
            props = {c: None if v == "" else v for c, v in row.items()}
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": props,
            }
            out.write(("," if n else "") + "\n" + json.dumps(feature, ensure_ascii=False))
            n += 1
    out.write(f'\n], "properties": {{"without_coordinates": {missing}}}}}\n')


def reference(session: Session, flt: IncidentFilter, fmt: ExportFormat, size: int) -> str:
    """What ``fmt`` wrote before, from the ORM path's JSON forms."""
    out = io.StringIO()
    batches: Iterator[list[Any]] = orm_batches(session, flt, size)
    if fmt is ExportFormat.CSV:
        old_csv(batches, out)
    elif fmt is ExportFormat.JSONL:
        old_jsonl(batches, out)
    elif fmt is ExportFormat.JSON:
        old_json(batches, out, len(list_incidents(session, flt).data))
    elif fmt is ExportFormat.GEOJSON:
        old_geojson(batches, out)
    else:  # gtd, acled: their writers are unchanged, fed from the ORM path
        _text(session, fmt, batches, out, None)
    return out.getvalue()


# --- the tests -----------------------------------------------------------------------------


def test_fast_forms_are_the_reader_forms(loaded: Session):
    """The JSON forms of the fast path are the service's (held to the ORM's elsewhere), with
    the deleted, a filter, a limit and an offset, in batches of any size."""
    everything = IncidentFilter(include_deleted=True)
    baloch = IncidentFilter(provinces=frozenset({"PK-BA"}), min_killed=5)
    for flt in (everything, baloch, YEARS):
        for limit, offset, size in ((None, 0, 7), (25, 10, 4), (3, 10**6, 2), (None, 0, 5000)):
            fast = [
                i
                for b in stream_forms(loaded, flt, limit=limit, offset=offset, size=size)
                for i in b
            ]
            slow = [i for b in stream_public(loaded, flt, limit=limit, offset=offset) for i in b]
            assert json.dumps(fast) == json.dumps(slow)  # keys, order, values and types
    forms = [i for b in stream_forms(loaded, everything) for i in b]
    assert len(forms) > 6000
    for part in ("related", "deleted", "sources", "external_ids", "actors", "casualties"):
        assert any(i[part] for i in forms), part


@pytest.mark.parametrize("fmt", [f for f in ExportFormat if f is not ExportFormat.TABLE])
def test_every_format_writes_what_it_wrote_before(
    loaded: Session, fmt: ExportFormat, tmp_path: Path
):
    if fmt in BINARY:  # parquet: the writer is unchanged; the forms it reads are the same
        new, old = tmp_path / "new", tmp_path / "old"
        write_incidents(loaded, YEARS, fmt, path=new, size=9)
        write_parquet(orm_batches(loaded, YEARS, 9), old)
        assert new.read_bytes() == old.read_bytes()
        return
    out = io.StringIO()
    written = write_incidents(loaded, YEARS, fmt, out=out, size=9)
    assert written == len(list_incidents(loaded, YEARS).data) > 100
    assert out.getvalue() == reference(loaded, YEARS, fmt, 9)


def test_flat_rows_aggregated_by_batch_are_the_correlated_ones(loaded: Session, backend: str):
    """PostgreSQL's flat rows (lists aggregated a batch at a time) are the rows of the
    correlated subqueries, which test_export_stream holds to flat() of the JSON form."""
    if backend != "postgresql":
        pytest.skip("the batch aggregation is PostgreSQL's path")
    everything = IncidentFilter(include_deleted=True)
    for flt in (everything, IncidentFilter(provinces=frozenset({"PK-BA"})), YEARS):
        for limit, offset, size in ((None, 0, 7), (30, 5, 4), (None, 0, 5000)):
            batched = [
                r
                for b in stream_flat_batches(loaded, flt, limit=limit, offset=offset, size=size)
                for r in b
            ]
            correlated = [
                r for b in stream_flat(loaded, flt, limit=limit, offset=offset) for r in b
            ]
            assert batched == correlated
    rows = [r for b in stream_flat_batches(loaded, everything) for r in b]
    for column in ("tactics", "perpetrators", "killed_civilians", "external_ids", "sources"):
        assert any(r[CSV_COLUMNS.index(column)] is not None for r in rows), column


def test_json_writers_match_on_awkward_values(loaded: Session):
    """What orjson writes differently from ``json``, or refuses, goes the old way in the
    JSON document: a coordinate below 0.0001 (``1e-05`` in ``json``), a lone surrogate;
    control characters, quotes, non-Latin text and an empty summary are written alike."""
    forms = [i for b in stream_forms(loaded, YEARS, limit=6) for i in b]
    forms[0]["location"]["latitude"] = 1e-05
    forms[1]["location"]["longitude"] = -0.00001234
    forms[2]["summary"] = 'tab\there "quoted" \\ \x01\x1f\x7f \u2028 کوئٹہ 😀'
    forms[3]["summary"] = "lone \ud800 surrogate"
    forms[4]["summary"] = ""
    forms[5]["location"]["latitude"] = 0.0
    out, old = io.StringIO(), io.StringIO()
    write_json([forms[:3], forms[3:]], out, 99)
    old_json([forms], old, 99)
    assert out.getvalue() == old.getvalue()
    assert "1e-05" in out.getvalue()
    del forms[3]  # neither pydantic nor orjson writes a lone surrogate as JSON Lines
    out, old = io.StringIO(), io.StringIO()
    write_jsonl([forms[:2], forms[2:]], out)
    old_jsonl([forms], old)
    assert out.getvalue() == old.getvalue()


def test_geojson_writer_is_unchanged_on_flat_rows(loaded: Session):
    forms = [i for b in stream_forms(loaded, YEARS, limit=50) for i in b]
    out, old = io.StringIO(), io.StringIO()
    write_geojson([[tuple(flat(i).values()) for i in forms]], out)
    old_geojson([forms], old)
    assert out.getvalue() == old.getvalue()


# --- JSON Lines and JSON built as text by the database (io/export_json_rows.py) -------------


def _stressed(session: Session) -> None:
    """Values whose JSON text is easy to get wrong: non-Latin text, quotes, backslashes,
    line breaks and other control characters in the incident's and its children's texts,
    coordinates that are null, 0.1, 1e-7 and -0.0, timestamps with and without
    microseconds, an unknown and a true ``suicide``, an aggregate, and an incident with no
    child rows at all."""
    from sqlalchemy import delete, select, update

    from militancydb.db.tables import (
        CasualtyFigure,
        Citation,
        ExternalId,
        Incident,
        IncidentActor,
        IncidentLink,
        IncidentTactic,
        IncidentTarget,
    )
    from tests.io.test_export_flat_text import _awkward
    from tests.io.test_export_jsonl import _children_awkward

    _awkward(session)
    _children_awkward(session)
    ids = list(session.scalars(YEARS.apply(select(Incident.id)).order_by(Incident.id)))
    values: list[dict[str, Any]] = [
        {"latitude": 0.1, "longitude": 1e-7, "created_by": 'کوئٹہ "quoted"\nline'},
        {"latitude": -1e-7, "longitude": 0.1, "updated_by": "tab\there \\ back \x01\x1f"},
        {"latitude": -0.0, "longitude": 1e-4, "suicide": None, "aggregate": True},
        {"latitude": None, "longitude": None, "suicide": True, "event_type_rule": "😀 {x}"},
        {
            "created_at": dt.datetime(2020, 1, 2, 3, 4, 5),
            "updated_at": dt.datetime(2020, 1, 2, 3, 4, 5, 60),
            "date_end": None,
            "place_detail": "\u2028\u2029 \x7f é",
        },
    ]
    for iid, vals in zip(ids[-len(values) :], values, strict=True):
        session.execute(update(Incident).where(Incident.id == iid).values(**vals))
    bare = ids[len(ids) // 2]
    for model in (CasualtyFigure, IncidentActor, IncidentTarget, IncidentTactic, ExternalId):
        session.execute(delete(model).where(model.incident_id == bare))
    session.execute(
        delete(IncidentLink).where(
            (IncidentLink.incident_id == bare) | (IncidentLink.other_id == bare)
        )
    )
    session.execute(
        delete(Citation).where(Citation.entity_type == "incident", Citation.entity_id == str(bare))
    )
    session.flush()


def _texts(session: Session, flt: IncidentFilter, indented: bool, **kw: Any) -> Iterator[Any]:
    from militancydb.io.export_json_joined import stream_json_joined
    from militancydb.io.export_json_rows import stream_json_whole

    if session.get_bind().dialect.name == "postgresql":
        assert not kw
        return stream_json_joined(session, flt, indented=indented, size=7)
    return stream_json_whole(session, flt, indented=indented, size=7, **kw)


@pytest.mark.parametrize("fmt", [ExportFormat.JSONL, ExportFormat.JSON])
def test_json_text_built_by_the_database_is_the_writers(loaded: Session, fmt: ExportFormat):
    """Each incident's JSON text built by the database is what the JSON writers write from
    the JSON forms, byte for byte, on values that stress it, with filters (and on SQLite a
    limit and an offset), in batches of any size; and the export takes that path for a
    whole selection."""
    from militancydb.io.export_json_rows import write_json_texts, write_jsonl_texts

    _stressed(loaded)
    indented = fmt is ExportFormat.JSON
    everything = IncidentFilter(include_deleted=True)
    baloch = IncidentFilter(provinces=frozenset({"PK-BA"}), min_killed=5)
    cases: list[tuple[IncidentFilter, dict[str, Any]]] = [
        (everything, {}),
        (baloch, {}),
        (YEARS, {}),
    ]
    if loaded.get_bind().dialect.name == "sqlite":
        cases += [(everything, {"limit": 25, "offset": 10}), (YEARS, {"limit": 3, "offset": 10**6})]
    for flt, kw in cases:
        new, old = io.StringIO(), io.StringIO()
        forms = stream_forms(loaded, flt, size=5, **kw)
        if indented:
            write_json_texts(_texts(loaded, flt, True, **kw), new, 17)
            write_json(forms, old, 17)
        else:
            write_jsonl_texts(_texts(loaded, flt, False, **kw), new)
            write_jsonl(forms, old)
        assert new.getvalue() == old.getvalue(), (flt, kw)
    out = io.StringIO()
    written = write_incidents(loaded, everything, fmt, out=out, size=9)
    text = out.getvalue()
    assert written == len(list_incidents(loaded, everything).data) > 6000
    assert text == reference(loaded, everything, fmt, 9)
    for part in ("0.1", "1e-7" if not indented else "1e-07", "کوئٹہ", "\\u0001", "\\u001f"):
        assert part in text, part
    for part in ('"tactics":[],', '"external_ids":{},', '"related":[]', '"suicide":true'):
        assert (part if not indented else part.replace(":", ": ")) in text.replace("\n", ""), part
