"""Resolving place names (knowledge.gazetteer) and the places' history (knowledge.place_tree).

Every alias rule on the gazetteer as the database holds it: key, exact, normalised (case,
diacritics, punctuation, Arabic-script letter forms, a generic word such as "district"
dropped), fuzzy on full names only; names under four letters and acronyms match exactly or
not at all; the stop-list; ambiguity with every candidate and its reasons; the date a name
refers to; and bad input, which is refused or left unresolved with a reason, never raised.
"""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.knowledge.gazetteer import FUZZY_CUTOFF, MAX_QUERY, Gazetteer
from militancydb.knowledge.shipped import resolve_ucdp_admin

D = dt.date
BEFORE_MERGER = D(2016, 8, 8)  # the Quetta hospital bombing; FATA still a unit
AFTER_MERGER = D(2020, 1, 1)


def resolved(gaz: Gazetteer, text: str, **kw: object) -> tuple[str, str]:
    """The key and the rule a name resolved by (fails the test when not resolved)."""
    r = gaz.resolve(text, **kw)  # type: ignore[arg-type]
    assert r.status == "resolved", (text, r.status, r.reasons, r.alternatives)
    assert r.match is not None and r.key is not None
    return r.key, r.match.rule


# --- the rules, one by one -----------------------------------------------------------------


def test_a_key_resolves_to_itself(gaz: Gazetteer) -> None:
    assert resolved(gaz, "PK-BA-quetta") == ("PK-BA-quetta", "key")
    assert resolved(gaz, "PK-TA-khyber-agency") == ("PK-TA-khyber-agency", "key")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Khyber Pakhtunkwa province", "PK-KP"),  # UCDP's adm_1 spelling (sic)
        ("Baluchistan", "PK-BA"),
        ("NWFP", "PK-KP"),
        ("KPK", "PK-KP"),
        ("KP", "PK-KP"),
        ("D.I. Khan", "PK-KP-dera-ismail-khan"),
        ("Federally Administered Tribal Areas", "PK-TA"),
        ("FATA", "PK-TA"),
        ("Kurram Agency", "PK-TA-kurram-agency"),
        ("Khyber agency", "PK-TA-khyber-agency"),
    ],
)
def test_exact_names_and_aliases(gaz: Gazetteer, text: str, key: str) -> None:
    assert resolved(gaz, text) == (key, "exact")


def test_miranshah_and_parachinar_are_the_towns_in_their_agencies(gaz: Gazetteer) -> None:
    one, _ = resolved(gaz, "Miranshah")
    two, _ = resolved(gaz, "Miran Shah")
    assert one == two
    town = gaz.places[one]
    assert (town.name, town.kind) == ("Miran Shah", "town")
    assert gaz.admin_of(one, BEFORE_MERGER).district == "PK-TA-north-waziristan-agency"
    assert gaz.admin_of(one, None).district == "PK-KP-north-waziristan"
    key, _ = resolved(gaz, "Parachinar")
    assert gaz.places[key].kind == "town"
    assert gaz.admin_of(key, BEFORE_MERGER).district == "PK-TA-kurram-agency"
    assert gaz.admin_of(key, None).district == "PK-KP-kurram"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("khyber pakhtunkhwa", "PK-KP"),  # case
        ("BALOCHISTAN", "PK-BA"),
        ("Balochistán", "PK-BA"),  # Latin diacritics
        ("Pēshāwar", "PK-KP-peshawar"),
        ("D.I Khan", "PK-KP-dera-ismail-khan"),  # punctuation
        ("DI khan", "PK-KP-dera-ismail-khan"),
        ("N.W.F.P", "PK-KP"),
        ("F.A.T.A", "PK-TA"),
        ("KARACHI!!!", "PK-SD-karachi"),
        ("Khyber-Pakhtunkhwa province", "PK-KP"),
    ],
)
def test_normalised_names(gaz: Gazetteer, text: str, key: str) -> None:
    assert resolved(gaz, text) == (key, "normalised")


