"""One field map per knowledge record kind (``knowledge/specs.py``): every field of every
spec goes from the YAML to the record, to a stored table row and back to the same record,
and every column of a table is some field's."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.db.tables import Person
from militancydb.knowledge import specs
from militancydb.knowledge.actor_records import AliasRecord
from militancydb.knowledge.loader import load_knowledge
from militancydb.knowledge.specs import Field, Spec

MAPPED = [s for s in specs.SPECS.values() if s.fields]
BOOKKEEPING = {"id", "version", "deleted", "origin"}


def _yaml_value(spec: Spec, f: Field) -> Any:
    """A value of the field's kind, as a YAML file would hold it (text cut to the column's
    length: PostgreSQL refuses longer text)."""
    length = getattr(spec.table.__table__.c[f.column_name].type, "length", None)
    return {
        "text": f"{f.name} value"[: length or None],
        "date": "2016-08",
        "keys": ["first-key", "second-key"],
        "joined": "first-key; second-key",
        "flag": True,
        "number": 30.25,
    }[f.kind]


def _record_value(spec: Spec, f: Field) -> Any:
    """The same value as the record holds it."""
    return {
        "keys": ("first-key", "second-key"),
        "joined": ("first-key", "second-key"),
    }.get(f.kind, _yaml_value(spec, f))


def _given(spec: Spec) -> dict[str, Any]:
    """Values that are not read from a YAML record (keys built from others, the parent's key,
    nested aliases)."""
    given: dict[str, Any] = {
        f.name: (1234 if f.name == "population" else f"given {f.name}")
        for f in spec.fields
        if f.yaml_name is None
    }
    if spec is specs.PLACE:
        given["aliases"] = (("Round Trip", "alias"),)
    if spec is specs.ACTOR:
        given["aliases"] = (AliasRecord("Round Trip", "name", "en"),)
    return given


@pytest.mark.parametrize("spec", MAPPED, ids=lambda s: s.entity)
def test_every_field_round_trips_yaml_record_table_record(spec: Spec, session: Session) -> None:
    raw = {f.yaml_name: _yaml_value(spec, f) for f in spec.fields if f.yaml_name is not None}
    raw["sources"] = ["a-source"]
    given = _given(spec)
    record = spec.from_yaml(raw, f"round trip {spec.entity}", **given)
    for f in spec.fields:
        expected = given[f.name] if f.yaml_name is None else _record_value(spec, f)
        assert getattr(record, f.name) == expected, f"{spec.entity}.{f.name} read from YAML"
    assert record.sources == ("a-source",)

    columns = spec.columns(record)
    table: Any = spec.table
    assert set(columns) == {c.name for c in table.__table__.columns} - BOOKKEEPING
    origin = {"origin": record.origin} if hasattr(record, "origin") else {}
    if "person_key" in columns:  # the one foreign key among the record tables
        session.add(Person(key=columns["person_key"], name="Round Trip"))
        session.flush()
    session.add(table(**columns, **origin))
    session.flush()
    session.expunge_all()
    row = session.scalar(select(table).where(table.key == record.key))
    assert row is not None
    back = spec.from_row(row, list(record.sources), given.get("aliases", ()))
    assert back == record
    session.rollback()


def test_the_registries_read_back_what_was_loaded(session: Session) -> None:
    # the shipped knowledge, loaded through the field maps, reads back through them
    kb = load_knowledge(session)
    relation = next(r for r in kb.registry.relations if r.sources)
    row = spec_row(session, specs.RELATION, relation.key)
    assert (row.from_key, row.to_key) == (relation.source_actor, relation.target_actor)
    actor = next(iter(kb.registry.actors.values()))
    assert specs.ACTOR.columns(actor)["parent_key"] == actor.parent


def spec_row(session: Session, spec: Spec, key: str) -> Any:
    table: Any = spec.table
    return session.scalar(select(table).where(table.key == key))
