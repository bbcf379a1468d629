"""Event type by evidence (io.ucdp_rules): each rule kind on rows the test builds itself, with
the expected type stated by what the row describes; the table's own checks."""

from __future__ import annotations

from typing import Any

import pytest

from militancydb.codebook import ActorRole, EventType
from militancydb.io.ucdp_rules import (
    Classification,
    classify,
    parse_table,
    rule_table,
    split_of,
)

P, T, X = ActorRole.PERPETRATOR, ActorRole.TARGET, ActorRole.PARTY


def side(name: str, family: str = "jihadist") -> dict[str, Any]:
    state = name.startswith("Government of")
    return {
        "name": name,
        "key": None,
        "kind": "state" if state else ("civilians" if name == "Civilians" else "militant_group"),
        "family": "state" if state else family,
        "is_us": name == "Government of United States of America",
        "is_pakistan": name == "Government of Pakistan",
        "civilians": name == "Civilians",
    }


PAK, US, INDIA, AFG = (
    side("Government of Pakistan"),
    side("Government of United States of America"),
    side("Government of India"),
    side("Government of Afghanistan"),
)
TTP, AQ, CIV = side("TTP"), side("al-Qaida"), side("Civilians")


def typed(tov: str, a: dict[str, Any], b: dict[str, Any], da: int, db: int, text: str = ""):
    return classify(tov, a, b, {"deaths_a": da, "deaths_b": db}, text)


def check(c: Classification, event: EventType, roles: tuple[ActorRole, ActorRole]) -> None:
    assert (c.event_type, c.roles) == (event, roles), (c.rule, sorted(c.cues))
    assert c.rule in {r.id for r in rule_table().rules}
    assert c.confidence in ("high", "medium", "low")


# --- one-sided and non-state ----------------------------------------------------------------


def test_one_sided_violence_by_a_group_is_its_attack() -> None:
    check(typed("3", TTP, CIV, 0, 0, "Gunmen kill vaccinator"), EventType.MILITANT_ATTACK, (P, T))


def test_one_sided_violence_against_a_sect_is_sectarian() -> None:
    c = typed("3", side("LeJ"), CIV, 0, 0, "Bomb at Shia imambargah kills 20 worshippers")
    check(c, EventType.SECTARIAN_ATTACK, (P, T))
    check(typed("3", side("LeJ", "sectarian"), CIV, 0, 0), EventType.SECTARIAN_ATTACK, (P, T))


def test_one_sided_violence_by_a_government() -> None:
    check(typed("3", PAK, CIV, 0, 0), EventType.STATE_VIOLENCE_AGAINST_CIVILIANS, (P, T))


def test_non_state_fighting_is_between_parties() -> None:
    tribe_a, tribe_b = side("Bangesh", "tribal"), side("Turi", "tribal")
    check(typed("2", tribe_a, tribe_b, 3, 4), EventType.INTER_TRIBAL_CLASH, (X, X))
    check(typed("2", side("Lashkar-e-Islam"), TTP, 3, 4), EventType.INTER_GROUP_CLASH, (X, X))
    mqm, ppp = side("MQM", "political"), side("PPP", "political")
    check(typed("2", mqm, ppp, 1, 1), EventType.ETHNO_POLITICAL_VIOLENCE, (X, X))


def test_a_bombing_of_a_lashkar_is_an_attack_by_the_group() -> None:
    lashkar = side("Lashkar of Kukikhel clan", "tribal")
    c = typed("2", lashkar, TTP, 0, 1, "Suicide bomber kills 50 at mosque in Jamrud")
    check(c, EventType.MILITANT_ATTACK, (T, P))
    c = typed("2", TTP, lashkar, 1, 0, "Blast kills lashkar members")
    check(c, EventType.MILITANT_ATTACK, (P, T))
    # two tribes fighting with bombs are still a tribal clash
    other = side("Turi", "tribal")
    check(typed("2", lashkar, other, 2, 2, "bomb blast"), EventType.INTER_TRIBAL_CLASH, (X, X))


