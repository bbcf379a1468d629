"""News prose, fifth pass (from the misses of the seventh news split): groups named as the
state of a conflict (a ceasefire broken, an uptick in the number of attacks), as what they
have done over years, as a threat of attacks to come; a group said to have "allegedly" done
the attack, with what it claimed in the past; a police rank with its branch in small letters
("quoting SSP operations"); an earlier attack told from "Earlier on August 26, ..." (texts
written for these tests, in the manner of the Pakistani and Afghan press and the wires)."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp.model import Extracted
from militancydb.nlp.pipeline import extract

TUESDAY = dt.date(2025, 1, 28)


def _one(text: str, published: dt.date | None = TUESDAY) -> Extracted:
    found = extract(text, doc_id="t", published=published)
    assert found
    return found[0]


def _groups(inc: Extracted) -> list[str | None]:
    return [p.key for p in inc.perpetrators]


_CHECK_POST = (
    "Three soldiers were martyred when militants attacked a check post in Zhob district on "
    "Monday night, the ISPR said.\n\n"
)


@pytest.mark.parametrize(
    "background",
    [
        # a ceasefire broken
        "In 2022 the banned Tehreek-i-Taliban Pakistan broke a fragile ceasefire agreement "
        "with the government.",
        # an uptick in the number of attacks
        "The country has seen a sharp uptick in the number of attacks by the banned "
        "Tehreek-i-Taliban Pakistan on security forces.",
        # what a group has done over years (active)
        "Fighters of the banned Tehreek-i-Taliban Pakistan have attacked many such posts in "
        "the past few years.",
        # a threat of attacks to come
        "The authorities had issued a threat alert for the district, naming the banned "
        "Tehreek-i-Taliban Pakistan.",
        "Officials said the banned Tehreek-i-Taliban Pakistan is planning more attacks in "
        "the province.",
        "Officials said the banned Tehreek-i-Taliban Pakistan aims to target political "
        "gatherings in the province.",
    ],
)
def test_a_group_named_as_background_is_no_perpetrator(background: str) -> None:
    assert _groups(_one(_CHECK_POST + background)) == []


def test_a_place_attacked_by_a_group_over_the_years_still_names_it() -> None:
    # (the passive tells who attacks there, as the lists of major incidents read it)
    inc = _one(
        "At least 20 people were killed in the bombing of a school in the Afghan capital. "
        "The attack took place in a neighbourhood that has often been attacked by "
        "militants of the Islamic State over the years.",
        published=dt.date(2021, 5, 9),
    )
    assert "islamic-state" in _groups(inc)


def test_allegedly_fired_by_a_group_that_claimed_attacks_in_the_past() -> None:
    inc = _one(
        "Four people were killed when rockets hit houses in Hangu district on Friday, "
        "officials said. The rockets were allegedly fired by the banned Lashkar-i-Jhangvi "
        "group, which had in the past claimed responsibility for a number of attacks on "
        "mosques in the region."
    )
    assert _groups(inc) == ["lej"]
    assert inc.perpetrators[0].basis == "suspected"
    assert inc.claims == []


def test_ssp_with_its_branch_in_small_letters_is_a_rank() -> None:
    inc = _one(
        "QUETTA: At least two people were killed and nine injured in a blast near a police "
        "van in Quetta, a television channel reported on Thursday, quoting SSP operations."
    )
    assert _groups(inc) == []


def test_earlier_on_a_calendar_day_tells_background() -> None:
    inc = _one(
        "SHERANI: The vehicle of a deputy commissioner was attacked in Qila Saifullah "
        "district, officials said on Wednesday.\n\n"
        "Unknown assailants opened fire from a hill near the highway.\n\n"
        "The Levies guards returned fire and the officer remained safe.\n\n"
        "Earlier on August 26, armed men had killed at least 23 passengers in Musakhel "
        "district after offloading them from buses.\n\n"
        "According to a police officer, the gunmen stopped vehicles on the highway and killed "
        "at least 23 passengers.",
        published=dt.date(2024, 9, 4),
    )
    assert inc.killed is None


def test_one_named_among_those_martyred_is_no_one_more() -> None:
    inc = _one(
        "Six policemen were martyred when militants ambushed their vehicle in Lakki Marwat "
        "district on Wednesday. An assistant sub-inspector was also among those martyred in "
        "the attack.",
        published=dt.date(2022, 11, 17),
    )
    assert inc.killed is not None
    assert inc.killed.best == 6


def test_one_named_among_those_killed_alone_is_one() -> None:
    inc = _one(
        "A police officer was among those killed when a bomb went off in a market in Quetta "
        "on Monday."
    )
    assert inc.killed is not None
    assert inc.killed.best == 1


def test_amid_violence_in_various_parts_is_no_round_up() -> None:
    inc = _one(
        "Six policemen were martyred when militants ambushed their vehicle in Lakki Marwat "
        "district on Wednesday, amid rising violence in various parts of the province. An "
        "assistant sub-inspector was also among those martyred in the attack.",
        published=dt.date(2022, 11, 17),
    )
    assert inc.killed is not None
    assert inc.killed.best == 6


def test_a_claim_of_the_attack_with_what_it_avenged_is_no_new_incident() -> None:
    found = extract(
        "SWAT: Two policemen were shot dead when unidentified armed men opened fire in "
        "Mingora on Thursday.\n"
        "The attackers managed to escape and police started a search operation.\n"
        "Meanwhile, in a statement on social media, a spokesman of the banned "
        "Tehreek-i-Taliban Pakistan claimed responsibility for the attack, saying the "
        "policemen were killed in revenge for three militants who were killed by the police "
        "in Kabal the other day.",
        doc_id="t",
        published=dt.date(2023, 6, 9),
    )
    assert len(found) == 1
    assert "ttp" in _groups(found[0])
    assert found[0].killed is not None
    assert found[0].killed.best == 2
