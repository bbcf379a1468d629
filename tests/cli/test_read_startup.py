"""Read commands before their first query (issue 15, point 1): they import no heavy library,
read the knowledge base only when a name is to be resolved, resolve a plain place name with
one query, and print what they printed when they read the whole knowledge base first.

Modules are checked on ``sys.modules`` of a fresh interpreter running the installed entry
point (timings are in ``bench/startup.py``, not here)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from militancydb.cli import ask_group_questions, ask_incident_questions, common
from militancydb.cli import incidents as cli_incidents
from militancydb.cli.main import app
from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import Base, Place, PlaceAlias
from militancydb.knowledge.loader import LazyKnowledge, load_knowledge
from militancydb.knowledge.names import exact_place, stoplist
from militancydb.knowledge.place_files import read_stoplist
from militancydb.knowledge.place_tree import DISTRICT_KINDS, PROVINCE_KINDS
from militancydb.knowledge.snapshot import cached_knowledge, mark_query

#: libraries no read command needs (the reports', the web's, the importers', the migrations')
HEAVY = ("matplotlib", "weasyprint", "shapely", "numpy", "pandas", "pyarrow", "alembic")
HEAVY += ("fastapi", "uvicorn", "jinja2", "trafilatura", "yaml", "rapidfuzz")
#: what no read command imports either: the settings are read without pydantic-settings; the
#: table modules of what no read command reads (``db/tables.py`` imports a
#: table's module when the table is asked for)
NEVER: tuple[str, ...] = ("pydantic_settings",)
NEVER += tuple(f"militancydb.db.{m}" for m in ("account_tables", "document_tables"))
NEVER += ("militancydb.db.established_tables",)
#: what one command does not need: the write services behind a page of today's state; the
#: other questions' modules behind `ask operational`, nor the claims service and its models
#: (it reads the group's claims as columns), nor the knowledge tables' ORM classes (the
#: snapshot's mark names the tables)
NOT_FOR: dict[str, tuple[str, ...]] = {
    "page": ("militancydb.services.incidents", "militancydb.services.incident_store"),
    "operational": (
        *(f"militancydb.analysis.{m}" for m in ("losses", "actor_questions", "high_profile")),
        *("militancydb.services.claims", "militancydb.services.claims_listing"),
        *("militancydb.domain.claim", "militancydb.db.knowledge_tables"),
    ),
}
#: on SQLite: the PostgreSQL dialect (the tables' JSON type imports it on PostgreSQL only)
NOT_ON_SQLITE = ("sqlalchemy.dialects.postgresql",)
#: on PostgreSQL: the SQLite dialect (the ranged incidents' index declares its SQLite
#: condition only when the whole schema is asked for)
NOT_ON_POSTGRESQL = ("sqlalchemy.dialects.sqlite",)

PROBE = """
import gc, json, sys
sys.argv = ["militancydb", *sys.argv[1:]]
from militancydb.cli.entry import run
try:
    run()
except SystemExit as exc:
    code = exc.code
