"""JSON Lines and JSON built over date ranges on several connections at once
(io/export_json_ranges.py, on PostgreSQL io/export_json_copy_parts.py):
the ranges come back in order whatever their speed, hold at most a few batches each, stop
and report a failure; the text is the writers' byte for byte on PostgreSQL, with awkward
values, filters, and many ranges; an export with writes of its own in the session keeps the
one connection."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import Incident
from militancydb.io.export_json_ranges import DEPTH, Part, date_bounds, in_order
from militancydb.io.export_output import ExportFormat
from militancydb.io.export_public import stream_forms
from militancydb.io.export_text import write_json, write_jsonl
from militancydb.services.incident_query import IncidentFilter
from tests.io.test_export_fast import _stressed
from tests.io.test_export_stream import YEARS, loaded

__all__ = ["loaded"]


def _counting(name: str, n: int, delay: float, log: dict[str, int]) -> Part[list[str]]:
    def batches() -> Iterator[list[str]]:
        for k in range(n):
            time.sleep(delay)
            log[name] = k + 1
            yield [f"{name}{k}"]

    return Part(batches)


def test_ranges_come_in_order_and_hold_a_few_batches_each():
    log: dict[str, int] = {}
    # the first range the slowest: the others finish first and must wait their turn
    parts = [
        _counting("a", 6, 0.03, log),
        _counting("b", 20, 0.0, log),
        _counting("c", 20, 0.0, log),
        _counting("d", 3, 0.0, log),
    ]
    got = []
    for batch in in_order(parts, 2):
        if batch == ["a0"]:
            time.sleep(0.2)  # the later ranges run ahead while the first is read
            # a range ahead of its turn holds at most DEPTH batches, and one in hand
            assert log.get("b", 0) <= DEPTH + 1
            assert log.get("c", 0) <= DEPTH + 1
        got.extend(batch)
    want = [f"a{k}" for k in range(6)] + [f"b{k}" for k in range(20)]
    want += [f"c{k}" for k in range(20)] + [f"d{k}" for k in range(3)]
    assert got == want


def test_a_failing_range_stops_the_export_and_the_others():
    cancelled: list[str] = []
    started = threading.Event()

    def endless() -> Iterator[list[int]]:
        started.set()
        k = 0
        while True:
            k += 1
            yield [k]

    def failing() -> Iterator[list[int]]:
        started.wait(5)
        yield [0]
        raise RuntimeError("range failed")

    parts = [
        Part(failing),
        Part(endless, lambda: cancelled.append("endless")),
    ]
    before = threading.active_count()
    with pytest.raises(RuntimeError, match="range failed"):
        for _ in in_order(parts, 2):
            pass
    assert cancelled == ["endless"]
    assert threading.active_count() == before
    # a reader that stops early stops every range
    reader = in_order([Part(endless), Part(endless)], 2)
    assert next(reader) == [1]
    reader.close()
    assert threading.active_count() == before


def test_date_bounds_cut_the_selection_at_dates(loaded: Session):
    for flt in (IncidentFilter(), YEARS):
        days = [d for (d,) in loaded.execute(flt.apply(select(Incident.date_start)))]
        for parts in (1, 2, 4, 9):
            bounds = date_bounds(loaded, flt, parts)
            assert bounds == sorted(set(bounds))
            assert len(bounds) <= parts - 1 if parts > 1 else bounds == []
            edges = [min(days), *bounds]
            sizes = [sum(lo <= d < hi for d in days) for lo, hi in zip(edges, bounds, strict=False)]
            if bounds:
                sizes.append(sum(d >= bounds[-1] for d in days))
                assert min(sizes) > 0
                assert max(sizes) <= 2 * len(days) / parts + max(days.count(d) for d in days)


def _parts(session: Session, flt: IncidentFilter, indented: bool, parts: int) -> Any:
    from militancydb.io.export_json_copy_parts import stream_json_copy_parts

    return stream_json_copy_parts(session, flt, indented=indented, size=7, parts=parts, slots=2)


@pytest.mark.parametrize("fmt", [ExportFormat.JSONL, ExportFormat.JSON])
def test_ranges_write_the_writers_text(loaded: Session, fmt: ExportFormat):
    """The text built over ranges on several connections is the writers' byte for byte, on
    awkward values (committed: other connections see them), filters, one to many ranges."""
    from militancydb.io.export_json_copy_parts import copy_parts_pay
    from militancydb.io.export_json_rows import write_json_texts, write_jsonl_texts

    if loaded.get_bind().dialect.name != "postgresql":
        pytest.skip("the ranges are PostgreSQL's (on SQLite they cost CPU and gained nothing)")
    _stressed(loaded)
    loaded.commit()
    indented = fmt is ExportFormat.JSON
    everything = IncidentFilter(include_deleted=True)
    baloch = IncidentFilter(provinces=frozenset({"PK-BA"}), min_killed=5)
    for flt, parts in ((everything, 5), (everything, 1), (baloch, 3), (YEARS, 16)):
        new, old = io.StringIO(), io.StringIO()
        forms = stream_forms(loaded, flt, size=5)
        if indented:
            write_json_texts(_parts(loaded, flt, True, parts), new, 17)
            write_json(forms, old, 17)
        else:
            write_jsonl_texts(_parts(loaded, flt, False, parts), new)
            write_jsonl(forms, old)
        assert new.getvalue() == old.getvalue(), (flt, parts)
        assert new.getvalue().count('"date_precision"') > 50
    # the export takes this path on a committed session, not with a write of its own
    pays = copy_parts_pay
    args: tuple[Any, ...] = ()
    assert pays(loaded, *args)
    incident = loaded.get(Incident, loaded.scalar(select(Incident.id).limit(1)))
    assert incident is not None
    incident.summary = "changed, not committed"
    loaded.flush()
    assert not pays(loaded, *args)
    loaded.rollback()


def test_sources_join_an_incident_only_by_its_id_text(loaded: Session):
    """The sources' lists join the incidents on a number (io/export_json_joined.py), yet a
    citation is an incident's only where its ``entity_id`` is the id's own text, as the
    writers look it up: not ``007`` for incident 7, nor another record's citation with the
    same text; a key that is no number breaks nothing. Ranges and the one select alike."""
    from militancydb.db.records import Citation, Source
    from militancydb.io.export_json_joined import stream_json_joined
    from militancydb.io.export_json_rows import write_jsonl_texts

    if loaded.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's path")
    first = loaded.scalar(select(Incident.id).where(Incident.deleted.is_(False)).limit(1))
    source = loaded.scalar(select(Source.id).limit(1))
    assert first is not None and source is not None
    odd = (
        ("incident", f"00{first}"),
        ("incident", f"+{first}"),
        ("incident", f"{first}.0"),
        ("incident", "99999999999999999999999"),
        ("incident", "not a number"),
        ("actor", str(first)),
        ("actor", "ttp"),
    )
    for kind, key in odd:
        loaded.add(Citation(entity_type=kind, entity_id=key, source_id=source, locator="odd"))
    loaded.commit()
    everything = IncidentFilter(include_deleted=True)
    old = io.StringIO()
    write_jsonl(stream_forms(loaded, everything, size=5), old)
    assert '"locator":"odd"' not in old.getvalue()
    for texts in (
        _parts(loaded, everything, False, 3),
        stream_json_joined(loaded, everything, indented=False, size=7),
    ):
        new = io.StringIO()
        write_jsonl_texts(texts, new)
        assert new.getvalue() == old.getvalue()


def test_one_test_for_escapes_a_row_keeps_each_text_own():
    """``checked_once`` tests the row's texts joined, and keeps each text's own test (and
    ``to_json``) for the rows where that finds a character to escape."""
    from militancydb.io.export_jsonl import as_json, checked_once, json_object_sql

    one = as_json("postgresql", "t.note", True)
    assert checked_once(one) == one  # a single text: nothing to gain
    sql = json_object_sql("postgresql", [("a", "t.a", True), ("n", "t.n", False)], False)
    assert checked_once(sql) == sql
    sql = json_object_sql("postgresql", [("a", "t.a", True), ("b", "t.b", True)], False)
    got = checked_once(sql)
    assert got.startswith("(CASE WHEN concat(t.a, t.b) ~ ")
    assert got.count("to_json(") == 2 and sql in got
    assert """COALESCE('"' || t.a || '"', 'null')""" in got
