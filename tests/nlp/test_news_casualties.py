"""Casualty figures in the vocabulary of the Pakistani and Afghan English press, and which
texts report an incident at all, on sentences written for these tests (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp.casualties import casualties_in
from militancydb.nlp.model import Extracted, Figure
from militancydb.nlp.pipeline import extract

DAY = dt.date(2023, 3, 6)


def _one(text: str) -> Extracted:
    found = extract(text, published=DAY)
    assert len(found) == 1, found
    return found[0]


def _fig(f: Figure | None) -> tuple[int | None, int | None, int | None] | None:
    return None if f is None else (f.low, f.best, f.high)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("A Levies sepoy embraced martyrdom after gunmen opened fire on him near Turbat.", 1, None),
        ("Three jawans embraced shahadat and two sustained injuries in the blast in Kurram.", 3, 2),
        (
            "Four soldiers were martyred when terrorists attacked a picket in Zhob on Sunday.",
            4,
            None,
        ),
        (
            "A suicide bomber struck a convoy in Bannu, martyring two soldiers and injuring six.",
            2,
            6,
        ),
        ("Two FC personnel were martyred and five others sustained injuries in Kech.", 2, 5),
        ("Three law enforcers were injured when terrorists fired at a mobile in Tank.", None, 3),
        ("A constable who was hit in the firing succumbed to his injuries in Peshawar.", 1, None),
        ("Gunmen opened fire on a rickshaw in Karachi, killing 3 and wounding 7.", 3, 7),
        (
            "A policeman and two civilians were killed when militants raided a post in Kulachi.",
            3,
            None,
        ),
        ("The blast in a Quetta market claimed nine lives and left 14 injured.", 9, 14),
    ],
)
def test_press_vocabulary(text: str, killed: int | None, injured: int | None) -> None:
    inc = _one(text)
    assert (inc.killed.best if inc.killed else None) == killed
    assert (inc.injured.best if inc.injured else None) == injured


def test_examples_before_an_intransitive_verb_are_skipped() -> None:
    inc = _one("Seven people, including a woman and her son, lost their lives and 12 others "
               "were wounded in a blast in Jalalabad.")  # fmt: skip
    assert _fig(inc.killed) == (7, 7, 7)
    assert _fig(inc.injured) == (12, 12, 12)


def test_vague_and_bounded_figures() -> None:
    inc = _one("Dozens of people were wounded when a bomb went off at a rally in Bajaur.")
    assert _fig(inc.injured) == (24, None, None)  # "dozens": at least 24, no best figure
    inc = _one(
        "At least 5 people were killed, including 2 children, when a bomb exploded in Chaman."
    )
    assert _fig(inc.killed) == (5, 5, None)


def test_attackers_apart_from_victims() -> None:
    inc = _one("All four terrorists were killed after they stormed a camp in Panjgur, while two "
               "soldiers were martyred.")  # fmt: skip
    assert _fig(inc.killed) == (2, 2, 2)
    assert _fig(inc.attackers_killed) == (4, 4, 4)
    inc = _one("Terrorists attacked a police station in Lakki Marwat; a constable embraced "
               "martyrdom and three of the attackers were killed.")  # fmt: skip
    assert inc.killed is not None and inc.killed.best == 1
    assert inc.attackers_killed is not None and inc.attackers_killed.best == 3


def test_terrorists_sent_to_hell_are_militants_killed() -> None:
    (c,) = casualties_in("Five terrorists were sent to hell in the exchange of fire.")
    assert (c.outcome, c.value, c.group) == ("killed", 5, "militants")
    inc = _one("Security forces neutralised six terrorists in an operation in North Waziristan.")
    assert inc.killed is not None and inc.killed.best == 6


def test_the_latest_toll_is_the_best_figure() -> None:
    inc = _one("A bomb ripped through a mosque in Peshawar, killing 28 worshippers. The death "
               "toll from the attack on the mosque in the city's old quarter rose to 34 on "
               "Tuesday.")  # fmt: skip
    assert _fig(inc.killed) == (28, 34, 34)
    # a toll revised down: the latest figure wins all the same (the larger was told first)
    inc = _one("A blast killed 12 people in a Quetta bazaar. Officials later revised the toll "
               "down to 9.")  # fmt: skip
    assert inc.killed is not None and inc.killed.best == 9
    inc = _one("Two more injured died in hospital, taking the toll of the Parachinar blast to 11.")
    assert inc.killed is not None and inc.killed.best == 11


def test_earlier_reports_yield_to_later_ones() -> None:
    inc = _one("Earlier reports said 5 people had died in the Mastung blast. The district "
               "health officer said 3 people were killed and 8 injured.")  # fmt: skip
    assert inc.killed is not None and inc.killed.best == 3
    # alone, an earlier report is still the only figure the text gives
    inc = _one("Initial reports said four people were killed in the attack in Khost.")
    assert inc.killed is not None and inc.killed.best == 4


def test_those_counted_already_are_a_part_not_more() -> None:
    inc = _one("A suicide attack killed 15 people in Kabul. Three of the injured are in "
               "critical condition, and four of the dead were women.")  # fmt: skip
    assert inc.killed is not None and inc.killed.best == 15
    assert inc.injured is None
    inc = _one("A bomb killed six people in Kandahar. Two of the injured later died in hospital.")
    assert inc.killed is not None and inc.killed.best == 8


def test_a_total_of_several_incidents_yields_to_their_own_figures() -> None:
    found = casualties_in("In separate incidents across the province, militants killed a total "
                          "of 9 people on Sunday.")  # fmt: skip
    assert [(c.value, c.revision) for c in found] == [(9, -1)]
    inc = _one("In separate attacks across the province, a total of 9 people were killed on "
               "Sunday. Gunmen shot dead two policemen and a shopkeeper in Bannu.")  # fmt: skip
    assert inc.killed is not None and inc.killed.best == 3


def test_no_one_hurt_is_zero_only_where_the_text_says_so() -> None:
    inc = _one("A bomb damaged a power pylon in Nasirabad; no one was hurt.")
    assert _fig(inc.killed) == (0, 0, 0) and _fig(inc.injured) == (0, 0, 0)
    inc = _one("A bomb damaged a power pylon in Nasirabad on Monday.")
    assert inc.killed is None and inc.injured is None


@pytest.mark.parametrize(
    "text",
    [
        "Three rockets were fired at the airport in Khost on Monday morning.",
        "A missile landed near the governor's house in Jalalabad.",
        "Unidentified men fired upon a gas pipeline in Dera Bugti district.",
        "A school in Swat came under heavy fire overnight.",
        "Bomb disposal squad defused an IED planted near a bridge in Kohlu.",
        "Militants set two NATO oil tankers on fire in Khyber.",
    ],
)
def test_attacks_told_without_a_casualty_word_are_incidents(text: str) -> None:
    inc = _one(text)
    assert inc.killed is None


@pytest.mark.parametrize(
    "text",
    [
        "An anti-terrorism court in Quetta sentenced two men to death for the 2013 bombing of a "
        "snooker club in which 90 people were killed.",
        "A high court acquitted a suspect in the attack on a police station for lack of evidence.",
        "Families gathered in Peshawar to mark the eighth anniversary of the school attack that "
        "killed more than 140 people.",
        "The government announced compensation for the families of those killed in the Bajaur "
        "blast.",
        "Police were put on alert after a threat alert warned of possible attacks on markets.",
        "Last month's bombing of the shrine was recalled by speakers at a peace conference.",
        "The number of attacks in the province fell by a third compared with last year, a think "
        "tank said.",
        "The court adjourned the trial of the men accused of the attack on the university.",
        "Ten years after the hotel bombing, survivors still meet every September.",
        "Militants have killed hundreds of people in the district over the past decade.",
    ],
)
def test_news_about_an_attack_is_not_an_incident(text: str) -> None:
    assert extract(text, published=DAY) == []


def _killed(text: str) -> list[tuple[int, str]]:
    return [
        (c.value, c.group) for c in casualties_in(text) if c.outcome == "killed" and not c.subset
    ]


def test_the_bomber_and_the_others_he_killed() -> None:
    inc = _one("A suicide bomber rammed his car into a checkpoint in Swat, killing himself and "
               "ten others.")  # fmt: skip
    assert inc.killed is not None and inc.killed.best == 10
    assert inc.attackers_killed is not None and inc.attackers_killed.best == 1


def test_a_body_found_is_one_dead() -> None:
    assert _killed("The bullet-riddled body of a trader was found in a drain in Turbat.") == [
        (1, "total")
    ]
    assert _killed("Gul Khan's body was recovered from a field a day later.") == [(1, "total")]
    assert _killed("The body of the attacker was recovered from the rubble.") == [(1, "militants")]
    # not a person's body found
    assert _killed("He had explosives strapped to his body when police arrested him.") == []
    assert _killed("The election oversight body was attacked with rockets.") == []


def test_a_title_after_a_name_is_the_same_person() -> None:
    assert _killed("Gunmen shot and killed Gul Zaman, District Police Chief of Khas Uruzgan, as "
                   "he left his office.") == [(1, "total")]  # fmt: skip
    # companions after a name still add up
    assert _killed("Gunmen killed Ahmed Khan, his driver and two guards in Quetta.") == [
        (4, "total")
    ]


def test_the_subject_of_an_active_killing_is_not_its_victims() -> None:
    # "Two gunmen ... shot and killed X": the two are the killers
    assert _killed("Two gunmen riding a motorcycle shot and killed Haji Rehmat near Chaman.") == [
        (1, "total")
    ]


def test_lists_end_at_double_dashes_and_attribution() -> None:
    assert _killed(
        "Gunmen killed two people--an engineer and a driver--who worked for a firm."
    ) == [(2, "total")]
    assert _killed("Four people (two women and two children) were killed in Kabul.") == [
        (4, "total")
    ]
    assert _killed("Four people - two women and two children - died in the blast.") == [
        (4, "total")
    ]
    found = casualties_in("According to the district police chief, three civilians were killed "
                          "and one police officer was wounded.")  # fmt: skip
    assert [(c.outcome, c.value) for c in found] == [("killed", 3), ("injured", 1)]


def _read(text: str) -> list[tuple[str, int]]:
    return [(c.outcome, c.value) for c in casualties_in(text) if not c.subset]


def test_one_person_as_the_object_of_wounding() -> None:
    assert _read("One person was killed and another injured when a grenade went off.") == [
        ("killed", 1),
        ("injured", 1),
    ]
    assert _read("The blast killed a vendor and injured another.") == [
        ("killed", 1),
        ("injured", 1),
    ]
    assert _read("Gunmen opened fire on the councillor, critically injuring him.") == [
        ("injured", 1)
    ]
    assert _read("A rocket hit a house in the village, injuring his wife.") == [("injured", 1)]
    # "another" as a determiner of something else is not a person
    assert _read("Two were killed in another attack in Kabul.") == [("killed", 2)]


def test_injury_said_as_a_noun_and_no_one_reported_hurt() -> None:
    assert _read("The explosion caused injury to fourteen others.") == [("injured", 14)]
    inc = _one("A bomb went off outside a shop in Bajaur; no one was reported to have been "
               "injured.")  # fmt: skip
    assert _fig(inc.injured) == (0, 0, 0)


def test_an_officials_spokesman_is_not_a_claimant() -> None:
    inc = _one("A suicide bomber struck a gathering of elders in Nangarhar, killing at least nine "
               "people and wounding 21, according to a provincial spokesman. Earlier, officials "
               "had put the toll at six.")  # fmt: skip
    assert inc.killed is not None and (inc.killed.low, inc.killed.best) == (6, 9)
    assert inc.injured is not None and inc.injured.best == 21
    # the attackers' spokesman still gives a claimed figure, used only when no other is given
    inc = _one("A bomb hit a police convoy in Kunar, killing three officers. A Taliban spokesman "
               "said 12 policemen were killed.")  # fmt: skip
    assert inc.killed is not None and inc.killed.best == 3


def test_one_person_and_n_others() -> None:
    inc = _one("The Canadian and three others were injured in the blast in Kabul.")
    assert inc.injured is not None and inc.injured.best == 4
    inc = _one("Dawood Khan and two others were shot dead near Chaman.")
    assert inc.killed is not None and inc.killed.best == 3
    # a place, a plural or an event before "and N others" is no person
    assert _read("Four people were killed in the blast and four others were injured.") == [
        ("killed", 4),
        ("injured", 4),
    ]
    assert _read("Villagers and two others were hurt.") == [("injured", 2)]


def test_lists_of_the_wounded() -> None:
    inc = _one("One customer, three pump attendants and three security guards received light "
               "injuries when a bomb went off at a petrol station in Karachi.")  # fmt: skip
    assert inc.injured is not None and inc.injured.best == 7
    assert _read("The grenade went off, injuring a guard, his son and two passers-by.") == [
        ("injured", 4)
    ]
    # an aside that says the people again, a breakdown, a negation, a partitive
    assert _read("Two men, both police officers, were injured in the blast.") == [("injured", 2)]
    assert _read("Two journalists, one from Geo and one from Dawn, were injured.") == [
        ("injured", 2)
    ]
    assert _read("Neither his wife nor his daughter, who were at home, was injured.") == []
    assert _read("There were about 35 children on the bus and five were injured.") == [
        ("injured", 5)
    ]
    assert _read("Ten worshippers were killed -- four on the spot and six later -- and another "
                 "21 were injured.") == [("killed", 10), ("injured", 21)]  # fmt: skip


def test_attackers_who_blew_themselves_up_and_wounds() -> None:
    inc = _one("Three suicide bombers blew themselves up at the gate of a compound in Kabul, "
               "killing seven guards.")  # fmt: skip
    assert _fig(inc.killed) == (7, 7, 7)
    assert _fig(inc.attackers_killed) == (3, 3, 3)
    assert _read("Two policemen received bullet wounds in the attack.") == [("injured", 2)]
    # wounds counted on one body are not people
    assert _read("He died of the four bullet wounds he received.") == [("killed", 1)]


def test_a_victim_described_by_a_court_word_is_still_an_incident() -> None:
    inc = _one("Gunmen shot dead a judge who had sentenced militants to death, outside his home "
               "in Quetta on Monday.")  # fmt: skip
    assert inc.killed is not None and inc.killed.best == 1
    inc = _one("A bomb exploded at a rally marking the anniversary of a leader's death in Larkana, "
               "killing seven people.")  # fmt: skip
    assert inc.killed is not None and inc.killed.best == 7


def test_dozens_counted_and_a_handful() -> None:
    from militancydb.nlp.numbers import numbers_in

    def values(text: str) -> list[tuple[int, bool]]:
        return [(n.value, n.vague) for n in numbers_in(text)]

    assert values("Half a dozen assailants stormed the house.") == [(6, False)]
    assert values("Two dozen people were killed.") == [(24, False)]
    assert values("A dozen were hurt.") == [(12, False)]
    assert values("A handful of people were injured.") == [(2, True)]
    assert values("Twenty-five people died.") == [(25, False)]


def test_one_person_without_a_figure() -> None:
    assert _killed("The district official died in the attack.") == [(1, "total")]
    assert _killed("The bomber died in the blast.") == [(1, "militants")]
    assert _killed("Gunmen stopped his car and shot him dead.") == [(1, "total")]
    assert _killed("Militants decapitated Lal Pohan, a shopkeeper, in Andar District.") == [
        (1, "total")
    ]
    assert _killed("Two brothers, both with ties to the police, were abducted and killed.") == [
        (2, "total")
    ]


def test_wire_report_details() -> None:
    # a dateline before the figure is no person of the list
    found = _read("Peshawar, Aug 17 (PTI) At least seven people were killed and another "
                  "injured when gunmen ambushed a group.")  # fmt: skip
    assert found == [("killed", 7), ("injured", 1)]
    # the rescue service's number is no count
    assert _read("Rescue 1122 officials shifted the bodies to the hospital.") == []
    # "as many": the same number again
    assert _read("Five militiamen were killed and as many injured in the attack.") == [
        ("killed", 5),
        ("injured", 5),
    ]
    # an acronym in brackets does not break a list; a speaker is not a casualty
    found = _read("Four policemen were martyred and a station house officer (SHO) and two "
                  "passers-by injured.")  # fmt: skip
    assert found == [("killed", 4), ("injured", 1), ("injured", 2)]
    assert _read("An explosion killed three people and wounded 13 others, a Taliban official "
                 "said.") == [("killed", 3), ("injured", 13)]  # fmt: skip
    # "three of whom": part of the four
    inc = _one("Gunmen shot and killed four employees of the International Rescue Committee "
               "(IRC), three of whom were women, in Logar.")  # fmt: skip
    assert inc.killed is not None and inc.killed.best == 4


def test_a_claim_of_the_attack_is_not_a_claimed_figure() -> None:
    inc = _one("Militants stormed a police station in Dera Ismail Khan, killing four officers, "
               "officials said, in an attack for which a Taliban group claimed responsibility. "
               "The attack wounded 28 people, a rescue official said.")  # fmt: skip
    assert inc.killed is not None and inc.killed.best == 4
    assert inc.injured is not None and inc.injured.best == 28
    inc = _one("Gunmen opened fire in Sarai Naurang, claiming the lives of three traffic "
               "policemen. Two more policemen were wounded in Bannu.")  # fmt: skip
    assert inc.killed is not None and inc.killed.best == 3
