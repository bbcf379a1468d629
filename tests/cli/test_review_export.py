"""``militancydb review export``: the queue's candidates in GTD or ACLED shape (or JSON with
spans), one line each, as ``extract`` gives them for the same text — for use with other
tools."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from militancydb.cli.main import app

runner = CliRunner()
ARTICLE = (
    "QUETTA: A suicide bomber blew himself up outside a police station in Quetta on Monday, "
    "killing at least 12 people and wounding 20. The Islamic State claimed the attack "
    "through its Amaq news agency."
)
OTHER = "KARACHI: Gunmen shot dead two traffic wardens in Karachi on Sunday."


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(x) for x in out.splitlines() if x.strip()]


def test_candidates_export_as_extract_gives_them(db_url: str, tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (news / "b.txt").write_text(OTHER, encoding="utf-8")
    base = ["--db", db_url, "--user", "tester"]
    res = runner.invoke(app, [*base, "ingest", str(news), "--published", "2016-08-08",
                              "--no-merge"])  # fmt: skip
    assert res.exit_code == 0, res.output
    for fmt in ("gtd", "acled", "json"):
        res = runner.invoke(app, [*base, "review", "export", "--format", fmt])
        assert res.exit_code == 0, res.output
        rows = _lines(res.stdout)
        assert [r["candidate"] for r in rows] == [1, 2]
        by_path = {Path(str(r["document_path"])).name: r for r in rows}
        direct = runner.invoke(
            app, ["extract", str(news / "a.txt"), "--published", "2016-08-08", "--format", fmt]
        )
        (expected,) = json.loads(direct.stdout)
        got = {k: v for k, v in by_path["a.txt"].items() if k in expected}
        if fmt == "json":
            expected.pop("doc")
            got.pop("doc", None)
        assert got == expected
    res = runner.invoke(app, [*base, "review", "export", "--format", "gtd"])
    gtd = {Path(str(r["document_path"])).name: r for r in _lines(res.stdout)}
    assert gtd["a.txt"]["gname"] == "Islamic State" and gtd["b.txt"]["gname"] == "Unknown"
    res = runner.invoke(app, [*base, "review", "reject", "2", "--reason", "a test"])
    res = runner.invoke(app, [*base, "review", "export", "--status", "rejected"])
    assert [r["candidate"] for r in _lines(res.stdout)] == [2]