def test_a_us_air_strike_is_evidence_of_a_drone_strike() -> None:
    c = typed("1", US, AQ, 0, 5, "Pakistan tribal lawmaker says US plane kills civilians")
    check(c, EventType.DRONE_STRIKE, (P, T))


# --- a foreign state on side A --------------------------------------------------------------


def test_india_against_pakistan_is_cross_border() -> None:
    c = typed("1", INDIA, PAK, 0, 2, "Two soldiers martyred in Indian ceasefire violation")
    check(c, EventType.CROSS_BORDER_ATTACK, (P, T))


def test_a_drone_strike_needs_evidence_of_a_drone() -> None:
    c = typed("1", US, AQ, 0, 4, "US drone strike kills four militants in North Waziristan")
    check(c, EventType.DRONE_STRIKE, (P, T))
    # the same sides with nothing said about how: not a drone strike, initiator unknown
    check(typed("1", US, AQ, 0, 4), EventType.STATE_BASED_FIGHTING, (X, X))
    check(typed("1", US, AQ, 0, 4, "Reuters 12/3"), EventType.STATE_BASED_FIGHTING, (X, X))


def test_pakistani_police_raid_in_the_us_conflict_is_an_operation_by_pakistan() -> None:
    c = typed("1", US, AQ, 0, 12, "Pakistan police kill at least 12 militants near Karachi")
    check(c, EventType.SECURITY_OPERATION, (X, T))
    assert c.perpetrator == "Government of Pakistan"


def test_a_strike_coded_to_another_state_is_still_a_drone_strike_by_the_us() -> None:
    c = typed("1", AFG, side("Taleban"), 0, 2, "Pakistan informed of drone hit on Taliban chief")
    check(c, EventType.DRONE_STRIKE, (X, T))
    assert c.perpetrator == "Government of United States of America"


# --- the Government of Pakistan against a group ---------------------------------------------


def test_militants_storming_a_post_are_perpetrators_though_both_sides_lost_men() -> None:
    c = typed("1", PAK, TTP, 22, 4, "Militants storm police training centre, kill 22 cadets")
    check(c, EventType.MILITANT_ATTACK, (T, P))
    assert c.confidence == "high"


def test_a_suicide_attack_whose_dead_are_the_attackers() -> None:
    c = typed("1", PAK, TTP, 0, 1, "Suicide bomber blows himself up at checkpost")
    check(c, EventType.MILITANT_ATTACK, (T, P))


def test_air_strikes_named_or_campaign_and_raids_refine_operations() -> None:
    air = typed("1", PAK, TTP, 0, 30, "Jets pound militant hideouts in Tirah, 30 killed")
    check(air, EventType.OPERATIONAL_ATTACK, (P, T))
    named = typed("1", PAK, TTP, 0, 20, "Zarb-e-Azb: troops kill 20 militants in Datta Khel")
    check(named, EventType.MILITARY_OPERATION, (P, T))
    raid = typed("1", PAK, TTP, 0, 5, "CTD kills five militants in encounter near Lahore")
    check(raid, EventType.SEARCH_OPERATION, (P, T))
    plain = typed("1", PAK, TTP, 0, 12, "Security forces kill 12 militants in Orakzai")
    check(plain, EventType.SECURITY_OPERATION, (P, T))


def test_a_clash_names_no_initiator() -> None:
    c = typed("1", PAK, TTP, 0, 4, "Four militants killed in gun battle in Bajaur")
    check(c, EventType.ARMED_CLASH, (X, X))


def test_passive_headlines_name_victims_not_actors() -> None:
    c = typed("1", PAK, TTP, 2, 0, "Two policemen killed in Peshawar")
    assert "forces" not in c.cues
    check(c, EventType.MILITANT_ATTACK, (T, P))


def test_a_roundups_drone_line_does_not_make_the_states_losses_a_drone_strike() -> None:
    text = "3 bombings in Pakistan's north kill 36; US missiles kill 9 suspected militants"
    c = typed("1", PAK, TTP, 3, 0, text)
    assert "drone" in c.cues
    check(c, EventType.MILITANT_ATTACK, (T, P))


