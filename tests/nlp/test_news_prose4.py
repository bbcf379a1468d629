"""News prose, fourth pass: round-ups marked by the wires' own cues ("In other violence", "In
another news", "In the capital, meanwhile", a spokesman's "also said that in ..."), bulleted
summary lines, and place names read with their unit word ("Sari Pul province", "Spin Boldak
district", "the district of Jaghatu") (texts written for these tests, in the manner of the
Pakistani and Afghan press and the wires)."""

from __future__ import annotations

import datetime as dt

from militancydb.nlp.model import Extracted
from militancydb.nlp.pipeline import extract
from militancydb.nlp.text import sentences

FRIDAY = dt.date(2024, 3, 22)


def _all(text: str, published: dt.date | None = FRIDAY) -> list[Extracted]:
    return extract(text, doc_id="t", published=published)


def _where(inc: Extracted) -> tuple[str | None, str | None, str | None]:
    loc = inc.location
    assert loc is not None
    return loc.province_name, loc.district_name, loc.city


def test_in_other_violence_opens_the_next_incident() -> None:
    found = _all(
        "KABUL, Afghanistan (AP) - Insurgents killed four policemen at a checkpoint in "
        "Faryab province on Thursday, an official said.\n"
        "In other violence, a roadside bomb killed two farmers in Paktika province."
    )
    assert len(found) == 2
    assert _where(found[1])[0] == "Paktika"


def test_in_another_news_opens_the_next_incident() -> None:
    found = _all(
        "Gunmen shot dead a shopkeeper in Turbat on Thursday.\n\n"
        "In another news, a rebel group said it had fought off a rival militia in Awaran "
        "district."
    )
    assert len(found) == 2


def test_a_cue_sentence_about_a_targeted_killing_is_no_new_incident() -> None:
    found = _all(
        "Two men were shot dead in Quetta on Thursday evening, police said. Meanwhile, a "
        "relative told reporters that the shooting was a targeted killing."
    )
    assert len(found) == 1


def test_in_the_capital_points_to_the_dateline_place() -> None:
    found = _all(
        "KABUL, Afghanistan (AP) - Taliban fighters attacked a checkpoint in Ghor province "
        "early Friday, killing three police.\n"
        "In the capital, meanwhile, two gunmen opened fire at the home of a former minister, "
        "killing a guard."
    )
    assert len(found) == 2
    assert _where(found[1])[0] == "Kabul"


def test_in_the_capital_of_a_report_without_dateline_goes_on() -> None:
    # no dateline: nothing tells which capital, so no new incident is guessed
    found = _all(
        "Taliban fighters attacked a checkpoint in Ghor province early Friday, killing three "
        "police. In the capital, meanwhile, two gunmen opened fire at a house, killing a guard."
    )
    assert len(found) == 1


def test_a_spokesman_saying_where_another_attack_happened() -> None:
    found = _all(
        "Militants stormed a police post in Nangarhar province, killing six policemen. "
        "Police chief Ahmad Khan also said that in Khogyani district, an airstrike killed "
        "nine militants on Thursday night."
    )
    assert len(found) == 2
    assert _where(found[1])[1] == "Khogyani"


def test_earlier_on_a_weekday_at_another_place() -> None:
    found = _all(
        "Gunmen killed a tribal elder in Khost province on Thursday. Earlier on Wednesday, a "
        "bomb killed two soldiers in Kunar province."
    )
    assert len(found) == 2
    assert _where(found[1])[0] == "Kunar"


def test_the_other_casualties_after_a_summary() -> None:
    found = _all(
        "At least nine people were killed in two separate explosions in Khyber Pakhtunkhwa on "
        "Thursday. A car bomb went off in Charsadda, killing seven people. The other two "
        "deaths occurred when a roadside bomb exploded in Bannu."
    )
    assert len(found) == 2
    assert found[0].killed is not None and found[0].killed.best == 7
    assert _where(found[1])[1] == "Bannu"


def test_bulleted_lines_are_sentences_of_their_own() -> None:
    got = [
        s.text
        for s in sentences(
            "- Four soldiers were killed in the attack\n- Two attackers were shot dead\n"
            "QUETTA: Militants attacked a post. Police said more."
        )
    ]
    assert got == [
        "- Four soldiers were killed in the attack",
        "- Two attackers were shot dead",
        "QUETTA: Militants attacked a post.",
        "Police said more.",
    ]


def test_a_dash_inside_a_line_is_no_bullet() -> None:
    got = [s.text for s in sentences("A roadside bomb - planted overnight - hit a van.")]
    assert len(got) == 1


def test_a_name_with_province_after_it_is_the_province() -> None:
    found = _all(
        "At least six policemen were killed when Taliban fighters overran their checkpoint "
        "in northern Sari Pul province. A gun battle went on in Sayad district."
    )
    assert _where(found[0])[:2] == ("Sar-e Pol", "Sayyad")


