"""News prose, third pass: round-ups whose first incident names only a country or a province,
reactions after "Meanwhile", datelines of several places, a headline's country, claims of
all the attacks of a round-up, and groups named as background or as the victims (texts
written for these tests, in the manner of the Pakistani and Afghan press and the wires)."""

from __future__ import annotations

import datetime as dt

from militancydb.nlp.datelines import datelines
from militancydb.nlp.mentions import background_only, named_as_victim
from militancydb.nlp.model import Extracted
from militancydb.nlp.pipeline import extract

TUESDAY = dt.date(2024, 3, 19)


def _all(text: str, published: dt.date | None = TUESDAY) -> list[Extracted]:
    return extract(text, doc_id="t", published=published)


def _where(inc: Extracted) -> tuple[str | None, str | None, str | None]:
    loc = inc.location
    assert loc is not None
    return loc.province_name, loc.district_name, loc.city


def _perps(inc: Extracted) -> list[str | None]:
    return [p.key for p in inc.perpetrators]


def test_a_country_named_first_does_not_hold_the_next_scene() -> None:
    found = _all(
        "Taliban insurgents attacked an army checkpoint in northern Afghanistan on Tuesday, "
        "killing five soldiers in Balkh province. On Monday, an American soldier was killed "
        "in combat in northern Kunduz province."
    )
    assert len(found) == 2
    assert _where(found[0])[0] == "Balkh"
    assert _where(found[1])[0] == "Kunduz"


def test_a_province_named_first_does_not_hold_a_district_told_first() -> None:
    found = _all(
        "Two Rangers men were killed in a blast in Ghotki, Sindh, on Friday. "
        "In Karachi, a grenade attack injured six people at a shop in Liaquatabad."
    )
    assert len(found) == 2
    assert _where(found[0])[1] == "Ghotki"
    assert _where(found[1])[0] == "Sindh"


def test_a_town_inside_a_district_named_stays_the_same_incident() -> None:
    found = _all(
        "Gunmen shot dead a policeman near Domel in Bannu district on Monday. "
        "In Bannu, police launched a search and said the attackers were killed later."
    )
    assert len(found) == 1


def test_a_reaction_after_meanwhile_is_no_incident() -> None:
    found = _all(
        "A suicide bomber killed three policemen in Quetta on Monday. Meanwhile, the chief "
        "minister condemned the attack and ordered the best treatment for the injured."
    )
    assert len(found) == 1


def test_a_thrown_cracker_opens_an_incident_after_a_place() -> None:
    found = _all(
        "Two Rangers men were killed in a blast in Ghotki on Friday. In Larkana, attackers "
        "on a motorcycle threw a cracker into a school compound."
    )
    assert len(found) == 2
    assert _where(found[1])[1] == "Larkana"


def test_a_dateline_of_several_places_is_a_dateline() -> None:
    text = "BANNU / LAKKI MARWAT: Gunmen killed two policemen in Lakki Marwat on Monday."
    (line,) = datelines(text)
    assert text[line.start : line.end] == "BANNU / LAKKI MARWAT:"
    (inc,) = _all(text)
    assert _where(inc)[1] == "Lakki Marwat"


def test_a_headline_naming_its_country_is_not_the_dateline() -> None:
    (inc,) = _all(
        "Afghanistan: gunmen kill three police\nKabul: Gunmen attacked a police post in "
        "western Herat province on Sunday, killing three policemen, officials said."
    )
    assert _where(inc)[0] == "Herat"


def test_a_capital_in_a_headline_is_no_territory() -> None:
    (inc,) = _all(
        "Blast in Afghan Capital\nKABUL – A suicide bomber killed nine people in the Afghan "
        "capital on Thursday, police said."
    )
    assert _where(inc)[0] == "Kabul"


def test_a_place_after_while_is_another_events() -> None:
    (inc, *_) = _all(
        "Two policemen were martyred in an attack in Lakki Marwat district on Friday, while "
        "security forces killed three militants in an operation in Bannu."
    )
    assert _where(inc)[1] == "Lakki Marwat"


