"""Figures a careful reader leaves out of an incident's count, and those he reads whole
(texts written for these tests, in the manner of the Pakistani and Afghan press and the
wires): a tally of a year or of a campaign, background told on after its opener, an
earlier attack listed after "the second attack in five days", animals killed beside people,
"all four victims" named again, a dateline run into the first line, "nearly two dozen"
beside the exact count, and "Also killed were 13 others"."""

from __future__ import annotations

import datetime as dt

from militancydb.nlp.background import period_tally, report_figures, told_on
from militancydb.nlp.casualties import casualties_in
from militancydb.nlp.model import Extracted, Figure
from militancydb.nlp.pipeline import extract
from militancydb.nlp.text import sentences

FRIDAY = dt.date(2024, 3, 22)


def _first(text: str) -> Extracted:
    found = extract(text, doc_id="t", published=FRIDAY)
    assert found
    return found[0]


def _best(fig: Figure | None) -> int | None:
    return None if fig is None else (fig.best if fig.best is not None else fig.low)


def test_a_year_s_tally_is_no_incident_s_count() -> None:
    inc = _first(
        "Three villagers were killed when a mortar shell hit their house in Chaharbolak "
        "district of Balkh province on Thursday, officials said.\n"
        "More than 3,400 civilians were killed or wounded across the country in 2023, "
        "according to a monitoring group."
    )
    assert _best(inc.killed) == 3


def test_a_district_s_yearly_total_is_no_incident_s_count() -> None:
    inc = _first(
        "Two policemen were shot dead at a checkpoint in Dera Ismail Khan on Friday.\n"
        "Police records show that 85 people were killed in the district during 2023."
    )
    assert _best(inc.killed) == 2


def test_a_campaign_s_toll_is_no_incident_s_count() -> None:
    inc = _first(
        "A roadside bomb killed a tribal elder in North Waziristan on Thursday.\n"
        "The insurgency has killed hundreds of people in the region since the army left."
    )
    assert _best(inc.killed) == 1


def test_period_tally_reads_the_period_not_a_day_s_year() -> None:
    assert period_tally("Over 200 people were killed in the province in 2022.")
    assert period_tally("Such attacks have killed more than 80 people.")
    assert not period_tally("Six people were killed in the attack on March 3, 2022.")
    assert not period_tally("Six people were killed in an attack in March 2022.")
    assert not period_tally("Six people were killed when gunmen opened fire on a bus.")


def test_background_is_told_on_until_the_report_comes_back() -> None:
    text = (
        "Four labourers were killed when their van hit a landmine in Kohlu on Tuesday.\n"
        "Police said the mine had been planted on the dirt road overnight.\n"
        "Last month, militants ambushed a convoy of trucks near Kahan.\n"
        "The ambush left 23 drivers dead and the road was shut for a week.\n"
        "Tuesday's blast was the first on the road since then."
    )
    sents = sentences(text)
    assert told_on(sents) == {3}
    figures = report_figures(sents)
    assert figures[3] == []
    assert _best(_first(text).killed) == 4


def test_an_earlier_attack_after_the_second_in_five_days_is_background() -> None:
    inc = _first(
        "A suicide bomber killed a district governor and five of his guards in Kunduz on "
        "Thursday, officials said.\n"
        "The governor's convoy was hit as it left his office.\n"
        "The bombing is the second attack on officials in the province in five days. "
        "On March 18, gunmen killed nine members of a village council in Imam Sahib."
    )
    assert _best(inc.killed) == 6


def test_not_the_first_time_opens_background() -> None:
    inc = _first(
        "Two traffic wardens were shot dead by gunmen on a motorcycle in Karachi today.\n"
        "Police said the attackers fled towards the highway.\n"
        "This is not the first time wardens have been targeted in the city. In February, "
        "gunmen killed three wardens and a passer-by in Orangi."
    )
    assert _best(inc.killed) == 2


def test_animals_killed_beside_people_are_not_counted() -> None:
    assert casualties_in("Three goats were also killed in the blast.") == []
    inc = _first(
        "Three shepherds were killed when a landmine went off in Kurram on Friday.\n"
        "Besides the three men, five sheep were also killed in the explosion."
    )
    assert _best(inc.killed) == 3


def test_all_four_victims_names_the_dead_again() -> None:
    inc = _first(
        "Four men were shot dead and a boy was injured when gunmen opened fire on a shop in "
        "Quetta on Friday.\n"
        "A hospital official said all four victims had received multiple bullet wounds."
    )
    assert _best(inc.killed) == 4
    assert _best(inc.injured) == 1


