"""The import's fast path (io/plain_incident.py) against the reference (the pydantic model,
then ``prepare``): the same rows to store for every bundled UCDP row, the same database
after a whole import (incidents, child rows, sources, citations, change log, runs, rejects,
reports), and no bad value let through that the model refuses (issue 15, point 2)."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from import_scenario import _report, dump
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.engine import make_engine, session_scope
from militancydb.domain.incident import IncidentCreate
from militancydb.domain.limits import ACTOR_NAME, MAX_COUNT, NOTE, PLACE_DETAIL
from militancydb.io.engine import Converted, ImportContext, Prepared, Reject, run_import
from militancydb.io.plain_incident import ActorNames, prepared
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.services.incident_rows import PreparedIncident, prepare
from militancydb.services.locations import ResolvedLocation

DATASET = {"dataset": True}


def bundled() -> Iterator[tuple[int, dict[str, str]]]:
    with bundled_ucdp().open(encoding="utf-8-sig", newline="") as f:
        yield from enumerate(csv.DictReader(f), start=1)


def reference(
    session: Session, kb: Knowledge, c: Converted, system: str = "ucdp"
) -> PreparedIncident:
    data = c.data.model_copy(update={"external_ids": {system: c.external_id}})
    done, errors = prepare(
        session, data, kb, strict_actors=False, citations=c.citations, location=c.location
    )
    assert not errors
    return done


def test_every_bundled_row_prepared_alike(session: Session, kb: Knowledge) -> None:
    importer = UCDPImporter()
    ctx = ImportContext(kb=kb, source_id=1, session=session)
    fast = taken = 0
    for n, raw in bundled():
        want = importer.convert(n, raw, ctx)
        got = importer.convert_to_store(n, raw, ctx)
        if isinstance(want, Reject):
            assert got == want
            continue
        assert isinstance(want, Converted)
        taken += 1
        if isinstance(got, Prepared):
            fast += 1
            got.prepared.external_ids = {"ucdp": got.external_id}
            assert got.prepared == reference(session, kb, want), n
            assert (got.external_id, got.warnings) == (want.external_id, want.warnings)
        else:
            assert got == want
    # the fast path is the one taken, not a fallback to the reference for every row
    assert taken > 6000 and fast == taken


@pytest.fixture
def other_engine(other_db_url: str) -> Iterator[Engine]:
    eng = make_engine(other_db_url)
    yield eng
    eng.dispose()


def _import(engine: Engine, path: Path, fast: bool, batch_size: int) -> dict[str, Any]:
    with session_scope(engine) as s:
        kb = load_knowledge(s)
    importer = UCDPImporter()
    importer.fast = fast
    reports = []
    with session_scope(engine) as s:
        reports.append(_report(run_import(s, importer, path, kb, "t", batch_size=batch_size)))
    with session_scope(engine) as s:  # again: every row unchanged
        reports.append(_report(run_import(s, importer, path, kb, "t", batch_size=batch_size)))
    return dump(engine, reports)


def _with_bad_rows(tmp: Path) -> Path:
    """The bundled file with rows made bad in ways the model refuses or the reader rejects."""
    rows = [raw for _, raw in bundled()]
    header = list(rows[0])
    bad = [
        dict(rows[1], id="990001", best="-3"),
        dict(rows[2], id="990002", date_start="1900-01-01", date_end="1900-01-01"),
        dict(rows[3], id="990003", date_end="1990-01-01"),
        dict(rows[4], id="990004", latitude="91.5"),
        dict(rows[5], id="990005", latitude="nan"),
        dict(rows[6], id="990006", side_a=" "),
        dict(rows[7], id="990007", where_description="x" * (PLACE_DETAIL + 1)),
        dict(rows[8], id="990008", low="1", best=str(MAX_COUNT + 5), high=str(MAX_COUNT + 9)),
        dict(rows[9], id="990009", longitude=""),
        dict(rows[10], id=rows[10]["id"]),  # a repeated id
        dict(rows[11], id="990011", side_a="y" * (ACTOR_NAME + 1)),
    ]
    path = tmp / "ucdp-bad.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows + bad)
    return path


def test_same_database_both_ways(engine: Engine, other_engine: Engine, tmp_path: Path) -> None:
    """Every bundled row and rows made bad, imported (and imported again) by each path."""
    path = _with_bad_rows(tmp_path)
    got = _import(engine, path, fast=True, batch_size=1000)
    want = _import(other_engine, path, fast=False, batch_size=1000)
    assert set(got) == set(want)
    for name in want:
        assert got[name] == want[name], name
    first = want["reports"][0]
    assert first["inserted"] > 6000
    assert len(first["rejects"]) >= 10  # the bad rows are rejected, with the same reasons


# --- bad values: the plain checks never accept what the model refuses ---------------------


def _base() -> dict[str, Any]:
    return {
        "date_start": dt.date(2016, 8, 8),
        "date_end": dt.date(2016, 8, 9),
        "date_precision": "day",
        "country": "PK",
        "place_detail": "  Civil Hospital, Quetta ",
        "latitude": 30.19,
        "longitude": 67.01,
        "geo_precision": "exact",
        "event_type": "militant_attack",
        "event_type_rule": "ucdp:test",
        "event_type_confidence": "medium",
        "tactics": ["suicide_bombing", "suicide_bombing"],
        "suicide": True,
        "targets": [{"type": "civilians"}, {"type": "civilians"}],
        "casualties": [
            {"category": "total", "low": 70, "best": 74, "high": 80},
            {"category": "civilians", "best": 70},
        ],
        "actors": [
            {
                "actor": " TTP ",
                "role": "perpetrator",
                "basis": "attributed_by_dataset",
                "confidence": "medium",
                "note": "UCDP side B",
            },
            {"actor": "Government of Pakistan", "role": "target"},
        ],
        "review_status": "imported",
    }


Change = Callable[[dict[str, Any]], None]


def _set(path: tuple[Any, ...], value: Any) -> Change:
    def change(d: dict[str, Any]) -> None:
        target: Any = d
        for p in path[:-1]:
            target = target[p]
        target[path[-1]] = value

    return change


def _delete(path: tuple[Any, ...]) -> Change:
    def change(d: dict[str, Any]) -> None:
        target: Any = d
        for p in path[:-1]:
            target = target[p]
        del target[path[-1]]

    return change


def _append(key: str, value: Any) -> Change:
    return lambda d: d[key].append(value)


CHANGES: dict[str, Change] = {
    "none": lambda d: None,
    "start before 1947": _set(("date_start",), dt.date(1946, 12, 31)),
    "start in the future": _set(("date_start",), dt.date.today() + dt.timedelta(days=5)),
    "start as text": _set(("date_start",), "2016-08-08"),
    "start a datetime": _set(("date_start",), dt.datetime(2016, 8, 8, 1)),
    "end before start": _set(("date_end",), dt.date(2016, 8, 7)),
    "end none": _set(("date_end",), None),
    "no such precision": _set(("date_precision",), "fortnight"),
    "country lower case": _set(("country",), "pk"),
    "country three letters": _set(("country",), "PAK"),
    "place detail too long": _set(("place_detail",), "x" * (PLACE_DETAIL + 1)),
    "place detail blank": _set(("place_detail",), "   "),
    "place detail with a tab and a newline": _set(("place_detail",), "\tQuetta\n"),
    "place detail ends in a no-break space": _set(("place_detail",), "Quetta\u00a0"),
    "place detail ends in a unit separator": _set(("place_detail",), "Quetta\x1f"),
    "actor ends in an ideographic space": _set(("actors", 0, "actor"), "TTP\u3000"),
    "latitude off the globe": _set(("latitude",), 90.5),
    "latitude nan": _set(("latitude",), math.nan),
    "longitude infinite": _set(("longitude",), math.inf),
    "latitude an integer": _set(("latitude",), 30),
    "latitude as text": _set(("latitude",), "30.1"),
    "latitude alone": _set(("longitude",), None),
    "no point": lambda d: d.update(latitude=None, longitude=None),
    "no geo precision": _set(("geo_precision",), None),
    "no such event type": _set(("event_type",), "picnic"),
    "rule too long": _set(("event_type_rule",), "r" * 61),
    "no such confidence": _set(("event_type_confidence",), "certain"),
    "no such tactic": _append("tactics", "telepathy"),
    "suicide as text": _set(("suicide",), "yes"),
    "suicide an integer": _set(("suicide",), 1),
    "no such target": _append("targets", {"type": "moon"}),
    "target with an unknown key": _append("targets", {"type": "civilians", "who": "x"}),
    "low above best": _set(("casualties", 0, "low"), 75),
    "negative count": _set(("casualties", 1, "best"), -1),
    "count too large": _set(("casualties", 1, "best"), MAX_COUNT + 1),
    "count a bool": _set(("casualties", 1, "best"), True),
    "count a float": _set(("casualties", 1, "best"), 70.0),
    "count as text": _set(("casualties", 1, "best"), "70"),
    "two figures for one category": _append("casualties", {"category": "civilians", "best": 1}),
    "no such category": _append("casualties", {"category": "aliens", "best": 1}),
    "part above total (kept for datasets)": _set(("casualties", 1, "best"), 500),
    "actor blank": _set(("actors", 0, "actor"), "   "),
    "actor too long": _set(("actors", 0, "actor"), "a" * (ACTOR_NAME + 1)),
    "note too long": _set(("actors", 0, "note"), "n" * (NOTE + 1)),
    "no such role": _set(("actors", 0, "role"), "bystander"),
    "actor with an unknown key": _set(("actors", 0, "why"), "x"),
    "actor without a name": _delete(("actors", 0, "actor")),
    "same actor twice alike": lambda d: d["actors"].append(copy.deepcopy(d["actors"][0])),
    "same actor twice unlike": lambda d: d["actors"].append(
        dict(copy.deepcopy(d["actors"][0]), note="other")
    ),
    "two names of one actor": _append(
        "actors",
        {
            "actor": "Tehrik-i-Taliban Pakistan",
            "role": "perpetrator",
            "basis": "attributed_by_dataset",
        },
    ),
    "unknown field": _set(("mood",), "sad"),
    "no such review status": _set(("review_status",), "done"),
}


def test_plain_checks_never_looser_than_the_model(session: Session, kb: Knowledge) -> None:
    """Each change of a valid incident: where the model refuses it, the plain checks do
    not vouch for it; where the model takes it, the plain path gives the same rows or sets
    it aside for the reference."""
    names = ActorNames(kb.registry)
    cite = [{"source_id": 1, "locator": "x", "excerpt": None}]
    refused = fast = 0
    for name, change in CHANGES.items():
        fields = _base()
        change(fields)
        location = ResolvedLocation(
            latitude=fields.get("latitude"), longitude=fields.get("longitude")
        )
        got = prepared(copy.deepcopy(fields), location=location, citations=cite, actors=names)
        try:
            data = IncidentCreate.model_validate(fields, context=DATASET)
        except ValidationError:
            assert got is None, f"{name}: the model refuses it, the plain checks let it through"
            refused += 1
            continue
        want, errors = prepare(
            session, data, kb, strict_actors=False, citations=cite, location=location
        )
        assert not errors
        if got is not None:
            fast += 1
            assert got == want, name
        elif name in PLAINLY_VALID:
            raise AssertionError(f"{name}: valid and plain, but set aside for the reference")
    assert refused > 30 and fast >= len(PLAINLY_VALID)


#: Changes that leave an incident the plain checks must take themselves.
PLAINLY_VALID = {
    "none",
    "end none",
    "place detail blank",
    "place detail with a tab and a newline",
    "no point",
    "part above total (kept for datasets)",
    "two names of one actor",
}