def test_a_claim_of_all_the_attacks_is_every_incidents() -> None:
    found = _all(
        "Two soldiers were killed when a roadside bomb hit their vehicle in Kech on Monday. "
        "In Panjgur, gunmen attacked a levies post, killing one guard. The banned Balochistan "
        "Liberation Army claimed responsibility for the attacks in a statement."
    )
    assert len(found) == 2
    assert all(_perps(inc) == ["bla"] for inc in found)


def test_a_claim_of_the_attacks_at_one_place_stays_with_its_incident() -> None:
    found = _all(
        "A roadside bomb killed two civilians in Spin Boldak district of Kandahar on Friday. "
        "In Kabul, two blasts went off on Friday night without casualties. The Taliban "
        "claimed the attacks in Kabul."
    )
    assert len(found) == 2
    assert _perps(found[0]) == []


def test_groups_named_as_background_are_no_perpetrators() -> None:
    (inc,) = _all(
        "Militants shot dead two policemen in Kohat district on Monday night. No one claimed "
        "responsibility. There has been a surge in attacks by the Pakistani Taliban since "
        "the group ended its ceasefire with the government."
    )
    assert _perps(inc) == []
    assert inc.no_claim is not None
    assert background_only("The TTP is allied with but separate from the Afghan Taliban.")
    assert background_only("Two attacks last week in Bannu were claimed by the TTP.")
    assert background_only("The province sits in the heart of the Taliban's stronghold.")
    assert not background_only("The Pakistani Taliban claimed responsibility for the attack.")


def test_a_group_named_as_the_victim_is_no_perpetrator() -> None:
    (inc,) = _all(
        "Gunmen in a rickshaw attacked a checkpoint in Jalalabad on Sunday, killing two "
        "Taliban guards and a passer-by. Two Taliban members were also wounded."
    )
    assert _perps(inc) == []
    (inc,) = _all("Taliban fighters stormed a police post in Ghazni, killing four policemen.")
    assert _perps(inc) == ["afghan-taliban"]
    assert named_as_victim("a bomb targeting ", " forces in the city")
    assert not named_as_victim("", " fighters stormed the post")


def test_a_district_spelled_otherwise_is_found_inside_the_province_named() -> None:
    (inc,) = _all(
        "A roadside bomb killed the police chief of Maqur district in western Badghis "
        "province, an official said."
    )
    assert _where(inc)[:2] == ("Badghis", "Muqur")


def test_a_district_named_after_its_province_is_looked_for_inside_it() -> None:
    (inc,) = _all(
        "The attack in northern Balkh province, in the district of Dawlat Abad, killed "
        "seven soldiers, the ministry said."
    )
    assert _where(inc)[:2] == ("Balkh", "Dawlatabad")


def test_a_locality_the_gazetteer_lacks_is_the_place_detail() -> None:
    (inc,) = _all(
        "Two policemen died in a suicide attack on a police truck in Quetta's Nawa Kahol "
        "area on Wednesday, police said."
    )
    loc = inc.location
    assert loc is not None
    assert (loc.district_name, loc.place_detail) == ("Quetta", "Nawa Kahol area")
    (inc,) = _all(
        "Security forces killed five terrorists in an operation in the general area "
        "Sher Kandao of Tank District, the military said."
    )
    assert inc.location is not None
    assert (inc.location.district_name, inc.location.place_detail) == ("Tank", "Sher Kandao")


def test_a_building_is_the_place_detail_when_no_locality_is_named() -> None:
    (inc,) = _all("A bomb went off at a mosque in Peshawar on Friday, killing two worshippers.")
    assert inc.location is not None
    assert inc.location.place_detail == "mosque"


def test_a_town_named_later_inside_the_district_refines_it() -> None:
    (inc,) = _all(
        "Three policemen were killed in Nowshera district, rescue workers said. Militants "
        "attacked a police van on Saturday in Akora Khattak area of the district."
    )
    assert _where(inc) == ("Khyber Pakhtunkhwa", "Nowshera", "Akora Khattak")


def test_a_name_spelled_close_to_a_village_elsewhere_is_not_taken() -> None:
    (inc,) = _all(
        "Two policemen were martyred when their van came under attack near the Pathan Kot "
        "area in Tank district on Thursday."
    )
    assert _where(inc)[1] == "Tank"
    assert inc.location is not None and inc.location.place_detail == "Pathan Kot area"


