"""``militancydb knowledge check``: the checks that catch facts contradicting each other.

Each test builds the smallest knowledge that holds one kind of error found in the sample of
issue 14 (the records as they were shipped before the fix), and asserts the check names it;
a second knowledge without the error passes. Without the check each first assertion fails.
"""

from __future__ import annotations

import yaml

from militancydb.knowledge.actor_records import (
    ActorRecord,
    MembershipRecord,
    PersonEventRecord,
    PersonRecord,
    RelationRecord,
    TerritoryRecord,
)
from militancydb.knowledge.check import check_shipped
from militancydb.knowledge.check_facts import (
    alias_problems,
    dating_conflicts,
    event_dating_conflicts,
    fragment_pairs,
    memberships_outlived,
    note_contradictions,
    open_relations_overtaken,
)
from militancydb.knowledge.shipped import ShippedKnowledge, read_shipped


def _fact(name: str, aliases: list[str], category: str = "institutions", **kw: object) -> dict:
    return {"name": name, "aliases": aliases, "category": category, "country": "PK", **kw}


def _ministries(law_aliases: list[str]) -> ShippedKnowledge:
    names = [
        "Ministry of Law and Justice",
        "Law and Justice Division",
        "Law Department Balochistan",
        "Federal Minister for Law and Justice",
    ]
    facts = [_fact(n, []) for n in names]
    facts.append(_fact("Ministry of Law, Justice and Human Rights", law_aliases))
    return ShippedKnowledge(local_facts=facts)


def test_a_yaml_flow_list_split_on_its_comma_is_reported() -> None:
    # the line as it was shipped, read the way the loader reads it
    aliases = yaml.safe_load("aliases: [Law, Justice and Human Rights Ministry]")["aliases"]
    assert aliases == ["Law", "Justice and Human Rights Ministry"]
    problems = alias_problems(_ministries(aliases))
    assert any("read as one name split on a comma" in p and "'Law'" in p for p in problems)
    assert any("alias 'Law' is one common word" in p for p in problems)
    quoted = yaml.safe_load('aliases: ["Law, Justice and Human Rights Ministry"]')["aliases"]
    assert alias_problems(_ministries(quoted)) == []


def test_a_fragment_needs_both_halves_of_the_name() -> None:
    name = "Ministry of Information, Broadcasting and National Heritage"
    assert fragment_pairs(name, ["Ministry of Information", "Broadcasting & National Heritage"])
    # two full names that happen to share words are not fragments
    assert not fragment_pairs(
        "Ministry of Religious Affairs and Interfaith Harmony",
        ["Ministry of Religious Affairs", "Ministry of Religious Affairs & Interfaith Harmony"],
    )
    assert not fragment_pairs(
        "Punjabi Taliban (Tehreek-i-Taliban Punjab)",
        ["Punjabi Taliban", "Tehreek-i-Taliban Punjab"],
    )


def test_another_rank_as_a_titles_alias_is_reported() -> None:
    dsp = _fact(
        "Deputy Superintendent of Police",
        ["DSP", "Assistant Superintendent of Police", "ASP"],
        category="titles",
    )
    problems = alias_problems(ShippedKnowledge(local_facts=[dsp]))
    assert problems and "'Assistant Superintendent of Police'" in problems[0]
    spelling = _fact("Adviser to the Prime Minister", ["Advisor to the Prime Minister"], "titles")
    assert alias_problems(ShippedKnowledge(local_facts=[spelling])) == []


def _jua(rejoined_end: str | None, note: str) -> ShippedKnowledge:
    k = ShippedKnowledge()
    k.relations = [
        RelationRecord("r1", "split", "jua", "ttp", "2014-08-26", "2015-03-12"),
        RelationRecord("r2", "rejoined", "jua", "ttp", "2015-03-12", rejoined_end, note=note),
        RelationRecord("r3", "rejoined", "jua", "ttp", "2020-08-17", None),
    ]
    return k


def test_an_open_relation_whose_note_says_it_ended_is_reported() -> None:
    note = "The reunion did not last: JuA was again described as a separate faction in 2016."
    assert any("'did not last'" in p for p in note_contradictions(_jua(None, note)))
    assert note_contradictions(_jua("2016-03", note)) == []


def test_an_open_relation_overtaken_by_a_later_one_is_reported() -> None:
    problems = open_relations_overtaken(_jua(None, ""))
    assert len(problems) == 1 and "relation r2" in problems[0] and "r3" in problems[0]
    assert open_relations_overtaken(_jua("2016-03", "")) == []
    # a later contrary relation of another kind
    k = ShippedKnowledge()
    k.relations = [
        RelationRecord("a", "pledge", "x", "y", "2015", None),
        RelationRecord("b", "split", "x", "y", "2017-05", None),
    ]
    assert [p.split(" (")[0] for p in open_relations_overtaken(k)] == ["relation a"]
    # only a segment rejoining leaves the split of the rest standing
    k.relations = [
        RelationRecord("a", "split", "x", "y", "2014", None),
        RelationRecord("b", "rejoined", "x", "y", "2020", None, partial=True),
    ]
    assert open_relations_overtaken(k) == []


