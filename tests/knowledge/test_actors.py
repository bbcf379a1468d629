"""Resolving actor names (knowledge.actors) on the registry as the database holds it.

Acronyms match exactly and case-sensitively and are never fuzzy-matched; full names match
exactly, then normalised, then fuzzily; script variants; every UCDP side name of the bundled
file; a name shared by two actors comes back ambiguous with both; bad input is refused with a
reason.
"""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.knowledge.actor_records import ActorRecord, AliasRecord
from militancydb.knowledge.actors import FUZZY_CUTOFF, MAX_QUERY, ActorRegistry
from militancydb.knowledge.shipped import ucdp_rows


def resolved(reg: ActorRegistry, text: str, **kw: object) -> tuple[str, str]:
    """The key and the rule a name resolved by (fails the test when not resolved)."""
    r = reg.resolve(text, **kw)  # type: ignore[arg-type]
    assert r.status == "resolved", (text, r.status, r.reasons, r.alternatives)
    assert r.match is not None and r.key is not None
    return r.key, r.match.rule


# --- acronyms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("TTP", "ttp"),
        ("IS", "islamic-state"),
        ("ISKP", "is-khorasan"),
        ("IS-K", "is-khorasan"),
        ("BLA", "bla"),
        ("LeJ", "lej"),
        ("DAESH", "islamic-state"),
    ],
)
def test_acronyms_match_exactly(reg: ActorRegistry, text: str, key: str) -> None:
    assert resolved(reg, text) == (key, "exact")


@pytest.mark.parametrize("text", ["Ttp", "tTP", "is", "Is", "iskp", "LEJ", "lEj", "Bla", "Iskp"])
def test_acronyms_are_case_sensitive(reg: ActorRegistry, text: str) -> None:
    r = reg.resolve(text)
    assert r.status == "unresolved" and r.key is None
    assert r.reasons == ("no name or alias matches",)


def test_lower_case_ttp_is_the_registry_key_not_the_acronym(reg: ActorRegistry) -> None:
    """ "ttp" resolves only because it is the actor's key; the acronym rule does not take it."""
    assert resolved(reg, "ttp") == ("ttp", "key")
    assert "ttp" not in {a.name for a in reg.actors["ttp"].aliases}


@pytest.mark.parametrize("text", ["TTPP", "ISKPP", "BLAA", "LeJJ"])
def test_acronyms_are_never_fuzzy_matched(reg: ActorRegistry, text: str) -> None:
    assert reg.resolve(text).status == "unresolved"


# --- full names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Tehreek-e-Taliban Pakistan", "exact"),
        ("Tehrik-e-Taliban Pakistan", "exact"),
        ("Tehreek-i-Taliban Pakistan", "exact"),
        ("Pakistani Taliban", "exact"),
        ("tehrik i taliban pakistan", "normalised"),
        ("TEHRIK-I-TALIBAN PAKISTAN", "normalised"),
        ("Tehrik e Taliban Pakistan", "normalised"),
        ("Tahreek-e-Taliban Pakistan", "fuzzy"),
        ("Tahrik-i-Taliban Pakistan", "fuzzy"),
        ("Tehrik-i-Talibaan Pakistan", "fuzzy"),
    ],
)
def test_spellings_of_tehrik_i_taliban_pakistan(reg: ActorRegistry, text: str, rule: str) -> None:
    r = reg.resolve(text)
    assert r.status == "resolved" and r.key == "ttp"
    assert r.match is not None and r.match.rule == rule
    if rule == "fuzzy":
        assert FUZZY_CUTOFF <= r.match.score < 100
        assert r.match.reasons[0].startswith("spelling close to")


@pytest.mark.parametrize(
    ("text", "key", "rule"),
    [
        ("Islamic State Khorasan Province", "is-khorasan", "exact"),
        ("Islamic State Khurasan Province", "is-khorasan", "fuzzy"),
        ("lashkar e jhangvi", "lej", "normalised"),
        ("Lashkar-e-Jhangvi-al-Alami", "lej-al-alami", "normalised"),
        ("Daish", "islamic-state", "normalised"),
    ],
)
def test_other_full_names(reg: ActorRegistry, text: str, key: str, rule: str) -> None:
    assert resolved(reg, text) == (key, rule)


