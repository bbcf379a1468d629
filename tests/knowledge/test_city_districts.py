"""A city whose area covers several districts (Karachi: the districts of the Karachi
division), as the gazetteer read back from a database holds it."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.errors import KnowledgeDataError
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.place_files import read_city_districts
from militancydb.knowledge.place_tree import PlaceRecord, PlaceTree


def _karachi(gaz: Gazetteer) -> str:
    key = gaz.resolve("Karachi", country="PK", prefer="specific", on=dt.date(2015, 3, 1)).key
    assert key is not None and gaz.places[key].kind == "town"
    return key


def test_a_bare_city_of_several_districts_has_its_province_and_no_district(gaz: Gazetteer) -> None:
    karachi = _karachi(gaz)
    assert len(gaz.places[karachi].spans) >= 5
    for day in (dt.date(2015, 3, 1), dt.date(2021, 6, 1)):
        admin = gaz.admin_of(karachi, day)
        assert (admin.province, admin.district) == ("PK-SD", None)


def test_while_one_district_stood_for_the_whole_city_it_is_that_one(gaz: Gazetteer) -> None:
    # City District Karachi, 2001-2011
    admin = gaz.admin_of(_karachi(gaz), dt.date(2005, 3, 1))
    assert (admin.province, admin.district) == ("PK-SD", "PK-SD-karachi")


def test_a_quarter_of_the_city_keeps_its_own_district_and_lies_within_the_city(
    gaz: Gazetteer,
) -> None:
    karachi = _karachi(gaz)
    gulshan = gaz.resolve("Gulshan-e-Iqbal", country="PK", prefer="specific").key
    assert gulshan is not None
    assert gaz.admin_of(gulshan, dt.date(2015, 3, 1)).district == "PK-SD-karachi-east"
    assert gaz.within(gulshan, karachi)
    assert gaz.within("PK-SD-korangi", karachi)
    assert not gaz.within("PK-SD-hyderabad", karachi)


def test_a_city_of_one_district_is_unchanged(gaz: Gazetteer) -> None:
    lahore = gaz.resolve("Lahore", country="PK", prefer="specific").key
    assert lahore is not None and not gaz.places[lahore].spans
    assert gaz.admin_of(lahore, dt.date(2015, 3, 1)).district == "PK-PB-lahore"


def _tree() -> dict[str, PlaceRecord]:
    return {
        "X": PlaceRecord("X", "country", "X", "XX"),
        "X-P": PlaceRecord("X-P", "province", "P", "XX", parent="X"),
        "X-P-a": PlaceRecord("X-P-a", "district", "A", "XX", parent="X-P"),
        "X-P-b": PlaceRecord("X-P-b", "district", "B", "XX", parent="X-P"),
        "t": PlaceRecord("t", "town", "T", "XX", parent="X-P"),
    }


def test_spans_on_a_small_tree() -> None:
    places = _tree()
    places["t"] = PlaceRecord("t", "town", "T", "XX", parent="X-P", spans=("X-P-a", "X-P-b"))
    tree = PlaceTree(places)
    assert tree.admin_of("t", dt.date(2020, 1, 1)).district is None
    assert tree.admin_of("t", dt.date(2020, 1, 1)).province == "X-P"
    assert tree.within("X-P-b", "t") and not tree.within("X-P", "t")


def test_a_city_the_places_lack_is_an_error_unless_read_back_from_a_database() -> None:
    # the shipped file names Karachi, which this small tree lacks: one clear error naming
    # the line; read back from a database (strict=False), the row is skipped
    with pytest.raises(KnowledgeDataError, match="city_districts.csv line 2"):
        read_city_districts(_tree())
    assert read_city_districts(_tree(), strict=False) == _tree()
