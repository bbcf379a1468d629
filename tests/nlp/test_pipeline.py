"""The whole pipeline on short reports written for these tests (never the development sets)."""

from __future__ import annotations

import datetime as dt

from militancydb.nlp.pipeline import extract

MONDAY = dt.date(2016, 8, 8)

REPORT = (
    "QUETTA: A suicide bomber blew himself up at the Civil Hospital in Quetta on Monday, "
    "killing at least 70 people and injuring 112 others, most of them lawyers. "
    "Jamaat-ul-Ahrar claimed responsibility for the attack in a statement sent to reporters "
    "by its spokesman. The Islamic State also claimed the attack through its Amaq news agency."
    "\n\nIn another incident, gunmen shot dead two policemen in Peshawar on Sunday. "
    "No group claimed responsibility."
)


def test_two_incidents_with_every_field() -> None:
    first, second = extract(REPORT, doc_id="doc-1", published=MONDAY)
    assert first.doc == "doc-1"
    assert first.date is not None and first.date.date == "2016-08-08"
    assert first.date.span is not None and first.date.span.text == "Monday"
    loc = first.location
    assert loc is not None
    assert (loc.country, loc.province, loc.city, loc.precision) == (
        "PK",
        "PK-BA",
        "Quetta",
        "exact",
    )
    assert loc.latitude is not None and loc.place_detail == "Civil Hospital"
    assert first.suicide is not None
    assert [t.value for t in first.tactics][0] == "suicide_bombing"
    assert "judiciary" in [t.value for t in first.targets]
    assert first.killed is not None and (first.killed.low, first.killed.best) == (70, 70)
    assert first.killed.high is None  # "at least": no upper bound
    assert first.injured is not None and first.injured.best == 112
    assert first.attackers_killed is not None and first.attackers_killed.best == 1
    assert [(p.key, p.basis) for p in first.perpetrators] == [
        ("jamaat-ul-ahrar", "claimed"),
        ("islamic-state", "claimed"),
    ]
    channels = [(c.claimant, c.channel) for c in first.claims]
    assert channels == [
        ("jamaat-ul-ahrar", "spokesperson_statement"),
        ("islamic-state", "official_news_agency"),
    ]
    assert first.no_claim is None

    assert second.date is not None and second.date.date == "2016-08-07"
    assert second.location is not None and second.location.city == "Peshawar"
    assert second.killed is not None and second.killed.best == 2
    assert "police" in [t.value for t in second.targets]
    assert second.perpetrators == []
    assert second.no_claim is not None and second.no_claim.text.startswith("No group")


def test_every_span_points_at_its_words() -> None:
    for inc in extract(REPORT, doc_id="d", published=MONDAY):
        spans = [inc.event_type.span, inc.location.span if inc.location else None]
        spans += [t.span for t in inc.tactics + inc.targets]
        spans += [s for f in (inc.killed, inc.injured) if f for s in f.spans]
        spans += [p.span for p in inc.perpetrators] + [c.span for c in inc.claims]
        for s in spans:
            if s is not None:
                assert REPORT[s.start : s.end] == s.text
                assert s.doc == "d"


def test_no_incident_in_other_news() -> None:
    text = (
        "Pakistan beat Sri Lanka by five wickets in Lahore on Sunday. The chief minister of "
        "Punjab opened a new hospital in Multan."
    )
    assert extract(text, published=MONDAY) == []
    assert extract("Three people died in a road accident near Karachi.", published=MONDAY) == []


def test_attackers_counted_apart_from_victims() -> None:
    text = (
        "Militants stormed a police post in Bannu district late Saturday night. Three policemen "
        "were killed and five wounded; four attackers were killed in the exchange of fire."
    )
    (inc,) = extract(text, published=MONDAY)
    assert inc.killed is not None and inc.killed.best == 3
    assert inc.attackers_killed is not None and inc.attackers_killed.best == 4
    assert inc.injured is not None and inc.injured.best == 5
    assert inc.date is not None and inc.date.date == "2016-08-06"
    assert inc.location is not None and inc.location.district == "PK-KP-bannu"


def test_security_operation_counts_militants_as_the_toll() -> None:
    text = "Security forces killed 11 militants in a raid in North Waziristan on Friday."
    (inc,) = extract(text, published=MONDAY)
    assert inc.event_type.value == "security_operation"
    assert inc.killed is not None and inc.killed.best == 11
    assert inc.attackers_killed is None


