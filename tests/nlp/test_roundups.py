"""Round-ups, datelines of other forms, "here" and forces' vehicles (texts written for these
tests, in the manner of the Pakistani and Afghan press and the wires)."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp.datelines import datelines
from militancydb.nlp.kinds import targets
from militancydb.nlp.model import Extracted
from militancydb.nlp.pipeline import extract
from militancydb.nlp.segments import accident, is_summary

SUNDAY = dt.date(2024, 3, 17)


def _all(text: str, published: dt.date | None = SUNDAY) -> list[Extracted]:
    return extract(text, doc_id="t", published=published)


def _place(inc: Extracted) -> tuple[str | None, str | None, str | None]:
    loc = inc.location
    assert loc is not None
    return loc.province_name, loc.district_name, loc.city


def _killed(inc: Extracted) -> int | None:
    return inc.killed.best if inc.killed else None


def _injured(inc: Extracted) -> int | None:
    return inc.injured.best if inc.injured else None


def test_a_place_first_opens_the_next_incident_of_a_round_up() -> None:
    found = _all(
        "Two policemen were shot dead in Mardan on Saturday, police said. The attackers fled "
        "on a motorcycle. In Quetta, a bomb planted on a bicycle killed one man and injured "
        "four others on Friday."
    )
    assert len(found) == 2
    first, second = found
    assert (_killed(first), _injured(first), first.date and first.date.date) == (
        2,
        None,
        "2024-03-16",
    )
    assert _place(first)[1] == "Mardan"
    assert (_killed(second), _injured(second), second.date and second.date.date) == (
        1,
        4,
        "2024-03-15",
    )
    assert _place(second)[2] == "Quetta"


def test_a_place_the_incident_already_names_does_not_open_another() -> None:
    found = _all(
        "A bomb exploded near a police vehicle in Quetta on Saturday, killing three people. "
        "In Quetta, police cordoned off the area after the attack."
    )
    assert len(found) == 1
    assert _killed(found[0]) == 3
    # nor does a place inside the one it names
    found = _all(
        "Three soldiers were martyred in North Waziristan on Saturday. In Mir Ali, troops "
        "cordoned off the area after the attack."
    )
    assert len(found) == 1


def test_a_summary_of_a_round_up_is_not_the_first_incident() -> None:
    text = (
        "Five people, including two policemen, were killed and nine injured in separate "
        "attacks in Peshawar and Kohat on Saturday. Two policemen were shot dead and one "
        "injured when gunmen fired on their patrol in Peshawar. In Kohat, three labourers were "
        "killed and eight others injured in a bomb blast."
    )
    assert is_summary(text.split(". ")[0])
    found = _all(text)
    assert len(found) == 2
    first, second = found
    assert (_killed(first), _injured(first)) == (2, 1)
    assert _place(first)[1] == "Peshawar"
    assert first.date is not None and first.date.date == "2024-03-16"  # the summary's day
    assert (_killed(second), _injured(second)) == (3, 8)
    assert _place(second)[1] == "Kohat"
    # a summary told alone is the report itself
    (only,) = _all("Four people were killed in separate attacks in Bannu on Saturday.")
    assert _killed(only) == 4


def test_a_day_or_another_victim_first_opens_an_incident_only_at_another_place() -> None:
    found = _all(
        "Militants attacked a check post in Bannu on Saturday, martyring two soldiers. "
        "On Sunday, militants attacked a police station in Tank, injuring one constable."
    )
    assert [(_killed(f), _injured(f)) for f in found] == [(2, None), (None, 1)]
    assert found[1].date is not None and found[1].date.date == "2024-03-17"
    found = _all(
        "A policeman was shot dead in Peshawar on Saturday. Another constable was shot dead "
        "in Mardan."
    )
    assert len(found) == 2
    # the same place: more of the same attack
    found = _all(
        "A soldier was martyred in an attack on a check post in Bannu on Saturday. Another "
        "soldier was injured in the attack."
    )
    assert len(found) == 1
    # a toll update on another day stays with its incident
    found = _all(
        "A bomb killed four people in Quetta on Saturday. On Sunday, the toll rose to six."
    )
    assert len(found) == 1 and _killed(found[0]) == 6


def test_an_accident_after_separately_is_no_incident_and_adds_no_dead() -> None:
    assert accident("Separately, three people died when the wall of a house collapsed.")
    assert not accident("The roof collapsed when a suicide bomber blew himself up.")
    found = _all(
        "Unknown gunmen shot dead a policeman in Bannu on Saturday. Separately, three people "
        "were killed and two injured when the wall of a house collapsed in Bannu. The "
        "victims were shifted to hospital."
    )
    assert len(found) == 1
    assert (_killed(found[0]), _injured(found[0])) == (1, None)


def test_background_of_an_earlier_month_adds_no_dead() -> None:
    (inc,) = _all(
        "Two traffic policemen were shot dead in Lakki Marwat on Saturday. Earlier that "
        "month, five soldiers were killed in the district. In June, three militants were "
        "killed in an operation there."
    )
    assert _killed(inc) == 2


@pytest.mark.parametrize(
    ("text", "place", "month_day", "agency"),
    [
        ("Quetta (Balochistan), October 20 (APP): A blast hit a market.", "Quetta", (10, 20),
         "APP"),
        ("AP, Quetta, Pakistan :Gunmen killed six men.", "Quetta", None, "AP"),
        ("Newsdesk- Kabul:\n\nA mine went off.", "Kabul", None, None),
        ("KABUL, Afghanistan (AP) \u2014 A bomb went off.", "KABUL", None, "AP"),
        ("Kandahar, Afghanistan: Gunmen attacked a post.", "Kandahar", None, None),
        ("RIYADH/KABUL \u2014\n\nThe group claimed the attack.", "RIYADH/KABUL", None, None),
    ],
)  # fmt: skip
def test_more_dateline_forms(
    text: str, place: str, month_day: tuple[int, int] | None, agency: str | None
) -> None:
    line = datelines(text)[0]
    assert (line.place, line.month_day, line.agency) == (place, month_day, agency)


def test_an_outlet_before_a_dash_needs_a_colon() -> None:
    assert datelines("Police- Gunmen kill four in Bannu") == []


def test_a_dateline_in_parentheses_is_where_the_report_was_filed() -> None:
    (inc,) = _all(
        "Quetta (Balochistan), March 16 (APP): Six labourers were shot dead in Kharan "
        "district on Friday.",
        published=None,
    )
    assert _place(inc)[1] == "Kharan"


def test_here_in_a_later_incident_is_the_datelines_place() -> None:
    found = _all(
        "QUETTA: Two soldiers were martyred in an attack in Turbat on Saturday. In another "
        "incident, a bomb went off near a police van here on Saturday, injuring three people."
    )
    assert len(found) == 2
    assert _place(found[0])[2] == "Turbat"
    assert _place(found[1])[2] == "Quetta"
    found = _all(
        "PESHAWAR: A policeman was shot dead in Mardan on Saturday. Separately, a grenade "
        "was hurled at a shop in the provincial capital, injuring two people."
    )
    assert _place(found[1])[2] == "Peshawar"
    # a later incident that names its own place keeps it
    found = _all(
        "QUETTA: Two soldiers were martyred in Turbat. In another incident, a bomb went off "
        "in Kharan, injuring three people, officials here said."
    )
    assert _place(found[1])[1] == "Kharan"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A bomb went off near a police van on the road.", ["police"]),
        ("Gunmen ambushed an FC truck and a passenger van.", ["frontier_corps", "transport"]),
        ("Gunmen fired on a bus carrying passengers.", ["transport"]),
        ("A roadside bomb hit a Rangers vehicle near the market.", ["rangers", "business"]),
    ],
)
def test_a_forces_vehicle_is_that_force_not_transport(text: str, want: list[str]) -> None:
    assert sorted(t.value for t in targets(text, 0, "t")) == sorted(want)


def test_an_earlier_attack_recalled_by_its_day_gives_no_figures() -> None:
    thursday = dt.date(2024, 3, 14)
    (inc,) = _all(
        "Gunmen hurled grenades into the house of a police officer in Peshawar on Wednesday, "
        "killing five men. On Tuesday, attackers threw grenades into a Peshawar cinema, "
        "killing 13.",
        published=thursday,
    )
    assert _killed(inc) == 5
    # a later day told the same way is the same incident's news
    (inc,) = _all(
        "Militants attacked a check post in Bannu on Monday night, killing two soldiers. On "
        "Wednesday, a bomb disposal squad defused a mine near the post.",
        published=thursday,
    )
    assert _killed(inc) == 2
    # an earlier attack at another place is an incident of its own, with its own day
    found = _all(
        "Gunmen shot dead two policemen in Mardan on Wednesday. On Tuesday, attackers killed "
        "three labourers in Swabi.",
        published=thursday,
    )
    assert [(_killed(f), f.date and f.date.date) for f in found] == [
        (2, "2024-03-13"),
        (3, "2024-03-12"),
    ]


def test_a_headline_of_several_attacks_is_a_summary() -> None:
    found = _all(
        "Five killed in KP attacks\n\nTwo policemen were shot dead in Bannu on Saturday. "
        "Elsewhere, a bomb killed three people in Kohat."
    )
    assert [_killed(f) for f in found] == [2, 3]
    assert _place(found[0])[1] == "Bannu"


def test_earlier_with_another_place_opens_an_incident() -> None:
    found = _all(
        "Security forces killed five terrorists in an operation in Tank on Saturday. Earlier, "
        "the CTD killed three terrorists in an operation in Khuzdar."
    )
    assert [(_killed(f), _place(f)[1]) for f in found] == [(5, "Tank"), (3, "Khuzdar")]
    # "Earlier," about the same place goes on with the incident
    (inc,) = _all(
        "Two soldiers were martyred in Mir Ali on Saturday. Earlier, militants had fired "
        "rockets at the check post in Mir Ali."
    )
    assert _killed(inc) == 2


def test_a_round_ups_summary_gives_its_day_and_not_its_targets() -> None:
    first, second = _all(
        "Five people were killed in separate attacks in Bannu and Kohat on Saturday. Two "
        "policemen were martyred when gunmen opened fire on a police van in Bannu. In Kohat, "
        "three labourers were killed when a bomb went off near a market."
    )
    assert second.date is not None and second.date.date == "2024-03-16"  # the summary's day
    assert second.date.rule == "weekday"
    assert [t.value for t in first.targets] == ["police"]  # not the summary's "people"


def test_a_toll_update_after_a_cue_stays_with_its_incident() -> None:
    (inc,) = _all(
        "At least 12 people were killed when a bomb exploded near a police van in Quetta on "
        "Saturday. Later that day, the death toll rose to 15. On the same day, the toll rose "
        "to 16 after one of the injured died."
    )
    assert inc.killed is not None and (inc.killed.low, inc.killed.best) == (12, 16)


def test_a_road_named_for_an_airport_is_no_transport_target() -> None:
    found = targets("A bomb went off near a police van on Airport Road.", 0, "t")
    assert [t.value for t in found] == ["police"]


def test_a_place_first_that_tells_no_act_is_not_another_incident() -> None:
    (inc,) = _all(
        "Two soldiers were martyred in North Waziristan on Saturday. In Peshawar, a police "
        "official said the attackers had fled across the border."
    )
    assert _killed(inc) == 2


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("Terrorists attacked a police mobile in Kohat, resulting in the martyrdom of Assistant "
         "Sub-Inspector Ashfaq while two police constables were injured.", 1, 2),
        ("Militants attacked a post in Bannu, resulting in the death of Constable Zahid Khan.",
         1, None),
        ("A roadside bomb hit a van in Khyber, killing a cop and injuring his colleague.", 1, 1),
        # a death named as background is no casualty
        ("Two soldiers were martyred in Kurram. The attack came a year after the death of "
         "Mullah Fazlullah.", 2, None),
    ],
)  # fmt: skip
def test_one_person_named_after_martyrdom_of_or_a_colleague(
    text: str, killed: int, injured: int | None
) -> None:
    (inc,) = _all(text)
    assert (_killed(inc), _injured(inc)) == (killed, injured)


@pytest.mark.parametrize(
    "aside",
    [
        "In Islamabad, Prime Minister Shehbaz Sharif paid tribute to the martyred soldiers.",
        "In Rawalpindi, the funeral prayers of the martyred soldiers were offered.",
        "In Quetta, the chief minister condemned the attack on the check post.",
        "Earlier, the ISPR said terrorists had fired at the post from across the border in "
        "Afghanistan.",
        "In 2023, militants killed 500 soldiers in Khyber Pakhtunkhwa, according to a report.",
        "On Tuesday, the army chief visited the injured soldiers in Peshawar.",
    ],
)
def test_an_aside_after_a_report_is_not_another_incident(aside: str) -> None:
    (inc,) = _all(
        "PESHAWAR: Three soldiers were martyred when terrorists attacked a check post in "
        "North Waziristan on Saturday, the ISPR said. " + aside
    )
    assert _killed(inc) == 3
    assert _place(inc)[1] == "North Waziristan"


def test_a_place_after_a_lower_case_word_opens_the_next_incident() -> None:
    found = _all(
        "Taliban fighters attacked a police post in Ghazni's Andar district, killing five "
        "policemen. In neighbouring Paktika province, a roadside bomb wounded three soldiers."
    )
    assert [(_killed(f), _injured(f)) for f in found] == [(5, None), (None, 3)]
    assert _place(found[1])[0] == "Paktika"


def test_a_cue_before_no_act_goes_on_with_the_incident() -> None:
    (inc,) = _all(
        "Gunmen shot dead two policemen in Mardan on Saturday. Meanwhile, police registered a "
        "case against the unknown attackers."
    )
    assert _killed(inc) == 2
    found = _all(
        "Gunmen shot dead two policemen in Mardan on Saturday. Meanwhile, two militants were "
        "arrested after a gun battle with police in Swabi."
    )
    assert len(found) == 2


def test_another_incident_after_a_report_of_twin_blasts_is_its_own() -> None:
    found = _all(
        "Two blasts rocked Quetta on Saturday, killing 10 people. In another incident, a "
        "policeman was shot dead in Turbat."
    )
    assert [(_killed(f), _place(f)[2]) for f in found] == [(10, "Quetta"), (1, "Turbat")]


def test_accidents_and_mishaps() -> None:
    assert accident("Three people died when a gas cylinder blast hit a shop in Quetta.")
    assert not accident("The wall of the police station collapsed in the blast.")
    (inc,) = _all("The roof of a mosque in Peshawar collapsed in a suicide blast, killing 12.")
    assert _killed(inc) == 12


@pytest.mark.parametrize("lead", ["Also,", "Likewise,", "Similarly,", "In addition,"])
def test_a_linking_word_and_another_place_open_an_incident(lead: str) -> None:
    found = _all(
        "A roadside bomb killed two civilians in Nangarhar on Saturday. "
        + lead
        + " gunmen shot dead a policeman in Khost."
    )
    assert [(_killed(f), _place(f)[0]) for f in found] == [(2, "Nangarhar"), (1, "Khost")]


def test_a_bylines_place_is_where_the_report_was_filed() -> None:
    text = (
        "Six labourers gunned down\n\nBy: PTI | Karachi | Published: May 4, 2018 5:20:57 pm\n\n"
        "Six labourers were killed on Friday by unidentified gunmen in Balochistan province, "
        "police said."
    )
    (line,) = datelines(text)
    assert (line.place, line.agency) == ("Karachi", "PTI")
    (inc,) = _all(text, published=None)
    assert _place(inc)[0] == "Balochistan" and _place(inc)[2] is None
    assert inc.date is not None and inc.date.date == "2018-05-04"
