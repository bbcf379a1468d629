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
