"""Groups the registry does not know, named as claimant or blamed (nlp.unregistered_groups),
and a shared name read with the incident's place; on reports written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp.pipeline import extract
from militancydb.nlp.shapes import to_acled, to_gtd
from militancydb.nlp.unregistered_groups import group_name

PUBLISHED = dt.date(2019, 3, 5)


def _one(text: str, published: dt.date = PUBLISHED):  # type: ignore[no-untyped-def]
    (inc,) = extract(text, doc_id="t", published=published)
    return inc


def test_little_known_claimant_is_kept_as_written() -> None:
    text = (
        "PESHAWAR: Six policemen were killed when militants attacked a police station in "
        "Peshawar on Monday. A little-known group, Tehreek-e-Azadi Mujahideen, claimed "
        "responsibility in a statement to journalists."
    )
    inc = _one(text)
    (p,) = inc.perpetrators
    assert (p.key, p.name, p.basis) == (None, "Tehreek-e-Azadi Mujahideen", "claimed")
    assert text[p.span.start : p.span.end] == "Tehreek-e-Azadi Mujahideen"
    (c,) = inc.claims
    assert (c.claimant, c.claimant_name, c.kind) == (None, "Tehreek-e-Azadi Mujahideen", "claim")
    from militancydb.nlp.lexicon import shipped_lexicon

    gaz = shipped_lexicon().gazetteer
    gtd = to_gtd(inc, gaz)
    assert gtd["gname"] == "Tehreek-e-Azadi Mujahideen" and gtd["claimed"] == 1
    assert to_acled(inc, gaz)["actor1"] == "Tehreek-e-Azadi Mujahideen"


def test_passive_claim_and_a_group_calling_itself() -> None:
    inc = _one(
        "Three soldiers were killed in a roadside bombing in Bannu on Sunday. Responsibility "
        "was claimed by a group calling itself Jaish-e-Khurasan Mujahideen."
    )
    assert [(p.key, p.name, p.basis) for p in inc.perpetrators] == [
        (None, "Jaish-e-Khurasan Mujahideen", "claimed")
    ]


def test_blamed_group_is_suspected_or_attributed() -> None:
    inc = _one(
        "A bomb killed two shopkeepers in Turbat on Saturday. Police blamed the attack on the "
        "Baloch Freedom Tigers Front."
    )
    assert [(p.key, p.name, p.basis) for p in inc.perpetrators] == [
        (None, "Baloch Freedom Tigers Front", "attributed_by_officials")
    ]
    assert inc.claims == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Militants claimed responsibility for the attack.",
        "Unknown gunmen claimed responsibility for the attack.",
        "The group claimed responsibility for the attack.",
        # a spokesman is a person, not a group
        "Abdul Rehman Baig, a spokesman, claimed responsibility for the attack.",
        "Taliban spokesman Zabihullah Mujahid claimed responsibility for the attack.",
        # who blames is not blamed
        "The Awami Qaumi Party blamed the attack on militants.",
        # a place and a security force are not claimants
        "Officials in Khyber Pakhtunkhwa blamed the attack on militants.",
        "The Pakistan Army claimed responsibility for the operation.",
    ],
)
def test_generic_words_people_and_places_are_not_groups(sentence: str) -> None:
    inc = _one(f"Four people were killed in a blast in Mardan on Monday. {sentence}")
    assert all(p.key is not None for p in inc.perpetrators), inc.perpetrators
    assert all(c.claimant is not None for c in inc.claims)


def test_no_claim_sentence_names_no_group() -> None:
    inc = _one(
        "A blast killed three people in Kohat on Monday. No group, including the Tehreek-e-"
        "Azadi Mujahideen, has claimed responsibility."
    )
    assert inc.perpetrators == [] and inc.claims == []


def test_passive_blame_names_the_group_before_the_cue() -> None:
    inc = _one(
        "A bomb killed four soldiers in Kohat on Monday. The Lashkar-e-Khorasan was blamed for "
        "the attack."
    )
    assert [(p.key, p.name) for p in inc.perpetrators] == [(None, "Lashkar-e-Khorasan")]


def test_another_spelling_of_a_registered_group_resolves() -> None:
    inc = _one(
        "A bomb killed four soldiers in Turbat on Monday. The Baluchistan Liberation Army "
        "claimed responsibility for the attack."
    )
    assert [(p.key, p.basis) for p in inc.perpetrators] == [("bla", "claimed")]


def test_registered_names_are_left_to_the_registry() -> None:
    inc = _one(
        "A suicide bomber killed nine people in Quetta on Monday. The Baloch Liberation Tigers "
        "claimed responsibility."
    )
    assert [(p.key, p.basis) for p in inc.perpetrators] == [
        ("balochistan-liberation-tigers", "claimed")
    ]


def test_group_name_guard() -> None:
    assert group_name("Lashkar-e-Khorasan")
    assert group_name("Islamic Jihad Union")
    assert group_name("Mahar Mehsud", trailing_kind=True)
    assert not group_name("Mahar Mehsud")  # a person's name without "group" after it
    assert not group_name("Pakistan Army")
    assert not group_name("Frontier Corps")
    assert not group_name("Peshawar Police")
    assert not group_name("Mujahideen")
    assert not group_name("Islamist", trailing_kind=True)  # "claimed by Islamist group X"


@pytest.mark.parametrize(
    ("town", "published", "key"),
    [
        ("Karachi", dt.date(2009, 3, 3), "jundallah-pk"),  # Sindh: the Pakistani group
        ("Peshawar", dt.date(2010, 3, 3), "jundallah-pk"),  # Khyber Pakhtunkhwa
        ("Quetta", dt.date(2009, 3, 3), "jundallah-iran"),  # both operate: the keeper
        ("Quetta", dt.date(2016, 3, 3), "jundallah-pk"),  # the Iranian group was renamed
    ],
)
def test_jundallah_is_read_with_the_place(town: str, published: dt.date, key: str) -> None:
    inc = _one(
        f"Gunmen killed four men at a shop in {town} on Monday. Jundallah claimed "
        "responsibility for the attack.",
        published,
    )
    assert [(p.key, p.basis) for p in inc.perpetrators] == [(key, "claimed")]


def test_a_longer_name_that_begins_with_a_registered_one() -> None:
    inc = _one(
        "A bomb killed four soldiers in Kohat on Monday. A new group calling itself "
        "Tehreek-e-Taliban Islami claimed responsibility for the attack."
    )
    assert [(p.key, p.name) for p in inc.perpetrators] == [(None, "Tehreek-e-Taliban Islami")]
    # a place after the registered name leaves it the registry's
    inc = _one(
        "A bomb killed four soldiers in Kohat on Monday. Jamaat-ul-Ahrar Mohmand claimed "
        "responsibility for the attack."
    )
    assert [p.key for p in inc.perpetrators] == ["jamaat-ul-ahrar"]


def test_suspected_involvement_of_a_group() -> None:
    inc = _one(
        "A bomb killed four soldiers in Kohat on Monday. Police suspect the involvement of "
        "Jaish-ul-Furqan."
    )
    assert [(p.key, p.name, p.basis) for p in inc.perpetrators] == [
        (None, "Jaish-ul-Furqan", "attributed_by_officials")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Lashkar-e-Khorasan spokesman Abu Umar claimed responsibility for the attack.",
        "Lashkar-e-Khorasan's spokesman claimed responsibility for the attack.",
        "A spokesman for Lashkar-e-Khorasan claimed responsibility for the attack.",
        "In a statement, the Lashkar-e-Khorasan said it carried out the attack.",
    ],
)
def test_a_group_speaking_through_its_spokesman(sentence: str) -> None:
    inc = _one(f"A bomb killed four soldiers in Kohat on Monday. {sentence}")
    assert [(p.key, p.name, p.basis) for p in inc.perpetrators] == [
        (None, "Lashkar-e-Khorasan", "claimed")
    ]