@pytest.mark.parametrize(
    ("text", "key", "rule"),
    [
        ("داعش", "islamic-state", "exact"),
        ("الدولة الاسلامية", "islamic-state", "normalised"),  # alef without hamza
        ("تحریک طالبان پاکستان", "ttp", "exact"),  # Urdu letters
        ("تحريک طالبان پاکستان", "ttp", "normalised"),  # Arabic yeh for the Farsi one
    ],
)
def test_script_variants(reg: ActorRegistry, text: str, key: str, rule: str) -> None:
    assert resolved(reg, text) == (key, rule)


def test_a_chapter_says_whose_chapter_it_is(reg: ActorRegistry) -> None:
    r = reg.resolve("Wilayat Khurasan")
    assert r.key == "is-khorasan" and r.match is not None
    assert r.match.reasons[1] == "chapter of Islamic State"


# --- dataset names -----------------------------------------------------------------------------


def test_every_ucdp_side_name_resolves_to_one_actor(reg: ActorRegistry) -> None:
    names = {row[side] for row in ucdp_rows() for side in ("side_a", "side_b")}
    assert len(names) > 60
    outcome = {n: reg.resolve(n, dataset="ucdp") for n in names}
    failed = {n: (r.status, r.reasons) for n, r in outcome.items() if r.status != "resolved"}
    assert failed == {}
    assert {r.match.rule for r in outcome.values() if r.match} == {"dataset"}
    for n in ("TTP - TA", "TTP-KM", "BRAS", "UBA", "Lashkar of Zakakhel tribe"):
        assert outcome[n].key in reg.actors


def test_ucdp_names_of_factions(reg: ActorRegistry) -> None:
    assert resolved(reg, "TTP - TA", dataset="ucdp") == ("ttp-tariq-afridi", "dataset")
    assert reg.actors["ttp-tariq-afridi"].parent == "ttp"
    assert resolved(reg, "Taleban", dataset="ucdp")[0] == "afghan-taliban"


# --- ambiguity ---------------------------------------------------------------------------------


def test_a_jundallah_spelling_is_ambiguous_between_the_two_jundallahs(reg: ActorRegistry) -> None:
    r = reg.resolve("Jundollah")
    assert r.status == "ambiguous" and r.key is None
    assert {m.key for m in r.alternatives} == {"jundallah-iran", "jundallah-pk"}
    for m in r.alternatives:
        assert m.rule == "fuzzy" and m.reasons[0].startswith("spelling close to")
    assert "give a date, a country or a key" in r.reasons[0]


def _two_namesakes() -> ActorRegistry:
    def actor(key: str, country: str, dissolved: str | None) -> ActorRecord:
        return ActorRecord(
            key=key,
            name=f"Jundallah ({country})",
            kind="militant_group",
            family="religious",
            dissolved=dissolved,
            countries=(country,),
            aliases=(AliasRecord("Jundallah"), AliasRecord("JDL", "acronym")),
        )

    return ActorRegistry(
        actors={
            "jdl-ir": actor("jdl-ir", "IR", "2012"),
            "jdl-pk": actor("jdl-pk", "PK", None),
        }
    )


def test_a_shared_name_returns_both_actors_with_reasons() -> None:
    reg = _two_namesakes()
    for text in ("Jundallah", "jundallah", "JDL"):
        r = reg.resolve(text)
        assert r.status == "ambiguous", text
        assert [m.key for m in r.alternatives] == ["jdl-ir", "jdl-pk"]
        assert all(m.reasons for m in r.alternatives)
    assert reg.resolve("Jundallah", country="PK").key == "jdl-pk"
    assert reg.resolve("Jundallah", on=dt.date(2016, 1, 1)).key == "jdl-pk"  # jdl-ir dissolved
    assert reg.resolve("Jundallah", on=dt.date(2008, 1, 1)).status == "ambiguous"


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "why"),
    [
        ("", "rejected", "empty name"),
        ("   ", "rejected", "empty name"),
        ("x" * 1000, "rejected", f"longer than {MAX_QUERY} characters"),
        ("Quetta کوئٹہ", "unresolved", "no name or alias matches"),
        ("ISIS داعش", "unresolved", "no name or alias matches"),  # two names, two scripts
        ("!!!", "unresolved", "no name or alias matches"),
        ("\u200b", "unresolved", "no name or alias matches"),
    ],
)
def test_bad_input_is_refused_with_a_reason(
    reg: ActorRegistry, text: str, status: str, why: str
) -> None:
    r = reg.resolve(text)
    assert (r.status, r.key, r.match) == (status, None, None)
    assert why in r.reasons[0]
