"""Which of the places a report names is the incident's, on sentences written for these
tests: destinations, people's names, a town's district as the text states it, spellings
inside the unit the text names, a city of several districts."""

from __future__ import annotations

import datetime as dt

from militancydb.nlp.lexicon import shipped_lexicon
from militancydb.nlp.model import PlaceValue
from militancydb.nlp.pipeline import extract
from militancydb.nlp.place_context import spelled_inside

DAY = dt.date(2007, 5, 1)


def _loc(text: str, day: dt.date = DAY) -> PlaceValue | None:
    found = extract(text, published=day)
    assert found, text
    return found[0].location


def _said(text: str, day: dt.date = DAY) -> str | None:
    loc = _loc(text, day)
    return loc.span.text if loc else None


def test_a_destination_gives_way_to_another_place_of_its_sentence() -> None:
    # without the cue the town (more specific than the agency) would be taken
    said = _said("A roadside bomb hit a bus in Khyber Agency on its way to Peshawar, killing two.")
    assert said == "Khyber Agency"
    said = _said("A bomb hit a truck in Mastung District that was bound for Quetta, wounding six.")
    assert said == "Mastung District"
    loc = _loc("A van was ambushed in Kurram Agency while travelling to Parachinar, two died.")
    assert loc is not None and loc.span.text == "Kurram Agency"


def test_a_destination_named_alone_still_places_the_incident() -> None:
    # as far as the text says, near where he was going
    assert _said("A tribal elder was shot dead on his way to Quetta on Monday.") == "Quetta"


def test_a_place_name_that_ends_a_persons_name_is_no_place() -> None:
    # "Kanju" and "Asghar" are names of villages too
    assert _said("Gunmen shot Malik Khan Asghar as he drove through Tank on Monday.") == "Tank"
    assert _loc("Unknown gunmen killed Mohammad Siddiq Kanju and his guard on Monday.") is None


def test_the_district_the_text_gives_a_town_stands_over_the_estimate() -> None:
    # GeoNames' Thal lies far from Kohat: the text says which district it is in
    loc = _loc("A bomb went off at a bazaar in Thal, district of Kohat, killing five.")
    assert loc is not None and loc.district_name == "Kohat" and loc.span.text == "Thal"


def test_a_spelling_the_gazetteer_lacks_inside_the_unit_the_text_names() -> None:
    loc = _loc("Gunmen attacked a police post in Panjawi District of Kandahar Province.")
    assert loc is not None and loc.district_name == "Panjwayi"
    loc = _loc("A car bomb in Panjway (Qandahar province) killed three people.")
    assert loc is not None and loc.district_name == "Panjwayi"
    gaz = shipped_lexicon().gazetteer
    assert spelled_inside(gaz, "Panjawi", "AF-KAN", DAY) == "AF-KAN-panjwayi"
    # nothing close inside that province
    assert spelled_inside(gaz, "Panjawi", "AF-BAL", DAY) is None


def test_a_longer_name_around_a_name_found_is_read_whole() -> None:
    loc = _loc("A bomb killed the Shahwali Kot district chief on Saturday.")
    assert loc is not None and loc.province_name == "Kandahar"
    loc = _loc("A bomb wounded three civilians in the Koti Sangi area of Kabul.")
    assert loc is not None and loc.province_name == "Kabul"


def test_a_bare_city_of_several_districts_leaves_the_district_unknown() -> None:
    loc = _loc("Gunmen killed three policemen in Karachi on Monday.", dt.date(2015, 3, 3))
    assert loc is not None
    assert (loc.city, loc.province_name, loc.district) == ("Karachi", "Sindh", None)


def test_a_quarter_of_the_city_gives_its_district_and_the_city() -> None:
    loc = _loc(
        "Two people were killed in a blast in the Gulshan-e-Iqbal area of Karachi.",
        dt.date(2015, 3, 3),
    )
    assert loc is not None
    assert (loc.city, loc.district_name) == ("Karachi", "Karachi East")


def test_a_landmark_named_after_the_scene_is_not_the_scene() -> None:
    loc = _loc("Three civilians were killed in Logar Province near Kabul when a bomb went off.")
    assert loc is not None and loc.province_name == "Logar"
    loc = _loc("A suicide bomber struck a convoy in Wardak Province outside of Kabul.")
    assert loc is not None and loc.province_name == "Wardak"


def test_a_roads_end_is_no_scene_for_a_landmark() -> None:
    # the road's ends do not make "near Ghazni" a landmark of theirs
    loc = _loc("Rockets hit a roadworks site along the Kabul-Kandahar highway near Ghazni.")
    assert loc is not None and loc.span.text == "Ghazni"


def test_a_post_named_for_a_place_is_a_building() -> None:
    loc = _loc("Militants attacked a police vehicle near the Sangar post of Chora District.")
    assert loc is not None and loc.span.text.startswith("Chora")


def test_a_district_of_another_country_than_the_province_named_is_a_namesake() -> None:
    # Bolan is a district of Balochistan; the sentence names a province of Afghanistan
    loc = _loc(
        "A roadside mine wounded two policemen in the Bolan area near Lashkargah, Helmand Province."
    )
    assert loc is not None and loc.country == "AF"


def test_a_later_sentence_saying_where_the_attack_took_place_decides() -> None:
    loc = _loc(
        "The Gardez police chief was ambushed while travelling from Gardez to Kabul. "
        "The attack took place in Saydabad District of Wardak Province; two guards died."
    )
    assert loc is not None and loc.province_name == "Wardak"


def test_a_first_sentence_naming_the_scene_is_not_overridden() -> None:
    loc = _loc(
        "A bomb killed twelve people in South Waziristan on Monday. "
        "The explosion occurred in the Tank area at a roadside hotel."
    )
    assert loc is not None and loc.span.text == "South Waziristan"


def test_a_road_written_with_a_spaced_dash_is_a_road() -> None:
    # neither the road's first end (Khost) nor its second (Gardez, inside Paktia) is the place
    loc = _loc(
        "A bomb hit a police convoy on the Khost -Gardez Highway in Paktia Province on Monday, "
        "killing two."
    )
    assert loc is not None and loc.span.text == "Paktia Province"
