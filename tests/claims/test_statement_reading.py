"""What ``claims/statement.py`` reads from English statements: institutions in both word
orders, titles tied to places, dates (real or not, right weekday or not), death tolls,
places and targets. Each rule is tried on several phrasings, never on one sentence only."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.claims.statement import (
    canonical,
    dates_in,
    institutions_in,
    killed_in,
    ministers_in,
    places_in,
    read_statement,
    titles_in,
)

# --- institutions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a gathering of justice ministry employees and Pakistani policemen",
        "personnel belonging to the Ministry of Justice and the Pakistani Police",
        "officials of the Pakistani Ministry of Justice",
        "the apostate federal justice ministry in Islamabad",
        "employees of the Ministry for Justice",
    ],
)
def test_a_ministry_is_read_the_same_in_every_word_order(text: str) -> None:
    (m,) = institutions_in(text)
    assert m.kind == "ministry"
    assert m.value == "ministry of justice"
    assert m.text.lower() in text.lower()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("officials of the Interior Ministry in Islamabad", "ministry of interior"),
        ("the Ministry of Defence in Rawalpindi", "ministry of defence"),
        ("staff of the Ministry of Law and Justice", "ministry of law and justice"),
        ("the Ministry of Home Affairs", "ministry of home affairs"),
        ("the Narcotics Control Division", "division of narcotics control"),
    ],
)
def test_ministries_and_divisions_are_named_as_written(text: str, value: str) -> None:
    (m,) = institutions_in(text)
    assert m.value == value


@pytest.mark.parametrize(
    ("text", "court"),
    [
        ("judges of the Lahore High Court", "Lahore High Court"),
        ("lawyers on their way to the Balochistan High Court", "Balochistan High Court"),
        ("the Quetta High Court was hit", "Quetta High Court"),
        ("a judge of the Federal Shariat Court", "Shariat Court"),
    ],
)
def test_courts_are_read_with_their_name(text: str, court: str) -> None:
    (m,) = institutions_in(text)
    assert (m.kind, m.text) == ("court", court)


def test_canonical_folds_qualifiers_and_ampersands() -> None:
    assert canonical("ministry", "Pakistani Federal Ministry of Justice") == "ministry of justice"
    assert canonical("ministry", "Ministry of Interior & Narcotics Control") == canonical(
        "ministry", "Ministry of Interior and Narcotics Control"
    )


# --- titles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("we killed the Minister of Justice", "minister of justice"),
        ("the Law Minister escaped", "minister of law"),
        ("the Minister for Interior", "minister of interior"),
        ("the Balochistan Home Minister", "minister of balochistan home"),
    ],
)
def test_ministerial_titles_are_read(text: str, value: str) -> None:
    (m,) = ministers_in(text)
    assert (m.kind, m.value) == ("minister", value)


@pytest.mark.parametrize("text", ["the Prime Minister said", "the Chief Minister said"])
def test_heads_of_government_are_not_ministerial_titles(text: str) -> None:
    assert ministers_in(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "the convoy of the Chief Minister of Balochistan",
        "the Prime Minister of Pakistan was not there",
    ],
)
def test_heads_of_government_of_a_place_are_not_ministerial_titles(text: str) -> None:
    # "Chief Minister of X" is a title tied to a place (titles_in), not a ministry's minister
    assert ministers_in(text) == []


@pytest.mark.parametrize(
    ("text", "title", "place"),
    [
        ("the convoy of the Governor of Quetta", "Governor", "Quetta"),
        ("the Chief Minister of Balochistan", "Chief Minister", "Balochistan"),
        ("the Political Agent of Khyber Agency", "Political Agent", "Khyber Agency"),
        ("Deputy Commissioner Quetta was hurt", "Deputy Commissioner", "Quetta"),
        ("the Inspector General of Police of Sindh", "Inspector General of Police", "Sindh"),
    ],
)
def test_titles_tied_to_a_place(text: str, title: str, place: str) -> None:
    (m,) = titles_in(text)
    assert (m.value, m.place) == (title, place)


def test_a_title_without_a_place_is_not_tied_to_one() -> None:
    assert titles_in("the Inspector General of Police said") == []


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "default_year", "date"),
    [
        ("on Monday 8 August 2016", None, dt.date(2016, 8, 8)),
        ("on August 8, 2016", None, dt.date(2016, 8, 8)),
        ("on the 8th of August 2016", None, dt.date(2016, 8, 8)),
        ("on Friday, 12 August", 2016, dt.date(2016, 8, 12)),
        ("on 29 February 2016", None, dt.date(2016, 2, 29)),
    ],
)
def test_real_dates_are_read_without_a_problem(
    text: str, default_year: int | None, date: dt.date
) -> None:
    (d,) = dates_in(text, default_year)
    assert (d.date, d.problem) == (date, None)


@pytest.mark.parametrize(
    ("text", "default_year", "says"),
    [
        ("on Tuesday 8 August 2016", None, "was a Monday, not a Tuesday"),
        ("on Sunday, August 12, 2016", None, "was a Friday, not a Sunday"),
        ("on 31 February", 2016, "is not a real date"),
        ("on 29 February 2015", None, "is not a real date"),
        ("on 31 April 2016", None, "is not a real date"),
    ],
)
def test_impossible_dates_are_caught(text: str, default_year: int | None, says: str) -> None:
    (d,) = dates_in(text, default_year)
    assert d.problem is not None and says in d.problem


def test_a_date_without_a_year_needs_a_default_year() -> None:
    assert dates_in("on 8 August", None) == []
    (d,) = dates_in("on 8 August", 2016)
    assert d.date == dt.date(2016, 8, 8)


# --- tolls, places, targets ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tolls"),
    [
        ("the blast, killing 20 apostates", [20]),
        ("an attack that left 12 dead", [12]),
        ("20 of them were killed", [20]),
        ("dozens were killed", [24]),
        ("leaving seventy dead", [70]),
        ("killing at least 70", [70]),
    ],
)
def test_death_tolls_are_read(text: str, tolls: list[int]) -> None:
    assert killed_in(text) == tolls


@pytest.mark.parametrize(
    "text",
    [
        "The attack killed 20 lawyers",
        "Our fighters killed 20 apostates",
        "the blast killed at least 20 people",
    ],
)
def test_a_toll_after_the_verb_is_read_whatever_comes_before_it(text: str) -> None:
    assert killed_in(text) == [20]


def test_a_year_before_the_verb_is_not_a_toll() -> None:
    assert killed_in("the attack on 8 August 2016 killed 20 lawyers") == [20]


def test_places_are_read_after_their_cues() -> None:
    text = "in the city of Quetta, near Mastung and at the village of Killi Almas"
    assert [m.value for m in places_in(text)] == ["Quetta", "Mastung", "Killi Almas"]


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("a gathering of lawyers", {"judiciary"}),
        ("Pakistani policemen", {"police"}),
        ("justice ministry employees", {"government_officials"}),
        ("lawyers and policemen", {"judiciary", "police"}),
    ],
)
def test_targets_are_read(text: str, targets: set[str]) -> None:
    assert set(read_statement(text).targets) == targets


def test_no_text_reads_as_nothing() -> None:
    facts = read_statement(None)
    assert not (facts.institutions or facts.titles or facts.places or facts.dates)
    assert not (facts.killed or facts.targets)
