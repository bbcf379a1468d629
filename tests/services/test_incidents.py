"""Creating, reading, editing, deleting and restoring incidents (services.incidents)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import ChangeLog
from militancydb.domain.incident import IncidentPublic
from militancydb.errors import IncidentNotFound, StaleEdit, ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.services.history import Editor
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


def add(session: Session, kb: Knowledge, editor: Editor = ALICE, **fields: Any) -> IncidentPublic:
    doc: dict[str, Any] = {
        "date_start": "2016-08-08",
        "event_type": "militant_attack",
        "province": "Balochistan",
        "district": "Quetta",
    }
    doc.update(fields)
    return create_incident(session, doc, kb, editor)


def changes_of(session: Session, incident_id: int) -> list[ChangeLog]:
    return list(
        session.scalars(
            select(ChangeLog)
            .where(ChangeLog.entity_type == "incident", ChangeLog.entity_id == str(incident_id))
            .order_by(ChangeLog.id)
        )
    )


def field_names(exc: ValidationFailed) -> set[str]:
    return {e.field for e in exc.errors}


# --- create and read -----------------------------------------------------------------------


def test_create_returns_what_get_reads(session: Session, kb: Knowledge) -> None:
    created = add(
        session,
        kb,
        casualties=[{"category": "total", "low": 70, "best": 75, "high": 80}],
        actors=[{"actor": "TTP", "role": "perpetrator"}],
        tactics=["suicide_bombing"],
        targets=[{"type": "civilians", "description": "lawyers"}],
        summary="Bombing at the Civil Hospital",
        sources=[{"publisher": "Dawn", "url": "https://example.org/quetta", "locator": "p. 1"}],
    )
    session.expire_all()
    assert get_incident(session, created.id) == created


def test_create_resolves_place_and_actor_names_to_keys(session: Session, kb: Knowledge) -> None:
    inc = add(session, kb, actors=[{"actor": "TTP"}])
    assert inc.location.province == "PK-BA"
    assert inc.location.district == "PK-BA-quetta"
    assert inc.actors[0].actor_key == "ttp"
    assert inc.version == 1
    assert inc.created_by == inc.updated_by == "alice"


def test_province_at_the_time_and_today_both_stored(session: Session, kb: Knowledge) -> None:
    # Khyber Agency was in FATA until 31 May 2018; today it is district Khyber, KP.
    inc = add(session, kb, date_start="2009-05-01", province="FATA", district="Khyber Agency")
    assert (inc.location.province, inc.location.province_now) == ("PK-TA", "PK-KP")
    assert (inc.location.district, inc.location.district_now) == (
        "PK-TA-khyber-agency",
        "PK-KP-khyber",
    )


def test_unknown_figures_stay_none_not_zero(session: Session, kb: Knowledge) -> None:
    inc = add(session, kb, casualties=[{"category": "civilians", "best": 0}])
    assert inc.totals.killed_best == 0
    assert inc.totals.killed_low is None and inc.totals.killed_high is None
    assert inc.totals.injured_best is None


def test_totals_add_up_categories_when_no_total_is_given(session: Session, kb: Knowledge) -> None:
    inc = add(
        session,
        kb,
        casualties=[
            {"category": "civilians", "low": 3, "best": 4, "high": 6},
            {"category": "police", "best": 2},
            {"category": "civilians", "outcome": "injured", "best": 10},
        ],
    )
    assert inc.totals.killed_best == 6
    assert inc.totals.killed_low is None  # police have no low: the sum is unknown
    assert inc.totals.injured_best == 10


def test_total_figure_wins_over_the_sum_of_categories(session: Session, kb: Knowledge) -> None:
    inc = add(
        session,
        kb,
        casualties=[
            {"category": "total", "best": 20},
            {"category": "civilians", "best": 4},
        ],
    )
    assert inc.totals.killed_best == 20


def test_get_unknown_id_raises_not_found(session: Session, kb: Knowledge) -> None:
    with pytest.raises(IncidentNotFound, match="12345"):
        get_incident(session, 12345)


# --- the change log ------------------------------------------------------------------------


def test_create_writes_one_change_with_user_and_after(session: Session, kb: Knowledge) -> None:
    inc = add(session, kb, summary="first")
    (change,) = changes_of(session, inc.id)
    assert (change.action, change.version, change.user, change.reason) == (
        "create",
        1,
        "alice",
        "first report",
    )
    assert change.before is None
    assert change.after == get_incident(session, inc.id).model_dump(mode="json")


def test_update_writes_before_and_after(session: Session, kb: Knowledge) -> None:
    inc = add(session, kb, summary="first")
    after = update_incident(
        session, inc.id, {"summary": "second"}, expected_version=1, kb=kb, editor=BOB
    )
    assert after.version == 2 and after.summary == "second" and after.updated_by == "bob"
    assert after.created_by == "alice"
    change = changes_of(session, inc.id)[-1]
    assert (change.action, change.version, change.user, change.reason) == (
        "update",
        2,
        "bob",
        "correction",
    )
    assert change.before is not None and change.after is not None
    assert change.before["summary"] == "first" and change.after["summary"] == "second"
    assert change.after == get_incident(session, inc.id).model_dump(mode="json")


def test_update_changes_only_the_given_fields(session: Session, kb: Knowledge) -> None:
    inc = add(session, kb, summary="first", actors=[{"actor": "ttp"}], tactics=["ied"])
    after = update_incident(
        session, inc.id, {"summary": "second"}, expected_version=1, kb=kb, editor=BOB
    )
    left = {"version", "updated_at", "updated_by", "summary"}
    assert after.model_dump(exclude=left) == inc.model_dump(exclude=left)


def test_new_province_clears_the_old_district(session: Session, kb: Knowledge) -> None:
    inc = add(session, kb)
    assert inc.location.district == "PK-BA-quetta"
    after = update_incident(
        session, inc.id, {"province": "Punjab"}, expected_version=1, kb=kb, editor=BOB
    )
    assert after.location.province == "PK-PB"
    assert after.location.district is None


def test_delete_and_restore_write_changes(session: Session, kb: Knowledge) -> None:
    inc = add(session, kb)
    deleted = delete_incident(session, inc.id, expected_version=1, editor=BOB)
    assert deleted.deleted and deleted.version == 2
    restored = restore_incident(session, inc.id, editor=ALICE)
    assert not restored.deleted and restored.version == 3
    changes = changes_of(session, inc.id)
    assert [(c.action, c.version, c.user) for c in changes] == [
        ("create", 1, "alice"),
        ("delete", 2, "bob"),
        ("restore", 3, "alice"),
    ]
    assert changes[1].before is not None and changes[1].after is not None
    assert changes[1].before["deleted"] is False and changes[1].after["deleted"] is True
    assert changes[2].after is not None and changes[2].after["deleted"] is False


def test_deleted_incident_leaves_the_live_list_and_comes_back(
    session: Session, kb: Knowledge
) -> None:
    keep = add(session, kb)
    gone = add(session, kb)
    delete_incident(session, gone.id, expected_version=1, editor=BOB)
    assert {i.id for i in list_incidents(session).data} == {keep.id}
    with pytest.raises(IncidentNotFound, match="restore"):
        get_incident(session, gone.id)
    assert get_incident(session, gone.id, include_deleted=True).deleted
    restore_incident(session, gone.id, editor=BOB)
    assert {i.id for i in list_incidents(session).data} == {keep.id, gone.id}


def test_restoring_a_live_incident_is_refused(session: Session, kb: Knowledge) -> None:
    inc = add(session, kb)
    with pytest.raises(ValidationFailed, match="already not deleted"):
        restore_incident(session, inc.id, editor=BOB)
    assert len(changes_of(session, inc.id)) == 1


# --- refused stale edits -------------------------------------------------------------------


def test_stale_edit_is_refused_and_changes_nothing(session: Session, kb: Knowledge) -> None:
    inc = add(session, kb, summary="first")
    update_incident(session, inc.id, {"summary": "second"}, expected_version=1, kb=kb, editor=BOB)
    before = get_incident(session, inc.id)
    n_changes = len(changes_of(session, inc.id))
    with pytest.raises(StaleEdit) as info:
        update_incident(
            session,
            inc.id,
            {"summary": "third", "province": "Punjab"},
            expected_version=1,
            kb=kb,
            editor=ALICE,
        )
    assert "version 2" in str(info.value)
    assert "--expected-version 2" in str(info.value)
    assert (info.value.expected, info.value.current) == (1, 2)
    session.expire_all()
    assert get_incident(session, inc.id) == before
    assert len(changes_of(session, inc.id)) == n_changes


def test_stale_delete_is_refused(session: Session, kb: Knowledge) -> None:
    inc = add(session, kb)
    update_incident(session, inc.id, {"summary": "x"}, expected_version=1, kb=kb, editor=BOB)
    with pytest.raises(StaleEdit, match="version 2"):
        delete_incident(session, inc.id, expected_version=1, editor=ALICE)
    assert not get_incident(session, inc.id).deleted


def test_edit_against_the_current_version_is_accepted(session: Session, kb: Knowledge) -> None:
    inc = add(session, kb)
    v2 = update_incident(session, inc.id, {"summary": "a"}, expected_version=1, kb=kb, editor=BOB)
    v3 = update_incident(
        session, inc.id, {"summary": "b"}, expected_version=v2.version, kb=kb, editor=ALICE
    )
    assert v3.version == 3 and v3.summary == "b"


# --- validation ----------------------------------------------------------------------------


def test_schema_errors_each_name_their_field(session: Session, kb: Knowledge) -> None:
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    with pytest.raises(ValidationFailed) as info:
        add(
            session,
            kb,
            date_start=future,
            event_type="picnic",
            casualties=[
                {"category": "total", "low": 9, "high": 3},
                {"category": "civilians", "best": -1},
            ],
            colour="red",
        )
    fields = field_names(info.value)
    assert {"date_start", "event_type", "casualties.0", "casualties.1.best", "colour"} <= fields
    messages = {e.field: e.message for e in info.value.errors}
    assert "future" in messages["date_start"]
    assert "low <= best <= high" in messages["casualties.0"]
    assert "unknown field" in messages["colour"]


def test_unknown_names_each_name_their_field(session: Session, kb: Knowledge) -> None:
    with pytest.raises(ValidationFailed) as info:
        add(
            session,
            kb,
            province="Atlantis",
            district=None,
            actors=[{"actor": "ttp"}, {"actor": "No Such Front of Nowhere"}],
            operation="no-such-operation",
        )
    assert field_names(info.value) == {"province", "actors.1.actor", "operation"}
    assert "Atlantis" in str(info.value)


def test_end_before_start_is_reported_on_date_end(session: Session, kb: Knowledge) -> None:
    with pytest.raises(ValidationFailed) as info:
        add(session, kb, date_start="2015-01-10", date_end="2015-01-01")
    assert "date_end" in field_names(info.value)


def test_every_bad_field_is_reported_at_once(session: Session, kb: Knowledge) -> None:
    # `incidents add` promises: "Every bad field is reported at once."
    with pytest.raises(ValidationFailed) as info:
        add(
            session,
            kb,
            event_type="picnic",
            province="Atlantis",
            district=None,
            actors=[{"actor": "No Such Front of Nowhere"}],
        )
    assert {"event_type", "province", "actors.0.actor"} <= field_names(info.value)


def test_invalid_create_stores_nothing(session: Session, kb: Knowledge) -> None:
    with pytest.raises(ValidationFailed):
        add(session, kb, province="Atlantis")
    assert (
        session.scalar(
            select(func.count()).select_from(ChangeLog).where(ChangeLog.entity_type == "incident")
        )
        == 0
    )
    assert list_incidents(session).count == 0


def test_invalid_update_names_the_field_and_changes_nothing(
    session: Session, kb: Knowledge
) -> None:
    inc = add(session, kb)
    with pytest.raises(ValidationFailed) as info:
        update_incident(
            session,
            inc.id,
            {"casualties": [{"category": "martians", "best": 1}]},
            expected_version=1,
            kb=kb,
            editor=BOB,
        )
    assert "casualties.0.category" in field_names(info.value)
    with pytest.raises(ValidationFailed) as info:
        update_incident(
            session, inc.id, {"district": "Nowhere-on-Sea"}, expected_version=1, kb=kb, editor=BOB
        )
    assert "district" in field_names(info.value)
    session.expire_all()
    assert get_incident(session, inc.id).version == 1
    assert len(changes_of(session, inc.id)) == 1


# --- listing -------------------------------------------------------------------------------


def test_list_is_ordered_by_date_then_id_and_paged(session: Session, kb: Knowledge) -> None:
    days = ["2016-03-01", "2015-01-01", "2016-03-01", "2014-07-07", "2015-06-30"]
    ids = [add(session, kb, date_start=d).id for d in days]
    expected = [i for _, i in sorted(zip(days, ids, strict=True))]
    everything = list_incidents(session)
    assert [i.id for i in everything.data] == expected and everything.count == 5
    page = list_incidents(session, limit=2, offset=2)
    assert [i.id for i in page.data] == expected[2:4]
    assert page.count == 5
