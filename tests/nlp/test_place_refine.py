"""The town of the unseen news' misses (texts written for these tests): a dateline of one
title-case word on a line of its own, "the provincial capital of the same name", a town's
possessive before its district, a headline's town named later as a landmark."""

from __future__ import annotations

import datetime as dt

from militancydb.nlp.datelines import datelines
from militancydb.nlp.model import Extracted
from militancydb.nlp.pipeline import extract

WEDNESDAY = dt.date(2023, 2, 22)


def _first(text: str) -> Extracted:
    found = extract(text, doc_id="t", published=WEDNESDAY)
    assert found, text
    return found[0]


def _where(inc: Extracted) -> tuple[str | None, str | None, str | None]:
    loc = inc.location
    assert loc is not None
    return loc.province_name, loc.district_name, loc.city


def test_a_place_alone_on_a_line_under_the_reporter_is_the_dateline() -> None:
    text = (
        "Amir Khan\n\nPeshawar\n\nA polio team came under attack in Bajaur district on "
        "Tuesday, leaving one levies man dead."
    )
    assert [d.place for d in datelines(text)][-1] == "Peshawar"
    assert _where(_first(text))[:2] == ("Khyber Pakhtunkhwa", "Bajaur")


def test_a_marked_dateline_comes_before_a_place_alone_on_a_line() -> None:
    text = (
        "31 C\nKarachi\n\nTwo soldiers martyred in IED blast\n\nRAWALPINDI: Two soldiers were "
        "martyred in an IED blast in North Waziristan district on Tuesday, the ISPR said."
    )
    assert [d.place for d in datelines(text)] == ["RAWALPINDI"]


def test_a_dateline_alone_on_a_line_under_the_agency_is_no_scene() -> None:
    inc = _first(
        "dpa\nKabul\nA police officer was shot dead in eastern Nangarhar province on "
        "Wednesday, officials said."
    )
    assert _where(inc)[0] == "Nangarhar"


def test_the_provincial_capital_of_the_same_name_is_the_town() -> None:
    inc = _first(
        "A senior official has been killed in western Farah province, officials said. He was "
        "gunned down by unknown gunmen in the provincial capital of the same name on Thursday."
    )
    assert _where(inc) == ("Farah", "Farah", "Farah")


def test_the_provincial_capital_as_where_the_wounded_were_taken_is_no_scene() -> None:
    inc = _first(
        "A bomb killed two soldiers in Farah province on Thursday. The wounded were taken to "
        "a hospital in the provincial capital."
    )
    assert _where(inc)[2] is None


def test_a_towns_possessive_before_its_district_gives_the_city() -> None:
    inc = _first(
        "A party worker was shot dead in a targeted attack in Karachi's Korangi area on "
        "Tuesday, police said."
    )
    assert _where(inc)[1:] == ("Korangi", "Karachi")


def test_a_headlines_town_named_later_as_a_landmark_gives_way() -> None:
    inc = _first(
        "Four killed in blast in Mingora\nFour people were killed when a bomb went off in "
        "Saidu Sharif near Mingora on Tuesday, police said."
    )
    assert _where(inc) == ("Khyber Pakhtunkhwa", "Swat", "Saidu Sharif")


def test_a_locality_of_another_district_than_its_sentence_names_is_no_scene() -> None:
    # Kurram's Dogar, first word of a Bannu village's name the gazetteer lacks
    inc = _first(
        "A policeman was martyred when gunmen attacked a police van in Dogar Umarzai area in "
        "Bannu district on Tuesday."
    )
    assert _where(inc)[:2] == ("Khyber Pakhtunkhwa", "Bannu")
