"""``militancydb ingest`` and ``militancydb review`` on a real database (both backends)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from militancydb.cli.main import app

runner = CliRunner()


def cli(db: str, *args: str) -> Result:
    return runner.invoke(app, ["--db", db, "--user", "tester", *args])


def test_ingest_then_review(db_url: str, tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(
        "KARACHI: Gunmen shot dead a traffic warden in Karachi on Sunday. The Tehrik-i-Taliban "
        "Pakistan claimed responsibility in a phone call to reporters."
    )
    (news / "b.txt").write_text(
        "Der Anschlag in Kabul forderte am Montag viele Tote und Verletzte."
    )
    (news / "c.bin").write_bytes(b"\x00\x01\x02" * 10)
    res = cli(db_url, "ingest", str(news), "--published", "2016-08-08")
    assert res.exit_code == 0, res.output
    assert "3 documents stored" in res.stdout and "1 not extracted" in res.stdout
    assert "rejected" in res.stdout and "binary" in res.stdout
    res = cli(db_url, "review", "list", "--format", "json")
    (cand,) = json.loads(res.stdout)
    assert (cand["date"], cand["place"], cand["killed"]) == ("2016-08-07", "Karachi", "1")
    res = cli(db_url, "review", "show", str(cand["id"]), "--format", "json")
    shown = json.loads(res.stdout)
    assert shown["extracted"]["claims"][0]["channel"] == "telephone"
    res = cli(db_url, "review", "accept", str(cand["id"]))
    assert res.exit_code == 0 and "incident" in res.stdout
    res = cli(db_url, "review", "reject", str(cand["id"]), "--reason", "again")
    assert res.exit_code == 1 and "only pending" in res.output
    res = cli(db_url, "review", "list", "--status", "nonsense")
    assert res.exit_code == 2 and "not a status" in res.output
    res = cli(db_url, "ingest", str(news))
    assert "0 documents stored, 2 already held" in res.stdout  # the binary: refused again
    assert "1 rejected" in res.stdout and "binary" in res.stdout and "as before" in res.stdout


def test_show_names_the_decision_without_a_reason_it_never_had(db_url: str, tmp_path: Path) -> None:
    """An accept gives no reason; `review show` printed "decided by ... : None"."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "kohat.txt").write_text(
        "KOHAT: Militants attacked a police patrol in Kohat on Tuesday, killing four "
        "policemen and injuring two others, police said.",
        encoding="utf-8",
    )
    assert cli(db_url, "ingest", str(news), "--published", "2024-04-10").exit_code == 0
    (cand,) = json.loads(cli(db_url, "review", "list", "--format", "json").stdout)
    accepted = cli(db_url, "review", "accept", str(cand["id"]))
    assert accepted.exit_code == 0, accepted.output
    res = cli(db_url, "review", "show", str(cand["id"]))
    assert res.exit_code == 0, res.output
    line = next(x for x in res.stdout.splitlines() if "decided by tester" in x)
    assert "None" not in line and "(accepted, incident " in line and " UTC" in line