def test_a_journeys_end_is_no_scene_of_a_round_up() -> None:
    found = _all(
        "On July 30, an official was attacked on a bus travelling from Wana to Tank, "
        "Pakistan. Near Dargai, unknown gunmen opened fire on the bus, injuring the driver."
    )
    assert len(found) == 1


def test_an_attack_recalled_by_its_month_gives_no_figures() -> None:
    (inc,) = _all(
        "A suicide bomber killed 11 people in Kabul on Thursday, officials said. The capital "
        "was the scene last May of a truck bombing that killed 150 people."
    )
    assert inc.killed is not None and inc.killed.best == 11


def test_localities_told_in_other_forms_are_the_place_detail() -> None:
    cases = {
        "Gunmen killed seven people late Saturday in Tor Ghundi Khel, a suburban area of "
        "Kohat district, police said.": "Tor Ghundi Khel",
        "Four policemen were martyred some 40 kilometres off Dera Ismail Khan in the limits "
        "of Spin Kalay Police Station.": "Spin Kalay",
        "At least four people were injured in a blast in the Sra Kando region in the Mamund "
        "Tehsil of Bajaur district.": "Sra Kando region",
    }
    for text, want in cases.items():
        (inc,) = _all(text)
        assert inc.location is not None
        assert inc.location.place_detail == want, text


def test_a_place_name_inside_a_longer_locality_leaves_the_locality() -> None:
    # "Dir" is a place of its own; "Dir Sar" (a name made up for this test) is not
    (inc,) = _all(
        "Six soldiers were martyred in an exchange of fire in North Waziristan on Thursday. "
        "The encounter took place in Dir Sar area of the district."
    )
    assert inc.location is not None
    assert inc.location.place_detail == "Dir Sar area"


def test_a_summary_of_separate_attacks_names_no_scene_of_the_first() -> None:
    found = _all(
        "Officials suspect the Taliban were behind two separate attacks in Afghanistan that "
        "killed four policemen in Ghazni province and a district chief in Ghor province. "
        "A district chief was killed in a roadside bomb blast in Ghor province on Saturday. "
        "In eastern Ghazni province, militants ambushed a police convoy, killing four police."
    )
    assert len(found) == 2
    assert [_where(inc)[0] for inc in found] == ["Ghor", "Ghazni"]


def test_a_second_explosion_at_another_place_is_another_incident() -> None:
    found = _all(
        "A bomb killed three people at a market in Jalalabad on Sunday, officials said. "
        "A second explosion in the centre of Kabul killed two policemen."
    )
    assert len(found) == 2
    assert _where(found[1])[0] == "Kabul"


def test_attacks_told_by_a_date_long_before_the_report_are_background() -> None:
    found = _all(
        "A man was killed when unidentified men hurled a cracker at a shop in Karachi's "
        "Sachal Goth area on Wednesday, police said. Last month, the Rangers came under "
        "attack five times in Sindh. Two Rangers personnel were killed in a grenade attack "
        "in Ghotki on June 19. On the same day, Rangers vehicles came under attack in "
        "Larkana.",
        published=dt.date(2020, 7, 8),
    )
    assert len(found) == 1
    assert found[0].killed is not None and found[0].killed.best == 1


def test_a_claim_of_attacks_told_long_before_is_not_this_ones() -> None:
    (inc,) = _all(
        "A retired Rangers inspector was killed when men hurled a cracker at a shop in "
        "Karachi on Wednesday. Two Rangers personnel were killed in a grenade attack in "
        "Ghotki on June 19. All the attacks were claimed by the Sindhudesh Revolutionary Army.",
        published=dt.date(2020, 7, 8),
    )
    assert _perps(inc) == []


def test_a_claim_in_the_passive_is_a_claim() -> None:
    found = _all(
        "Two soldiers were killed when a roadside bomb hit their vehicle in Kech on Monday. "
        "In Panjgur, gunmen attacked a levies post, killing one guard. Both attacks were "
        "claimed by the Balochistan Liberation Army."
    )
    assert len(found) == 2
    for inc in found:
        assert [(p.key, p.basis) for p in inc.perpetrators] == [("bla", "claimed")]
