"""The streaming export path (Core rows from a server-side cursor, services/incident_reader.py)
writes exactly what the ORM path wrote before it: every format, byte for byte, on both
backends, over a database with dataset imports (external ids, trailers, claims), citations,
links between incidents and a deleted incident."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from militancydb.db.engine import make_engine, session_scope
from militancydb.domain.incident import IncidentPublic
from militancydb.io.engine import run_import
from militancydb.io.export import flat
from militancydb.io.export_output import BINARY, FLAT, ExportFormat, _text, write_incidents
from militancydb.io.export_parquet import write_parquet
from militancydb.io.export_text import flat_rows, write_flat_csv, write_geojson
from militancydb.io.incident_flat import stream_flat
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import load_knowledge
from militancydb.services.history import Editor
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incident_reader import public_by_ids, stream_public
from militancydb.services.incidents import (
    delete_incident,
    get_incident,
    list_incidents,
    update_incident,
)

FIXTURES = Path(__file__).parent / "fixtures"
YEARS = IncidentFilter(date_from=dt.date(2015, 6, 1), date_to=dt.date(2017, 6, 30))


@pytest.fixture
def loaded(ucdp_db_url: str) -> Iterator[Session]:
    """The bundled data, the GTD and ACLED samples, a link between two incidents and a
    deleted incident."""
    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        for fmt in ("gtd", "acled"):
            run_import(s, importer_for(fmt), FIXTURES / f"{fmt}_sample.csv", kb, "test")
        first, second, third = list_incidents(s, YEARS, limit=3).data
        who = Editor("tester", "test")
        update_incident(
            s,
            first.id,
            {"related": [{"incident_id": second.id, "relation": "same_event"}]},
            expected_version=first.version,
            kb=kb,
            editor=who,
        )
        delete_incident(s, third.id, expected_version=third.version, editor=who)
        s.commit()
        yield s
    engine.dispose()


def orm_batches(session: Session, flt: IncidentFilter, size: int) -> Iterator[list[Any]]:
    """The selection as the ORM path reads it (``list_incidents``), in JSON form."""
    data = [i.model_dump(mode="json") for i in list_incidents(session, flt).data]
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_reader_gives_the_orm_json_form(loaded: Session):
    flt = IncidentFilter(date_from=YEARS.date_from, date_to=YEARS.date_to, include_deleted=True)
    streamed = [i for batch in stream_public(loaded, flt, size=7) for i in batch]
    reference = [i.model_dump(mode="json") for i in list_incidents(loaded, flt).data]
    assert len(streamed) == len(reference) > 100
    # the same keys in the same order, the same values and types
    assert json.dumps(streamed) == json.dumps(reference)
    assert any(i["related"] for i in streamed) and any(i["deleted"] for i in streamed)
    assert any(i["sources"] for i in streamed) and any(i["external_ids"] for i in streamed)
    # the flat rows computed in SQL are flat() of the JSON form
    rows = [r for batch in stream_flat(loaded, flt, size=11) for r in batch]
    assert rows == [tuple(flat(i).values()) for i in reference]
    # and by id, in the order asked, with unknown ids left out
    ids = [reference[5]["id"], reference[0]["id"], 10**8]
    assert public_by_ids(loaded, ids) == [reference[5], reference[0]]
    one = get_incident(loaded, reference[0]["id"], include_deleted=True)
    assert public_by_ids(loaded, [one.id]) == [one.model_dump(mode="json")]


@pytest.mark.parametrize("fmt", [f for f in ExportFormat if f is not ExportFormat.TABLE])
def test_every_format_is_byte_identical_to_the_orm_path(
    loaded: Session, fmt: ExportFormat, tmp_path: Path
):
    new, old = tmp_path / "new", tmp_path / "old"
    written = write_incidents(loaded, YEARS, fmt, path=new, size=9)
    total = len(list_incidents(loaded, YEARS).data)
    assert written == total > 100
    batches = orm_batches(loaded, YEARS, 9)
    if fmt in BINARY:
        write_parquet(batches, old)
    elif fmt in FLAT:  # the flat rows computed in SQL against flat() of the JSON form
        writer = write_flat_csv if fmt is ExportFormat.CSV else write_geojson
        with old.open("w", encoding="utf-8", newline="") as f:
            writer(flat_rows(batches), f)
    else:
        with old.open("w", encoding="utf-8", newline="") as f:
            _text(loaded, fmt, batches, f, total if fmt is ExportFormat.JSON else None)
    assert new.read_bytes() == old.read_bytes()


def test_jsonl_is_pydantic_json_and_json_is_the_dump(loaded: Session):
    """What the writers wrote before: ``model_dump_json()`` per line, and ``json.dumps`` of
    ``model_dump`` indented in the JSON document."""
    page = list_incidents(loaded, YEARS, limit=40, offset=3).data
    out = io.StringIO()
    write_incidents(loaded, YEARS, ExportFormat.JSONL, out=out, limit=40, offset=3, size=6)
    assert out.getvalue() == "".join(i.model_dump_json() + "\n" for i in page)
    out = io.StringIO()
    write_incidents(loaded, YEARS, ExportFormat.JSON, out=out, limit=2, offset=3)
    doc = json.loads(out.getvalue())
    assert doc["data"] == [i.model_dump(mode="json") for i in page[:2]]
    assert doc["count"] == len(list_incidents(loaded, YEARS).data)
    assert [IncidentPublic.model_validate(d) for d in doc["data"]] == page[:2]


def test_limit_offset_and_filters_select_the_same_incidents(loaded: Session):
    baloch = IncidentFilter(provinces=frozenset({"PK-BA"}), min_killed=5)
    for flt in (IncidentFilter(), baloch, YEARS):
        for limit, offset in ((None, 0), (25, 10), (3, 10**6)):
            got = [
                i["id"]
                for b in stream_public(loaded, flt, limit=limit, offset=offset, size=4)
                for i in b
            ]
            want = [i.id for i in list_incidents(loaded, flt, limit=limit, offset=offset).data]
            assert got == want