def test_a_controls_record_whose_source_says_never_taken_is_reported() -> None:
    note = "Dominant insurgent group in eight districts, but never capturing a district centre."
    k = ShippedKnowledge()
    k.territory = [TerritoryRecord("t", "iskp", "AF-NAN-kot", "controls", "2015", None, note)]
    assert "territory t" in note_contradictions(k)[0]
    k.territory = [TerritoryRecord("t", "iskp", "AF-NAN-kot", "contested", "2015", None, note)]
    assert note_contradictions(k) == []


def _sajna(rejoined: str) -> ShippedKnowledge:
    k = ShippedKnowledge()
    k.persons = {"sajna": PersonRecord("sajna", "Khan Said Sajna")}
    k.actors = {
        "ttp": ActorRecord("ttp", "TTP", "militant_group", "religious"),
        "sajna-faction": ActorRecord("sajna-faction", "Sajna faction", "faction", "religious"),
    }
    k.memberships = [
        MembershipRecord("m1", "sajna", "ttp", "deputy emir", "2013-05", "2014"),
        MembershipRecord("m2", "sajna", "sajna-faction", "emir", "2014", "2017-02-02"),
        MembershipRecord("m3", "sajna", "ttp", "deputy emir", "2017-02-02", "2018-02-08"),
    ]
    k.relations = [
        RelationRecord("split", "split", "sajna-faction", "ttp", "2014-05-28", rejoined),
        RelationRecord("rejoined", "rejoined", "sajna-faction", "ttp", rejoined, None),
    ]
    return k


def test_two_records_dating_the_same_move_differently_are_reported() -> None:
    problems = dating_conflicts(_sajna("2016"))
    assert len(problems) == 1
    assert "Khan Said Sajna" in problems[0] and "2017-02-02" in problems[0]
    assert "rejoined from 2016" in problems[0]
    assert dating_conflicts(_sajna("2017-02-02")) == []
    assert dating_conflicts(_sajna("2017-02")) == []  # a coarser date that agrees


def test_a_leaders_own_event_dated_apart_from_the_relation_is_reported() -> None:
    k = ShippedKnowledge()
    k.persons = {"sajna": PersonRecord("sajna", "Khan Said Sajna")}
    k.memberships = [MembershipRecord("m", "sajna", "sajna-faction", "emir", "2014", None)]
    k.events = [PersonEventRecord("e", "sajna", "pledged", "2017-02")]
    k.relations = [RelationRecord("r", "rejoined", "sajna-faction", "ttp", "2016", None)]
    problems = event_dating_conflicts(k)
    assert len(problems) == 1 and "person event e" in problems[0] and "r from 2016" in problems[0]
    k.relations = [RelationRecord("r", "rejoined", "sajna-faction", "ttp", "2017-02-02", None)]
    assert event_dating_conflicts(k) == []
    # a pledge outside the time he led the group is not the group's move
    k.memberships = [MembershipRecord("m", "sajna", "sajna-faction", "emir", "2014", "2015")]
    k.relations = [RelationRecord("r", "rejoined", "sajna-faction", "ttp", "2016", None)]
    assert event_dating_conflicts(k) == []


def _khorasani(emir_end: str) -> ShippedKnowledge:
    k = ShippedKnowledge()
    k.persons = {"okk": PersonRecord("okk", "Omar Khalid Khorasani", ("Abdul Wali",))}
    k.memberships = [MembershipRecord("m", "okk", "jua", "emir", "2014-08", emir_end)]
    note = (
        "JuA chief Omar Khalid Khorasani dissolved the group and pledged to TTP chief Noor "
        "Wali Mehsud (announced 17 August 2020)."
    )
    k.relations = [RelationRecord("r", "rejoined", "jua", "ttp", "2020-08-17", None, note=note)]
    return k


def test_a_post_that_ends_before_a_later_note_names_its_holder_is_reported() -> None:
    # the error found in the verification sample of 2026-12-04
    problems = memberships_outlived(_khorasani("2017-10"))
    assert len(problems) == 1 and "membership m" in problems[0] and "relation r" in problems[0]
    assert memberships_outlived(_khorasani("2020-08-17")) == []


def test_the_shipped_knowledge_passes_every_check() -> None:
    k = read_shipped()
    assert check_shipped(k) == []
    # the corrected records (issue 14): the data the checks were written for
    by_key = {r.key: r for r in k.relations}
    assert by_key["rejoined:jamaat-ul-ahrar:ttp:2015-03-12"].end == "2016-03"
    sajna = [r for r in k.relations if r.source_actor == "ttp-sajna" and r.type == "rejoined"]
    assert [r.start for r in sajna] == ["2017-02-02"]
    law = next(f for f in k.local_facts if f["name"] == "Ministry of Law, Justice and Human Rights")
    assert law["aliases"] == ["Law, Justice and Human Rights Ministry"]
    nangarhar = [t for t in k.territory if t.place.startswith("AF-NAN-") and t.status == "controls"]
    assert nangarhar == []
