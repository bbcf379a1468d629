"""The knowledge commands as a user runs them: ``actors show``, ``places resolve``,
``places show``, ``knowledge check``; on a fresh database on each backend, output read as
text (a wide terminal, so that table cells are not wrapped)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

from militancydb.cli.main import app

WIDE = {"COLUMNS": "600", "NO_COLOR": "1"}


def run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", db_url, *args], env=WIDE)


def lines_with(output: str, *words: str) -> list[str]:
    return [line for line in output.splitlines() if all(w in line for w in words)]


# --- actors show -------------------------------------------------------------------------------


@pytest.fixture
def iskp(db_url: str) -> str:
    r = run(db_url, "actors", "show", "Islamic State Khorasan Province", "--on", "2016-09-30")
    assert r.exit_code == 0, r.output
    return r.output


def test_actors_show_iskp_parent_territory_leaders_relations(iskp: str) -> None:
    assert "Islamic State Khorasan Province" in iskp and "as of 2016-09-30" in iskp
    assert lines_with(iskp, "parent", "Islamic State")
    assert lines_with(iskp, "proclaimed territory", "AF, PK", "since 2015-01")
    former = lines_with(iskp, "former emir", "Hafiz Saeed Khan", "2015-01 to 2016-07-26")
    assert former and "killed 2016-07-26 by United States armed forces" in iskp
    assert "(US drone strike)" in iskp
    assert lines_with(
        iskp, "leadership", "no leader recorded since Hafiz Saeed Khan killed on 2016-07-26"
    )
    assert lines_with(iskp, "pledge", "→ Islamic State", "2015-01-26")
    assert lines_with(iskp, "merger", "← Islamic Movement of Uzbekistan (a segment)", "2015-08")
    assert lines_with(iskp, "territory (contested)", "AF-NAN-achin")
    assert lines_with(iskp, "territory (lost)", "AF-NAN-kot", "since 2016-07")
    assert lines_with(iskp, "sources", "jamestown-tm-13-7-wilayat-khurasan")


def test_actors_show_prints_the_sources_of_each_fact(iskp: str) -> None:
    """Each proclaimed territory, relation and territory row ends in ``[sources: ...]``, and
    the header and the parent carry their keys (text in brackets must not be taken for Rich
    markup, which would swallow any ``[lower-case ...]`` as a style tag)."""
    assert lines_with(iskp, "proclaimed territory", "voa-islamic-state-pakistan-province")
    assert lines_with(iskp, "merger", "rferl-imu-declares-part-of-is")
    assert lines_with(
        iskp, "territory (contested)", "AF-NAN-achin", "aan-2017-05-23-battle-for-mamand"
    )
    assert "[is-khorasan]" in iskp
    assert lines_with(iskp, "parent", "[islamic-state]")


def test_actors_show_json_has_the_sources(db_url: str) -> None:
    r = run(db_url, "actors", "show", "ISKP", "--on", "2016-09-30", "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["parent"]["key"] == "islamic-state"
    assert "voa-islamic-state-pakistan-province" in doc["proclaimed"][0]["sources"]
    merger = [v for v in doc["relations"] if v["relation"]["type"] == "merger"]
    assert "rferl-imu-declares-part-of-is" in merger[0]["relation"]["sources"]
    assert doc["vacancy"].startswith("no leader recorded since Hafiz Saeed Khan")


def test_actors_show_before_the_death(db_url: str) -> None:
    r = run(db_url, "actors", "show", "ISKP", "--on", "2016-06-01")
    assert r.exit_code == 0, r.output
    assert lines_with(r.output, "emir (now)", "Hafiz Saeed Khan", "since 2015-01")
    assert "no leader recorded" not in r.output


def test_actors_resolve_an_ambiguous_name(db_url: str) -> None:
    r = run(db_url, "actors", "resolve", "Jundollah")
    assert r.exit_code == 0, r.output
    assert "'Jundollah': ambiguous" in r.output
    assert "Jundallah (Iran)" in r.output and "Jundallah (Pakistan)" in r.output


# --- places ------------------------------------------------------------------------------------


def test_places_resolve_kurram_agency_on_a_date(db_url: str) -> None:
    r = run(db_url, "places", "resolve", "Kurram Agency", "--on", "2016-08-08")
    assert r.exit_code == 0, r.output
    out = r.output
    assert "'Kurram Agency': resolved" in out
    assert "→ Kurram Agency [PK-TA-kurram-agency] by exact match" in out
    assert (
        "on 2016-08-08: province Federally Administered Tribal Areas [PK-TA], district "
        "Kurram Agency [PK-TA-kurram-agency]"
    ) in out
    assert "today: province Khyber Pakhtunkhwa [PK-KP], district Kurram [PK-KP-kurram]" in out


KARACHI_TODAY = (  # the seven districts of Karachi division (places/city_districts.csv)
    *("PK-SD-karachi-central", "PK-SD-karachi-east", "PK-SD-karachi-south"),
    *("PK-SD-karachi-west", "PK-SD-keamari", "PK-SD-korangi", "PK-SD-malir"),
)


def test_places_resolve_karachi_in_2005_lies_today_in_the_citys_seven_districts(
    db_url: str,
) -> None:
    """On 2005-03-01 Karachi was the one City District Karachi (2001-2011); today that
    district does not exist: its area is the five districts that followed it in 2011 and
    Korangi (2013) and Keamari (2020), carved out of those later -- not the old district."""
    r = run(db_url, "places", "resolve", "Karachi", "--on", "2005-03-01")
    assert r.exit_code == 0, r.output
    assert "on 2005-03-01: province Sindh [PK-SD], district Karachi [PK-SD-karachi]" in r.output
    (today,) = lines_with(r.output, "today:")
    assert today.startswith("  today: province Sindh [PK-SD], districts Karachi Central")
    assert "[PK-SD-karachi]" not in today
    assert [k for k in KARACHI_TODAY if f"[{k}]" in today] == list(KARACHI_TODAY)
    r = run(db_url, "places", "resolve", "Karachi", "--on", "2005-03-01", "--format", "json")
    data = json.loads(r.output)
    assert data["admin_on"]["district"] == "PK-SD-karachi" and data["districts_on"] == []
    assert data["admin_today"] == {
        "province": "PK-SD",
        "district": None,
        "method": "split into several districts",
    }
    assert data["districts_today"] == sorted(KARACHI_TODAY)


def test_places_resolve_the_city_of_karachi_lists_its_districts_of_the_day(db_url: str) -> None:
    r = run(db_url, "places", "resolve", "Karachi", "--on", "2016-08-08", "--format", "json")
    data = json.loads(r.output)
    assert data["match"]["key"] == "gn:1174872"  # the city, of several districts then
    assert data["admin_on"]["district"] is None
    assert data["districts_on"] == sorted(set(KARACHI_TODAY) - {"PK-SD-keamari"})  # 2020
    assert data["districts_today"] == sorted(KARACHI_TODAY)


def test_a_split_district_lies_today_in_the_districts_that_followed_it(db_url: str) -> None:
    r = run(db_url, "places", "resolve", "Dir", "--on", "1990-01-01")
    assert r.exit_code == 0, r.output
    assert "on 1990-01-01: province Khyber Pakhtunkhwa [PK-KP], district Dir [PK-KP-dir]" in (
        r.output
    )
    assert (
        "today: province Khyber Pakhtunkhwa [PK-KP], districts Lower Dir [PK-KP-lower-dir], "
        "Upper Dir [PK-KP-upper-dir]"
    ) in r.output
    r = run(db_url, "places", "show", "Karachi", "--on", "2005-03-01")
    (today,) = lines_with(r.output, "today", "province Sindh [PK-SD], districts")
    assert "[PK-SD-karachi]" not in today


def test_places_resolve_shows_the_key_of_a_town(db_url: str) -> None:
    """The key of a GeoNames town (``gn:...``) is printed like any other (as Rich markup,
    ``[gn:1170367]`` would vanish while upper-case keys such as ``[PK-KP]`` survive)."""
    r = run(db_url, "places", "resolve", "Miranshah", "--on", "2016-08-08")
    assert r.exit_code == 0, r.output
    assert "Miran Shah [gn:1170367]" in r.output


def test_places_resolve_waziristan_lists_both_agencies(db_url: str) -> None:
    r = run(db_url, "places", "resolve", "Waziristan")
    assert r.exit_code == 0, r.output
    assert "'Waziristan': ambiguous" in r.output
    assert "North Waziristan Agency [PK-TA-north-waziristan-agency]" in r.output
    assert "South Waziristan Agency [PK-TA-south-waziristan-agency]" in r.output


def test_places_show_khyber_agency(db_url: str) -> None:
    r = run(db_url, "places", "show", "Khyber agency")
    assert r.exit_code == 0, r.output
    out = r.output
    assert "Khyber Agency [PK-TA-khyber-agency]" in out
    assert lines_with(out, "kind", "agency")
    assert lines_with(out, "within", "Federally Administered Tribal Areas < Pakistan")
    assert lines_with(out, "existed", "to 2018-05-31")
    assert lines_with(out, "became", "Khyber [PK-KP-khyber]")
    assert lines_with(out, "headquarters", "Landi Kotal")
    assert lines_with(
        out, "today", "province Khyber Pakhtunkhwa [PK-KP], district Khyber [PK-KP-khyber]"
    )


def test_places_show_on_a_date(db_url: str) -> None:
    r = run(db_url, "places", "show", "Khyber", "--on", "2016-08-08")
    assert r.exit_code == 0, r.output
    assert lines_with(r.output, "formed from", "Khyber Agency [PK-TA-khyber-agency]")
    assert lines_with(r.output, "on 2016-08-08", "[PK-TA]", "[PK-TA-khyber-agency]")


def test_an_unknown_place_is_an_error_with_advice(db_url: str) -> None:
    r = run(db_url, "places", "show", "Nowhere-on-Indus")
    assert r.exit_code == 1
    assert "no place matches 'Nowhere-on-Indus'" in r.output
    assert "militancydb places resolve" in r.output


def test_a_bad_date_is_refused(db_url: str) -> None:
    r = run(db_url, "places", "resolve", "Kurram Agency", "--on", "2016-13-01")
    assert r.exit_code == 2
    assert "--on '2016-13-01' is not a date" in r.output


# --- knowledge check ---------------------------------------------------------------------------


def test_knowledge_check_reports_no_problem(db_url: str) -> None:
    r = run(db_url, "knowledge", "check")
    assert r.exit_code == 0, r.output
    assert r.output.strip().endswith("0 problem(s)")


def test_places_resolve_within_an_unknown_place_is_an_error_naming_it(db_url: str) -> None:
    r = run(db_url, "places", "resolve", "Quetta", "--within", "Atlantis")
    assert r.exit_code == 2
    assert "--within" in r.output and "'Atlantis'" in r.output
    assert "give a province by its name or key" in r.output


def test_places_resolve_within_a_province_narrows_the_match(db_url: str) -> None:
    r = run(db_url, "places", "resolve", "Quetta", "--within", "Balochistan", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["within"] == "PK-BA" and data["status"] == "resolved"
    assert data["match"]["key"].startswith("PK-BA")
