"""``militancydb ask``: every command is an adapter of the questions service
(:func:`militancydb.analysis.questions.ask`, which the API and the web pages ask too) and
prints what the service answers, the options the service reads only from the command line
(several event types; the high-profile thresholds) included."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from militancydb.analysis import questions
from militancydb.cli.main import app
from militancydb.db.engine import make_engine, session_scope
from militancydb.errors import ValidationFailed
from militancydb.knowledge.loader import load_knowledge

#: one invocation of each question, with the options as the service is given them
ASKED: list[tuple[list[str], dict[str, str]]] = [
    (
        ["operational", "--actor", "Islamic State", "--country", "PK", "--on", "2016-08-31"],
        {"actor": "Islamic State", "country": "PK", "on": "2016-08-31"},
    ),
    (
        [
            "last-high-profile",
            "--before",
            "2016-08-08",
            "--country",
            "PK",
            "--min-killed",
            "40",
            "--national-target",
            "judiciary",
            "--national-target",
            "foreigners",
        ],
        {
            "before": "2016-08-08",
            "country": "PK",
            "definition": "analyst",
            "min_killed": "40",
            "national_target": "judiciary,foreigners",
        },
    ),
    (
        [
            "trend",
            "--period",
            "2016",
            "--by",
            "actor",
            "--event-type",
            "militant_attack",
            "--event-type",
            "sectarian_attack",
        ],
        {"period": "2016", "by": "actor", "event_type": "militant_attack,sectarian_attack"},
    ),
    (
        ["losses", "--actor", "TTP", "--from", "2014-01-01", "--to", "2016-12-31"],
        {"actor": "TTP", "date_from": "2014-01-01", "date_to": "2016-12-31"},
    ),
    (["leadership", "--actor", "TTP", "--on", "2016-08-08"], {"actor": "TTP", "on": "2016-08-08"}),
    (["tactics", "--actor", "TTP"], {"actor": "TTP"}),
    (
        ["network", "--actor", "TTP", "--on", "2016-08-08", "--with-later"],
        {"actor": "TTP", "on": "2016-08-08", "with_later": "1"},
    ),
]


def test_every_ask_command_asks_the_service_and_prints_its_answer(
    ucdp_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, dict[str, str]]] = []
    real = questions.ask

    def recording(session: Any, kb: Any, name: str, raw: Any) -> questions.Answered:
        asked.append((name, dict(raw)))
        return real(session, kb, name, raw)

    monkeypatch.setattr(questions, "ask", recording)
    printed = []
    for args, _ in ASKED:
        r = CliRunner().invoke(app, ["--db", ucdp_db_url, "ask", *args, "--format", "json"])
        assert r.exit_code == 0, (args, r.output)
        printed.append(json.loads(r.stdout))
    assert asked == [(args[0], raw) for args, raw in ASKED]

    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        for (args, raw), got in zip(ASKED, printed, strict=True):
            assert got == questions.plain(real(s, kb, args[0], raw).answer), args[0]
    engine.dispose()


def test_the_service_reads_the_thresholds_and_the_lists(ucdp_db_url: str) -> None:
    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        base = {"before": "2016-08-08", "country": "PK"}
        plain = questions.ask(s, kb, "last-high-profile", base).answer
        strict = questions.ask(s, kb, "last-high-profile", {**base, "min_killed": "60"}).answer
        assert plain.definition != strict.definition and "60" in strict.definition
        listed = questions.ask(
            s, kb, "last-high-profile", {**base, "national_target": "judiciary, foreigners"}
        ).answer
        assert "foreigners, judiciary" in listed.definition
        two = questions.ask(
            s, kb, "trend", {"period": "2016", "event_type": "militant_attack,sectarian_attack"}
        ).answer
        one = questions.ask(
            s, kb, "trend", {"period": "2016", "event_type": "militant_attack"}
        ).answer
        assert two.total.now.incidents >= one.total.now.incidents
        with pytest.raises(ValidationFailed) as bad:
            questions.ask(s, kb, "last-high-profile", {**base, "min_killed": "-3"})
        assert [e.field for e in bad.value.errors] == ["min_killed"]
    engine.dispose()