def test_a_district_named_with_its_unit_word_is_the_district() -> None:
    found = _all(
        "A roadside bomb killed two civilians in southern Kandahar province on Thursday. "
        "The blast struck their vehicle in Spin Boldak district."
    )
    assert _where(found[0])[:2] == ("Kandahar", "Spin Boldak")


def test_a_bare_name_is_the_province_the_text_names_as_one() -> None:
    found = _all(
        "Roadside bomb kills two in Kandahar\n\n"
        "A roadside bomb has killed two civilians in southern Kandahar province. The blast "
        "struck the vehicle on Thursday in Spin Boldak district."
    )
    assert _where(found[0])[:2] == ("Kandahar", "Spin Boldak")


def test_a_bare_name_told_as_a_city_too_stays_the_town() -> None:
    found = _all(
        "A bomb killed a police chief in western Farah province. He died near his home in "
        "the city of Farah on Thursday. The Taliban claimed the attack in Farah city."
    )
    assert _where(found[0]) == ("Farah", "Farah", "Farah")


def _perps(inc: Extracted) -> list[str | None]:
    return [p.key for p in inc.perpetrators]


def test_a_group_that_denied_any_role_is_no_perpetrator() -> None:
    (inc,) = _all(
        "PESHAWAR: Twin blasts ripped through a crowded market in Peshawar on Thursday, killing "
        "21 people. The Pakistani Taliban denied any role in the bombing. \u201cWe did not carry "
        "out this attack,\u201d Tehreek-e-Taliban spokesman Ahmad Khan told AFP."
    )
    assert _perps(inc) == []
    assert [c.kind for c in inc.claims] and all(c.kind == "denial" for c in inc.claims)


def test_a_denial_does_not_hide_a_claim_by_another_group() -> None:
    (inc,) = _all(
        "A bomb killed six people at a bus stand in Quetta on Thursday. The TTP denied any role "
        "in the attack. The Balochistan Liberation Army claimed responsibility."
    )
    assert _perps(inc) == ["bla"]


def test_blame_as_a_habit_is_no_suspicion() -> None:
    (inc,) = _all(
        "Militants attacked a checkpoint in Bannu on Thursday, killing four policemen. No group "
        "has claimed responsibility, although similar attacks are usually blamed on the TTP."
    )
    assert _perps(inc) == []


def test_blame_of_this_attack_stays_beside_a_habit() -> None:
    (inc,) = _all(
        "Militants attacked a checkpoint in Bannu on Thursday, killing four policemen. Police "
        "blamed the TTP, which is often blamed for such attacks."
    )
    assert _perps(inc) == ["ttp"]


def test_a_region_described_by_its_militants_names_no_perpetrator() -> None:
    (inc,) = _all(
        "Militants attacked a police post in Upper Dir on Wednesday, killing seven policemen. "
        "The border area is a global hub for militants, including allies such as the Pakistani "
        "Taliban, who seek to topple the government. The district has also witnessed Taliban "
        "militant activity."
    )
    assert _perps(inc) == []


def test_a_claim_of_an_attack_elsewhere_is_not_the_incidents() -> None:
    (inc,) = _all(
        "PESHAWAR: Two bombs tore through a market in Peshawar on Thursday, killing six "
        "people. Also on Thursday, the Taliban claimed responsibility for an attack on a "
        "police station a day earlier in the eastern city of Lahore."
    )
    assert _perps(inc) == []


def test_a_claim_of_the_attack_in_its_own_province_stays() -> None:
    (inc,) = _all(
        "A roadside bomb killed two soldiers in Spin Boldak district on Thursday. The Taliban "
        "claimed the attack in Kandahar province."
    )
    assert _perps(inc) == ["afghan-taliban"]


def test_a_police_rank_once_is_the_rank_throughout() -> None:
    (inc,) = _all(
        "Two policemen were gunned down in Karachi's Orangi Town on Monday. According to SSP "
        "West Ali Raza, the officials were on duty. The SSP said the attack was a targeted "
        "killing."
    )
    assert _perps(inc) == []


def test_a_capital_standing_for_its_government_is_no_place() -> None:
    (inc,) = _all(
        "About 200 militants attacked a checkpoint in Upper Dir on Wednesday, killing seven "
        "police. The militants seek to topple the US-backed Islamabad government."
    )
    assert _where(inc)[1] == "Upper Dir"


def test_officials_not_authorised_to_brief_reporters_are_no_press_target() -> None:
    (inc,) = _all(
        "Taliban insurgents attacked a checkpoint in Farah province on Thursday, killing three "
        "police, said an official who was not authorized to brief reporters."
    )
    assert "journalists" not in [t.value for t in inc.targets]


def test_a_date_stamp_with_a_time_and_an_update_note() -> None:
    (inc,) = _all(
        "South Asia News\nAugust 16, 2018 / 9:22 AM / Updated an hour ago\n\n"
        "Islamic State claims Kabul bombing\n\n"
        "CAIRO (Reuters) - Islamic State said one of its militants carried out a suicide "
        "bombing in Kabul on Wednesday that killed 34 people.",
        published=None,
    )
    assert inc.date is not None and inc.date.date == "2018-08-15"


