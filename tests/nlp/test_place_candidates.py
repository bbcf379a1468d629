"""Choosing the incident's place among the candidates of a name and among the names of a
text, on sentences written for these tests: the place a convoy was passing through, a
journey's ends, an office's unit, a container named with a word the index lacks, a town of
another country than the report's units, a name of several places read by the other names,
a province named by its capital, a later sentence opening with the scene."""

from __future__ import annotations

import datetime as dt

from militancydb.nlp.lexicon import NameHit, shipped_lexicon
from militancydb.nlp.model import PlaceValue
from militancydb.nlp.pipeline import extract
from militancydb.nlp.place_cues import journey_end, office_of, says_where
from militancydb.nlp.place_resolve import resolve_hits

DAY = dt.date(2007, 5, 1)


def _loc(text: str) -> PlaceValue | None:
    found = extract(text, published=DAY)
    assert found, text
    return found[0].location


def test_the_place_passed_through_is_the_scene_not_the_journeys_ends() -> None:
    # Khost is a town, Paktia a province: without "through" the province told with "in" won
    loc = _loc(
        "A police convoy travelling through Khost to a base in Paktia Province was hit by a "
        "roadside bomb, killing two."
    )
    assert loc is not None and loc.province_name == "Khost" and loc.span.text == "Khost"
    # where the journey began is no scene, though a town outranks a province
    loc = _loc(
        "Gunmen attacked the engineers as they were driving through Helmand from Kandahar, "
        "killing four."
    )
    assert loc is not None and loc.province_name == "Helmand"


def test_journey_end_reads_both_ends_and_nothing_else() -> None:
    text = "The convoy was driving through Helmand from Kandahar to Lashkar Gah."
    assert journey_end(text, text.index("Kandahar"))
    assert journey_end(text, text.index("Lashkar"))
    assert not journey_end(text, text.index("Helmand"))
    text = "Militants fired rockets from Kandahar at the base."
    assert not journey_end(text, text.index("Kandahar"))


def test_a_units_office_is_not_the_scene() -> None:
    loc = _loc(
        "The car of Uruzgan's provincial governor was attacked as it drove through Shahwali "
        "Kot in Kandahar, wounding a guard."
    )
    assert loc is not None and loc.province_name == "Kandahar"
    assert loc.district_name == "Shah Wali Kot"
    text = "Uruzgan's police chief said two officers were killed in Uruzgan."
    assert office_of(text, len("Uruzgan"))
    assert not office_of(text, text.rindex("Uruzgan") + len("Uruzgan"))


def test_a_container_named_with_a_word_the_index_lacks_still_contains() -> None:
    # "Salar" alone is a town of Ghazni in the gazetteer; the text puts it in Wardak
    loc = _loc(
        "Two policemen were killed by a roadside bomb in Salar district in Maydan Wardag province."
    )
    assert loc is not None and loc.province_name == "Wardak"


def test_a_town_of_another_country_than_the_reports_units_is_a_namesake() -> None:
    # Punjab's Wazirabad; the report's only unit is Kabul's Deh Sabz
    loc = _loc(
        "Rockets hit two houses in the Qala-e-Naw area of Wazir Abad at night, wounding a "
        "woman. They were fired from the Dehsabz area."
    )
    assert loc is not None and loc.country == "AF" and loc.province_name == "Kabul"


def test_a_town_spelled_by_its_own_name_is_no_namesake() -> None:
    # "Kashmir" is looked up as Sindh's Kashmore: that does not make Kabul a namesake
    loc = _loc(
        "A suicide bomber killed three guards in Kabul on Friday. "
        "The bomber had trained in Kashmir."
    )
    assert loc is not None and loc.country == "AF" and loc.city == "Kabul"


def test_a_name_of_several_places_is_read_by_the_other_names_of_the_text() -> None:
    # Surobi is a district of Kabul and one of Paktika; neither name settles it alone
    loc = _loc("A bomb went off at a school east of Kabul in Sarobi, killing one child.")
    assert loc is not None and loc.province_name == "Kabul" and loc.span.text == "Sarobi"
    loc = _loc(
        "Gunmen attacked a police post in Sarobi on Monday, killing two officers. Paktika "
        "police blamed the Taliban."
    )
    assert loc is not None and loc.province_name == "Paktika"


def test_a_district_called_so_is_no_namesake_town_elsewhere() -> None:
    # Qarabagh is a district of Ghazni and one of Kabul; Herat's Qarah Bagh is a town
    loc = _loc("Gunmen torched a mobile phone tower in Qarabagh District on Monday, killing one.")
    assert loc is None or loc.province_name != "Herat"


def test_a_province_named_by_its_capital_gives_way_to_its_district() -> None:
    loc = _loc("In Khost, gunmen attacked a government compound in Domanda District, killing two.")
    assert loc is not None and loc.district_name == "Do Manda" and loc.province_name == "Khost"
    # a city called so stays the city
    gaz = shipped_lexicon().gazetteer
    khost = frozenset({"AF-KHO", "AF-KHO-khost", "gn:1136469"})
    for text, want in (
        ("In Khost, a bomb went off in Domanda District.", "AF-KHO"),
        ("A bomb went off in Khost city and another in Domanda District.", "gn:1136469"),
    ):
        hits = [
            (0, NameHit(khost, text.index("Khost"), text.index("Khost") + 5, "Khost")),
            (
                0,
                NameHit(
                    frozenset({"AF-KHO-do-manda"}),
                    text.index("Domanda"),
                    text.index("Domanda") + 7,
                    "Domanda",
                ),
            ),
        ]
        found = resolve_hits(gaz, hits, DAY, None, text)
        assert found[0].key == want, text


def test_a_later_sentence_opening_with_the_scene_decides() -> None:
    loc = _loc(
        "On May 3, 2006, a judge was attacked while travelling from Bannu to Kohat, Pakistan. "
        "Near Lachi, gunmen opened fire on his car, injuring the driver."
    )
    assert loc is not None and loc.span.text == "Lachi"
    # a later sentence opening with a place but telling no attack does not
    loc = _loc(
        "On May 3, 2006, a judge was attacked while travelling from Bannu to Kohat, Pakistan. "
        "In Lachi, officials said the road was closed for the day."
    )
    assert loc is not None and loc.span.text != "Lachi"
    assert says_where("Near ", ", gunmen opened fire on the bus")
    assert not says_where("Near ", ", officials said the road was closed")
    assert not says_where("Gunmen were seen near ", ", then opened fire")


def test_the_ends_of_a_stretch_give_way_to_the_place_named_on_it() -> None:
    loc = _loc(
        "Trains between Lahore and Multan stopped after a bomb damaged the tracks near "
        "Chichawatni on Sunday, wounding two."
    )
    assert loc is not None and loc.span.text == "Chichawatni"
    text = "A bomb hit the tracks between Quetta and Chaman near Kuchlak."
    assert journey_end(text, text.index("Quetta"))
    assert journey_end(text, text.index("Chaman"))
    assert not journey_end(text, text.index("Kuchlak"))


def test_a_name_put_inside_a_unit_is_looked_up_in_that_unit() -> None:
    # "Saddah" is no name of the index; Kurram's Sadda is spelled close to it
    loc = _loc("A bomb killed two farmers in the orchards of Saddah in Kurram Agency on Monday.")
    assert loc is not None and loc.city == "Sadda" and loc.district_name == "Kurram Agency"
    # a word that is no place of the unit stays no place
    loc = _loc("A bomb killed two farmers on Monday, Elders in Kurram Agency said.")
    assert loc is not None and loc.city is None and loc.district_name == "Kurram Agency"
