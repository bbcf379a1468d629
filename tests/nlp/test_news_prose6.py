"""News prose, sixth pass (from the misses of the ninth news split, ``test8``): denials in
their other verb forms ("denies", "denying", "rejects the involvement", "were not behind",
"denied planting") and beside "no group has claimed"; groups named as background (a former
refuge, where a group is strong, its favoured weapon, a campaign over recent weeks or across
the country, who an area would fall to, a ban of another year, a group not available for
comment); a group named as the one fought ("battling"), as an adjective of a place
("Taliban-held") or for an earlier attack ("a day after a Taliban attack"); NATO, an
alliance of states, is never a perpetrator; the press named as a channel ("the group's
media channel", "a text message to reporters") or kept away ("blocked reporters from") is
no target (texts written for these tests, in the manner of the Pakistani and Afghan press
and the wires)."""

from __future__ import annotations

import datetime as dt

import pytest

from militancydb.nlp.model import Extracted
from militancydb.nlp.pipeline import extract

THURSDAY = dt.date(2014, 5, 15)


def _one(text: str, published: dt.date | None = THURSDAY) -> Extracted:
    found = extract(text, doc_id="t", published=published)
    assert found
    return found[0]


def _groups(inc: Extracted) -> list[str | None]:
    return [p.key for p in inc.perpetrators]


_MARKET_BLAST = (
    "A bomb went off in a crowded market in Kandahar city on Wednesday, killing seven people "
    "and wounding 12 others, a provincial spokesman said.\n\n"
)
_CHECK_POST = (
    "Four policemen were killed when gunmen attacked a check post in Bannu district on "
    "Wednesday night, police said.\n\n"
)


@pytest.mark.parametrize(
    "denial",
    [
        "The Taliban denies any involvement in the bombing.",
        "Denying their involvement in the bombing, the Taliban said no Taliban fighter was in "
        "the area.",
        "The Taliban have rejected the involvement of their fighters in the bombing.",
        "The Taliban rejects involvement in the market bombing.",
        "A Taliban spokesman said on Thursday that the group's fighters were not behind the "
        "bombing.",
        "Rejecting the claims of Afghan officials that the Taliban were behind the bombing, a "
        "Taliban spokesman called it a conspiracy.",
    ],
)
def test_a_denial_in_another_verb_form_names_no_perpetrator(denial: str) -> None:
    inc = _one(_MARKET_BLAST + denial)
    assert _groups(inc) == []
    assert [c.kind for c in inc.claims] == ["denial"]


def test_a_denial_beside_no_claim_is_recorded_and_names_no_perpetrator() -> None:
    inc = _one(
        _CHECK_POST + "No one claimed responsibility for the attack, but a spokesman for the "
        "Tehreek-i-Taliban Pakistan denied planting the bomb."
    )
    assert _groups(inc) == []
    assert [(c.claimant, c.kind) for c in inc.claims] == [("ttp", "denial")]


def test_officials_believing_after_a_denial_still_name_the_group() -> None:
    inc = _one(
        _MARKET_BLAST + "Though the Taliban denied involvement, officials believed that the "
        "Taliban were involved in the bombing."
    )
    assert "afghan-taliban" in _groups(inc)


def test_a_statement_we_are_not_responsible_is_a_denial() -> None:
    inc = _one(
        _CHECK_POST + '"We are not responsible for this attack," a spokesman for the '
        "Tehreek-i-Taliban Pakistan told reporters by telephone."
    )
    assert _groups(inc) == []
    assert [c.kind for c in inc.claims] == ["denial"]


@pytest.mark.parametrize(
    "background",
    [
        "The district was once a refuge for fighters of the Tehreek-i-Taliban Pakistan.",
        "The Tehreek-i-Taliban Pakistan are strong in the hills around the town.",
        "Roadside bombs are the Tehreek-i-Taliban Pakistan's favoured weapon.",
        "The Tehreek-i-Taliban Pakistan have stepped up raids on police in recent weeks.",
        "In recent months the Tehreek-i-Taliban Pakistan had carried out attacks across the "
        "province.",
        "Elders said the area could fall into the hands of the Tehreek-i-Taliban Pakistan.",
        "The government banned the Tehreek-i-Taliban Pakistan in 2008.",
        "The Tehreek-i-Taliban Pakistan were not immediately available for comment.",
        "The district has long been troubled by fighters of the Tehreek-i-Taliban Pakistan.",
        "The hills are a former stronghold of the Tehreek-i-Taliban Pakistan.",
    ],
)
def test_a_group_named_as_background_is_no_perpetrator(background: str) -> None:
    assert _groups(_one(_CHECK_POST + background)) == []


def test_no_claim_including_a_group_names_no_perpetrator() -> None:
    inc = _one(
        _CHECK_POST + "No group including the Tehreek-i-Taliban Pakistan has so far claimed "
        "responsibility for the attack."
    )
    assert _groups(inc) == []
    assert inc.no_claim is not None


def test_a_campaign_over_the_past_week_is_background() -> None:
    text = (
        _CHECK_POST + "Nobody immediately claimed the attack, but a string of raids by the "
        "Tehreek-i-Taliban Pakistan over the past week has killed 20 policemen in the district."
    )
    assert _groups(_one(text)) == []


@pytest.mark.parametrize(
    "mention",
    [
        "Police in the district have been battling the Tehreek-i-Taliban Pakistan for months.",
        "The attack came a day after a Tehreek-i-Taliban Pakistan attack on a school.",
        "The town lies in TTP-held territory near the border.",
    ],
)
def test_a_group_fought_holding_a_place_or_of_an_earlier_attack_is_no_perpetrator(
    mention: str,
) -> None:
    assert _groups(_one(_CHECK_POST + mention)) == []


def test_nato_is_never_a_perpetrator() -> None:
    inc = _one(
        "A suicide car bomber struck a NATO convoy near Kandahar city on Wednesday, killing "
        "three civilians, an official said. NATO said none of its soldiers was hurt."
    )
    assert "nato" not in _groups(inc)


def test_a_claim_is_still_read_after_the_new_background_cues() -> None:
    inc = _one(
        _CHECK_POST + "The Tehreek-i-Taliban Pakistan claimed responsibility for the attack "
        "in a statement sent to reporters."
    )
    assert _groups(inc) == ["ttp"]


@pytest.mark.parametrize(
    "press",
    [
        "The group's media channel released a video of the attack.",
        "In a media statement, a spokesman for the group said its fighters carried it out.",
        "In a text message to reporters, the group's spokesman said the bomber was a local.",
        "As usual, the militants blocked reporters from covering the aftermath.",
    ],
)
def test_the_press_as_a_channel_or_kept_away_is_no_target(press: str) -> None:
    inc = _one(_CHECK_POST + press)
    assert "journalists" not in [t.value for t in inc.targets]


def test_a_journalist_shot_is_still_a_target() -> None:
    inc = _one(
        "Gunmen shot dead a journalist outside the press club in Bannu on Wednesday, police "
        "said. The group's media channel later released a statement."
    )
    assert "journalists" in [t.value for t in inc.targets]
