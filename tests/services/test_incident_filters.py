"""Building a filter from the names a user types (services.incident_filters)."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.errors import ValidationFailed
from militancydb.knowledge.loader import Knowledge
from militancydb.services.incident_filters import build_filter


def test_names_resolve_to_keys(kb: Knowledge) -> None:
    flt = build_filter(
        kb, province="Baluchistan", district="Quetta District", tactics=["Suicide bombing"]
    )
    assert flt.provinces == {"PK-BA"}
    assert flt.districts == {"PK-BA-quetta"}
    assert flt.tactics == {"suicide_bombing"}


def test_event_type_includes_its_narrower_types(kb: Knowledge) -> None:
    flt = build_filter(kb, event_types=["security operation"])
    assert {
        "security_operation",
        "military_operation",
        "operational_attack",
        "search_operation",
    } <= flt.event_types
    assert "militant_attack" not in flt.event_types


def test_actor_includes_its_chapters(kb: Knowledge) -> None:
    flt = build_filter(kb, actor="ttp")
    assert "ttp" in flt.actors
    assert kb.registry.family("ttp") == flt.actors
    assert len(flt.actors) > 1


def test_every_unresolved_name_is_reported_at_once(kb: Knowledge) -> None:
    with pytest.raises(ValidationFailed) as info:
        build_filter(
            kb,
            province="Atlantis",
            event_types=["picnic"],
            tactics=["telepathy"],
            date_from=dt.date(2016, 1, 1),
            date_to=dt.date(2015, 1, 1),
        )
    assert {e.field for e in info.value.errors} == {"province", "event_type", "tactic", "to"}
