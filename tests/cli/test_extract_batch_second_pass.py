"""``militancydb extract --input`` on JSON lines as an analyst writes them, second pass: the
--published given on the command line dates the lines that carry none; a line without an id,
with an id that is no string or number, or with an id an earlier line has, is read all the
same and its output says so; an empty text, a text that is no string and a line that is no
object each get their own error, and every other line is still read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from militancydb.cli.main import app

runner = CliRunner()
TEXT = "QUETTA: Gunmen shot dead two policemen in Quetta on Monday, police said."


def _run(tmp_path: Path, lines: list[Any], *args: str) -> list[dict[str, Any]]:
    f = tmp_path / "docs.jsonl"
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n", "utf-8")
    res = runner.invoke(app, ["extract", "--input", str(f), "--format", "gtd", *args])
    assert res.exit_code == 0, res.output
    return [json.loads(x) for x in res.stdout.splitlines()]


def test_published_on_the_command_line_dates_lines_without_one(tmp_path: Path) -> None:
    lines = [{"id": "a", "text": TEXT}, {"id": "b", "text": TEXT, "published": "2016-08-08"}]
    a, b = _run(tmp_path, lines, "--published", "2024-03-05")
    assert (a["incidents"][0]["iyear"], a["incidents"][0]["iday"]) == (2024, 4)  # Monday
    assert (b["incidents"][0]["iyear"], b["incidents"][0]["iday"]) == (2016, 8)  # its own


def test_ids_missing_odd_or_repeated_are_read_and_flagged(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": TEXT},
        {"text": TEXT},
        {"id": None, "text": TEXT},
        {"id": {"x": 1}, "text": TEXT},
        {"id": "a", "text": TEXT},
        {"id": 7, "text": TEXT},
    ]
    out = _run(tmp_path, lines, "--published", "2024-03-05")
    assert len(out) == 6 and all(o["incidents"] for o in out)  # nothing lost
    assert "warning" not in out[0] and "warning" not in out[5] and out[5]["id"] == "7"
    missing, null, obj, repeated = out[1:5]
    assert (missing["id"], missing["line"]) == ("2", 2) and 'no "id"' in missing["warning"]
    assert null["id"] == "3" and '"id" is null' in null["warning"]
    assert obj["id"] == "4" and '"id" is an object' in obj["warning"]
    assert repeated["id"] == "a" and "also the id of line 1" in repeated["warning"]
    assert all("give each line its own" in o["warning"] for o in out[1:5])


def test_bad_texts_and_lines_each_get_their_own_error(tmp_path: Path) -> None:
    lines = [
        {"id": "e", "text": ""},
        {"id": "w", "text": "  \n "},
        {"id": "n", "text": 12345},
        {"id": "l", "text": ["QUETTA"]},
        {"id": "k", "txt": TEXT},
        ["not", "an", "object"],
        {"id": "ok", "text": TEXT},
    ]
    out = _run(tmp_path, lines)
    assert [o["id"] for o in out] == ["e", "w", "n", "l", "k", None, "ok"]
    assert [o.get("line") for o in out[:6]] == [1, 2, 3, 4, 5, 6]
    empty, blank, number, listed, typo, not_object, ok = out
    assert '"text" is empty' in empty["error"] and '"text" is empty' in blank["error"]
    assert '"text" is a number, not a string' in number["error"]
    assert '"text" is a list' in listed["error"]
    assert "no \"text\" (the keys are 'id', 'txt')" in typo["error"]
    assert "is a list, not an object" in not_object["error"]
    assert ok["incidents"] and "error" not in ok
