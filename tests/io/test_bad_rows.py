"""Rows that do not fit the header are rejected, never merged (issue 9, point 2).

Written from the failures as reported: a file whose last line is cut mid-row reported
"1 updated" and wiped the incident's casualties and targets; a five-column row did the same;
the UCDP importer crashed on such a row and the whole file was lost; extra columns or a
duplicated header made spurious "updated" rows with empty history versions. Each test runs
on every importer (its made-up sample; UCDP on real rows of the bundled file).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from samples import FORMATS, join, sample_lines
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import ChangeLog, ExternalId
from militancydb.errors import ImportFailed
from militancydb.io.engine import ImportReport, run_import
from militancydb.io.registry import importer_for
from militancydb.knowledge.loader import Knowledge
from militancydb.services.incidents import get_incident


def write(path: Path, lines: list[str], end: str = "\n") -> Path:
    path.write_text("\n".join(lines) + end, encoding="utf-8")
    return path


def do_import(session: Session, kb: Knowledge, fmt: str, path: Path) -> ImportReport:
    report = run_import(session, importer_for(fmt), path, kb, "test")
    assert report.accounted
    return report


def system(fmt: str) -> str:
    return importer_for(fmt).system


def stored(session: Session, fmt: str) -> dict[str, int]:
    rows = session.execute(
        select(ExternalId.external_id, ExternalId.incident_id).where(
            ExternalId.system == system(fmt)
        )
    )
    return {str(r[0]): int(r[1]) for r in rows}


def versions(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ChangeLog)) or 0


def victim(session: Session, kb: Knowledge, fmt: str, tmp_path: Path) -> tuple[list[str], str]:
    """Import the sample; return its lines and the line of an imported row with casualties
    (and targets, where the format has them: the row a broken copy would damage)."""
    lines = sample_lines(fmt)
    do_import(session, kb, fmt, write(tmp_path / "first.csv", lines))
    ids = stored(session, fmt)
    for line in lines[1:]:
        ext = next(csv.reader([line]))[0]
        if ext in ids:
            inc = get_incident(session, ids[ext])
            if inc.casualties and (inc.targets or fmt == "ucdp"):
                return lines, line
    raise AssertionError("no imported row with casualties")


def state(session: Session, fmt: str, line: str) -> dict[str, object]:
    ext = next(csv.reader([line]))[0]
    inc = get_incident(session, stored(session, fmt)[ext])
    return inc.model_dump(mode="json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_last_line_cut_mid_row_is_rejected_and_the_incident_keeps_its_casualties(
    session: Session, kb: Knowledge, tmp_path: Path, fmt: str
) -> None:
    lines, line = victim(session, kb, fmt, tmp_path)
    before, history = state(session, fmt, line), versions(session)
    cut = line[: len(line) // 2]
    report = do_import(session, kb, fmt, write(tmp_path / "cut.csv", [lines[0], cut], end=""))
    assert (report.rows_total, report.rejected, report.updated) == (1, 1, 0)
    assert "cut off" in report.rejects[0].reason
    assert state(session, fmt, line) == before
    assert versions(session) == history


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_five_column_row_is_rejected_naming_the_missing_columns(
    session: Session, kb: Knowledge, tmp_path: Path, fmt: str
) -> None:
    lines, line = victim(session, kb, fmt, tmp_path)
    before = state(session, fmt, line)
    short = join(next(csv.reader([line]))[:5])
    report = do_import(session, kb, fmt, write(tmp_path / "short.csv", [lines[0], short]))
    assert (report.rejected, report.updated) == (1, 0)
    header = next(csv.reader([lines[0]]))
    reason = report.rejects[0].reason
    assert f"the row has 5 cell(s) but the header has {len(header)} columns" in reason
    assert repr(header[5].strip()) in reason
    assert state(session, fmt, line) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_long_row_is_rejected_and_trailing_empty_cells_change_nothing(
    session: Session, kb: Knowledge, tmp_path: Path, fmt: str
) -> None:
    lines, line = victim(session, kb, fmt, tmp_path)
    before, history = state(session, fmt, line), versions(session)
    long = do_import(session, kb, fmt, write(tmp_path / "long.csv", [lines[0], line + ",x,y"]))
    assert (long.rejected, long.updated) == (1, 0)
    assert "beyond the header: 'x | y'" in long.rejects[0].reason
    assert long.rejects[0].raw is not None
    assert long.rejects[0].raw["(cells beyond the header)"] == "x | y"
    padded = do_import(session, kb, fmt, write(tmp_path / "padded.csv", [lines[0], line + ",,"]))
    assert (padded.unchanged, padded.updated, padded.rejected) == (1, 0, 0)
    assert state(session, fmt, line) == before
    assert versions(session) == history


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_repeated_header_line_is_rejected_and_makes_no_update(
    session: Session, kb: Knowledge, tmp_path: Path, fmt: str
) -> None:
    lines, _ = victim(session, kb, fmt, tmp_path)
    history = versions(session)
    joined = [*lines, lines[0], *lines[1:]]
    report = do_import(session, kb, fmt, write(tmp_path / "joined.csv", joined))
    assert report.updated == 0
    assert report.rows_total == 2 * (len(lines) - 1) + 1
    assert any("repeated header line" in r.reason for r in report.rejects)
    assert versions(session) == history


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_extra_column_makes_no_spurious_update_or_empty_version(
    session: Session, kb: Knowledge, tmp_path: Path, fmt: str
) -> None:
    lines, _ = victim(session, kb, fmt, tmp_path)
    first = stored(session, fmt)
    history = versions(session)
    wider = [lines[0] + ",Analyst note"] + [f"{x},checked" for x in lines[1:]]
    report = do_import(session, kb, fmt, write(tmp_path / "wider.csv", wider))
    assert report.updated == 0
    assert report.unchanged == len(first)
    assert versions(session) == history
    # the new hash is remembered: the next import of the same file skips without converting
    again = do_import(session, kb, fmt, write(tmp_path / "wider.csv", wider))
    assert (again.unchanged, again.updated) == (len(first), 0)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_header_naming_a_column_twice_is_refused_whole(
    session: Session, kb: Knowledge, tmp_path: Path, fmt: str
) -> None:
    lines = sample_lines(fmt)
    header = next(csv.reader([lines[0]]))
    twice = [lines[0] + f",{header[1]}"] + [x + ",x" for x in lines[1:]]
    with pytest.raises(ImportFailed, match=f"names a column twice .*{header[1]!r}"):
        do_import(session, kb, fmt, write(tmp_path / "twice.csv", twice))


def test_ucdp_imports_the_rest_of_a_file_with_a_cut_row_in_it(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    lines = sample_lines("ucdp")
    broken = [lines[0], lines[1], lines[2][:40], *lines[3:]]
    report = do_import(session, kb, "ucdp", write(tmp_path / "ged.csv", broken))
    assert report.rejected == 1
    assert report.rejects[0].row == 2
    assert report.inserted == len(lines) - 2


def test_an_unclosed_quote_names_the_lines_it_swallowed(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    lines = sample_lines("pbc-suicide")
    cells = next(csv.reader([lines[3]]))
    assert not any("," in c or '"' in c for c in cells)
    cells[10] = '"' + cells[10]  # an opening quote that is never closed
    broken = [*lines[:3], ",".join(cells), *lines[4:7]]
    report = do_import(session, kb, "pbc-suicide", write(tmp_path / "q.csv", broken))
    last = report.rejects[-1]
    assert "ends inside a quoted cell (lines 4-7)" in last.reason
    assert report.rows_total == 3
