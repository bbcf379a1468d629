"""News prose: datelines, reporting dates, possessive places, reporting words (texts written
for these tests, in the manner of the Pakistani and Afghan press and the wires)."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp.datelines import datelines, filed_on, stamps
from militancydb.nlp.dates import dates_in
from militancydb.nlp.kinds import targets
from militancydb.nlp.mentions import background_only, named_as_authority
from militancydb.nlp.pipeline import extract
from militancydb.nlp.reporting import mask_reporting, rank_title

WEDNESDAY = dt.date(2024, 3, 13)


def _one(text: str, published: dt.date | None = WEDNESDAY):  # type: ignore[no-untyped-def]
    found = extract(text, doc_id="t", published=published)
    assert found, text
    return found[0]


@pytest.mark.parametrize(
    ("text", "place", "month_day", "agency"),
    [
        ("PESHAWAR: Two soldiers were martyred.", "PESHAWAR", None, None),
        ("QUETTA, Jan 5 (Reuters) - A bomb went off.", "QUETTA", (1, 5), "Reuters"),
        ("KABUL (Pajhwok): Five men were killed.", "KABUL", None, "Pajhwok"),
        ("Islamabad [Pakistan], January 31 (ANI): Two men died.", "Islamabad", (1, 31), "ANI"),
        ("Bannu, Aug 17 (PTI) At least seven people were killed.", "Bannu", (8, 17), "PTI"),
        ("DERA ISMAIL KHAN - Ten policemen were martyred.", "DERA ISMAIL KHAN", None, None),
        ("Headline of the story\nThe Associated Press\nKOHAT, Pakistan\n\nPolice say.", "KOHAT",
         None, None),
        ("AB News Desk-KANDAHAR: A mine went off.", "KANDAHAR", None, None),
        ("Jalalabad (Reuters) \u2013 A blast hit a market.", "Jalalabad", None, "Reuters"),
        ("BANNU/LAKKI MARWAT: Two attacks were reported.", "BANNU/LAKKI MARWAT", None, None),
    ],
)  # fmt: skip
def test_datelines_of_the_press_and_the_wires(
    text: str, place: str, month_day: tuple[int, int] | None, agency: str | None
) -> None:
    line = datelines(text)[0]
    assert (line.place, line.month_day, line.agency) == (place, month_day, agency)
    assert text[line.place_start : line.place_end] == place


def test_a_sentence_is_not_a_dateline() -> None:
    assert datelines("A blast killed four people in Quetta on Monday.") == []
    assert datelines("Gunmen shot dead two policemen in Bannu\nand fled.") == []


def test_the_day_a_report_was_filed() -> None:
    (line,) = datelines("QUETTA, Jan 5 (Reuters) - A bomb went off.")
    assert filed_on(line, [], dt.date(2019, 1, 12)) == dt.date(2019, 1, 5)
    # a dateline of late December in a paper of early January is of the year before
    (line,) = datelines("KABUL, Dec 31 (AFP) - A bomb went off.")
    assert filed_on(line, [], dt.date(2020, 1, 2)) == dt.date(2019, 12, 31)
    # no publication date: the page's own stamp gives the year
    found = stamps("Story\n24 Jun, 2017\n\nGunmen killed four.")
    assert [(s.month_day, s.year) for s in found] == [((6, 24), 2017)]
    assert filed_on(None, found, None) == dt.date(2017, 6, 24)


def test_the_dateline_is_where_it_was_filed_not_the_scene() -> None:
    inc = _one(
        "PESHAWAR: Four soldiers were martyred and two others injured when terrorists "
        "attacked a security forces\u2019 check post in North Waziristan\u2019s Mir Ali tehsil "
        "late on Tuesday night, the military\u2019s media wing said on Wednesday. The banned "
        "Tehreek-i-Taliban Pakistan claimed responsibility for the attack in a statement "
        "sent to the media."
    )
    loc = inc.location
    assert loc is not None
    assert (loc.province_name, loc.district_name, loc.city) == (
        "Khyber Pakhtunkhwa",
        "North Waziristan",
        "Mir Ali",
    )
    assert inc.date is not None and inc.date.date == "2024-03-12"  # Tuesday, not Wednesday
    assert "journalists" not in [t.value for t in inc.targets]
    assert "security_forces" in [t.value for t in inc.targets]


def test_the_dateline_is_the_scene_when_the_body_names_no_place() -> None:
    inc = _one("QUETTA: A bomb went off near a police van here on Monday, killing three people.")
    assert inc.location is not None and inc.location.city == "Quetta"
    assert inc.date is not None and inc.date.date == "2024-03-11"


def test_the_dateline_stands_when_the_body_names_only_a_home_town() -> None:
    inc = _one(
        "KARACHI: Two men were shot dead by gunmen on motorcycles on Tuesday night. The "
        "victims were residents of Larkana."
    )
    assert inc.location is not None and inc.location.city == "Karachi"


def test_a_dateline_of_another_country() -> None:
    inc = _one(
        "ISLAMABAD: Gunmen killed two policemen in a market of the Hangu district on Monday, "
        "police said."
    )
    assert inc.location is not None and inc.location.district_name == "Hangu"


def test_a_wire_counts_days_from_its_dateline() -> None:
    # filed on Saturday 5 January, reposted a week later: "on Friday" is the 4th
    text = "QUETTA, Jan 5 (Reuters) - Gunmen killed four labourers in Kech district on Friday."
    inc = _one(text, dt.date(2019, 1, 12))
    assert inc.date is not None and inc.date.date == "2019-01-04"
    assert inc.location is not None and inc.location.district_name == "Kech"


def test_a_date_stamp_is_the_page_not_the_incident() -> None:
    inc = _one(
        "Four policemen shot dead in Karachi\n\n24 Jun, 2017\n\nGunmen on motorcycles killed "
        "four policemen in Karachi on Friday evening.",
        None,
    )
    assert inc.date is not None and inc.date.date == "2017-06-23"


def test_when_it_was_said_is_not_when_it_happened() -> None:
    said = dates_in("the military's media wing said on Wednesday", WEDNESDAY)
    assert [m.reported for m in said] == [True]
    told = dates_in("an official told AFP on Tuesday", WEDNESDAY)
    assert [m.reported for m in told] == [True]
    event = dates_in("Police said the attack on Monday killed two men", WEDNESDAY)
    assert [(m.date, m.reported) for m in event] == [(dt.date(2024, 3, 11), False)]
    inc = _one(
        "Two soldiers were martyred, the ISPR said on Wednesday. Terrorists attacked their "
        "post in South Waziristan on Monday night."
    )
    assert inc.date is not None and inc.date.date == "2024-03-11"
    # only a day of saying: that day, rather than the publication date
    inc = _one("Two soldiers were martyred in South Waziristan, the ISPR said yesterday.")
    assert inc.date is not None and inc.date.date == "2024-03-12"


def test_possessive_and_appositive_places() -> None:
    inc = _one("ISLAMABAD: Gunmen killed five labourers in Balochistan\u2019s Kech district.")
    assert inc.location is not None and inc.location.district_name == "Kech"
    inc = _one(
        "Three policemen were shot dead in Shah Hasan Khel, a remote area of Lakki Marwat "
        "district, on Tuesday."
    )
    assert inc.location is not None and inc.location.district_name == "Lakki Marwat"


def test_afghan_style_district_of_province() -> None:
    inc = _one(
        "JALALABAD (Pajhwok): Two civilians were killed when a roadside mine went off in "
        "Chaparhar district of eastern Nangarhar province on Tuesday, an official said."
    )
    loc = inc.location
    assert loc is not None and loc.country == "AF"
    assert (loc.province_name, loc.district_name) == ("Nangarhar", "Chaparhar")


def test_district_of_a_province_with_an_adjective() -> None:
    inc = _one(
        "KABUL: Four civilians were killed when their car hit a roadside bomb in the Khakrez "
        "district of southern Kandahar province on Monday, an official said."
    )
    loc = inc.location
    assert loc is not None and (loc.province_name, loc.district_name) == ("Kandahar", "Khakrez")


def test_reporting_words_are_not_targets() -> None:
    text = (
        "The group claimed the attack in a statement sent to the media, while police told "
        "reporters that residents said the gunmen fled."
    )
    assert [t.value for t in targets(text, 0, "t")] == []
    shot = "Gunmen shot dead a journalist outside the press club; a reporter was wounded."
    assert [t.value for t in targets(shot, 0, "t")] == ["journalists"]
    masked = mask_reporting("the army's media wing said")
    assert len(masked) == len("the army's media wing said") and "media" not in masked


def test_office_holders_reacting_and_agencies_are_not_targets() -> None:
    text = (
        "Chief Minister Ali Shah condemned the blast, and SSP Operations Captain (retd) Ali "
        "Khan said the police were investigating."
    )
    assert [t.value for t in targets(text, 0, "t")] == []
    hit = "Gunmen shot dead a provincial minister and two army officers."
    assert {t.value for t in targets(hit, 0, "t")} == {"government_officials", "army"}
    inc = _one("Bannu, Aug 17 (PTI) Gunmen shot dead three villagers in Bannu on Saturday.")
    assert "political_workers" not in [t.value for t in inc.targets]  # PTI: the agency


def test_ranks_are_not_group_acronyms() -> None:
    text = "SSP Operations Ali Khan said the blast killed two. The DIG visited."
    assert rank_title(text, 0, 3)
    assert not rank_title("The banned SSP claimed it.", 11, 14)
    inc = _one(
        "A blast near a police van killed two people in Quetta on Monday, Senior "
        "Superintendent of Police (SSP) Operations Ali Khan said."
    )
    assert inc.perpetrators == []


def test_a_byline_or_footer_stamp_is_the_page_not_the_incident() -> None:
    text = (
        "Blast hits peace committee\n\nA Correspondent Published September 4, 2025 Updated "
        "September 4, 2025 06:58am\n\nLAKKI MARWAT: A bomb went off near a mosque in the "
        "Sherikhel area of Lakki Marwat district on Tuesday night, killing two villagers.\n\n"
        "Published in Dawn, September 4th, 2025"
    )
    assert len(stamps(text)) == 3
    assert [t.month_day for t in stamps("E-Paper | September 26, 2025\nText")] == [(9, 26)]
    inc = _one(text, dt.date(2025, 9, 4))
    assert inc.date is not None and inc.date.date == "2025-09-02"
    assert inc.location is not None and inc.location.district_name == "Lakki Marwat"


def test_a_capital_named_by_its_role() -> None:
    inc = _one(
        "ISLAMABAD \u2014 An explosion in Afghanistan\u2019s capital has killed at least three "
        "people, a Taliban official said on Wednesday."
    )
    loc = inc.location
    assert loc is not None and (loc.country, loc.city) == ("AF", "Kabul")
    inc = _one("A bomb went off in the Pakistani capital on Monday, killing two people.")
    assert inc.location is not None and inc.location.city == "Islamabad"


def test_groups_named_as_background_are_not_perpetrators() -> None:
    assert background_only("No group, including the Taliban, has claimed responsibility.")
    assert not background_only("No group claimed it, but police blamed the TTP.")
    assert background_only(
        "However, Jamaat-ul-Ahrar has claimed responsibility for previous similar attacks."
    )
    assert background_only("Normally, the banned TTP claims most attacks in the area.")
    assert not background_only("The TTP claimed responsibility for the attack.")
    inc = _one(
        "Gunmen killed three policemen in Kohat district on Tuesday. No group, including the "
        "Taliban, has claimed responsibility. Lashkar-e-Jhangvi has claimed responsibility for "
        "previous similar attacks in the district."
    )
    assert inc.perpetrators == []
    inc = _one(
        "Gunmen killed three policemen in Kohat district on Tuesday. The Tehreek-i-Taliban "
        "Pakistan claimed responsibility."
    )
    assert [p.basis for p in inc.perpetrators] == ["claimed"]


def test_a_group_named_as_the_authorities_is_not_the_attacker() -> None:
    assert named_as_authority(" official said on Wednesday")
    assert named_as_authority("-appointed police chief")
    assert not named_as_authority(" claimed responsibility")
    inc = _one(
        "A bomb killed three people in Kabul on Tuesday, a Taliban official said. No group "
        "claimed the attack."
    )
    assert inc.perpetrators == []
