"""Property-based tests (Hypothesis) of every importer and of the parsers users type into
(issue 9, scope 8), on SQLite and PostgreSQL.

For each format, the made-up sample (UCDP: real rows of the bundled file) is imported once;
then every example imports a damaged copy inside a savepoint that is rolled back, and
asserts:

- nothing but the project's own errors escapes (a file refused whole is ``ImportFailed``);
- every row is accounted for: imported + updated + unchanged + rejected (+ in conflict)
  equals the rows read, and the rows read equal the non-blank records Python's own csv
  module finds after the header;
- a row broken in its structure (cells dropped or added, a quote never closed, the header
  repeated, the last line cut) is rejected and changes no stored incident.

Examples are few (``FUZZ``: 12 per format, 48 per property; 100 per parser) and
derandomized, so the suite stays fast and CI reproducible.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import FORMATS, join, sample_lines
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.analysis.periods import parse_period
from militancydb.db.tables import Incident
from militancydb.domain.dates import parse_partial
from militancydb.domain.limits import MAX_ID
from militancydb.errors import ImportFailed, IncidentNotFound, MilitancyDBError
from militancydb.io.engine import ImportReport, run_import
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import Knowledge
from militancydb.services.incident_filters import build_filter
from militancydb.services.incidents import get_incident, list_incidents

FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PARSERS = settings(FUZZ, max_examples=100)


@contextmanager
def rolled_back(session: Session) -> Iterator[None]:
    """Run a block in a savepoint and undo it, so each example sees the same database."""
    savepoint = session.begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()
        session.expire_all()


def stored(session: Session) -> dict[int, dict[str, Any]]:
    ids = session.scalars(select(Incident.id).order_by(Incident.id))
    return {i: get_incident(session, i).model_dump(mode="json") for i in ids}


def records(data: bytes) -> int | None:
    """Non-blank CSV records after the header, counted by the csv module (None: not text)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r)]
    return max(len(rows) - 1, 0)


def attempt(
    session: Session, kb: Knowledge, fmt: str, path: Path, data: bytes
) -> ImportReport | None:
    path.write_bytes(data)
    try:
        report = run_import(session, importer_for(fmt), path, kb, "fuzz")
    except ImportFailed:
        return None
    assert report.accounted
    expected = records(data)
    if expected is not None:
        assert report.rows_total == expected
    return report


def cells(line: str) -> list[str]:
    return next(csv.reader([line]))


Break = Callable[[list[str], int, Any], list[str]]


def drop_cells(lines: list[str], i: int, n: Any) -> list[str]:
    row = cells(lines[i])
    return [*lines[:i], join(row[: max(1, len(row) - 1 - n % len(row))]), *lines[i + 1 :]]


def add_cells(lines: list[str], i: int, n: Any) -> list[str]:
    return [*lines[:i], lines[i] + ",x" * (1 + n % 5), *lines[i + 1 :]]


def open_quote(lines: list[str], i: int, n: Any) -> list[str]:
    row = cells(lines[i])
    row[n % len(row)] = '"' + row[n % len(row)].replace('"', "")
    return [*lines[:i], ",".join(c.replace(",", " ") for c in row), *lines[i + 1 :]]


def header_again(lines: list[str], i: int, n: Any) -> list[str]:
    return [*lines[:i], lines[0], *lines[i:]]