def test_arabic_script_letter_forms_are_folded(gaz: Gazetteer) -> None:
    urdu, rule = resolved(gaz, "کوئٹہ")  # Quetta in Urdu letters (keheh, heh goal)
    assert rule == "exact" and gaz.places[urdu].name == "Quetta"
    arabic, rule = resolved(gaz, "كوئٹه")  # the same word with Arabic kaf and heh
    assert (arabic, rule) == (urdu, "normalised")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Balochistan District", "PK-BA"),  # no such alias: the generic word is dropped
        ("Hangu DISTRICT", "PK-KP-hangu"),
        ("Kohat Division", "PK-KP-kohat"),
    ],
)
def test_a_generic_word_is_dropped(gaz: Gazetteer, text: str, key: str) -> None:
    assert text not in {a for p in gaz.places.values() for a, _ in p.aliases}
    assert resolved(gaz, text) == (key, "normalised")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Khyber Pakhtunkhwah", "PK-KP"),
        ("Khyber Pukhtunkhwa", "PK-KP"),
        ("Baluchistaan", "PK-BA"),
        ("Fedrally Administered Tribal Areas", "PK-TA"),
        ("Dera Ismael Khan", "PK-KP-dera-ismail-khan"),
    ],
)
def test_fuzzy_on_full_names(gaz: Gazetteer, text: str, key: str) -> None:
    r = gaz.resolve(text)
    assert r.status == "resolved" and r.key == key
    assert r.match is not None and r.match.rule == "fuzzy"
    assert FUZZY_CUTOFF <= r.match.score < 100


def test_fuzzy_finds_a_town_spelling(gaz: Gazetteer) -> None:
    key, rule = resolved(gaz, "Miranshaah")
    assert rule == "fuzzy" and gaz.places[key].name == "Miran Shah"
    # the run-together form of GeoNames' alias "Miram Shah" is a derived variant (exact)
    key, rule = resolved(gaz, "Miramshah")
    assert rule == "exact" and gaz.places[key].name == "Miran Shah"


@pytest.mark.parametrize("text", ["KPKK", "NWFO", "FATAA", "kpk", "Kp", "nwf"])
def test_no_fuzzy_match_against_acronyms_or_short_names(gaz: Gazetteer, text: str) -> None:
    """KPK, NWFP, FATA, KP are one letter away, but short names match exactly or not at all
    (lower-case "kpk" is three letters: only the exact "KPK" matches)."""
    r = gaz.resolve(text)
    assert r.status == "unresolved" and r.key is None
    assert r.reasons


# --- ambiguity, the stop-list, hints -------------------------------------------------------


def test_waziristan_is_ambiguous_between_both_agencies(gaz: Gazetteer) -> None:
    r = gaz.resolve("Waziristan")
    assert r.status == "ambiguous" and r.key is None and r.match is None
    assert {m.key for m in r.alternatives} == {
        "PK-TA-north-waziristan-agency",
        "PK-TA-south-waziristan-agency",
    }
    for m in r.alternatives:  # why each matched, and what and where it is
        assert "waziristan" in m.reasons[0]
        assert m.reasons[1].startswith("agency in Federally Administered Tribal Areas")
    assert "give a province or coordinates" in r.reasons[0]


def test_kohistan_lists_every_candidate_and_a_country_and_date_pick_one(gaz: Gazetteer) -> None:
    r = gaz.resolve("Kohistan")
    assert r.status == "ambiguous"
    keys = {m.key for m in r.alternatives}
    assert {"PK-KP-kohistan", "AF-BDS-kohistan", "AF-FYB-kohistan"} <= keys
    where = {m.key: m.reasons[-1] for m in r.alternatives}
    assert "Khyber Pakhtunkhwa" in where["PK-KP-kohistan"]
    assert "Afghanistan" in where["AF-BDS-kohistan"]
    assert resolved(gaz, "Kohistan", country="PK", on=D(2010, 1, 1))[0] == "PK-KP-kohistan"


def test_nested_candidates_take_the_district(gaz: Gazetteer) -> None:
    r = gaz.resolve("Quetta")
    assert r.status == "resolved" and r.key == "PK-BA-quetta"
    assert [gaz.places[m.key].kind for m in r.alternatives] == ["town"]
    assert "nested" in r.reasons[0]
    town = gaz.resolve("Quetta", prefer="specific")
    assert town.key is not None and gaz.places[town.key].kind == "town"


def test_march_needs_context(gaz: Gazetteer) -> None:
    bare = gaz.resolve("March")
    assert bare.status == "rejected" and "stop-list" in bare.reasons[0]
    r = gaz.resolve("March", country="AF")  # a village of that name in Badakhshan
    assert r.status == "resolved" and r.key is not None
    assert (gaz.places[r.key].name, gaz.places[r.key].parent) == ("March", "AF-BDS")
    pk = gaz.resolve("March", country="PK")  # no place called March in Pakistan
    assert pk.status == "unresolved" and "country PK" in pk.reasons[0]


def test_a_stop_listed_district_resolves_with_a_country(gaz: Gazetteer) -> None:
    assert gaz.resolve("Bagh").status == "rejected"
    assert resolved(gaz, "Bagh", country="PK")[0] == "PK-JK-bagh"


# --- history ---------------------------------------------------------------------------------