collector = {"enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}
print(json.dumps({"code": code, "modules": sorted(sys.modules), "collector": collector}))
"""

READS: dict[str, tuple[str, ...]] = {
    "stats": ("stats", "--by", "province", "--period", "month"),
    "trend": ("ask", "trend", "--period", "2016", "--by", "province"),
    "page": (
        *("incidents", "list", "--province", "Balochistan"),
        *("--from", "2016-08-01", "--to", "2016-08-31", "--limit", "50"),
    ),
    "district": ("incidents", "list", "--district", "Quetta", "--limit", "5"),
    # an export: not the GTD/ACLED/Parquet writers (pyarrow, numpy) before its first query
    "page-csv": (
        *("incidents", "list", "--province", "Balochistan"),
        *("--from", "2016-08-01", "--to", "2016-08-31", "--format", "csv"),
    ),
    "page-jsonl": (
        *("incidents", "list", "--province", "Balochistan"),
        *("--from", "2016-08-01", "--to", "2016-08-31", "--format", "jsonl"),
    ),
    "high-profile": ("ask", "last-high-profile", "--before", "2016-08-08", "--country", "PK"),
    "operational": (
        *("ask", "operational", "--actor", "Islamic State", "--country", "PK"),
        *("--on", "2016-08-31"),
    ),
}
#: the commands whose options name no place and no actor: they never read the registries
NO_NAMES = ("stats", "trend")
#: the commands whose only name is a plain place name: one query, not the registries
PLAIN_PLACE = ("page", "district", "page-csv", "page-jsonl")


def modules_of(db_url: str, args: tuple[str, ...], cache: Path) -> list[str]:
    """The modules a command imported; also checks that the cycle collector, paused while
    the program started, ran again (with what the start-up imported frozen)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--db", db_url, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] in (0, None), done.stderr
    assert result["collector"]["enabled"] and result["collector"]["frozen"] > 10_000
    return list(result["modules"])


@pytest.mark.parametrize("name", sorted(READS))
def test_a_read_command_imports_no_heavy_library(
    ucdp_db_url: str, name: str, tmp_path: Path
) -> None:
    modules_of(ucdp_db_url, READS[name], tmp_path)  # builds the snapshot where it is read
    modules = modules_of(ucdp_db_url, READS[name], tmp_path)
    tops = {m.split(".")[0] for m in modules}
    heavy = tops & set(HEAVY)
    assert heavy <= {"yaml", "rapidfuzz"}, heavy
    never = NEVER + NOT_FOR.get(name, ())
    never += NOT_ON_SQLITE if ucdp_db_url.startswith("sqlite") else NOT_ON_POSTGRESQL
    assert not [m for m in modules if m in never], never
    snapshot_read = "militancydb.knowledge.snapshot" in modules
    if name in NO_NAMES + PLAIN_PLACE:
        assert not snapshot_read and not heavy
    else:  # an actor's name: the registries are read (from the snapshot)
        assert snapshot_read


def _run(db_url: str, args: tuple[str, ...]) -> tuple[int, str]:
    r = CliRunner().invoke(app, ["--db", db_url, *args])
    return r.exit_code, r.output


# the answers, the errors of names that do not resolve, and names the gazetteer decides
SAME = [
    *READS.values(),
    ("incidents", "list", "--province", "balochistan", "--limit", "5"),  # normalised
    ("incidents", "list", "--province", "Nowhereistan"),  # no such place
    ("incidents", "list", "--province", "Quetta"),  # a place, not a province
    ("incidents", "list", "--province", "PK-BA", "--country", "AF"),  # another country's
    ("incidents", "list", "--province", "KP", "--district", "Khyber", "--limit", "5"),
    ("stats", "--province", "Sindh", "--by", "event_type", "--format", "json"),
    ("ask", "trend", "--period", "2016-08", "--province", "Punjab", "--format", "json"),
    ("ask", "last-high-profile", "--before", "2016-08-08", "--province", "Balochistan"),
]


def test_the_output_is_what_reading_the_whole_knowledge_base_gave(
    ucdp_db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    now = [_run(ucdp_db_url, args) for args in SAME]
    # as before: every command reads the whole knowledge base first (from the snapshot)
    for module in (common, ask_incident_questions, ask_group_questions, cli_incidents):
        monkeypatch.setattr(module, "knowledge", cached_knowledge)
    before = [_run(ucdp_db_url, args) for args in SAME]
    for args, got, expected in zip(SAME, now, before, strict=True):
        assert got == expected, args
    assert any(code != 0 for code, _ in now)  # the refusals were compared too


def test_the_registries_are_read_on_first_use_only(ucdp_db_url: str) -> None:
    engine = make_engine(ucdp_db_url)
    loads: list[int] = []
    with session_scope(engine) as s:
        kb = LazyKnowledge(lambda: loads.append(1) or load_knowledge(s), s)
        assert not kb.loaded and loads == []
        assert kb.exact_place("Balochistan", kinds=PROVINCE_KINDS) == "PK-BA"
        assert not kb.loaded  # one query, not the registries
        assert kb.gazetteer.places["PK-BA"].name == "Balochistan"
        assert kb.registry.actors and kb.loaded and loads == [1]
        assert kb.exact_place("Balochistan", kinds=PROVINCE_KINDS) is None  # read: ask it
    engine.dispose()


def test_the_stoplist_is_the_shipped_one() -> None:
    assert stoplist() == read_stoplist() and stoplist()


def _names(s: Session) -> list[str]:
    places, aliases = Place.__table__, PlaceAlias.__table__
    found = {*s.scalars(select(places.c.key)), *s.scalars(select(places.c.name))}
    found |= set(s.scalars(select(aliases.c.alias)))
    return sorted(found)


COMBINATIONS = (
    (PROVINCE_KINDS, None),
    (DISTRICT_KINDS, None),
    (PROVINCE_KINDS, "PK"),
    (DISTRICT_KINDS, "AF"),
)


def test_a_name_resolved_with_one_query_is_what_the_gazetteer_says(db_url: str) -> None:
    """The key and name of every province and district, every third of their aliases and
    every fortieth other key, name or alias of the gazetteer, each as a province or a
    district, with or without a country (two of the four combinations in turn): where the
    query answers, the gazetteer gives the same key."""
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        gaz = load_knowledge(s).gazetteer
        admin = {k for k, p in gaz.places.items() if p.kind in PROVINCE_KINDS | DISTRICT_KINDS}
        names = {*admin, *(gaz.places[k].name for k in admin)}
        names |= set(sorted({a for k in admin for a, _ in gaz.places[k].aliases})[::3])
        names |= set(_names(s)[::40])
        statements: list[str] = []

        @event.listens_for(engine, "before_cursor_execute")
        def count(conn: object, cursor: object, statement: str, *args: object) -> None:
            statements.append(statement)

        answered = 0
        extra = [" Balochistan ", "Baluchistan", "x" * 400, ""]
        for i, text in enumerate([*sorted(names), *extra]):
            for kinds, country in (COMBINATIONS[i % 4], COMBINATIONS[(i + 1) % 4]):
                statements.clear()
                key = exact_place(s, text, kinds=kinds, country=country)
                assert len(statements) <= 2  # the key, then the names and aliases
                if key is not None:
                    answered += 1
                    got = gaz.resolve(text, country=country, kinds=kinds).key
                    assert got == key, (text, kinds, country)
        assert answered > 100
        assert exact_place(s, "Balochistan", kinds=PROVINCE_KINDS) == "PK-BA"
        assert exact_place(s, "balochistan", kinds=PROVINCE_KINDS) is None  # normalised
    engine.dispose()


def test_the_snapshot_mark_reads_the_knowledge_rows_through_their_index(tmp_path: Path) -> None:
    """The highest id of the knowledge's citations and changes is read through the
    entity_type index, not by walking every incident's rows down from the newest (what
    SQLite chose with a bare max(id) on the statistics of 1,000,000 incidents)."""
    path = tmp_path / "plan.db"
    engine = make_engine(f"sqlite:///{path}", must_exist=False)
    Base.metadata.create_all(engine)
    engine.dispose()
    with sqlite3.connect(path) as db:  # the statistics ANALYZE left at 1,000,000 incidents
        db.execute("ANALYZE")
        db.execute("DELETE FROM sqlite_stat1")
        db.executemany(
            "INSERT INTO sqlite_stat1 VALUES (?, ?, ?)",
            [
                ("citations", "ix_citations_entity", "1017342 92486 1"),
                ("change_log", "ix_change_log_entity", "1000000 100000 1 1"),
            ],
        )
    engine = make_engine(f"sqlite:///{path}")
    sql = str(mark_query().compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as c:
        plan = [row[3] for row in c.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
        bare = "SELECT max(id) FROM citations WHERE entity_type IN ('place', 'actor')"
        walk = [row[3] for row in c.exec_driver_sql(f"EXPLAIN QUERY PLAN {bare}")]
    engine.dispose()
    assert walk == ["SEARCH citations"]  # the statistics do make SQLite walk
    for table in ("citations", "change_log"):
        steps = [p for p in plan if f" {table}" in p]
        assert steps and all("INDEX" in p for p in steps), plan
