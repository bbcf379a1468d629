"""What the words around a casualty figure say about it (issue 11, fourth round): earlier
events recalled in the figure's clause, general statements in the present tense, "among the
dead", people martyred are not attackers, "three others injured" after the dead, claimants'
figures, and which event a report of militants killed tells. Sentences and reports written
for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp import figure_context as context
from militancydb.nlp import kinds
from militancydb.nlp.casualties import casualties_in
from militancydb.nlp.model import Extracted
from militancydb.nlp.rules import rules
from tests.nlp.figures import first_incident

DAY = dt.date(2024, 5, 11)


def _first(text: str) -> Extracted:
    return first_incident(text, DAY)


def _best(inc: Extracted, field: str) -> int | None:
    fig = getattr(inc, field)
    return None if fig is None else fig.best


@pytest.mark.parametrize(
    "after",
    [
        " people died a few days ago in a bombing at a seminary.",
        " worshippers were killed last year when a mosque was bombed.",
        " were killed in 2019 in the same bazaar.",
        " people lost their lives last March in a similar blast.",
        " were wounded earlier this month near the same checkpoint.",
    ],
)
def test_a_figure_dated_before_the_report_is_recalled(after: str) -> None:
    assert context.recalled(after)


@pytest.mark.parametrize(
    "after",
    [
        " people were killed on Tuesday in Quetta.",
        " policemen were killed, while an attack last year had wounded many.",
        " were injured in the blast, the third in the district since 2019-2020.",
    ],
)
def test_a_figure_of_this_event_is_not_recalled(after: str) -> None:
    assert not context.recalled(after)


def test_a_recalled_figure_yields_to_the_reported_one() -> None:
    inc = _first(
        "Gunmen killed three policemen at a checkpoint in Mardan on Friday. The district "
        "saw worse when 27 people died a few days ago in an attack on a seminary there."
    )
    assert _best(inc, "killed") == 3
    assert inc.killed is not None and inc.killed.low == 3


def test_a_recalled_figure_alone_is_still_read() -> None:
    (c,) = casualties_in("Eleven people were killed last year in a bombing of the shrine.")
    assert (c.value, c.revision) == (11, -1)


def test_a_background_cue_of_months_and_comes_after() -> None:
    inc = _first(
        "A roadside bomb killed two traffic policemen in Quetta on Friday. The attack comes "
        "a day after a suicide bomber blew himself up at a rally, killing nine people. The "
        "city was also the scene last August of a blast that killed 30 lawyers."
    )
    assert _best(inc, "killed") == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "Scores of civilians are also killed in the crossfire every month.",
        "Dozens of labourers are often wounded by old mines in the valley.",
        "Two or three shepherds are routinely killed by landmines each year.",
    ],
)
def test_a_general_statement_in_the_present_is_no_figure(sentence: str) -> None:
    assert casualties_in(sentence) == []


def test_a_present_tense_report_with_an_exact_figure_is_read() -> None:
    found = casualties_in("Four people are killed and nine injured as a bomb hits a bus in Kech.")
    assert [(c.outcome, c.value) for c in found] == [("killed", 4), ("injured", 9)]


def test_among_the_dead_is_part_of_the_toll() -> None:
    inc = _first(
        "A suicide bomber killed 14 people at a market in Kabul on Saturday. Six police "
        "officers were among the dead, and 20 others were wounded."
    )
    assert _best(inc, "killed") == 14
    (six, _) = casualties_in("Six police officers were among the dead, and 20 others were wounded.")
    assert six.subset


def test_people_martyred_are_victims_whatever_the_noun() -> None:
    inc = _first(
        "A sub-inspector and a gunman were martyred in Bannu on Friday when terrorists "
        "opened fire on their car."
    )
    assert _best(inc, "killed") == 2
    assert inc.attackers_killed is None


def test_gunmen_killed_are_still_attackers() -> None:
    inc = _first(
        "Two policemen were killed and a gunman was shot dead when militants stormed a "
        "checkpoint in Tank on Friday."
    )
    assert _best(inc, "killed") == 2
    assert _best(inc, "attackers_killed") == 1


def test_others_injured_after_the_dead_add_nothing_to_earlier_injured() -> None:
    inc = _first(
        "Two policemen martyred, three injured in Tank attack\n"
        "Two policemen were martyred and three others were injured when militants attacked "
        "a van near Tank on Thursday. The attack claimed the lives of Head Constable Aslam "
        "and Constable Wali, while three other officers sustained injuries."
    )
    assert (_best(inc, "killed"), _best(inc, "injured")) == (2, 3)


def test_others_of_the_same_outcome_still_add() -> None:
    inc = _first(
        "Four people were injured when a grenade hit a shop in Quetta on Friday. Two other "
        "people were injured as they ran from the market."
    )
    assert _best(inc, "injured") == 6


def test_other_outcome_before() -> None:
    r = rules()
    assert context.other_outcome_before(r, "Two were killed and ", "injured")
    assert not context.other_outcome_before(r, "Two were wounded and ", "injured")


def test_the_groups_spokesman_with_a_typographic_apostrophe_gives_a_claimed_figure() -> None:
    inc = _first(
        "Taliban fighters attacked a check post in Farah on Sunday, leaving at least four "
        "policemen killed, officials said. The group\u2019s spokesman said the fighters killed "
        "nine policemen."
    )
    assert _best(inc, "killed") == 4


def test_a_claim_of_an_attack_that_killed_gives_the_reporters_figure() -> None:
    inc = _first(
        "The Islamic State group has claimed responsibility for a bombing in Kabul that "
        "killed at least five people on Thursday. Eight others were wounded, police said."
    )
    assert _best(inc, "killed") == 5
    assert _best(inc, "injured") == 8


def test_a_claimed_toll_is_still_the_claimants() -> None:
    inc = _first(
        "Three soldiers were killed when militants attacked a post in Zhob on Friday. The "
        "Taliban claimed responsibility and said their fighters had killed 20 soldiers."
    )
    assert _best(inc, "killed") == 3


def test_forces_gunning_down_militants_with_explosives_recovered_is_an_operation() -> None:
    inc = _first(
        "RAWALPINDI: Security forces gunned down six terrorists in an intelligence-based "
        "operation in Tank on Friday, the ISPR said. Hand grenades and an IED were recovered "
        "from the slain terrorists."
    )
    assert inc.event_type.value == "security_operation"
    assert _best(inc, "killed") == 6


def test_an_attack_then_militants_killed_in_the_search_is_an_attack() -> None:
    inc = _first(
        "A policeman and two militants were killed in an attack and the search operation "
        "that followed in Kohat on Friday. Militants attacked a police van, killing a "
        "constable, and two militants were killed in the search operation after it."
    )
    assert inc.event_type.value == "militant_attack"
    assert _best(inc, "killed") == 1
    assert _best(inc, "attackers_killed") == 2


def test_soldiers_killed_in_a_taliban_attack_is_no_operation() -> None:
    inc = _first(
        "Seven Soldiers Killed in Taliban Attack on Checkpoint\n"
        "The Taliban attacked an army checkpoint in Balkh on Tuesday, killing seven soldiers, "
        "officials said."
    )
    assert inc.event_type.value == "militant_attack"
    assert _best(inc, "killed") == 7


def test_among_a_counted_group_is_part_of_it() -> None:
    assert context.among_those(" police officers were among the 31 people injured.")
    assert not context.among_those(" people were injured among the crowd.")


def test_a_dated_event_in_a_relative_clause_is_recalled() -> None:
    inc = _first(
        "Nine people were killed in a blast in Quetta on Friday. The toll is the highest "
        "since a bombing in January that killed 40 worshippers."
    )
    assert _best(inc, "killed") == 9
    assert context.recalled_before("the worst since an attack last year which left ")
    assert not context.recalled_before("a bomb on Friday that killed ")


def test_the_claimants_count_in_the_same_sentence_yields() -> None:
    inc = _first(
        "Officials said 14 people died in the attack in Kabul on Friday, while the Taliban "
        "claimed 50 soldiers were killed."
    )
    assert _best(inc, "killed") == 14
    # a sentence that is all the claimant's is the pipeline's to tell (claimed_figures)
    (alone,) = casualties_in("The Taliban claimed 50 soldiers were killed in the raid.")
    assert (alone.value, alone.revision) == (50, 0)


def test_of_them_is_part_of_the_figure_before() -> None:
    inc = _first(
        "The attack in Quetta on Friday killed 5 people, two of them women, and injured 12."
    )
    assert (_best(inc, "killed"), _best(inc, "injured")) == (5, 12)


def test_one_of_the_injured_who_died_is_one_more_dead() -> None:
    inc = _first(
        "Three policemen were martyred and two were injured in an attack in Lakki Marwat on "
        "Friday. The injured were shifted to hospital, where one of them succumbed to his "
        "injuries."
    )
    assert _best(inc, "killed") == 4
    killed = casualties_in("Five people were killed, two of them were policemen.")
    assert [c.value for c in killed if not c.subset] == [5]


def test_of_them_with_a_casualty_verb_counts_on_its_own() -> None:
    found = casualties_in(
        "The blast injured four policemen and set off a battle with the assailants, in "
        "which four of them were killed."
    )
    assert [(c.outcome, c.value, c.subset) for c in found] == [
        ("injured", 4, False),
        ("killed", 4, False),
    ]


def test_a_sentence_opening_with_a_figure_whose_verb_is_died() -> None:
    found = casualties_in(
        "Four pupils of a seminary near Kohat died when the device went off early and six "
        "others were injured."
    )
    assert sorted((c.outcome, c.value) for c in found) == [("injured", 6), ("killed", 4)]
    # the first verb is another one: the figure is of bombs, not of the dead
    found = casualties_in("Two grenades were hurled at a stage, one died, and thirty were hurt.")
    assert sorted((c.outcome, c.value) for c in found) == [("injured", 30), ("killed", 1)]


def test_a_person_and_his_companion_are_two() -> None:
    inc = _first(
        "The custodian of a shrine (a local landmark) and his nephew were shot and killed "
        "by gunmen in Multan on Friday."
    )
    assert _best(inc, "killed") == 2


def test_also_died_adds_to_the_dead_told_before() -> None:
    inc = _first(
        "Five labourers were killed when gunmen opened fire on a camp in Kech on Friday. "
        "Two guards also died and four more were injured."
    )
    assert _best(inc, "killed") == 7


def test_a_person_named_between_commas_who_died() -> None:
    inc = _first(
        "Militants attacked a police patrol in Bannu on Friday. The station house officer, "
        "Aslam Khan, died in the attack. His gunner was also killed."
    )
    assert _best(inc, "killed") == 2


def test_the_shooter_killed_is_an_attacker() -> None:
    inc = _first(
        "Two worshippers were shot dead at a mosque in Peshawar on Friday. Police killed the "
        "shooter at the scene."
    )
    assert _best(inc, "killed") == 2
    assert _best(inc, "attackers_killed") == 1


def test_the_scene_of_an_earlier_attack_is_background() -> None:
    inc = _first(
        "Four policemen were killed when militants attacked a checkpoint in Kurram on "
        "Friday. The valley was the scene of a bombing that killed 60 people."
    )
    assert _best(inc, "killed") == 4


def test_an_attack_claimed_by_a_spokesman_is_no_claimed_figure() -> None:
    inc = _first(
        "Taliban fighters attacked a post in Helmand on Friday, killing two policemen. Three "
        "Taliban were also killed in the gunfight, which was claimed by Taliban spokesman "
        "Qari Yousaf."
    )
    assert _best(inc, "killed") == 2
    assert _best(inc, "attackers_killed") == 3


def test_a_total_of_two_attacks_yields_to_the_first_attacks_figure() -> None:
    inc = _first(
        "A car bomb killed 14 people outside a court in Lahore on Friday. Minutes later a "
        "second bomb went off near a bank. Twenty people were killed in the two attacks."
    )
    assert _best(inc, "killed") == 14


def test_a_running_count_of_a_period_is_no_toll() -> None:
    inc = _first(
        "Gunmen shot dead an aid worker in Herat on Friday. The killing brings to six the "
        "number of aid workers killed in the province this year."
    )
    assert _best(inc, "killed") == 1
    assert context.recalled(" the number of foreigners murdered in the past week.")
    assert not context.recalled(" the death toll from Friday's bombing.")


def test_the_bodys_whole_count_comes_before_the_headlines() -> None:
    inc = _first(
        "Mine blast wounds 5 in Paktia\n\n"
        "A farmer was killed and at least four others were injured when their tractor hit "
        "a mine in Paktia on Friday."
    )
    assert _best(inc, "injured") == 4


def test_a_headline_counting_groups_the_body_lists_apart_stays() -> None:
    inc = _first(
        "Three killed in attack on Kunduz checkpoint\n\n"
        "Two militiamen and a passer-by were killed when gunmen attacked a checkpoint in "
        "Kunduz on Friday."
    )
    assert _best(inc, "killed") == 3


def test_a_headline_alone_gives_the_figure() -> None:
    inc = _first(
        "Blast kills 6 in Chaman\n\nA bomb went off in the main bazaar of Chaman on Friday, "
        "police said."
    )
    assert _best(inc, "killed") == 6


def test_a_figure_on_top_of_others_keeps_its_span() -> None:
    inc = _first(
        "Six people were killed in a blast in Quetta on Friday. The injured were taken to "
        "hospital, where one of them succumbed to his wounds."
    )
    assert inc.killed is not None
    assert (inc.killed.best, [s.text for s in inc.killed.spans]) == (7, ["Six", "one"])


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("A six-member family was killed when a mortar shell hit their house.", [6]),
        ("An 8-member family was wounded in the shelling.", [8]),
        ("Gunmen killed a five-member family and their driver in Quetta.", [5, 1]),
    ],
)
def test_a_family_counted_by_its_size(sentence: str, want: list[int]) -> None:
    assert [c.value for c in casualties_in(sentence)] == want


def test_a_family_and_its_driver_add_up() -> None:
    inc = _first("Gunmen killed a five-member family and their driver in Quetta on Friday.")
    assert _best(inc, "killed") == 6


def test_the_attacker_also_died_is_an_attacker_killed() -> None:
    inc = _first(
        "A suicide bomber struck a mosque in Peshawar on Friday, killing 20 worshippers. The "
        "attacker also died."
    )
    assert (_best(inc, "killed"), _best(inc, "attackers_killed")) == (20, 1)


def test_a_tactic_of_an_earlier_event_is_not_the_incidents() -> None:
    inc = _first(
        "A bomb hidden in a motorcycle killed six people in a Quetta market on Friday. The "
        "city was the scene last August of a suicide bombing that killed 58 people."
    )
    assert inc.suicide is None
    assert "suicide_bombing" not in [t.value for t in inc.tactics]


def test_a_suicide_bombing_told_before_a_background_cue_stays() -> None:
    inc = _first(
        "A suicide bomber killed six people in a Quetta market on Friday, weeks after a "
        "similar attack in Mastung."
    )
    assert inc.suicide is not None


@pytest.mark.parametrize(
    "text",
    [
        "The military claimed on Friday that troops killed 20 militants in an operation in "
        "Tirah, the ISPR said.",
        "Police raided a hideout of kidnappers in Larkana on Friday and killed three "
        "suspects, police said.",
    ],
)
def test_a_claim_or_a_noun_before_the_forces_killing_is_no_attack(text: str) -> None:
    assert _first(text).event_type.value == "security_operation"


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        # a description joined by "and" after an appositive is still the one man
        (
            "Gunmen shot and killed Nasir Baloch, a spokesman for the district council and "
            "former union leader.",
            [("killed", 1)],
        ),
        # people told already before the list are not counted again
        (
            "In addition to the tehsildar, three of his guards were killed and two passers-by "
            "were wounded.",
            [("injured", 2), ("killed", 3)],
        ),
        # "and" before a verb ends the name: one killed, the son only shot
        (
            "Two attackers killed Abdul Wahid Noori and shot his son in the arm.",
            [("killed", 1)],
        ),
    ],
)
def test_who_a_list_names(sentence: str, want: list[tuple[str, int]]) -> None:
    assert sorted((c.outcome, c.value) for c in casualties_in(sentence)) == want


def test_a_year_before_the_attack_is_no_background_for_its_tactics() -> None:
    text = "A March 3, 2009 suicide attack on a police post in Swat killed six policemen."
    assert "suicide_bombing" in [t.value for t in kinds.tactics(text, 0, "d")]
    recalled = "A bomb killed six in Swat, days after a similar attack by a suicide bomber in Dir."
    assert "suicide_bombing" not in [t.value for t in kinds.tactics(recalled, 0, "d")]
