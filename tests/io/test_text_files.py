"""Files that are not UTF-8 text (issue 9, point 3): UTF-16, Latin-1, binary, a 50 MB
single line ended in a traceback in all four importers and in `incidents add` / `claims add`.
Now each is read or refused as a whole with one message that names the fix, and nothing is
stored from a refused file."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from samples import FORMATS, sample_lines
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from militancydb.cli.main import app
from militancydb.db.tables import Incident
from militancydb.errors import ImportFailed, ValidationFailed
from militancydb.io.documents import MAX_DOCUMENT, parse_document, read_document
from militancydb.io.engine import ImportReport, run_import
from militancydb.io.registry import importer_for
from militancydb.io.textfile import MAX_LINE
from militancydb.knowledge.loader import Knowledge

runner = CliRunner()


def text_of(fmt: str) -> str:
    return "\n".join(sample_lines(fmt)) + "\n"


def do_import(session: Session, kb: Knowledge, fmt: str, path: Path) -> ImportReport:
    return run_import(session, importer_for(fmt), path, kb, "test")


def incidents(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Incident)) or 0


@pytest.mark.parametrize(
    ("label", "encode"),
    [
        ("utf-8 with a byte-order mark", lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
        ("utf-16 with a byte-order mark", lambda t: t.encode("utf-16")),
        ("utf-16-be with a byte-order mark", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
    ],
)
def test_utf8_bom_and_utf16_files_import_like_plain_utf8(
    session: Session, kb: Knowledge, tmp_path: Path, label: str, encode
) -> None:
    text = text_of("pbc-suicide")
    plain = tmp_path / "plain.csv"
    plain.write_text(text, encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_bytes(encode(text))
    first = do_import(session, kb, "pbc-suicide", plain)
    assert first.inserted > 0
    again = do_import(session, kb, "pbc-suicide", other)
    # the same rows, read the same way: every stored row is unchanged, nothing updated
    assert (again.unchanged, again.updated, again.inserted) == (first.inserted, 0, 0), label


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_latin1_file_is_refused_naming_the_byte_its_line_and_the_fix(
    session: Session, kb: Knowledge, tmp_path: Path, fmt: str
) -> None:
    lines = sample_lines(fmt)
    lines[2] = lines[2].replace(",", ",Peshāwar Café ", 1)  # a cell with accents
    path = tmp_path / "latin.csv"
    path.write_bytes("\n".join(lines).encode("latin-1", "replace"))
    with pytest.raises(ImportFailed) as exc:
        do_import(session, kb, fmt, path)
    message = str(exc.value)
    assert "latin.csv is not valid UTF-8 text: byte 0xE9 on line 3" in message
    assert "Windows-1252 or Latin-1" in message
    assert "Re-save the file as UTF-8" in message
    assert incidents(session) == 0


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("content", "said"),
    [
        (bytes(range(256)) * 8, "is not a text CSV file (it holds binary data)"),
        (b"PK\x03\x04" + b"\x14\x00\x06\x00" * 50, "it is a ZIP archive (an .xlsx workbook"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "it is a PDF document"),
        ("S#,Date\n9001,x\n".encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
        (codecs.BOM_UTF32_LE + "S#".encode("utf-32-le"), "is UTF-32 text"),
        (b"", "is empty"),
    ],
)
def test_binary_and_unreadable_files_are_refused_whole(
    session: Session, kb: Knowledge, tmp_path: Path, fmt: str, content: bytes, said: str
) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=None) as exc:
        do_import(session, kb, fmt, path)
    assert said in str(exc.value)
    assert incidents(session) == 0


def test_a_50_mb_single_line_is_refused_naming_the_bound(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8") as f:
        f.write("S#,Date," + "x" * 50_000_000 + "\n")
    with pytest.raises(ImportFailed) as exc:
        do_import(session, kb, "pbc-suicide", path)
    assert f"line 1 is longer than {MAX_LINE:,} characters" in str(exc.value)


def test_a_giant_cell_spread_over_many_lines_is_refused_naming_the_bound(
    session: Session, kb: Knowledge, tmp_path: Path
) -> None:
    lines = sample_lines("pbc-suicide")
    giant = '9999,"' + ("many words\n" * 20_000) + '"'
    path = tmp_path / "giant.csv"
    path.write_text("\n".join([lines[0], giant]), encoding="utf-8")
    with pytest.raises(ImportFailed, match="a cell may hold at most 131,072 characters"):
        do_import(session, kb, "pbc-suicide", path)


# --- documents (incidents add, claims add) -------------------------------------------------


def test_documents_in_utf8_with_bom_and_utf16_are_read() -> None:
    doc = {"summary": "Peshāwar – café"}
    raw = json.dumps(doc, ensure_ascii=False)
    assert parse_document(codecs.BOM_UTF8 + raw.encode("utf-8"), "d.json") == doc
    assert parse_document(raw.encode("utf-16"), "d.json") == doc


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('{"summary": "café"}'.encode("latin-1"), "not valid UTF-8 text: byte 0xE9 on line 1"),
        (bytes(range(256)), "is not a text JSON file"),
        (b"[" * 100_000 + b"]" * 100_000, "nested more than 20 levels deep"),
        (b'{"a": ' + b"[" * 30 + b"]" * 30 + b"}", "nested more than 20 levels deep"),
        (b'{"a": 1,}', "not valid JSON: Expecting property name"),
        (b"  \n", "empty; give a JSON object"),
        (b'{"summary": "' + b"x" * MAX_DOCUMENT + b'"}', "larger than 1,000,000 bytes"),
    ],
)
def test_bad_documents_are_refused_with_one_message(content: bytes, said: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        parse_document(content, "d.json")
    assert said in str(exc.value)
    assert len(str(exc.value)) < 400  # the bound is named; the input is not echoed


def test_a_missing_document_is_named() -> None:
    with pytest.raises(ValidationFailed, match="nowhere.json: cannot be read: No such file"):
        read_document("/nowhere/nowhere.json")


@pytest.mark.parametrize("command", [["incidents", "add"], ["claims", "add"]])
@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{}".encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "it is a PNG image"),
        ('{"summary": "café"}'.encode("cp1252"), "Re-save the file as UTF-8"),
    ],
)
def test_add_commands_refuse_bad_files_and_stdin_without_a_traceback(
    db_url: str, tmp_path: Path, command: list[str], content: bytes, said: str
) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(content)
    for args, stdin in (([str(path)], None), (["-"], content)):
        result = runner.invoke(app, ["--db", db_url, *command, *args], input=stdin)
        assert result.exit_code == 2, result.output
        assert said in result.output
        assert "Traceback" not in result.output
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        )
