"""Exports in GTD and ACLED shape, Parquet, JSON Lines, CSV and GeoJSON (io/export_*.py).

The round trips import the project's GTD and ACLED samples, export them in the same shape,
import the export into a fresh database and compare the stored incidents (and claims).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyogrio
import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import Claim, ExternalId
from militancydb.domain.incident import IncidentPublic
from militancydb.io.engine import run_import
from militancydb.io.export_output import ExportFormat, write_incidents
from militancydb.io.export_text import safe_cell, write_csv
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import get_incident
from militancydb.testing.pgserver import PgServer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fresh_session(
    request: pytest.FixtureRequest, backend: str, db_url: str, tmp_path: Path
) -> Iterator[Session]:
    """A second database, fresh from the same template as ``db_url``."""
    templates = request.getfixturevalue("templates")
    template = templates[(backend, False)]
    if backend == "sqlite":
        target = tmp_path / "fresh.db"
        shutil.copyfile(template, target)
        url = f"sqlite:///{target}"
    else:
        server: PgServer = request.getfixturevalue("pg_server")
        admin = make_engine(server.url("postgres")).execution_options(isolation_level="AUTOCOMMIT")
        name = f"fresh_{tmp_path.name[-20:].replace('-', '_')}".lower()
        with admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            c.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
        admin.dispose()
        url = server.url(name)
    engine = make_engine(url)
    with session_scope(engine) as s:
        yield s
    engine.dispose()


def stored(session: Session, system: str) -> dict[str, dict[str, Any]]:
    """The incidents of one dataset, by dataset id, without what a fresh database numbers
    differently (ids, versions, times, users, source ids)."""
    out = {}
    for ext, iid in session.execute(
        select(ExternalId.external_id, ExternalId.incident_id).where(ExternalId.system == system)
    ):
        doc = get_incident(session, iid).model_dump(mode="json")
        for k in ("id", "version", "created_at", "created_by", "updated_at", "updated_by"):
            doc.pop(k)
        doc["sources"] = [
            (s["source_key"] if s["source_key"] in ("gtd", "acled") else s["title"])
            for s in doc["sources"]
        ]
        out[ext] = doc
    return out


def claims(session: Session) -> set[tuple[Any, ...]]:
    rows = session.execute(
        select(
            ExternalId.external_id,
            Claim.claimant_key,
            Claim.channel,
            Claim.channel_name,
            Claim.status,
            Claim.ref,
        ).join(ExternalId, ExternalId.incident_id == Claim.incident_id)
    )
    return {tuple(r) for r in rows}


def export(session: Session, fmt: ExportFormat, path: Path, **kw: Any) -> int:
    return write_incidents(session, IncidentFilter(), fmt, path=path, size=7, **kw)


@pytest.mark.parametrize(
    ("fmt", "sample"), [("gtd", "gtd_sample.csv"), ("acled", "acled_sample.csv")]
)
def test_round_trip_changes_nothing(
    session: Session, kb: Knowledge, fresh_session: Session, tmp_path: Path, fmt: str, sample: str
):
    first = run_import(session, importer_for(fmt), FIXTURES / sample, kb, "test")
    assert first.accounted and first.inserted > 10
    out = tmp_path / f"export.{fmt}.csv"
    written = export(session, ExportFormat(fmt), out)
    assert written == first.inserted
    second = run_import(fresh_session, importer_for(fmt), out, load_knowledge(fresh_session), "t")
    assert second.rows_total == written and second.inserted == written, second.rejects
    before, after = stored(session, fmt), stored(fresh_session, fmt)
    assert before.keys() == after.keys()
    for ext in before:
        assert after[ext] == before[ext], ext
    assert claims(fresh_session) == claims(session)
    # and once more: the export of the re-imported data is the same file, timestamps aside
    again = tmp_path / f"again.{fmt}.csv"
    export(fresh_session, ExportFormat(fmt), again)
    strip = (lambda r: {**r, "timestamp": ""}) if fmt == "acled" else (lambda r: r)
    with out.open() as a, again.open() as b:
        assert [strip(r) for r in csv.DictReader(a)] == [strip(r) for r in csv.DictReader(b)]


def test_gtd_shape_columns_and_codes(session: Session, kb: Knowledge, tmp_path: Path):
    run_import(session, importer_for("gtd"), FIXTURES / "gtd_sample.csv", kb, "test")
    out = tmp_path / "gtd.csv"
    export(session, ExportFormat.GTD, out)
    rows = {r["eventid"]: r for r in csv.DictReader(out.open())}
    quetta = rows["201608080001"]
    assert (quetta["attacktype1"], quetta["attacktype1_txt"]) == ("3", "Bombing/Explosion")
    assert (quetta["weaptype1"], quetta["weaptype1_txt"]) == ("6", "Explosives")
    assert (quetta["country"], quetta["country_txt"], quetta["specificity"]) == (
        "153",
        "Pakistan",
        "1",
    )
    assert (quetta["claimed"], quetta["claimmode"], quetta["claimmode_txt"]) == (
        "1",
        "7",
        "Posted to website, blog, etc.",
    )
    assert (quetta["claim2"], quetta["claimmode2_txt"], quetta["compclaim"]) == ("1", "Video", "1")
    assert (quetta["nkill"], quetta["nkillter"], quetta["suicide"]) == ("75", "1", "1")
    karachi = rows["201505130002"]
    assert [karachi[f"guncertain{i}"] for i in (1, 2, 3)] == ["1", "0", "1"]
    month = rows["201403000003"]
    assert (month["imonth"], month["iday"]) == ("3", "0")
    sentinel = rows["201701010007"]
    assert sentinel["nkill"] == "" and sentinel["gname"] == ""


def test_parquet_reads_in_pandas_with_typed_columns(
    session: Session, kb: Knowledge, tmp_path: Path
):
    run_import(session, importer_for("gtd"), FIXTURES / "gtd_sample.csv", kb, "test")
    out = tmp_path / "incidents.parquet"
    assert export(session, ExportFormat.PARQUET, out) == 20
    frame = pd.read_parquet(out, dtype_backend="pyarrow")
    assert len(frame) == 20
    assert str(frame["date_start"].dtype) == "date32[day][pyarrow]"
    assert str(frame["killed_best"].dtype) == "int32[pyarrow]"
    assert str(frame["latitude"].dtype) == "double[pyarrow]"
    assert str(frame["suicide"].dtype) == "bool[pyarrow]"
    nullable = pd.read_parquet(out, dtype_backend="numpy_nullable")
    assert str(nullable["killed_best"].dtype) == "Int32"
    row = frame[frame["summary"].str.contains("201701010007")].iloc[0]
    assert pd.isna(row["killed_best"])  # GTD's -99: unknown, never 0
    quetta = frame[frame["killed_best"] == 75].iloc[0]
    assert quetta["date_start"] == dt.date(2016, 8, 8)
    assert list(quetta["tactics"]) == ["suicide_bombing"]
    assert quetta["killed_militants"] == 1
    import pyarrow.parquet as pq

    assert pq.ParquetFile(out).num_row_groups == 3  # batches of 7: written as it reads


def test_geojson_opens_in_a_gis_library(session: Session, kb: Knowledge, tmp_path: Path):
    run_import(session, importer_for("gtd"), FIXTURES / "gtd_sample.csv", kb, "test")
    out = tmp_path / "incidents.geojson"
    assert export(session, ExportFormat.GEOJSON, out) == 20
    info = pyogrio.read_info(out)
    assert info["geometry_type"] == "Point" and info["features"] == 19  # one has no point
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["killed_best"] == "int32" and types["id"] == "int32"
    assert types["event_type"] == "object" and types["date_start"] == "datetime64[D]"
    meta, _, geometry, fields = pyogrio.raw.read(out)
    assert len(geometry) == 19


def test_jsonl_and_csv(session: Session, kb: Knowledge, tmp_path: Path):
    run_import(session, importer_for("gtd"), FIXTURES / "gtd_sample.csv", kb, "test")
    buf = io.StringIO()
    n = write_incidents(session, IncidentFilter(), ExportFormat.JSONL, out=buf, size=4)
    lines = buf.getvalue().splitlines()
    assert n == len(lines) == 20
    docs = [IncidentPublic.model_validate(json.loads(line)) for line in lines]
    assert [d.date_start for d in docs] == sorted(d.date_start for d in docs)
    limited = io.StringIO()
    assert (
        write_incidents(
            session, IncidentFilter(), ExportFormat.JSONL, out=limited, limit=5, offset=3, size=2
        )
        == 5
    )
    assert [json.loads(x)["id"] for x in limited.getvalue().splitlines()] == [
        d.id for d in docs[3:8]
    ]


def test_csv_neutralises_spreadsheet_formulas():
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert [safe_cell(v) for v in ("+1", "-2 killed", "@SUM(A1)", "\tx", "plain")] == [
        "'+1",
        "'-2 killed",
        "'@SUM(A1)",
        "'\tx",
        "plain",
    ]
    assert safe_cell(-73.5) == -73.5  # numbers stay numbers
    out = io.StringIO()
    write_csv(
        [[]],
        out,
        ["a", "b"],
    )
    assert out.getvalue() == "a,b\n"


def test_csv_quotes_and_neutralises(session: Session, kb: Knowledge, tmp_path: Path):
    from militancydb.services.history import Editor
    from militancydb.services.incidents import create_incident

    create_incident(
        session,
        {
            "date_start": "2016-08-08",
            "event_type": "militant_attack",
            "province": "Balochistan",
            "summary": '=cmd|"/c calc"!A1, then "quoted", and\na new line',
        },
        kb,
        Editor("test"),
    )
    buf = io.StringIO()
    write_incidents(session, IncidentFilter(), ExportFormat.CSV, out=buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows[0]["summary"] == '\'=cmd|"/c calc"!A1, then "quoted", and\na new line'


def test_parquet_needs_a_file(session: Session):
    from militancydb.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="--out FILE"):
        write_incidents(session, IncidentFilter(), ExportFormat.PARQUET, out=io.StringIO())


def test_streamed_json_is_the_json_of_the_whole_list(session: Session, kb: Knowledge):
    from militancydb.io.export import to_json
    from militancydb.services.incidents import list_incidents

    run_import(session, importer_for("acled"), FIXTURES / "acled_sample.csv", kb, "test")
    buf = io.StringIO()
    write_incidents(session, IncidentFilter(), ExportFormat.JSON, out=buf, size=4)
    whole = list_incidents(session, IncidentFilter())
    dumped = [i.model_dump(mode="json") for i in whole.data]
    assert buf.getvalue() == to_json(dumped, whole.count) + "\n"
    empty = io.StringIO()
    write_incidents(session, IncidentFilter(min_killed=10**6), ExportFormat.JSON, out=empty)
    assert json.loads(empty.getvalue()) == {"data": [], "count": 0}


def test_acled_attack_on_police_by_nobody_named(session: Session, kb: Knowledge):
    """In ACLED's terms an attack on armed forces only (a tactic ACLED has no type for) is a
    battle, and a perpetrator nobody named is its "Unidentified Armed Group (Country)"."""
    from militancydb.services.history import Editor
    from militancydb.services.incidents import create_incident

    for target in ("police", "civilians"):
        create_incident(
            session,
            {
                "date_start": "2016-08-08",
                "event_type": "militant_attack",
                "province": "Balochistan",
                "targets": [{"type": target}],
            },
            kb,
            Editor("test"),
        )
    buf = io.StringIO()
    write_incidents(session, IncidentFilter(), ExportFormat.ACLED, out=buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert [(r["event_type"], r["sub_event_type"]) for r in rows] == [
        ("Battles", "Armed clash"),
        ("Violence against civilians", "Attack"),
    ]
    assert {r["actor1"] for r in rows} == {"Unidentified Armed Group (Pakistan)"}
