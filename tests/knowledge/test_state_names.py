"""Names of the 2020s that news reports use: the state's designation of the TTP ("Fitna
al-Khawarij", Ministry of Interior, 31 July 2024) and Tehreek-e-Jihad Pakistan (2023)."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.knowledge.loader import Knowledge, knowledge_from_files
from militancydb.nlp.pipeline import extract


@pytest.fixture(scope="module")
def shipped() -> Knowledge:
    return knowledge_from_files()


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Fitna al Khawarij", "ttp"),
        ("Fitna al-Khawarij", "ttp"),
        ("TJP", "tjp"),
        ("Tehreek-i-Jihad Pakistan", "tjp"),
    ],
)
def test_names_resolve(shipped: Knowledge, name: str, key: str) -> None:
    got = shipped.registry.resolve(name, on=dt.date(2024, 9, 1), country="PK")
    assert got.key == key


def test_every_new_name_carries_a_looked_up_source(shipped: Knowledge) -> None:
    tjp = shipped.registry.actors["tjp"]
    assert tjp.sources and tjp.founded is not None
    assert "geo-urdu-2024-07-31-fitna-al-khawarij" in shipped.registry.actors["ttp"].sources


def test_a_report_blaming_the_khawarij_names_the_ttp() -> None:
    text = (
        "PESHAWAR: Two soldiers were martyred when terrorists of Fitna al-Khawarij attacked "
        "a check post in Bannu district on Sunday, the military's media wing said."
    )
    (incident,) = extract(text, published=dt.date(2025, 3, 3))
    assert [p.key for p in incident.perpetrators] == ["ttp"]
    assert incident.perpetrators[0].basis != "claimed"