def test_khyber_agency_on_a_date_and_today(gaz: Gazetteer) -> None:
    key, _ = resolved(gaz, "Khyber agency", on=BEFORE_MERGER)
    assert key == "PK-TA-khyber-agency"
    then = gaz.admin_of(key, BEFORE_MERGER)
    assert (then.province, then.district) == ("PK-TA", "PK-TA-khyber-agency")
    now = gaz.admin_of(key, None)
    assert (now.province, now.district) == ("PK-KP", "PK-KP-khyber")
    assert gaz.today(key) == "PK-KP-khyber"
    # today's district stands for the agency on a day before the merger
    assert gaz.at_date("PK-KP-khyber", BEFORE_MERGER) == "PK-TA-khyber-agency"


def test_the_date_picks_the_agency_or_the_district(gaz: Gazetteer) -> None:
    # without a date, the agency and the district it became are one territory: the later unit
    assert gaz.resolve("South Waziristan").key == "PK-KP-south-waziristan"
    assert resolved(gaz, "South Waziristan", on=BEFORE_MERGER)[0] == (
        "PK-TA-south-waziristan-agency"
    )
    assert resolved(gaz, "South Waziristan", on=AFTER_MERGER)[0] == "PK-KP-south-waziristan"


def test_ucdp_fata_and_khyber_agency_as_the_importer_resolves_them(gaz: Gazetteer) -> None:
    province, district = resolve_ucdp_admin(
        gaz, "Federally Administered Tribal Areas", "Khyber agency"
    )
    assert (province, district) == ("PK-TA", "PK-TA-khyber-agency")
    assert district is not None and gaz.admin_of(district, None).province == "PK-KP"


def test_a_later_district_stands_for_its_predecessor_on_an_earlier_date(gaz: Gazetteer) -> None:
    # Upper Chitral was notified in 2018 out of Chitral district
    assert gaz.at_date("PK-KP-upper-chitral", BEFORE_MERGER) == "PK-KP-chitral"
    assert gaz.admin_of("PK-KP-upper-chitral", BEFORE_MERGER).district == "PK-KP-chitral"
    assert gaz.admin_of("PK-KP-upper-chitral", None).district == "PK-KP-upper-chitral"
    # Lower South Waziristan (2022) <- South Waziristan district (2018) <- the agency
    then = gaz.admin_of("PK-KP-lower-south-waziristan", BEFORE_MERGER)
    assert (then.province, then.district) == ("PK-TA", "PK-TA-south-waziristan-agency")
    mid = gaz.admin_of("PK-KP-lower-south-waziristan", AFTER_MERGER)
    assert (mid.province, mid.district) == ("PK-KP", "PK-KP-south-waziristan")


def test_a_unit_split_in_two_stays_itself(gaz: Gazetteer) -> None:
    # Chitral ended in 2018 with two successors: no single unit stands for it afterwards
    assert gaz.at_date("PK-KP-chitral", AFTER_MERGER) == "PK-KP-chitral"
    assert gaz.within("PK-KP-upper-chitral", "PK-KP-chitral")


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "why"),
    [
        ("", "rejected", "empty name"),
        ("   ", "rejected", "empty name"),
        ("\n\t ", "rejected", "empty name"),
        ("x" * 1000, "rejected", f"longer than {MAX_QUERY} characters"),
        ("D.I. Khan" * 30, "rejected", f"longer than {MAX_QUERY} characters"),
        ("Quetta کوئٹہ", "unresolved", "no name or alias matches"),  # mixed scripts
        ("!!!", "unresolved", "no name or alias matches"),
        ("...?", "unresolved", "no name or alias matches"),
        ("---", "unresolved", "no name or alias matches"),
        ("\u200b", "unresolved", "no name or alias matches"),  # zero-width space
        ("ـــ", "unresolved", "no name or alias matches"),  # Arabic tatweel only
        ("Karachi\nLahore", "unresolved", "no name or alias matches"),
    ],
)
def test_bad_input_is_refused_with_a_reason(
    gaz: Gazetteer, text: str, status: str, why: str
) -> None:
    r = gaz.resolve(text)
    assert (r.status, r.key, r.match) == (status, None, None)
    assert why in r.reasons[0]
    assert r.query == text


def test_each_half_of_the_mixed_script_name_resolves_alone(gaz: Gazetteer) -> None:
    """So "Quetta کوئٹہ" is left unresolved for being mixed, not for unknown words."""
    latin, urdu = resolved(gaz, "Quetta")[0], resolved(gaz, "کوئٹہ")[0]
    assert gaz.places[urdu].name == "Quetta" and latin == "PK-BA-quetta"