def test_a_dateline_is_no_person_of_a_list() -> None:
    found = casualties_in(
        "KHOST, Afghanistan (Reuters) - At least five people were killed on Friday."
    )
    assert [(c.outcome, c.value) for c in found] == [("killed", 5)]


def test_nearly_two_dozen_yields_to_the_exact_count() -> None:
    inc = _first(
        "At least seven people were killed when a car bomb exploded in Lashkar Gah on "
        "Friday.\n"
        "Nearly two dozen others were wounded.\n"
        '"The bomber killed seven people and 19 others were wounded," a police official '
        "said."
    )
    assert _best(inc.injured) == 19
    assert inc.injured is not None and inc.injured.high == 24


def test_also_killed_were_n_others() -> None:
    inc = _first(
        "A bomber killed a provincial council member in Ghazni on Friday. Also killed were "
        "six others, including two of his guards."
    )
    assert _best(inc.killed) == 7


def test_one_event_dated_by_its_year_is_no_tally() -> None:
    assert not period_tally("In 2019 twelve people were killed in a blast in Quetta.")
    assert not period_tally("Nine soldiers died in an ambush in Kurram during 2021.")


def test_as_well_as_wounding_is_another_clause() -> None:
    inc = _first(
        "A bomb went off in Paktia on Thursday, killing a district police chief, his driver "
        "and a guard, as well as wounding a passer-by, said the governor's office."
    )
    assert _best(inc.killed) == 3
    assert _best(inc.injured) == 1


def test_links_at_the_top_of_the_page_are_left_out_not_the_report() -> None:
    text = (
        "Home\n"
        "Related stories\n"
        "Floods cut off the Karakoram Highway\n"
        "Heavy rains washed away a bridge near Dasu on Monday and stranded...\n"
        "Wheat prices rise in Lahore\n"
        "Flour mills in Punjab raised the price of a bag by...\n"
        "Two policemen were shot dead and a third was wounded when gunmen opened fire on "
        "their patrol in Bannu on Friday, police said.\n"
        "The attackers fled on motorcycles."
    )
    found = extract(text, doc_id="t", published=FRIDAY)
    assert len(found) == 1
    assert _best(found[0].killed) == 2
    assert _best(found[0].injured) == 1
    assert found[0].location is not None and found[0].location.district_name == "Bannu"


def test_not_the_first_time_hyphenated_opens_background() -> None:
    inc = _first(
        "Gunmen shot dead a lawyer and his clerk outside a court in Peshawar today.\n"
        "Police said the attackers escaped.\n"
        "This is not the first-time lawyers have been attacked in the city.\n"
        "On May, gunmen killed four lawyers and a client near the same court."
    )
    assert _best(inc.killed) == 2


def test_more_who_died_that_reach_the_total_told_are_not_added_again() -> None:
    inc = _first(
        "Nine people were killed when a bus hit a roadside bomb in Khyber on Tuesday.\n"
        "A boy died on the spot while the other passengers were injured, officials said.\n"
        "Eight more passengers died in hospital."
    )
    assert _best(inc.killed) == 9


def test_more_who_died_still_add_to_a_count_they_do_not_reach() -> None:
    inc = _first(
        "Five people were killed when a bomb went off in a market in Quetta on Tuesday.\n"
        "Two more people died of their wounds in hospital on Wednesday."
    )
    assert _best(inc.killed) == 7


def test_a_read_line_inside_the_report_is_another_report() -> None:
    inc = _first(
        "Two soldiers were martyred when militants attacked a post in Khyber on Friday.\n"
        "Read: Nine terrorists killed and six injured in Bajaur operation\n"
        "The ISPR said the area was being cleared."
    )
    assert _best(inc.killed) == 2
    assert inc.injured is None


def test_a_haul_of_weapons_is_no_suicide_attack() -> None:
    inc = _first(
        "Police seize suicide vest, two hand grenades and 150 bullets\n"
        "Four terrorists were killed in an operation by the Counter Terrorism Department in "
        "Dera Ghazi Khan on Friday, officials said."
    )
    assert inc.event_type.value in {"security_operation", "military_operation"}
    assert _best(inc.killed) == 4
    assert "suicide_bombing" not in {t.value for t in inc.tactics}


def test_last_updated_on_is_the_page_s_stamp() -> None:
    inc = extract(
        "(Last Updated On: March 23, 2024)\n\n"
        "Four people were killed in a roadside bomb blast in Kapisa province, officials "
        "said.\n"
        "The explosion happened in the Nijrab district on Thursday evening.",
        doc_id="t",
        published=dt.date(2024, 3, 23),
    )[0]
    assert inc.date is not None and inc.date.date == "2024-03-21"
