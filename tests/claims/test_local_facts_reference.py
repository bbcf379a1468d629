"""Statements checked against the shipped reference of local facts (``claims/local_facts.py``
with a :class:`FactBook` read from the database): real institutions and titles pass; names
Pakistan does not have, titles on the wrong kind of place and posts that no longer existed
are caught and quoted.

What is asserted was first looked up in ``knowledge/data/local_facts/pk.yaml``: there is no
"Ministry of Justice" nor "Ministry of Home Affairs" (the interior ministry was the "Ministry
of Interior and Narcotics Control" in 2016, also called the "Interior Ministry"); the
"Ministry of Energy" dates from 4 August 2017; the Political Agent post ends in June 2018.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from militancydb.claims.local_facts import FactBook, Finding
from militancydb.claims.statement import read_statement
from militancydb.knowledge.loader import Knowledge

AUG_2016 = dt.date(2016, 8, 8)


@pytest.fixture
def book(session: Session) -> FactBook:
    return FactBook.from_session(session)


def findings(book: FactBook, kb: Knowledge, text: str, day: dt.date) -> list[Finding]:
    """Every check the credibility assessment makes on a statement's institutions and titles."""
    facts = read_statement(text, default_year=day.year)
    out = [book.check(m, day) for m in facts.institutions]
    out += [book.check(m, day) for m in facts.titles if m.kind == "minister"]
    for m in facts.titles:
        if m.kind == "title_place":
            f = book.check_title_place(m, day, kb.gazetteer)
            if f is not None:
                out.append(f)
    return out


def named(book: FactBook, name: str) -> list[str]:
    """Reference entries with this name or alias (case-insensitive)."""
    low = name.lower()
    return [e.name for e in book.entries if low in {e.name.lower(), *map(str.lower, e.aliases)}]


def test_the_reference_is_read_from_the_database(book: FactBook) -> None:
    assert len(book.entries) > 100
    assert named(book, "Ministry of Law and Justice") == ["Ministry of Law and Justice"]
    assert named(book, "Ministry of Justice") == []
    assert named(book, "Ministry of Home Affairs") == []
    assert "Ministry of Interior and Narcotics Control" in named(book, "Interior Ministry")


PASSES = [
    (AUG_2016, "Our fighters struck officials of the Interior Ministry in Islamabad"),
    (AUG_2016, "The mujahideen targeted officers of the Ministry of Defence in Rawalpindi"),
    (AUG_2016, "We attacked the convoy of the Chief Minister of Balochistan"),
    (AUG_2016, "We attacked judges of the Lahore High Court"),
    (AUG_2016, "The soldiers of the Caliphate struck the Balochistan High Court in Quetta"),
    (AUG_2016, "We killed officials of the Ministry of Law and Justice"),
    (AUG_2016, "The Balochistan Home Minister escaped our attack"),
    (AUG_2016, "We attacked the Deputy Commissioner of Quetta"),
    (AUG_2016, "We targeted a judge of the Federal Shariat Court"),
    (AUG_2016, "The Ministry of Foreign Affairs of the apostate state"),
    (dt.date(2016, 3, 1), "We attacked the convoy of the Political Agent of Khyber Agency"),
    (dt.date(2018, 6, 15), "We attacked the convoy of the Political Agent of Khyber Agency"),
    (dt.date(2018, 1, 1), "We struck the offices of the Ministry of Energy"),
    (dt.date(2019, 3, 1), "We struck officials of the Interior Ministry"),
]


@pytest.mark.parametrize(("day", "text"), PASSES)
def test_real_institutions_and_titles_pass(
    book: FactBook, kb: Knowledge, day: dt.date, text: str
) -> None:
    found = findings(book, kb, text, day)
    assert found, "the statement names something to check"
    assert all(f.ok for f in found), [f.message for f in found if not f.ok]


