"""JSON Lines and the JSON document with the child lists serialised by the database
(io/export_jsonl.py) are what the JSON forms' path (services/incident_public.py's dicts)
writes, byte for byte, on both backends: every incident of the test database (with dataset imports,
external ids of two datasets, a link between incidents and a deleted incident), with awkward
texts stored in the incident's and its children's columns, with filters, limits, offsets and
batches of several sizes, and a coordinate that the JSON document writes through ``json``
(``1e-05``)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from militancydb.db.tables import Citation, Incident, IncidentActor, IncidentTarget
from militancydb.io import export_jsonl
from militancydb.io.export_jsonl import stream_text_forms
from militancydb.io.export_output import ExportFormat, write_incidents
from militancydb.io.export_text import write_json, write_jsonl
from militancydb.services.incident_public import stream_forms
from militancydb.services.incident_query import IncidentFilter
from tests.io.test_export_flat_text import AWKWARD, _awkward
from tests.io.test_export_stream import YEARS, loaded

__all__ = ["loaded"]  # the fixture, shared with test_export_stream

EVERYTHING = IncidentFilter(include_deleted=True)


def _children_awkward(session: Session) -> None:
    ids = list(
        session.scalars(YEARS.apply(select(Incident.id)).order_by(Incident.date_start).limit(40))
    )
    for k, value in enumerate(AWKWARD):
        iid = ids[-1 - k]
        session.execute(
            update(IncidentActor).where(IncidentActor.incident_id == iid).values(note=value)
        )
        session.execute(
            update(IncidentTarget)
            .where(IncidentTarget.incident_id == iid)
            .values(description=value)
        )
        session.execute(
            update(Citation)
            .where(Citation.entity_type == "incident", Citation.entity_id == str(iid))
            .values(excerpt=value, locator=value[:50])
        )
    session.flush()


def _old(session: Session, flt: IncidentFilter, fmt: str, **kw: int | None) -> str:
    out = io.StringIO()
    forms = stream_forms(session, flt, **kw)  # type: ignore[arg-type]
    write_jsonl(forms, out) if fmt == "jsonl" else write_json(forms, out, 5)
    return out.getvalue()


def _new(session: Session, flt: IncidentFilter, fmt: str, **kw: int | None) -> str:
    out = io.StringIO()
    forms = stream_text_forms(session, flt, indented=fmt == "json", **kw)  # type: ignore[arg-type]
    write_jsonl(forms, out) if fmt == "jsonl" else write_json(forms, out, 5)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_text_forms_write_what_the_forms_write(loaded: Session, fmt: str):
    _awkward(loaded)
    _children_awkward(loaded)
    baloch = IncidentFilter(provinces=frozenset({"PK-BA"}), min_killed=5)
    for flt in (EVERYTHING, baloch, YEARS):
        for limit, offset, size in ((None, 0, 7), (25, 10, 4), (3, 10**6, 2), (None, 0, 5000)):
            kw = {"limit": limit, "offset": offset, "size": size}
            new, old = _new(loaded, flt, fmt, **kw), _old(loaded, flt, fmt, **kw)
            assert new == old, (flt, limit, offset)
    if fmt == "json":
        text = _new(loaded, EVERYTHING, fmt)
        assert '"related": [\n        {' in text and "1e-05" in text
        return
    text = _new(loaded, EVERYTHING, fmt)
    assert len(text.splitlines()) > 6000
    for part in ('"related":[{', '"external_ids":{"', '"sources":[{', '"deleted":true'):
        assert part in text, part
    assert '"\\b\\f\\n\\r\\t"' in text and "کوئٹہ 😀" in text


def test_the_export_writes_the_text_forms(loaded: Session):
    out = io.StringIO()
    n = write_incidents(loaded, YEARS, ExportFormat.JSONL, out=out, size=9)
    assert out.getvalue() == _new(loaded, YEARS, "jsonl") and n == len(out.getvalue().splitlines())
    seen = []
    original = export_jsonl._forms

    def spy(conn: Any, rows: Any, indented: bool) -> Any:
        seen.append(indented)
        return original(conn, rows, indented)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(export_jsonl, "_forms", spy)
        # a limit: a whole PostgreSQL selection's text is built by the database
        # (io/export_json_rows.py, tests/io/test_export_fast.py)
        write_incidents(loaded, YEARS, ExportFormat.JSON, out=io.StringIO(), size=500, limit=10**6)
    assert seen and all(seen)
