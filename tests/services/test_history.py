"""The change log and what the database said on a past day (services.history, as_of)."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from militancydb.db.tables import ChangeLog
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import IncidentNotFound, MilitancyDBError
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor, history
from militancydb.services.incident_query import IncidentFilter
from militancydb.services.incidents import (
    create_incident,
    delete_incident,
    get_incident,
    list_incidents,
    restore_incident,
    update_incident,
)

ALICE = Editor(user="alice", reason="first report")
BOB = Editor(user="bob", reason="correction")

D = dt.date


def add(session: Session, kb: Knowledge, **fields: Any) -> IncidentPublic:
    doc: dict[str, Any] = {
        "date_start": "2016-08-08",
        "event_type": "militant_attack",
        "province": "Balochistan",
        "summary": "as first reported",
    }
    doc.update(fields)
    return create_incident(session, doc, kb, ALICE)


def backdate(session: Session, incident_id: int, version: int, at: dt.datetime) -> None:
    """Pretend the change that made ``version`` was made at ``at``."""
    session.execute(
        update(ChangeLog)
        .where(
            ChangeLog.entity_type == "incident",
            ChangeLog.entity_id == str(incident_id),
            ChangeLog.version == version,
        )
        .values(at=at)
    )
    session.flush()


def at(day: dt.date, hour: int = 12, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute, second))


def ids_as_of(session: Session, day: dt.date, flt: IncidentFilter | None = None) -> set[int]:
    return {i.id for i in list_incidents(session, flt, as_of=day).data}


# --- history -------------------------------------------------------------------------------


def test_history_lists_every_change_oldest_first(session: Session, kb: Knowledge) -> None:
    inc = add(session, kb)
    update_incident(
        session, inc.id, {"summary": "corrected"}, expected_version=1, kb=kb, editor=BOB
    )
    delete_incident(session, inc.id, expected_version=2, editor=BOB)
    restore_incident(session, inc.id, editor=ALICE)
    changes = history(session, "incident", inc.id)
    assert [(c.version, c.action, c.user) for c in changes] == [
        (1, "create", "alice"),
        (2, "update", "bob"),
        (3, "delete", "bob"),
        (4, "restore", "alice"),
    ]
    assert changes[0].before is None
    assert changes[1].changed_fields() == ["summary"]
    assert changes[2].changed_fields() == ["deleted"]
    assert changes[3].changed_fields() == ["deleted"]
    assert all(c.import_run_id is None and c.import_format is None for c in changes)
    for older, newer in zip(changes, changes[1:], strict=False):
        assert newer.before == older.after  # each change starts where the last one ended


def test_history_of_one_incident_leaves_others_out(session: Session, kb: Knowledge) -> None:
    a = add(session, kb)
    b = add(session, kb)
    update_incident(session, b.id, {"summary": "b edited"}, expected_version=1, kb=kb, editor=BOB)
    assert [c.action for c in history(session, "incident", a.id)] == ["create"]
    assert [c.action for c in history(session, "incident", b.id)] == ["create", "update"]


# --- as of a past day ----------------------------------------------------------------------


@pytest.fixture
def lifecycle(session: Session, kb: Knowledge) -> int:
    """An incident created on 10 Jan 2020, edited on 10 Feb, deleted on 10 Mar, restored on
    10 Apr (times set in the change log)."""
    inc = add(session, kb)
    update_incident(
        session,
        inc.id,
        {"summary": "corrected", "province": "Punjab"},
        expected_version=1,
        kb=kb,
        editor=BOB,
    )
    delete_incident(session, inc.id, expected_version=2, editor=BOB)
    restore_incident(session, inc.id, editor=ALICE)
    backdate(session, inc.id, 1, at(D(2020, 1, 10), 9))
    backdate(session, inc.id, 2, at(D(2020, 2, 10), 23, 59, 59))
    backdate(session, inc.id, 3, at(D(2020, 3, 10), 0, 0, 0))
    backdate(session, inc.id, 4, at(D(2020, 4, 10), 15))
    return inc.id


def test_as_of_before_creation_finds_nothing(session: Session, lifecycle: int) -> None:
    with pytest.raises(IncidentNotFound, match="did not exist"):
        get_incident(session, lifecycle, as_of=D(2020, 1, 9))
    assert lifecycle not in ids_as_of(session, D(2020, 1, 9))


def test_as_of_creation_day_gives_the_first_version(session: Session, lifecycle: int) -> None:
    for day in (D(2020, 1, 10), D(2020, 2, 9)):
        old = get_incident(session, lifecycle, as_of=day)
        assert (old.version, old.summary, old.location.province) == (
            1,
            "as first reported",
            "PK-BA",
        )
        assert lifecycle in ids_as_of(session, day)


def test_as_of_counts_a_change_late_in_the_day(session: Session, lifecycle: int) -> None:
    edited = get_incident(session, lifecycle, as_of=D(2020, 2, 10))
    assert (edited.version, edited.summary, edited.location.province) == (2, "corrected", "PK-PB")


def test_deleted_incident_is_gone_as_of_the_deletion_day(session: Session, lifecycle: int) -> None:
    for day in (D(2020, 3, 10), D(2020, 4, 9)):
        with pytest.raises(IncidentNotFound):
            get_incident(session, lifecycle, as_of=day)
        assert lifecycle not in ids_as_of(session, day)
        assert lifecycle not in ids_as_of(session, day, IncidentFilter(include_deleted=True))


def test_restored_incident_is_back_as_of_the_restore_day(session: Session, lifecycle: int) -> None:
    back = get_incident(session, lifecycle, as_of=D(2020, 4, 10))
    assert (back.version, back.deleted, back.summary) == (4, False, "corrected")
    assert lifecycle in ids_as_of(session, D(2020, 4, 10))
    assert get_incident(session, lifecycle) == back  # and that is also today's state


def test_as_of_list_filters_on_the_old_state(session: Session, lifecycle: int) -> None:
    balochistan = IncidentFilter(provinces=frozenset({"PK-BA"}))
    punjab = IncidentFilter(provinces=frozenset({"PK-PB"}))
    assert lifecycle in ids_as_of(session, D(2020, 1, 20), balochistan)
    assert lifecycle not in ids_as_of(session, D(2020, 1, 20), punjab)
    assert lifecycle in ids_as_of(session, D(2020, 2, 20), punjab)
    assert lifecycle not in ids_as_of(session, D(2020, 2, 20), balochistan)


def test_as_of_list_holds_only_incidents_existing_then(session: Session, kb: Knowledge) -> None:
    early = add(session, kb)
    late = add(session, kb)
    gone = add(session, kb)
    delete_incident(session, gone.id, expected_version=1, editor=BOB)
    backdate(session, early.id, 1, at(D(2019, 5, 1)))
    backdate(session, late.id, 1, at(D(2019, 7, 1)))
    backdate(session, gone.id, 1, at(D(2019, 5, 2)))
    backdate(session, gone.id, 2, at(D(2019, 6, 1)))
    assert ids_as_of(session, D(2019, 4, 30)) == set()
    assert ids_as_of(session, D(2019, 5, 1)) == {early.id}
    assert ids_as_of(session, D(2019, 5, 15)) == {early.id, gone.id}
    assert ids_as_of(session, D(2019, 6, 1)) == {early.id}
    assert ids_as_of(session, D(2019, 7, 1)) == {early.id, late.id}
    assert {i.id for i in list_incidents(session).data} == {early.id, late.id}


def test_as_of_list_is_ordered_and_paged_like_the_live_list(
    session: Session, kb: Knowledge
) -> None:
    for day in ("2016-03-01", "2015-01-01", "2016-03-01", "2014-07-07"):
        add(session, kb, date_start=day)
    today = dt.datetime.now(dt.UTC).date()
    live = list_incidents(session, limit=2, offset=1)
    past = list_incidents(session, as_of=today, limit=2, offset=1)
    assert [i.id for i in past.data] == [i.id for i in live.data]
    assert past.count == live.count == 4
    assert past.data == live.data


def test_deleted_incident_stays_gone_as_of_today_after_a_later_edit(
    session: Session, kb: Knowledge
) -> None:
    # "a record whose last change by then was a delete did not exist": an edit made to the
    # deleted record (or refused) must not bring it back in the as-of view
    inc = add(session, kb)
    delete_incident(session, inc.id, expected_version=1, editor=BOB)
    with contextlib.suppress(MilitancyDBError):  # refusing to edit it is fine too
        update_incident(
            session, inc.id, {"summary": "edited"}, expected_version=2, kb=kb, editor=BOB
        )
    today = dt.datetime.now(dt.UTC).date()
    with pytest.raises(IncidentNotFound):
        get_incident(session, inc.id)
    with pytest.raises(IncidentNotFound):
        get_incident(session, inc.id, as_of=today)
    assert inc.id not in ids_as_of(session, today)