CAUGHT = [
    # (day, statement, the phrase quoted, what the message says, the suggestion if any)
    (
        AUG_2016,
        "A martyr detonated his belt at a gathering of justice ministry employees",
        "justice ministry",
        "no such ministry",
        "Ministry of Law and Justice",
    ),
    (
        AUG_2016,
        "He detonated his belt on personnel belonging to the Ministry of Justice and the police",
        "Ministry of Justice",
        "no such ministry",
        "Ministry of Law and Justice",
    ),
    (
        AUG_2016,
        "We attacked staff of the Ministry of Home Affairs in Lahore",
        "Ministry of Home Affairs",
        "no such ministry",
        None,
    ),
    (
        AUG_2016,
        "Our brothers killed the Minister of Justice",
        "Minister of Justice",
        "no such minister's post",
        "Ministry of Law and Justice",
    ),
    (
        AUG_2016,
        "We attacked the convoy of the Governor of Quetta",
        "Governor of Quetta",
        "not a province",
        None,
    ),
    (
        AUG_2016,
        "We attacked the convoy of the Chief Minister of Lahore",
        "Chief Minister of Lahore",
        "not a province",
        None,
    ),
    (
        AUG_2016,
        "We attacked the Deputy Commissioner of Balochistan",
        "Deputy Commissioner of Balochistan",
        "district post",
        None,
    ),
    (
        dt.date(2019, 3, 1),
        "We attacked the convoy of the Political Agent of Khyber",
        "Political Agent of Khyber",
        "did not exist on 2019-03-01",
        None,
    ),
    (
        dt.date(2018, 7, 2),
        "We attacked the convoy of the Political Agent of Khyber Agency",
        "Political Agent of Khyber Agency",
        "did not exist on 2018-07-02",
        None,
    ),
    (
        AUG_2016,
        "We attacked judges of the Quetta High Court",
        "Quetta High Court",
        "no such court",
        None,
    ),
    (
        AUG_2016,
        "We struck the offices of the Ministry of Energy",
        "Ministry of Energy",
        "did not go by that name on 2016-08-08",
        None,
    ),
    (
        dt.date(2017, 9, 1),
        "We struck the Ministry of Interior and Narcotics Control",
        "Ministry of Interior and Narcotics Control",
        "did not go by that name on 2017-09-01",
        None,
    ),
]


@pytest.mark.parametrize(("day", "text", "quoted", "says", "suggestion"), CAUGHT)
def test_wrong_names_titles_and_dates_are_caught_and_quoted(
    book: FactBook,
    kb: Knowledge,
    day: dt.date,
    text: str,
    quoted: str,
    says: str,
    suggestion: str | None,
) -> None:
    wrong = [f for f in findings(book, kb, text, day) if not f.ok]
    (hit,) = [f for f in wrong if f.mention.text == quoted]
    assert repr(quoted) in hit.message
    assert says in hit.message
    if suggestion:
        assert hit.suggestion == suggestion
        assert suggestion in hit.message


@pytest.mark.parametrize(
    "text",
    [
        "We attacked the convoy of the Chief Secretary of Punjab",
        "We attacked the convoy of the Chief Secretary of Sindh",
    ],
)
def test_a_provincial_post_every_province_has_passes(
    book: FactBook, kb: Knowledge, text: str
) -> None:
    # Every province has a Chief Secretary; the reference lists the provinces its sources
    # named (Balochistan, Khyber Pakhtunkhwa), which is not a list of the only ones.
    found = findings(book, kb, text, AUG_2016)
    assert found and all(f.ok for f in found), [f.message for f in found]


def test_the_same_name_passes_or_fails_by_date(book: FactBook, kb: Knowledge) -> None:
    text = "We struck the Ministry of Interior and Narcotics Control"
    assert all(f.ok for f in findings(book, kb, text, AUG_2016))
    assert not any(f.ok for f in findings(book, kb, text, dt.date(2018, 1, 1)))
    assert all(f.ok for f in findings(book, kb, text, dt.date(2025, 6, 1)))


def test_a_statement_naming_no_institution_gives_no_finding(book: FactBook, kb: Knowledge) -> None:
    assert findings(book, kb, "Our brothers attacked the apostates in Quetta", AUG_2016) == []