def test_the_day_a_claim_was_made_is_not_the_attacks() -> None:
    (inc,) = _all(
        "CAIRO - Islamic State on Sunday claimed responsibility for a suicide attack in Kabul "
        "on Saturday that killed 63 people.",
        published=dt.date(2019, 8, 18),
    )
    assert inc.date is not None and inc.date.date == "2019-08-17"


def test_a_photo_caption_of_an_older_attack_gives_no_date() -> None:
    (inc,) = _all(
        "Militants attack police checkpoint near Peshawar\n\n"
        "Soldiers gather after an attack on an army camp on July 9, 2012.\n\n"
        "Militants swarmed a police checkpoint near Peshawar late Sunday, killing five "
        "officers, officials said.",
        published=dt.date(2012, 10, 15),
    )
    assert inc.date is not None and inc.date.date == "2012-10-14"


def test_a_group_blamed_by_officials_that_denies_stays_blamed() -> None:
    (inc,) = _all(
        "Gunmen attacked the home of a tribal elder in Badghis province on Thursday, killing "
        "him and his son. Local officials blamed the Taliban for the attack, but the Taliban "
        "denied responsibility."
    )
    assert [(p.key, p.basis) for p in inc.perpetrators] == [
        ("afghan-taliban", "attributed_by_officials")
    ]
    assert {c.kind for c in inc.claims} == {"denial"}


def test_a_place_a_distance_is_measured_from_is_not_the_scene() -> None:
    (inc,) = _all(
        "At least ten suspected militants were killed when a drone fired two missiles at a "
        "compound in North Waziristan on Thursday. The compound was in a mountainous region, "
        "70 km from Miranshah."
    )
    assert _where(inc)[1] == "North Waziristan"  # (in 2024; before 2018 its Agency)
    assert _where(inc)[2] is None


def test_a_locality_inside_the_place_named_after_it_is_the_detail() -> None:
    (inc,) = _all(
        "A drone fired two missiles at a house in Darai Nashtar of North Waziristan on "
        "Thursday, killing four militants."
    )
    assert inc.location is not None and inc.location.place_detail == "Darai Nashtar"


def test_a_locality_after_an_adjective_is_the_detail() -> None:
    (inc,) = _all(
        "Seven people were killed when a bomb hit their car in mountainous Dogdara area of "
        "Upper Dir district on Thursday."
    )
    assert inc.location is not None and inc.location.place_detail == "Dogdara area"
    assert _where(inc)[1] == "Upper Dir"


def test_the_first_word_of_a_compound_name_is_no_place() -> None:
    (inc,) = _all(
        "Two men were gunned down in a targeted attack in Gulistan-i-Johar, Karachi, on "
        "Thursday evening, police said."
    )
    assert _where(inc)[0] == "Sindh"


AFTER_2021 = dt.date(2023, 5, 8)


def test_taliban_spokesman_confirming_an_attack_after_2021_is_no_perpetrator() -> None:
    (inc,) = _all(
        "KABUL: A suicide bomber struck a mosque in Kunduz on Friday, killing 40 worshippers. "
        "Taliban spokesman Zabihullah Mujahid confirmed the attack and said an investigation "
        "was under way. The Islamic State group claimed responsibility.",
        published=AFTER_2021,
    )
    assert _perps(inc) == ["islamic-state"]


def test_taliban_state_words_after_2021() -> None:
    for text in (
        "A bomb exploded near a Taliban vehicle in Jalalabad on Tuesday, killing three people.",
        "A blast hit a checkpoint in Kabul on Monday, killing two. The Taliban's interior "
        "ministry spokesman said an investigation had begun.",
        "Gunmen killed four Taliban security personnel in Herat on Sunday. No one claimed it.",
        "Unknown gunmen shot dead a Taliban commander in Kunduz on Saturday. The Taliban "
        "government's spokesman said the attackers had fled.",
    ):
        (inc,) = _all(text, published=AFTER_2021)
        assert _perps(inc) == [], text


def test_taliban_spokesman_before_2021_still_names_the_group() -> None:
    (inc,) = _all(
        "Insurgents attacked a checkpoint in Farah province on Thursday, killing three police. "
        "Taliban spokesman Qari Yousuf Ahmadi said the group's fighters had stormed the post.",
        published=dt.date(2017, 2, 7),
    )
    assert _perps(inc) == ["afghan-taliban"]


def test_the_group_fought_is_no_perpetrator() -> None:
    (inc,) = _all(
        "Militants attacked an army post in Kunar province on Monday, killing five soldiers. "
        "The attack puts in doubt the ability of Afghan forces to take on the Taliban.",
        published=dt.date(2019, 5, 8),
    )
    assert _perps(inc) == []


def test_the_town_of_the_hospital_the_bodies_went_to_is_not_the_city() -> None:
    (inc,) = _all(
        "Five people were martyred in a remote-controlled blast near Kabal in Swat on Tuesday "
        "evening. The bodies have been moved to the Saidu Sharif Teaching Hospital."
    )
    assert _where(inc)[2] != "Saidu Sharif"
