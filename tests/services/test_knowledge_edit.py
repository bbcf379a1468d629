"""Adding, editing and deleting knowledge records, with sources, versions and history."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from militancydb.errors import AlreadyExists, StaleEdit, ValidationFailed
from militancydb.knowledge.loader import load_registry, load_shipped
from militancydb.services.history import Editor, history
from militancydb.services.knowledge import add_knowledge, delete_record, edit_record, record_state

ED = Editor("analyst", reason="test")

DOC = {
    "sources": [
        {
            "id": "t-src",
            "publisher": "Test Publisher",
            "title": "Test page",
            "url": "https://example.org/t",
            "date": "2020-01-01",
        }
    ],
    "actors": [
        {
            "key": "t-group",
            "name": "Test Group of Zhob",
            "kind": "militant_group",
            "family": "religious",
            "parent": "ttp",
            "founded": "2019-05",
            "aliases": [{"name": "TGZ", "kind": "acronym"}],
            "sources": ["t-src"],
        }
    ],
    "relations": [
        {
            "type": "split",
            "from": "t-group",
            "to": "ttp",
            "start": "2020-01",
            "confidence": "low",
            "sources": ["t-src"],
        }
    ],
}


def test_added_records_resolve_and_have_a_history(session: Session) -> None:
    counts = add_knowledge(session, DOC, ED)
    assert counts == {"actor": 1, "relation": 1}
    reg = load_registry(session)
    assert reg.resolve("TGZ").key == "t-group"
    assert "t-group" in reg.children("ttp")
    assert reg.get("t-group").sources == ("t-src",)  # type: ignore[union-attr]
    changes = history(session, "actor", "t-group")
    assert [c.action for c in changes] == ["create"] and changes[0].user == "analyst"


def test_a_record_without_a_source_or_with_a_dangling_reference_is_refused(
    session: Session,
) -> None:
    doc = {"actors": [{"key": "t-nosrc", "name": "No Source Group", "parent": "no-such-actor"}]}
    with pytest.raises(ValidationFailed) as err:
        add_knowledge(session, doc, ED)
    text = str(err.value)
    assert "every fact needs a source" in text
    assert "'no-such-actor' does not exist" in text
    assert load_registry(session).get("t-nosrc") is None


def test_adding_an_existing_key_is_refused(session: Session) -> None:
    add_knowledge(session, DOC, ED)
    with pytest.raises(AlreadyExists):
        add_knowledge(session, DOC, ED)


def test_edit_against_an_old_version_is_refused_and_changes_nothing(session: Session) -> None:
    add_knowledge(session, DOC, ED)
    edit_record(session, "actor", "t-group", {"founded": "2019-06"}, expected_version=1, editor=ED)
    with pytest.raises(StaleEdit) as err:
        edit_record(
            session, "actor", "t-group", {"founded": "2019-07"}, expected_version=1, editor=ED
        )
    assert "--entity actor" in str(err.value)
    state = record_state(session, "actor", "t-group")
    assert state["founded"] == "2019-06" and state["version"] == 2
    assert len(history(session, "actor", "t-group")) == 2


def test_bad_field_and_bad_date_are_named(session: Session) -> None:
    add_knowledge(session, DOC, ED)
    with pytest.raises(ValidationFailed) as err:
        edit_record(
            session,
            "actor",
            "t-group",
            {"colour": "red", "founded": "2019-13"},
            expected_version=1,
            editor=ED,
        )
    assert "colour" in str(err.value) and "month 13" in str(err.value)


def test_an_edited_shipped_record_is_not_overwritten_by_a_reload(session: Session) -> None:
    before = record_state(session, "actor", "imu")
    edit_record(
        session,
        "actor",
        "imu",
        {"note": "analyst's note"},
        expected_version=before["version"],
        editor=ED,
    )
    report = load_shipped(session)
    assert "imu" in report.counts["actor"].conflicts
    assert record_state(session, "actor", "imu")["note"] == "analyst's note"


def test_deleted_records_leave_the_registry_but_keep_their_history(session: Session) -> None:
    add_knowledge(session, DOC, ED)
    delete_record(session, "actor", "t-group", expected_version=1, editor=ED)
    assert load_registry(session).get("t-group") is None
    assert [c.action for c in history(session, "actor", "t-group")] == ["create", "delete"]
