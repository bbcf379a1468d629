"""Round-ups, tenth pass: "Hours later" at another place opens the next incident, a bridge
"blown up" after "In a separate attack" is one, "Meanwhile, ... injured in the firing" is
more of the incident told, "killing five of them" counts the dead, and "More like this"
heads links, not the report (texts written for these tests, in the manner of the Pakistani
and Afghan press and the wires)."""

from __future__ import annotations

import datetime as dt

from militancydb.nlp.model import Extracted, Figure
from militancydb.nlp.pipeline import extract

SUNDAY = dt.date(2024, 3, 24)


def _all(text: str) -> list[Extracted]:
    return extract(text, doc_id="t", published=SUNDAY)


def _best(fig: Figure | None) -> int | None:
    return None if fig is None else (fig.best if fig.best is not None else fig.low)


def test_hours_later_at_another_place_opens_the_next_incident() -> None:
    found = _all(
        "Nine policemen were killed in two attacks in Helmand province, officials said "
        "Sunday.\n"
        "The first attack took place on Saturday in Nad Ali district, where a policeman "
        "opened fire on his colleagues, killing four of them.\n"
        "Hours later, militants attacked a checkpoint in Garmsir district, killing five "
        "policemen."
    )
    assert len(found) == 2
    assert _best(found[0].killed) == 4
    assert _best(found[1].killed) == 5
    assert found[1].location is not None and found[1].location.district_name == "Garmsir"


def test_killing_five_of_them_counts_the_dead() -> None:
    found = _all(
        "A guard turned his rifle on his colleagues at a post in Zhob on Saturday, killing "
        "three of them, police said."
    )
    assert _best(found[0].killed) == 3


def test_a_bridge_blown_up_in_a_separate_attack_is_another_incident() -> None:
    found = _all(
        "Three Levies personnel were martyred when gunmen attacked their post in Kalat on "
        "Saturday night.\n"
        "In a separate terrorist attack, a railway bridge was blown up in Mach, police said."
    )
    assert len(found) == 2


def test_meanwhile_injured_in_the_firing_is_the_same_incident() -> None:
    found = _all(
        "Four policemen were martyred in an exchange of fire with militants in Kalat on "
        "Saturday night.\n"
        "Meanwhile, a Levies official and a passer-by were also injured in the firing."
    )
    assert len(found) == 1
    assert _best(found[0].killed) == 4
    assert _best(found[0].injured) == 2


def test_more_like_this_heads_links() -> None:
    found = _all(
        "A roadside bomb killed two soldiers in Kurram on Saturday, officials said.\n"
        "More like this from example.com\n"
        "Bombs near government offices in Kabul kill 38\n"
        "Suicide bombings hit mosques, killing 63"
    )
    assert len(found) == 1
    assert _best(found[0].killed) == 2


def test_a_subhead_in_capitals_opens_the_next_report() -> None:
    found = _all(
        "Two FC men were martyred and three others wounded in a roadside blast in Turbat on "
        "Saturday.\n"
        "The wounded were taken to a local hospital.\n"
        "SIX INJURED IN QUETTA FIRING\n"
        "Six people including a policeman were injured in an exchange of fire at Joint Road "
        "here on Saturday."
    )
    assert len(found) == 2
    assert _best(found[0].injured) == 3
    assert _best(found[1].injured) == 6
