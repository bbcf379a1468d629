"""Run-together and split spellings of compound place names (knowledge.place_variants)."""

from __future__ import annotations

import datetime as dt

from militancydb.knowledge.place_files import read_places
from militancydb.knowledge.place_tree import PlaceRecord
from militancydb.knowledge.place_variants import variants_of, with_variants
from militancydb.nlp.pipeline import extract


def _place(key: str, name: str, *aliases: str) -> PlaceRecord:
    return PlaceRecord(key, "town", name, "PK", aliases=tuple((a, "alias") for a in aliases))


def test_variants_of_a_name() -> None:
    assert variants_of("Miram Shah") == {"Miramshah"}
    assert "Darra Adamkhel" in variants_of("Darra Adam Khel")
    assert "Darra Adam Khail" in variants_of("Darra Adam Khel")
    assert variants_of("Tarinkot") == {"Tarin Kot"}
    # only the compound elements join: a bank is not a part of a town's name
    assert variants_of("Kabul Bank") == set()
    # lower-case transliterations and short results are left alone
    assert variants_of("wzyr abad") == set()
    assert variants_of("Ya Kot") == set()


def test_a_variant_that_names_another_place_is_not_added() -> None:
    places = {
        "a": _place("a", "Shah Kot"),
        "b": _place("b", "Shahkot"),  # another place already written together
        "c": _place("c", "Gul Bagh"),
    }
    out = with_variants(places)
    assert [a for a, kind in out["a"].aliases if kind == "variant"] == []
    assert ("Gulbagh", "variant") in out["c"].aliases
    assert ("Shah Kot", "variant") not in out["b"].aliases


def test_two_places_deriving_one_form_keep_it_only_when_they_share_the_name() -> None:
    places = {"a": _place("a", "Nawa Kot"), "b": _place("b", "Nawakot Bala", "Nawa Kot")}
    out = with_variants(places)
    # both places already answer to "Nawa Kot": the joined form is as ambiguous as the name
    assert ("Nawakot", "variant") in out["a"].aliases
    # two places of different names that both give "Adamkhail": neither takes it
    places = {"a": _place("a", "Adamkhel"), "b": _place("b", "Adam Khail")}
    out = with_variants(places)
    assert ("Adamkhail", "variant") not in out["a"].aliases
    assert ("Adamkhail", "variant") not in out["b"].aliases


def test_shipped_places_carry_variants_marked_as_derived() -> None:
    places, _ = read_places()
    miranshah = [p for p in places.values() if p.name == "Miran Shah"]
    assert miranshah and ("Miramshah", "variant") in miranshah[0].aliases


def test_a_run_together_name_in_a_report() -> None:
    found = extract(
        "Gunmen shot dead a shopkeeper in the main bazaar of Miramshah on Tuesday.",
        published=dt.date(2008, 3, 4),
    )
    loc = found[0].location
    assert loc is not None and loc.city == "Miran Shah"
    assert loc.province_name == "Federally Administered Tribal Areas"