def test_ranges_and_later_figures() -> None:
    text = (
        "A car bomb exploded in a market in Peshawar, killing 12 people. "
        "Officials later said the death toll had risen to 15."
    )
    (inc,) = extract(text, published=MONDAY)
    assert inc.killed is not None
    assert (inc.killed.low, inc.killed.best, inc.killed.high) == (12, 15, 15)
    assert [t.value for t in inc.tactics][0] == "vbied"


def test_blame_is_not_a_claim() -> None:
    text = (
        "A roadside bomb killed four soldiers in Kech district. Officials blamed the "
        "Balochistan Liberation Front."
    )
    (inc,) = extract(text, published=MONDAY)
    assert [(p.key, p.basis) for p in inc.perpetrators] == [("blf", "attributed_by_officials")]
    assert inc.claims == []


def test_a_group_named_to_describe_the_claimant_is_not_a_claimant() -> None:
    text = (
        "A bomb killed nine people at a bus stand in Mardan on Sunday. A breakaway faction "
        "of the Pakistani Taliban, Jamaat-ul-Ahrar, said it carried out the attack."
    )
    (inc,) = extract(text, published=MONDAY)
    assert [(c.claimant, c.kind) for c in inc.claims] == [("jamaat-ul-ahrar", "claim")]
    assert [(p.key, p.basis) for p in inc.perpetrators] == [("jamaat-ul-ahrar", "claimed")]
    both = "A bomb killed nine people in Mardan on Sunday. The Pakistani Taliban and "
    (inc2,) = extract(both + "Lashkar-e-Jhangvi both claimed responsibility.", published=MONDAY)
    assert {c.claimant for c in inc2.claims} == {"ttp", "lej"}


def test_historical_place_names_resolve_on_the_date() -> None:
    text = "A bomb went off in a bazaar in Kurram Agency on 3 March 2012, killing seven people."
    (inc,) = extract(text)
    assert inc.location is not None
    assert inc.location.province == "PK-TA"  # FATA, as it was in 2012
    assert inc.date is not None and inc.date.date == "2012-03-03"


def test_figures_said_again_are_not_added_but_further_ones_are() -> None:
    text = (
        "Blast kills five in Quetta market\n"
        "A bomb exploded in a market in Quetta, killing five people and injuring 20 others."
    )
    (inc,) = extract(text, published=MONDAY)
    assert inc.killed is not None and inc.killed.best == 5
    assert inc.injured is not None and inc.injured.best == 20
    text = (
        "Gunmen attacked a checkpoint in Kohat, killing two soldiers. "
        "Three passers-by were also killed in the crossfire."
    )
    (inc,) = extract(text, published=MONDAY)
    assert inc.killed is not None and inc.killed.best == 5


def test_claimed_figures_yield_to_reported_ones() -> None:
    text = (
        "One policeman was killed when militants attacked a post in Zabul on Sunday. "
        "A Taliban spokesman claimed that the attackers had killed seven policemen."
    )
    (inc,) = extract(text, published=MONDAY)
    assert inc.killed is not None and inc.killed.best == 1
    assert [c.claimant for c in inc.claims] == ["afghan-taliban"]


def test_a_district_name_of_two_provinces_follows_the_province_named() -> None:
    text = "A roadside bomb killed two policemen in the Arghandab District of Zabol Province."
    (inc,) = extract(text, published=MONDAY)
    assert inc.location is not None
    assert (inc.location.district, inc.location.province) == ("AF-ZAB-arghandab", "AF-ZAB")
    text = "A roadside bomb killed two policemen in the Arghandab District of Kandahar Province."
    (inc,) = extract(text, published=MONDAY)
    assert inc.location is not None and inc.location.district == "AF-KAN-arghandab"


def test_a_claim_in_a_message_to_journalists_is_a_statement() -> None:
    text = (
        "A bomb killed four soldiers in Khyber district on Tuesday. The Pakistani Taliban "
        "claimed responsibility in a message to journalists."
    )
    (first,) = extract(text, published=dt.date(2019, 5, 8))
    assert [(c.claimant, c.channel) for c in first.claims] == [("ttp", "spokesperson_statement")]
