"""People counted by who they were, asides about other events and disputed claims, on
sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp.pipeline import extract

DAY = dt.date(2016, 8, 8)


def _killed(text: str) -> int | None:
    found = extract(text, published=DAY)
    assert found, text
    fig = found[0].killed
    return None if fig is None else (fig.best if fig.best is not None else fig.low)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # companions added to the person named
        ("Gul Khan was killed in the ambush along with his brother and three other passengers.", 5),
        ("Gunmen killed a district official along with ten others in Ghazni.", 11),
        # the subject of "were killed" as a list of people
        ("Mr Noor escaped, but his son, nephew and driver were killed in the attack.", 3),
        ("The head of the district and his four guards were killed by gunmen in Zabul.", 5),
        ("Two engineers, their interpreter and one policeman were killed by a bomb in Khost.", 4),
        # the object of a killing as a list of people
        ("Gunmen stormed the house in Kandahar, killing him, his wife and a servant.", 3),
        ("Rockets hit a village in Kunar killing a farmer, his daughter and two of her sons.", 4),
        # an article and its person, not the first article of the sentence
        ("A bomb went off near a bus station in Quetta killing a woman.", 1),
        # "all three"
        ("Gunmen attacked a car in Zabul, killing all three passengers.", 3),
    ],
)
def test_lists_of_people(text: str, killed: int) -> None:
    assert _killed(text) == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # the same person named again between commas is not a second one
        ("Gunmen shot dead one teacher, Abdul Wahid, and wounded two pupils in Khost.", 1),
        ("Four workers of a road company, Sadat Ltd, were killed by a mine in Helmand.", 4),
        # a breakdown of a total
        ("Twelve people, four policemen and eight civilians, were killed in Quetta.", 12),
        # examples after "including" are part of the total
        ("Ten people, including a judge and two guards, were killed in Peshawar.", 10),
        # a list of the wounded is not a list of the dead
        ("One guard was killed and two women and a boy were wounded in Lahore.", 1),
    ],
)
def test_lists_not_over_counted(text: str, killed: int) -> None:
    assert _killed(text) == killed


def test_attackers_in_a_companion_list_are_not_victims() -> None:
    text = "A bomb exploded at a police post in Bannu; a policeman died along with the bomber."
    found = extract(text, published=DAY)
    assert found[0].killed is not None and found[0].killed.best == 1


def test_an_earlier_event_recalled_gives_no_figures() -> None:
    text = (
        "A bomb exploded at a shrine near Lahore, injuring fifteen people. "
        "Three days earlier, twenty people were killed in a blast in Quetta."
    )
    inc = extract(text, published=DAY)[0]
    assert inc.killed is None
    assert inc.injured is not None and inc.injured.best == 15


def test_the_report_recalling_an_earlier_event_keeps_its_own_figures() -> None:
    text = "Gunmen killed three policemen in Quetta, days after a similar attack in Sibi."
    assert _killed(text) == 3


def test_an_aside_after_note_gives_no_figures() -> None:
    text = (
        "A bomb exploded in a vegetable market in Peshawar, injuring twenty people."
        "Note: another bomb had killed fifteen people in the same market in 2000."
    )
    inc = extract(text, published=DAY)[0]
    assert inc.killed is None


def test_a_disputed_claim_gives_no_figure() -> None:
    text = (
        "A police vehicle struck a roadside mine in Kandahar Province. No casualties were "
        "reported. The Taliban claimed credit for the attack and claimed eight policemen killed."
    )
    inc = extract(text, published=DAY)[0]
    assert inc.killed is not None and inc.killed.best == 0
    text = (
        "Gunmen attacked a police post in Wardak. The Taliban claimed to have killed eight "
        "policemen; a police spokesman dismissed the claim as baseless."
    )
    assert extract(text, published=DAY)[0].killed is None


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # more dead on top of those told before
        ("Gunmen killed a judge in Quetta. They also killed a court clerk.", 2),
        ("A teacher was killed in Khost. In addition, a fourth man was killed.", 2),
        ("Gunmen killed a trader in Quetta. Two others died of their wounds as well.", 3),
        # a sentence that tells of the dead after a later report does not get them twice
        (
            "Gunmen killed a guard in Ghazni. His cousin was also killed. The two bodies were "
            "taken to the hospital.",
            2,
        ),
        # companions by kinship, a role before a name, the deaths of people listed
        ("A policeman was shot dead along with his brother-in-law in Karachi.", 2),
        ("The Taliban killed parliamentary candidate Abdul Wahid in Kandahar.", 1),
        ("The attack resulted in the deaths of his driver and bodyguard in Aibak.", 2),
        (
            "The attack resulted in the deaths of three policemen and the wounding of one other "
            "in Ghazni.",
            3,
        ),
        ("Both the commander and his bodyguard were killed in Mazar-e-Sharif.", 2),
    ],
)
def test_more_dead_and_people_by_role(text: str, killed: int) -> None:
    assert _killed(text) == killed


def test_a_sentence_run_into_the_next() -> None:
    text = (
        "Militants ambushed a van in Swat, killing two and injuring seven others.The elders "
        "were returning home after recovering vehicles stolen several months ago."
    )
    assert _killed(text) == 2


# -- lists of people by who they were (issue 11, eleventh session; sentences written here) --


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        # after an indefinite item, "a clerk" is the next person, not the lawyer described
        ("A lawyer, a clerk, the driver and two guards were killed when a bomb hit their van "
         "in Quetta.", 5),
        # "identified only as Gul" describes the elder
        ("A tribal elder, identified only as Gul, and another man were killed when gunmen "
         "fired on them in Kurram.", 2),
        # a participle phrase describes an item of the object's list, the list goes on
        ("A roadside bomb killed a district councillor travelling to a meeting in Tank, his "
         "bodyguard and a cook.", 3),
        ("Gunmen shot dead a shopkeeper selling fruit near the mosque, his nephew and two "
         "customers in Chaman.", 4),
        # the subject's list of an intransitive "died", a relative clause inside it
        ("Gunmen fired on a car in Wana. The driver and his cousin died on the spot.", 2),
        ("Gunmen fired on a car in Wana. The driver and the engineer's cousin, who was also "
         "in the car, died on the spot.", 2),
        ("Two policemen and a passer-by died when the bomb went off in Bannu.", 3),
        # an apposition after a name or a definite noun is still the same person
        ("Gunmen killed Haji Rauf, a tribal elder, his son and a guard in Pishin.", 3),
        ("The head of the council, a retired colonel, was shot dead in Quetta.", 1),
    ],
)  # fmt: skip
def test_lists_of_people_by_role(text: str, dead: int) -> None:
    found = extract(text, published=dt.date(2025, 3, 8))
    assert found and found[0].killed is not None
    assert found[0].killed.best == dead
