"""``militancydb extract`` on the input a user really has: JSON lines with bytes that are not
UTF-8 and a line too long to hold, a folder given as a file, an article saved in another
encoding. Every problem is one clear message and the run goes on where it can."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from militancydb.cli.main import app
from militancydb.nlp import batch

runner = CliRunner()
LINE = '{{"id": "{id}", "text": "Gunmen shot dead two policemen in {place} on 3 March 2015."}}\n'


def _records(out: str) -> list[dict[str, object]]:
    return [json.loads(x) for x in out.splitlines() if x.strip()]


def test_a_line_that_is_not_utf8_is_one_error_and_the_run_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    f.write_bytes(
        LINE.format(id="a", place="Quetta").encode()
        + b'{"id": "b", "text": "caf\xe9 bombed in Lahore"}\n'
        + LINE.format(id="c", place="Karachi").encode()
    )
    res = runner.invoke(app, ["extract", "--input", str(f), "--format", "gtd"])
    assert res.exit_code == 0, res.output
    a, b, c = _records(res.stdout)
    assert a["id"] == "a" and c["id"] == "c" and a["incidents"] and c["incidents"]
    assert b["line"] == 2 and "UTF-8" in str(b["error"]) and "0xe9" in str(b["error"])


def test_a_line_too_long_is_refused_without_holding_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "MAX_LINE", 200)
    f = tmp_path / "docs.jsonl"
    long_text = "word " * 400
    f.write_text(
        LINE.format(id="a", place="Quetta")
        + json.dumps({"id": "huge", "text": long_text})
        + "\n"
        + LINE.format(id="c", place="Karachi"),
        encoding="utf-8",
    )
    res = runner.invoke(app, ["extract", "--input", str(f)])
    assert res.exit_code == 0, res.output
    a, huge, c = _records(res.stdout)
    assert (a["id"], c["id"]) == ("a", "c") and huge["line"] == 2
    assert "longer than 200 bytes" in str(huge["error"]) and "split" in str(huge["error"])


def test_line_numbers_and_default_ids_count_every_line(tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    f.write_bytes(
        b"\n"
        + b"not json\n"
        + b'{"text": "Gunmen shot dead two policemen in Bannu on 3 March 2015."}\n'
    )
    res = runner.invoke(app, ["extract", "--input", str(f)])
    bad, no_id = _records(res.stdout)
    assert bad["line"] == 2 and "not JSON" in str(bad["error"])
    assert no_id["id"] == "3"


def test_a_folder_and_a_non_utf8_file_get_the_fix(tmp_path: Path) -> None:
    res = runner.invoke(app, ["extract", str(tmp_path)])
    assert res.exit_code == 2 and "is a folder" in res.output and "ingest" in res.output
    f = tmp_path / "latin1.txt"
    f.write_bytes("Gunmen attacked a café in Lahore on 3 March 2015.".encode("latin-1"))
    res = runner.invoke(app, ["extract", str(f)])
    assert res.exit_code == 2, res.output
    assert "not UTF-8" in res.output and "save it as UTF-8" in res.output


def test_standard_input_in_another_encoding_gets_the_fix() -> None:
    text = "Gunmen attacked a café in Lahore on 3 March 2015.".encode("cp1252")
    res = runner.invoke(app, ["extract", "-"], input=text)
    assert res.exit_code == 2 and "standard input is not UTF-8" in res.output


def test_python_m_nlp_reads_the_same_stream_as_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m militancydb.nlp`` goes on past a line that is not UTF-8, as ``extract`` does."""
    from militancydb.nlp.__main__ import main

    f = tmp_path / "docs.jsonl"
    f.write_bytes(
        LINE.format(id="a", place="Quetta").encode()
        + b'{"id": "b", "text": "caf\xe9"}\n'
        + LINE.format(id="c", place="Karachi").encode()
    )
    assert main(["--input", str(f), "--format", "gtd"]) == 0
    a, b, c = _records(capsys.readouterr().out)
    res = runner.invoke(app, ["extract", "--input", str(f), "--format", "gtd"])
    assert [a, b, c] == _records(res.stdout)
    assert a["incidents"] and c["incidents"] and "not UTF-8" in str(b["error"])
