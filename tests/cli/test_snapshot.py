"""The knowledge snapshot (issue 15): commands read the knowledge base from a compiled
snapshot in the user's cache, which is rebuilt as soon as the database's knowledge changes,
so that what a command sees is never stale."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from sqlalchemy import Engine

from militancydb.db.engine import session_scope
from militancydb.knowledge import snapshot
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.knowledge.snapshot import load_cached, snapshot_path
from militancydb.services.history import Editor
from militancydb.services.knowledge import delete_record, edit_record, record_state

EDITOR = Editor(user="tester", reason="snapshot test")


def test_the_snapshot_holds_what_the_tables_hold(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as s:
        first = load_cached(s, tmp_path)
        again = load_cached(s, tmp_path)
        fresh = load_knowledge(s)
        assert snapshot_path(s, tmp_path).is_file()
    assert not first.from_snapshot and again.from_snapshot
    kb = again.knowledge
    assert kb.gazetteer.places == fresh.gazetteer.places
    assert kb.registry.actors == fresh.registry.actors
    assert kb.registry.relations == fresh.registry.relations
    quetta = kb.gazetteer.resolve("Quetta", within="PK-BA")
    assert quetta.key == fresh.gazetteer.resolve("Quetta", within="PK-BA").key is not None


def test_an_edit_through_the_service_is_seen_by_the_next_load(
    engine: Engine, tmp_path: Path
) -> None:
    with session_scope(engine) as s:
        assert load_cached(s, tmp_path).knowledge.gazetteer.places["PK-BA"].name == "Balochistan"
        version = record_state(s, "place", "PK-BA")["version"]
    with session_scope(engine) as s:
        edit_record(
            s, "place", "PK-BA", {"name": "Baluchistan"}, expected_version=version, editor=EDITOR
        )
    with session_scope(engine) as s:
        loaded = load_cached(s, tmp_path)
        assert not loaded.from_snapshot
        assert loaded.knowledge.gazetteer.places["PK-BA"].name == "Baluchistan"
        assert load_cached(s, tmp_path).from_snapshot  # and kept for the next command


def test_a_deleted_actor_leaves_the_snapshot(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as s:
        actors = load_cached(s, tmp_path).knowledge.registry.actors
        key = "lashkar-e-islam" if "lashkar-e-islam" in actors else sorted(actors)[0]
        version = record_state(s, "actor", key)["version"]
    with session_scope(engine) as s:
        delete_record(s, "actor", key, expected_version=version, editor=EDITOR)
    with session_scope(engine) as s:
        assert key not in load_cached(s, tmp_path).knowledge.registry.actors


def test_an_unreadable_snapshot_is_rebuilt(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as s:
        load_cached(s, tmp_path)
        snapshot_path(s, tmp_path).write_bytes(b"not a snapshot")
        loaded = load_cached(s, tmp_path)
        assert not loaded.from_snapshot and "PK-BA" in loaded.knowledge.gazetteer.places
        assert load_cached(s, tmp_path).from_snapshot


def test_the_mark_names_the_tables_of_the_knowledge_records() -> None:
    """The mark is built on the tables' names (no ORM mappers): they are the tables of the
    versioned knowledge records and their aliases, with the columns it reads."""
    from militancydb.db.tables import (
        Actor,
        ActorAlias,
        ActorRelation,
        Membership,
        Person,
        PersonEvent,
        Place,
        PlaceAlias,
        ProclaimedTerritory,
        TerritoryControl,
    )

    versioned = (Place, Actor, ActorRelation, ProclaimedTerritory, Person, Membership)
    versioned += (PersonEvent, TerritoryControl)
    assert snapshot.VERSIONED == tuple(m.__tablename__ for m in versioned)
    assert all("version" in m.__table__.c for m in versioned)
    assert snapshot.ALIASES == (PlaceAlias.__tablename__, ActorAlias.__tablename__)


def test_each_registry_is_unpickled_when_first_used(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as s:
        load_cached(s, tmp_path)
        loaded = load_cached(s, tmp_path)
        fresh = load_knowledge(s)
    kb = loaded.knowledge
    assert isinstance(kb, snapshot.SnapshotKnowledge) and kb.unpickled == frozenset()
    assert kb.registry.actors == fresh.registry.actors
    assert kb.unpickled == {"registry"}  # the gazetteer not read for an actor's question
    assert kb.gazetteer.places == fresh.gazetteer.places
    assert kb.unpickled == {"registry", "gazetteer"}
    copy = pickle.loads(pickle.dumps(kb))
    assert type(copy) is Knowledge and copy.registry.actors == fresh.registry.actors


def test_a_part_that_does_not_unpickle_is_read_from_the_tables(
    engine: Engine, tmp_path: Path
) -> None:
    with session_scope(engine) as s:
        load_cached(s, tmp_path)
        kb = load_cached(s, tmp_path).knowledge
        assert isinstance(kb, snapshot.SnapshotKnowledge)
        kb._pickled["gazetteer"] = pickle.dumps(1)[:-2]  # truncated
        assert "PK-BA" in kb.gazetteer.places


def test_ask_operational_reads_the_registry_not_the_gazetteer(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ask operational`` names an actor and no place: of the snapshot it unpickles the
    actor registry only (issue 15: the gazetteer is most of the snapshot's reading)."""
    from militancydb.analysis.questions import ask
    from militancydb.cli.common import knowledge

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    params = {"actor": "Islamic State", "country": "PK", "on": "2016-08-31"}
    with session_scope(engine) as s:
        load_cached(s)  # the snapshot, written
        kb = knowledge(s)
        answered = ask(s, kb, "operational", params)
        held = kb._get()
        assert isinstance(held, snapshot.SnapshotKnowledge)
        assert held.unpickled == {"registry"}
        assert answered.to_json() == ask(s, load_knowledge(s), "operational", params).to_json()
