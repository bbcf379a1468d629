"""``militancydb extract``: one file, standard input, JSON lines, GTD and ACLED shapes, and
clear errors for bad input (no database needed)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from militancydb.cli.main import app

runner = CliRunner()
TEXT = (
    "QUETTA: A suicide bomber blew himself up outside a police station in Quetta on Monday, "
    "killing at least 12 people and wounding 20. The Islamic State claimed the attack "
    "through its Amaq news agency."
)


def test_gtd_shape_of_one_file(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    res = runner.invoke(app, ["extract", str(f), "--published", "2016-08-08", "--format", "gtd"])
    assert res.exit_code == 0, res.output
    (row,) = json.loads(res.stdout)
    assert (row["iyear"], row["imonth"], row["iday"]) == (2016, 8, 8)
    assert (row["country_txt"], row["provstate"], row["city"]) == (
        "Pakistan",
        "Balochistan",
        "Quetta",
    )
    assert row["attacktype1_txt"] == "Bombing/Explosion"
    assert row["weaptype1_txt"] == "Explosives"
    assert row["targtype1_txt"] == "Police"
    assert (row["suicide"], row["nkill"], row["nwound"], row["nkillter"]) == (1, 13, 20, 1)
    assert (row["gname"], row["claimed"]) == ("Islamic State", 1)


def test_acled_shape_and_unknown_perpetrator() -> None:
    text = "A roadside bomb killed three soldiers in Kandahar on Sunday."
    res = runner.invoke(
        app, ["extract", "-", "--published", "2019-07-23", "--format", "acled"], input=text
    )
    assert res.exit_code == 0, res.output
    (row,) = json.loads(res.stdout)
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Remote explosive/landmine/IED"
    assert (row["country"], row["event_date"], row["fatalities"]) == (
        "Afghanistan",
        "2019-07-21",
        3,
    )
    res = runner.invoke(app, ["extract", "-", "--format", "gtd"], input=text)
    assert json.loads(res.stdout)[0]["gname"] == "Unknown"


def test_batch_mode_one_line_per_input(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": TEXT, "published": "2016-08-08"}),
                json.dumps({"id": "b", "text": "The cabinet met in Islamabad on Monday."}),
                "not json",
                json.dumps({"id": "c", "text": TEXT, "published": "08/08/2016"}),
                json.dumps({"id": "d", "text": TEXT, "published": "2016-02-30"}),
                '{"id": "e", "text": "two\tcolumns"}',
            ]
        )
    )
    res = runner.invoke(app, ["extract", "--input", str(docs), "--format", "gtd"])
    assert res.exit_code == 0, res.output
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", "b", None, "c", "d", None]
    assert len(out[0]["incidents"]) == 1 and out[1]["incidents"] == []
    assert "not JSON" in out[2]["error"] and out[2]["line"] == 3
    assert "not a date in the form YYYY-MM-DD" in out[3]["error"]
    assert "no day of the calendar" in out[4]["error"]
    assert "Invalid control character at character" in out[5]["error"]
    assert "escaped" in out[5]["error"]


def test_bad_input_gets_one_clear_error(tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\x00\x00" * 100)
    res = runner.invoke(app, ["extract", str(binary)])
    assert res.exit_code == 2 and "binary file" in res.output
    res = runner.invoke(app, ["extract", str(tmp_path / "missing.txt")])
    assert res.exit_code == 2 and "no such file" in res.output
    res = runner.invoke(app, ["extract", "-", "--format", "xml"], input=TEXT)
    assert res.exit_code == 2 and "'xml' is not one of 'json', 'gtd', 'acled'" in " ".join(
        res.output.replace("│", " ").split()
    )
    res = runner.invoke(app, ["extract", "-", "--published", "8 Aug"], input=TEXT)
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output
    big = tmp_path / "big.txt"
    big.write_text("A bomb exploded. " * 130_000)  # over the 2,000,000-character limit
    res = runner.invoke(app, ["extract", str(big)])
    assert res.exit_code == 2 and "split it" in res.output


def test_acled_shape_of_attacks_on_police_and_on_civilians() -> None:
    """An attack on police with firearms is a battle in ACLED's terms, on shopkeepers violence
    against civilians; nobody named: ACLED's "Unidentified Armed Group (Country)"."""
    police = "Gunmen opened fire on a police patrol in Quetta on Monday, killing three policemen."
    shops = "Unknown gunmen shot dead two shopkeepers in Quetta on Monday."
    rows = []
    for text in (police, shops):
        res = runner.invoke(
            app, ["extract", "-", "--published", "2016-08-09", "--format", "acled"], input=text
        )
        assert res.exit_code == 0, res.output
        rows.append(json.loads(res.stdout)[0])
    assert (rows[0]["event_type"], rows[0]["sub_event_type"]) == ("Battles", "Armed clash")
    assert (rows[1]["event_type"], rows[1]["sub_event_type"]) == (
        "Violence against civilians",
        "Attack",
    )
    assert {r["actor1"] for r in rows} == {"Unidentified Armed Group (Pakistan)"}