@pytest.mark.parametrize(
    ("state", "group", "event", "roles"),
    [
        (5, 0, EventType.MILITANT_ATTACK, (T, P)),  # only the state side lost men
        (9, 2, EventType.MILITANT_ATTACK, (T, P)),  # at least 3 and 3:1
        (2, 1, EventType.MILITANT_ATTACK, (T, P)),  # the state lost more: an attack on it
        (6, 4, EventType.MILITANT_ATTACK, (T, P)),
        (1, 2, EventType.STATE_BASED_FIGHTING, (X, X)),  # the group lost more: undecided
        (0, 5, EventType.SECURITY_OPERATION, (P, T)),  # only the group lost men
        (2, 2, EventType.STATE_BASED_FIGHTING, (X, X)),
        (0, 0, EventType.STATE_BASED_FIGHTING, (X, X)),  # civilians or unknown only
    ],
)
def test_without_a_report_the_ratio_of_losses_decides_or_says_unknown(
    state: int, group: int, event: EventType, roles: tuple[ActorRole, ActorRole]
) -> None:
    c = typed("1", PAK, TTP, state, group, "The News website, Islamabad, in English 24 Nov 07")
    check(c, event, roles)
    assert c.confidence == "low"


def test_a_lone_attackers_toll_is_an_attack_without_a_report() -> None:
    def split(b: int, c: int, u: int) -> dict[str, int]:
        return {"deaths_a": 0, "deaths_b": b, "deaths_civilians": c, "deaths_unknown": u}

    note = "AP 7/12"
    bomber = classify("1", PAK, TTP, split(1, 0, 10), note)
    check(bomber, EventType.MILITANT_ATTACK, (T, P))
    assert bomber.rule == "sb-split-lone-attacker" and bomber.confidence == "low"
    check(classify("1", PAK, TTP, split(1, 2, 0), note), EventType.SECURITY_OPERATION, (P, T))
    check(classify("1", PAK, TTP, split(2, 0, 9), note), EventType.SECURITY_OPERATION, (P, T))


def test_an_attack_on_an_installation_names_the_militants_as_attackers() -> None:
    head = "Attack on Pakistan's main airport leaves 24 dead"
    check(typed("1", PAK, TTP, 13, 10, head), EventType.MILITANT_ATTACK, (T, P))
    assert "attack" not in typed("1", PAK, TTP, 0, 3, "Air strikes on hideouts").cues


def test_split_names() -> None:
    assert split_of(3, 1) >= {"both", "state_3to1", "state_more", "state_lost", "group_lost"}
    assert "state_3to1" not in split_of(2, 0)  # fewer than three men
    assert split_of(0, 0) == {"neither"}
    assert "one_of_group_many_others" in split_of(0, 1, 3)
    assert "one_of_group_many_others" not in split_of(0, 1, 2) | split_of(1, 1, 9)


# --- the table itself -----------------------------------------------------------------------


def test_every_kind_of_violence_ends_in_a_catch_all() -> None:
    for tov in ("1", "2", "3"):
        for a, b in ((PAK, TTP), (US, AQ), (TTP, CIV)):
            assert typed(tov, a, b, 0, 0).rule  # never LookupError


def test_the_table_refuses_unknown_conditions_and_cues() -> None:
    base: dict[str, Any] = {
        "cues": {"x": ["x"]},
        "rules": [
            {
                "id": "r",
                "when": {"violence": "state_based"},
                "type": "armed_clash",
                "roles": ["party", "party"],
                "confidence": "low",
                "why": "test",
            }
        ],
    }
    assert parse_table(base).rules[0].id == "r"
    bad = {**base, "rules": [{**base["rules"][0], "when": {"colour": "red"}}]}
    with pytest.raises(ValueError, match="unknown condition"):
        parse_table(bad)
    bad = {**base, "rules": [{**base["rules"][0], "when": {"any_cue": ["y"]}}]}
    with pytest.raises(ValueError, match="no cue list"):
        parse_table(bad)
