"""The small steps of the extraction pipeline, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from militancydb.nlp.casualties import casualties_in, none_hurt
from militancydb.nlp.dates import dates_in
from militancydb.nlp.numbers import numbers_in, words_value
from militancydb.nlp.text import sentences

MONDAY = dt.date(2016, 8, 8)


def _figures(text: str) -> list[tuple[str, int, str, str, bool]]:
    return [(c.outcome, c.value, c.bound, c.group, c.subset) for c in casualties_in(text)]


def test_number_words_and_skips() -> None:
    assert words_value("two hundred and fifty") == 250
    assert words_value("twenty-five") == 25
    text = "On 3 March 2014 a 25-year-old man and Rs 500 were lost; twelve others at 17:50"
    assert [n.value for n in numbers_in(text)] == [12]


def test_sentences_keep_offsets_and_abbreviations() -> None:
    text = "Gen. Raheel Sharif visited Quetta. Two soldiers were killed.\n\nA new paragraph"
    out = sentences(text)
    assert [s.text for s in out] == [
        "Gen. Raheel Sharif visited Quetta.",
        "Two soldiers were killed.",
        "A new paragraph",
    ]
    assert all(text[s.start : s.end] == s.text for s in out)


def test_object_and_subject_figures() -> None:
    assert _figures("The blast killed 12 people and injured 30 others.") == [
        ("killed", 12, "exact", "total", False),
        ("injured", 30, "exact", "total", False),
    ]
    assert _figures("Nine passengers were killed and 14 wounded.") == [
        ("killed", 9, "exact", "total", False),
        ("injured", 14, "exact", "total", False),
    ]


def test_bounds_and_vague_figures() -> None:
    assert _figures("At least 40 people were killed.")[0][:3] == ("killed", 40, "low")
    assert _figures("Up to 15 people were wounded.")[0][:3] == ("injured", 15, "high")
    assert _figures("Dozens of people were injured.")[0][:3] == ("injured", 24, "vague")


def test_subsets_are_marked() -> None:
    found = _figures("Eleven people, including four children, were killed in the blast.")
    assert ("killed", 11, "exact", "total", False) in found
    assert all(f[1] != 4 or f[4] for f in found)


def test_lists_add_up_and_singular_victims() -> None:
    assert _figures("Gunmen opened fire, killing two policemen and three shopkeepers.") == [
        ("killed", 2, "exact", "security", False),
        ("killed", 3, "exact", "total", False),
    ]
    assert _figures("A traffic warden was shot dead near the market.")[0][:2] == ("killed", 1)


def test_attackers_are_their_own_group() -> None:
    found = _figures("Four militants were killed in the exchange of fire.")
    assert found == [("killed", 4, "exact", "militants", False)]


def test_no_one_hurt_is_zero() -> None:
    assert {o for o, _, _ in none_hurt("The device went off but no one was hurt.")} == {
        "killed",
        "injured",
    }
    assert casualties_in("The device went off but no one was hurt.") == []


def test_weekdays_against_publication_day() -> None:
    # the article is dated a Monday: "on Monday" is that very day, "last Monday" a week back
    assert dates_in("The bomb went off on Monday.", MONDAY)[0].date == MONDAY
    assert dates_in("It happened last Monday.", MONDAY)[0].date == dt.date(2016, 8, 1)
    late = dates_in("Gunmen struck late Saturday night.", MONDAY)[0]
    assert (late.date, late.rule) == (dt.date(2016, 8, 6), "weekday")


def test_relative_and_calendar_dates() -> None:
    assert dates_in("yesterday", MONDAY)[0].date == dt.date(2016, 8, 7)
    assert dates_in("three days ago", MONDAY)[0].date == dt.date(2016, 8, 5)
    assert dates_in("on 26 July", MONDAY)[0].date == dt.date(2016, 7, 26)
    # a day-month later than publication is last year's
    assert dates_in("on 20 December", MONDAY)[0].date == dt.date(2015, 12, 20)
    assert dates_in("On August 3, 2014, a bomb", None)[0].date == dt.date(2014, 8, 3)
    # without a publication date, weekdays and relative words cannot be resolved
    assert dates_in("on Monday", None) == []


def test_lists_that_end_in_the_casualty_word() -> None:
    found = _figures("Three officers and one assailant died in the attack.")
    assert [(f[0], f[1], f[3]) for f in found] == [
        ("killed", 3, "security"),
        ("killed", 1, "militants"),
    ]


def test_victims_named_one_by_one() -> None:
    found = casualties_in("Gul Khan, a tribal elder, was killed along with two of his guards.")
    assert [(c.value, c.joined) for c in found] == [(1, False), (2, True)]  # a list: 3
    assert _figures("Unknown gunmen killed the driver of the van.")[0][:2] == ("killed", 1)
    assert _figures("Mr Khan died in hospital.")[0][:2] == ("killed", 1)
    assert _figures("The bodies of four policemen were found near the road.")[0][:2] == (
        "killed",
        4,
    )


def test_sentence_subject_far_from_its_verb() -> None:
    text = "Four guards of a private security company based in Kabul were killed on the road."
    assert _figures(text) == [("killed", 4, "exact", "security", False)]
    text = "At least 13 guests of a wedding party, including the groom, were killed."
    assert _figures(text)[0][:3] == ("killed", 13, "low")
    # another number on the way: not this reading
    assert _figures("Two trucks carrying 40 tonnes of flour were set on fire.") == []


def test_one_person_named_as_the_object() -> None:
    assert _figures("Gunmen killed Abdul Karim Khan, a district official, in Bostan.") == [
        ("killed", 1, "exact", "total", False)
    ]
    assert _figures("Troops killed Taliban fighters in the valley.") == []
    assert _figures("Both guards died in the attack.")[0][:2] == ("killed", 2)
