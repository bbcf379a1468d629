"""JSON Lines with the child lists serialised by the database (io/export_jsonl.py) are the
lines of the JSON forms' path (services/incident_public.py's dicts written by orjson), byte
for byte, on both backends: every incident of the test database (with dataset imports,
external ids of two datasets, a link between incidents and a deleted incident), with awkward
texts stored in the incident's and its children's columns, with filters, limits, offsets and
batches of several sizes."""

from __future__ import annotations

import io

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from militancydb.db.tables import Citation, Incident, IncidentActor, IncidentTarget
from militancydb.io.export_jsonl import stream_jsonl, write_jsonl_fast
from militancydb.io.export_output import ExportFormat, write_incidents
from militancydb.io.export_text import write_jsonl
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


def _old(session: Session, flt: IncidentFilter, **kw: int | None) -> str:
    out = io.StringIO()
    write_jsonl(stream_forms(session, flt, **kw), out)  # type: ignore[arg-type]
    return out.getvalue()


def _new(session: Session, flt: IncidentFilter, **kw: int | None) -> str:
    out = io.StringIO()
    write_jsonl_fast(stream_jsonl(session, flt, **kw), out)  # type: ignore[arg-type]
    return out.getvalue()


def test_lines_are_the_forms_lines(loaded: Session):
    _awkward(loaded)
    _children_awkward(loaded)
    baloch = IncidentFilter(provinces=frozenset({"PK-BA"}), min_killed=5)
    for flt in (EVERYTHING, baloch, YEARS):
        for limit, offset, size in ((None, 0, 7), (25, 10, 4), (3, 10**6, 2), (None, 0, 5000)):
            kw = {"limit": limit, "offset": offset, "size": size}
            assert _new(loaded, flt, **kw) == _old(loaded, flt, **kw), (flt, limit, offset)
    text = _new(loaded, EVERYTHING)
    assert len(text.splitlines()) > 6000
    for part in ('"related":[{', '"external_ids":{"', '"sources":[{', '"deleted":true'):
        assert part in text, part
    assert '"\\b\\f\\n\\r\\t"' in text and "کوئٹہ 😀" in text


def test_the_export_writes_the_fast_lines(loaded: Session):
    out = io.StringIO()
    n = write_incidents(loaded, YEARS, ExportFormat.JSONL, out=out, size=9)
    assert out.getvalue() == _new(loaded, YEARS) and n == len(out.getvalue().splitlines())
