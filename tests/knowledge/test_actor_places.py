"""A name several actors go by, read with the incident's date and place
(knowledge.actor_places), on a small registry written for these tests; and the shared alias
kept out of plain resolution."""

from __future__ import annotations

import datetime as dt

from militancydb.knowledge.actor_places import choose_by_place, keeps
from militancydb.knowledge.actor_records import ActorRecord, AliasRecord
from militancydb.knowledge.actors import SHARED, ActorRegistry


def _registry() -> ActorRegistry:
    """Two groups that go by "Soldiers of God": the keeper (an Iranian group that operates
    from Balochistan, dissolved in 2012) and a Pakistani group active in Sindh and Khyber
    Pakhtunkhwa, for which the name is shared."""
    keeper = ActorRecord(
        "sog-iran",
        "Soldiers of God (Iran)",
        "militant_group",
        "nationalist",
        founded="2003",
        dissolved="2012",
        countries=("IR", "PK"),
        areas=("PK-BA",),
        aliases=(AliasRecord("Soldiers of God"), AliasRecord("Lashkar-i-Rab")),
    )
    sharer = ActorRecord(
        "sog-pk",
        "Soldiers of God (Pakistan)",
        "militant_group",
        "religious",
        countries=("PK",),
        areas=("PK-BA", "PK-SD", "PK-KP"),
        aliases=(AliasRecord("Soldiers of God", SHARED),),
    )
    afghan = ActorRecord(
        "sog-af",
        "Soldiers of God (Afghanistan)",
        "militant_group",
        "religious",
        countries=("AF",),
        areas=("AF-NAN",),
        aliases=(AliasRecord("Soldiers of God", SHARED),),
    )
    return ActorRegistry({a.key: a for a in (keeper, sharer, afghan)})


KEYS = ("sog-iran", "sog-pk", "sog-af")
DAY_2009 = dt.date(2009, 3, 2)


def test_province_decides_for_the_sharer() -> None:
    reg = _registry()
    c = choose_by_place(reg, "Soldiers of God", KEYS, on=DAY_2009, country="PK", province="PK-SD")
    assert (c.key, c.rule) == ("sog-pk", "province")
    # a district key lies in its province
    c = choose_by_place(
        reg, "Soldiers of God", KEYS, on=DAY_2009, country="PK", province="PK-KP-peshawar"
    )
    assert c.key == "sog-pk"


def test_country_decides_when_the_province_is_unknown() -> None:
    c = choose_by_place(_registry(), "Soldiers of God", KEYS, on=None, country="AF", province=None)
    assert (c.key, c.rule) == ("sog-af", "country")


def test_date_decides_after_the_keeper_dissolved() -> None:
    day = dt.date(2019, 3, 4)
    c = choose_by_place(
        _registry(), "Soldiers of God", ["sog-iran", "sog-pk"], on=day, country=None, province=None
    )
    assert (c.key, c.rule) == ("sog-pk", "date")


def test_keeper_when_the_place_does_not_decide() -> None:
    reg = _registry()
    # Balochistan is an area of both Pakistani-operating groups: the place does not decide
    c = choose_by_place(reg, "Soldiers of God", KEYS, on=DAY_2009, country="PK", province="PK-BA")
    assert (c.key, c.rule) == ("sog-iran", "keeper")
    assert set(c.left) == {"sog-iran", "sog-pk"}
    # nor does a text with no place at all
    c = choose_by_place(reg, "Soldiers of God", KEYS, on=DAY_2009, country=None, province=None)
    assert (c.key, c.rule) == ("sog-iran", "keeper")


def test_ambiguous_without_a_keeper() -> None:
    reg = _registry()
    c = choose_by_place(
        reg, "Soldiers of God", ["sog-pk", "sog-af"], on=None, country=None, province=None
    )
    assert c.key is None and c.rule == "ambiguous"


def test_keeper_compares_across_linking_vowels() -> None:
    reg = _registry()
    assert keeps(reg, "sog-iran", "Lashkar-e-Rab")
    assert keeps(reg, "sog-iran", "Soldiers of God")
    assert not keeps(reg, "sog-pk", "Soldiers of God")


def test_plain_resolution_ignores_shared_aliases() -> None:
    reg = _registry()
    # were the shared aliases read, Afghanistan would narrow the name to sog-af
    r = reg.resolve("Soldiers of God", country="AF")
    assert r.status == "resolved" and r.key == "sog-iran"


def test_no_listed_area_in_a_country_means_all_over_it() -> None:
    """The keeper lists only an area across the border (its leaders' refuge); in its own
    country it counts as operating everywhere, so a province the sharer lists there does not
    take the name from it."""
    keeper = ActorRecord(
        "fighters-af",
        "Fighters (Afghanistan)",
        "militant_group",
        "religious",
        countries=("AF", "PK"),
        areas=("PK-BA",),
        aliases=(AliasRecord("Fighters"),),
    )
    sharer = ActorRecord(
        "fighters-pk",
        "Fighters (Pakistan)",
        "militant_group",
        "religious",
        countries=("PK", "AF"),
        areas=("PK-KP", "AF-NAN"),
        aliases=(AliasRecord("Fighters", SHARED),),
    )
    reg = ActorRegistry({a.key: a for a in (keeper, sharer)})
    keys = ("fighters-af", "fighters-pk")

    def read(province: str) -> str | None:
        return choose_by_place(
            reg, "Fighters", keys, on=None, country=province[:2], province=province
        ).key

    assert read("AF-NAN") == "fighters-af"  # both operate there: the keeper
    assert read("AF-KAN") == "fighters-af"
    assert read("PK-KP") == "fighters-pk"
    assert read("PK-BA") == "fighters-af"


def test_shared_alias_as_the_database_holds_it(reg: ActorRegistry) -> None:
    """The shipped "Jundallah": kept by the Iranian group, shared by the Pakistani one, read
    back from the database with its kind."""
    assert any(
        a.kind == SHARED and a.name == "Jundallah" for a in reg.actors["jundallah-pk"].aliases
    )
    assert reg.resolve("Jundallah", country="PK").key == "jundallah-iran"
    keys = ("jundallah-iran", "jundallah-pk")
    karachi = choose_by_place(
        reg, "Jundallah", keys, on=dt.date(2009, 3, 2), country="PK", province="PK-SD"
    )
    assert (karachi.key, karachi.rule) == ("jundallah-pk", "province")