BREAKS: dict[str, Break] = {
    "drop": drop_cells,
    "add": add_cells,
    "quote": open_quote,
    "header": header_again,
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_structurally_broken_row_is_rejected_and_changes_nothing(
    session: Session, kb: Knowledge, tmp_path: Path, fmt: str
) -> None:
    lines = sample_lines(fmt)
    (tmp_path / "base.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_import(session, importer_for(fmt), tmp_path / "base.csv", kb, "fuzz")
    before = stored(session)

    @FUZZ
    @given(
        kind=st.sampled_from(sorted(BREAKS)),
        i=st.integers(1, len(lines) - 1),
        n=st.integers(0, 1000),
        cut=st.booleans(),
    )
    def check(kind: str, i: int, n: int, cut: bool) -> None:
        broken = BREAKS[kind](lines, i, n)
        end = "\n"
        if cut:  # also cut the file's last line mid-row (no newline at the end)
            last = broken[-1]
            short = last[: max(1, len(last) // 2)]
            if len(cells(short)) < len(cells(last)):
                broken, end = [*broken[:-1], short], ""
        data = ("\n".join(broken) + end).encode("utf-8")
        with rolled_back(session):
            report = attempt(session, kb, fmt, tmp_path / "broken.csv", data)
            assert report is not None
            assert report.rejected >= 1
            assert report.updated == 0
            assert stored(session) == before

    check()


@pytest.mark.parametrize("fmt", FORMATS)
def test_random_cells_and_bytes_end_in_rows_accounted_for_or_one_clean_error(
    session: Session, kb: Knowledge, tmp_path: Path, fmt: str
) -> None:
    lines = sample_lines(fmt)
    header = cells(lines[0])

    @FUZZ
    @given(
        i=st.integers(1, len(lines) - 1),
        column=st.integers(0, len(header) - 1),
        value=st.one_of(
            st.text(max_size=300),
            st.sampled_from(["-1", "1e9", "NaN", "inf", "", "Unknown", "9999-99-99", "0x1F"]),
            st.integers(-(10**30), 10**30).map(str),
        ),
        noise=st.binary(max_size=40),
        at=st.integers(0, 10_000),
    )
    def check(i: int, column: int, value: str, noise: bytes, at: int) -> None:
        row = cells(lines[i])
        row[column] = value
        text = "\n".join([*lines[:i], join(row), *lines[i + 1 :]]) + "\n"
        data = text.encode("utf-8")
        if noise:
            data = data[: at % len(data)] + noise + data[at % len(data) :]
        with rolled_back(session):
            attempt(session, kb, fmt, tmp_path / "random.csv", data)

    check()


# --- parsers ---------------------------------------------------------------------------------


@PARSERS
@given(st.one_of(st.text(max_size=30), st.from_regex(r"\d{1,5}(-[WQ]?\d{1,3}){0,2}")))
def test_periods_parse_or_raise_value_error(text: str) -> None:
    try:
        period, grain = parse_period(text)
    except ValueError as exc:
        assert "is not a period" in str(exc)
    else:
        assert period.start <= period.end and grain


@PARSERS
@given(st.one_of(st.text(max_size=30), st.integers(), st.from_regex(r"\d{4}(-\d{1,2}){0,2}")))
def test_partial_dates_parse_or_raise_value_error(value: Any) -> None:
    try:
        parse_partial(value)
    except ValueError:
        pass


@pytest.fixture
def one_incident(session: Session, kb: Knowledge, tmp_path: Path) -> int:
    path = tmp_path / "one.csv"
    path.write_text("\n".join(sample_lines("tbij")[:2]) + "\n", encoding="utf-8")
    run_import(session, importer_for("tbij"), path, kb, "fuzz")
    found = session.scalar(select(Incident.id))
    assert found is not None
    return found


def test_ids_from_anywhere_find_the_incident_or_say_there_is_none(
    session: Session, one_incident: int
) -> None:
    @FUZZ
    @given(st.one_of(st.integers(), st.sampled_from([0, -1, MAX_ID, MAX_ID + 1, 2**63, 2**64])))
    def check(incident_id: int) -> None:
        try:
            inc = get_incident(session, incident_id)
        except IncidentNotFound:
            assert incident_id != one_incident
        else:
            assert inc.id == incident_id == one_incident

    check()


def test_filters_from_anywhere_resolve_or_raise_the_projects_error(
    session: Session, kb: Knowledge, one_incident: int
) -> None:
    words = st.one_of(
        st.none(),
        st.text(max_size=40),
        st.sampled_from(["Sindh", "KP", "Khyber", "TTP", "Quetta", "Punjab", "x" * 300]),
    )

    @FUZZ
    @given(
        province=words,
        district=words,
        actor=words,
        event_types=st.lists(st.text(max_size=20), max_size=2),
        tactics=st.lists(st.text(max_size=20), max_size=2),
        min_killed=st.one_of(st.none(), st.integers(-(2**70), 2**70)),
    )
    def check(
        province: str | None,
        district: str | None,
        actor: str | None,
        event_types: list[str],
        tactics: list[str],
        min_killed: int | None,
    ) -> None:
        try:
            flt = build_filter(
                kb,
                province=province,
                district=district,
                actor=actor,
                event_types=event_types or None,
                tactics=tactics or None,
                min_killed=min_killed,
            )
        except MilitancyDBError:
            return
        list_incidents(session, flt, limit=5)

    check()
