"""How the figures of one sentence stand to each other (issue 11, fifth round): combined
counts, the elliptical clause after a semicolon, "others" of the same side, attackers inside
a total, wounded then dead, speakers who are not victims, the attackers' own voice, toll
phrasings, round-up totals and the injured attackers. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp import figure_context as context
from militancydb.nlp import figure_links as links
from militancydb.nlp.casualties import casualties_in
from militancydb.nlp.model import Extracted
from tests.nlp.figures import best_of, first_incident

DAY = dt.date(2025, 3, 8)


def _first(text: str) -> Extracted:
    return first_incident(text, DAY)


_best = best_of


# -- combined counts -------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said 62 insurgents were killed and wounded in the clearing operation.",
        "The rockets hit the market, killing or wounding 25 shoppers.",
        "More than 40 fighters were either killed or injured during the night.",
    ],
)
def test_a_count_of_the_dead_and_injured_together_is_neither(sentence: str) -> None:
    assert casualties_in(sentence) == []


def test_dead_and_wounding_others_are_two_figures() -> None:
    found = casualties_in("A bomb hidden in a cart went off, leaving three dead and wounding five.")
    assert [(c.outcome, c.value) for c in found] == [("killed", 3), ("injured", 5)]


def test_combined_reading() -> None:
    assert links.combined("", " soldiers were killed and wounded in the raid")
    assert not links.combined("", " soldiers were killed and wounded nine others")


# -- the elliptical clause after a semicolon -------------------------------------------


def test_deaths_joined_by_a_semicolon_add_up() -> None:
    inc = _first(
        "A bomb went off at a mine in Kech on Monday. Four labourers were killed at the "
        "entrance; two inside the tunnel, officials said."
    )
    assert _best(inc, "killed") == 6


@pytest.mark.parametrize(
    "text",
    [
        "Four labourers were killed in Kech; two in Panjgur, officials said.",
        "Four labourers were killed in Kech and two in Panjgur, officials said.",
    ],
)
def test_deaths_of_another_place_are_another_incidents(text: str) -> None:
    assert _best(_first(text), "killed") == 4


def test_a_total_of_attacks_across_a_province_yields() -> None:
    inc = _first(
        "Militants killed nine people in attacks across Balochistan on Sunday. Gunmen killed "
        "five passengers on a highway near Kalat. In another attack, a bomb killed four "
        "labourers in Turbat."
    )
    assert _best(inc, "killed") == 5


def test_a_semicolon_clause_with_its_own_verb_is_read_on_its_own() -> None:
    found = casualties_in("Four labourers were killed in Kech; two were injured in Panjgur.")
    assert [(c.outcome, c.value, c.joined) for c in found] == [
        ("killed", 4, False),
        ("injured", 2, False),
    ]


def test_elliptical_reading() -> None:
    assert links.elliptical(" labourers were killed at the gate; ", " inside the mine.")
    assert not links.elliptical(" labourers were killed in Kech; ", " in Panjgur.")
    assert not links.elliptical(" labourers were killed in Kech, and ", " in Panjgur.")
    assert not links.elliptical("; ", " policemen arrived in Panjgur.")


# -- others of the same side, and injured attackers ------------------------------------


def test_others_after_militants_are_militants() -> None:
    found = casualties_in("He said nine insurgents were killed and four others were wounded.")
    assert [(c.outcome, c.group) for c in found] == [
        ("killed", "militants"),
        ("injured", "militants"),
    ]


def test_injured_attackers_yield_to_the_injured_victims() -> None:
    inc = _first(
        "Insurgents attacked a police post in Ghor province on Friday, killing five policemen. "
        "Three other policemen were wounded, the governor's spokesman said. "
        "Six insurgents were killed and seven others were wounded in the fighting."
    )
    assert _best(inc, "injured") == 3
    assert _best(inc, "killed") == 5


def test_injured_attackers_alone_are_still_the_figure() -> None:
    inc = _first("Two militants were wounded when the bomb they were planting went off in Bannu.")
    assert _best(inc, "injured") == 2


# -- who speaks is not who was hurt ----------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Gul Agha Sherzai, spokesman for the provincial police, said Sunday three other "
        "officers were wounded in the attack.",
        "Noor Ahmad, the district chief, told reporters three other officers were wounded.",
    ],
)
def test_a_named_speaker_is_not_a_person_hurt(sentence: str) -> None:
    found = [c for c in casualties_in(sentence) if not c.subset]
    assert [(c.outcome, c.value) for c in found] == [("injured", 3)]


# -- attackers inside a total ----------------------------------------------------------


def test_the_bomber_among_the_dead_is_counted_apart() -> None:
    inc = _first("Nine people, including the suicide bomber, were killed at a rally in Bajaur.")
    assert _best(inc, "killed") == 8
    assert _best(inc, "attackers_killed") == 1


def test_two_attackers_among_the_dead() -> None:
    inc = _first("The siege of the court in Quetta left 11 people dead, including two gunmen.")
    assert _best(inc, "killed") == 9
    assert _best(inc, "attackers_killed") == 2


def test_victims_among_the_dead_stay_victims() -> None:
    inc = _first("The blast in Kurram killed 14 people, including three soldiers.")
    assert _best(inc, "killed") == 14
    assert inc.attackers_killed is None


def test_a_bomber_killed_along_with_soldiers_leaves_the_soldiers_victims() -> None:
    inc = _first(
        "A bomber who drove his car into the convoy in Kurram was killed along with three soldiers."
    )
    assert _best(inc, "killed") == 3
    assert _best(inc, "attackers_killed") == 1


# -- wounded, then dead ----------------------------------------------------------------


def test_wounded_who_died_are_dead() -> None:
    found = casualties_in(
        "The shopkeeper was seriously wounded in the firing and later died in hospital."
    )
    assert [(c.outcome, c.value) for c in found] == [("killed", 1)]


def test_wounded_and_taken_to_hospital_stay_wounded() -> None:
    found = casualties_in("The shopkeeper was seriously wounded and taken to hospital.")
    assert [(c.outcome, c.value) for c in found] == [("injured", 1)]


# -- the other outcome's "more" ---------------------------------------------------------


def test_more_injured_after_the_dead_of_the_same_sentence_add_nothing() -> None:
    inc = _first(
        "At least nine pilgrims were killed and three more were injured when a bomb hit their "
        "bus in Kurram on Friday. Nine pilgrims were killed and three more passengers were "
        "wounded, a police official said."
    )
    assert _best(inc, "injured") == 3
    assert _best(inc, "killed") == 9


def test_more_of_the_same_outcome_still_add() -> None:
    inc = _first(
        "Two policemen were killed in the attack in Tank on Sunday. Two more died in hospital."
    )
    assert _best(inc, "killed") == 4


# -- the attackers' own voice -----------------------------------------------------------


def test_a_claim_in_the_first_person_yields_to_the_officials() -> None:
    inc = _first(
        "A roadside bomb hit a Levies vehicle in Kohlu on Monday, killing one soldier, "
        "officials said. The group said in a statement: “We attacked the enemy with a "
        "remote-controlled bomb, which killed four soldiers.”"
    )
    assert _best(inc, "killed") == 1


def test_own_voice_reading() -> None:
    assert context.claimants_own("“Our fighters killed 20 soldiers,” the spokesman said.")
    assert context.claimants_own("We attacked the post with rockets, killing six.")
    assert not context.claimants_own("We were sitting in the shop when the bomb went off.")


# -- general statements, tolls and totals ----------------------------------------------


def test_a_vague_figure_in_the_present_perfect_with_also_is_no_report() -> None:
    inc = _first(
        "A mine killed four farmers in Uruzgan on Sunday. Dozens of villagers have also been "
        "killed by mines left in the fields."
    )
    assert _best(inc, "killed") == 4


def test_a_vague_toll_of_the_attack_in_the_present_perfect_is_read() -> None:
    found = casualties_in("Dozens have also been killed in the attack on the market.")
    assert [c.outcome for c in found] == ["killed"]


def test_a_toll_with_a_clause_before_its_figure() -> None:
    found = casualties_in(
        "Officials said the death toll from the bombing, which struck a busy market in the "
        "old city, was 21 and 40 were wounded."
    )
    assert [(c.outcome, c.value) for c in found] == [("killed", 21), ("injured", 40)]


def test_took_the_lives_of() -> None:
    found = casualties_in("The ambush took the lives of at least six Levies men.")
    assert [(c.outcome, c.value, c.bound) for c in found] == [("killed", 6, "low")]


def test_a_total_of_two_separate_explosions_yields() -> None:
    inc = _first(
        "At least 12 people were killed in two separate bomb explosions in Khyber on Monday. "
        "A car bomb near a checkpoint in Jamrud killed nine people."
    )
    assert _best(inc, "killed") == 9


# -- attackers along with the victims, other accounts, who was hurt ---------------------


def test_attackers_killed_along_with_the_victims_are_counted_apart() -> None:
    inc = _first(
        "Militants stormed a checkpost in Zhob on Sunday. Four soldiers were killed in the "
        "fighting, along with eleven militants, the military said."
    )
    assert _best(inc, "killed") == 4
    assert _best(inc, "attackers_killed") == 11


@pytest.mark.parametrize(
    "second",
    [
        "Some reports said that seven passengers had been killed.",
        "Unconfirmed reports put the toll at seven.",
        "One report indicated that seven people may have died.",
    ],
)
def test_another_account_yields_to_the_reports_own_figure(second: str) -> None:
    inc = _first(f"At least five passengers were killed when a bomb hit a bus in Mastung. {second}")
    assert _best(inc, "killed") == 5


def test_another_account_alone_is_still_read() -> None:
    inc = _first("A bomb hit a bus in Mastung. Some reports said seven passengers were killed.")
    assert _best(inc, "killed") == 7


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("A shopkeeper, Rehmat Ali, and another man were killed in the firing.", 2),
        ("The chief of the district, Haji Noor, and two of his guards were killed.", 3),
        ("Zarif, Qasim, and Nadir were killed in the firing.", 3),
    ],
)
def test_a_name_set_beside_the_person_it_names_is_not_another(sentence: str, want: int) -> None:
    found = [c for c in casualties_in(sentence) if c.outcome == "killed" and not c.subset]
    assert sum(c.value for c in found) == want


def test_a_phrase_before_the_list_is_no_person() -> None:
    found = casualties_in(
        "As a result of the attack, Gul Khan, his son and two drivers were killed."
    )
    assert [(c.outcome, c.value) for c in found] == [("killed", 4)]


def test_a_sentence_adverb_is_no_person() -> None:
    found = casualties_in("Sadly, two guards were martyred and four others wounded.")
    assert [(c.outcome, c.value) for c in found] == [("killed", 2), ("injured", 4)]


def test_a_place_after_killed_in_is_no_person_named() -> None:
    assert casualties_in("Policemen killed in eastern Paktika") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Two soldiers were martyred and another got injuries in the attack.",
        "Two soldiers were martyred in the attack and another sustained injuries.",
    ],
)
def test_another_who_got_injuries_is_one_injured(sentence: str) -> None:
    found = casualties_in(sentence)
    assert [(c.outcome, c.value) for c in found] == [("killed", 2), ("injured", 1)]


def test_the_attackers_also_killed_are_not_victims() -> None:
    inc = _first(
        "Gunmen killed three policemen at a checkpoint in Lakki Marwat on Monday. "
        "Both attackers were also killed in the exchange of fire."
    )
    assert _best(inc, "killed") == 3
    assert _best(inc, "attackers_killed") == 2


@pytest.mark.parametrize("verb", ["were wounded", "were hurt", "sustained injuries"])
def test_injured_told_in_other_words(verb: str) -> None:
    inc = _first(f"Gunmen killed two policemen in Tank on Monday. Three passers-by {verb}.")
    assert _best(inc, "injured") == 3


# -- ranges, guesses, negation ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "best"),
    [
        ("Between three and five labourers were killed in the blast in Kech.", 3, 5),
        ("Officials said 12 to 15 people were killed in the blast in Kech.", 12, 15),
        ("Two or three guards were wounded in the blast in Kech.", 2, 3),
    ],
)
def test_a_range_gives_its_low_and_its_high(text: str, low: int, best: int) -> None:
    inc = _first(text)
    fig = inc.killed if "killed" in text else inc.injured
    assert fig is not None
    assert (fig.low, fig.best, fig.high) == (low, best, best)


def test_number_words_joined_by_and_only_after_a_scale() -> None:
    from militancydb.nlp.numbers import numbers_in

    assert [n.value for n in numbers_in("two and four")] == [2, 4]
    assert [n.value for n in numbers_in("two hundred and fifty")] == [250]


def test_ranges_reading() -> None:
    from militancydb.nlp.numbers import numbers_in

    text = "between two and four people, then 10 to 12, then 5 and 7"
    merged, lows = links.ranges(text, numbers_in(text))
    assert [n.value for n in merged] == [4, 12, 5, 7]
    assert sorted(lows.values()) == [2, 10]


def test_a_guess_yields_to_the_reported_figure() -> None:
    inc = _first(
        "Two policemen were killed and three others were injured when a bomb went off in "
        "Chaman. As many as ten people may have been injured in the attack, residents said."
    )
    assert _best(inc, "injured") == 3


def test_a_person_not_wounded_is_no_figure() -> None:
    found = casualties_in("The governor was not wounded in the attack.")
    assert found == []


def test_as_well_as_joins_two_people_of_a_list() -> None:
    found = casualties_in(
        "The bomb injured a district councillor as well as a retired army officer."
    )
    assert [(c.outcome, c.value) for c in found] == [("injured", 2)]


def test_along_with_inside_a_list_is_part_of_it() -> None:
    found = casualties_in("The blast wounded a customs officer along with his guard.")
    assert sum(c.value for c in found if c.outcome == "injured" and not c.joined) == 2
    assert sum(c.value for c in found if c.outcome == "injured") == 2


# -- more on top within a sentence, lists that come on top, "as well as" ---------------


def test_more_dead_in_the_same_sentence_add_up() -> None:
    inc = _first(
        "Eight villagers were killed when a shell hit their house in Kurram, and three more "
        "standing outside died."
    )
    assert _best(inc, "killed") == 11


def test_a_toll_update_already_counts_the_injured_who_died() -> None:
    inc = _first(
        "A bomb killed 20 people at a market in Quetta on Friday. The death toll has risen to "
        "23 as three wounded people died in hospital, police said."
    )
    assert _best(inc, "killed") == 23


def test_a_list_told_as_also_killed_comes_on_top() -> None:
    inc = _first(
        "Gunmen shot dead a tehsil official in Kalat on Monday. A guard and one other man "
        "were also killed."
    )
    assert _best(inc, "killed") == 3


def test_a_list_with_other_people_is_not_on_top() -> None:
    inc = _first(
        "Five people were killed in the blast in Kalat on Monday. Two policemen and three "
        "other people were killed, police said."
    )
    assert _best(inc, "killed") == 5


def test_as_well_as_after_the_dead_adds_one() -> None:
    inc = _first("All four surveyors were killed in the ambush in Awaran, as well as their driver.")
    assert _best(inc, "killed") == 5


def test_as_well_as_an_attacker_is_counted_apart() -> None:
    inc = _first(
        "Three guards were killed in the raid on the bank in Turbat, as well as one of the "
        "attackers."
    )
    assert _best(inc, "killed") == 3
    assert _best(inc, "attackers_killed") == 1


@pytest.mark.parametrize("tail", ["injuring another 9", "wounding another one"])
def test_another_with_a_number_is_that_number(tail: str) -> None:
    inc = _first(f"Gunmen opened fire on a van in Quetta, killing four and {tail}.")
    assert _best(inc, "injured") == (9 if "9" in tail else 1)
