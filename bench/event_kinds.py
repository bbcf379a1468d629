"""The kinds of event the benchmarks group event types into (``bench/event_types.py``,
``bench/claims_coverage.py``), and the UCDP importer's rules that type a row without a
report's words."""

from __future__ import annotations

#: The kind of each event type: attacks by militants, security operations, drone strikes,
#: cross-border attacks, fighting whose initiator is unknown, and the rest.
KIND = {
    "militant_attack": "attack by militants",
    "sectarian_attack": "attack by militants",
    "kidnapping": "attack by militants",
    "sabotage": "attack by militants",
    "security_operation": "security operation",
    "military_operation": "security operation",
    "search_operation": "security operation",
    "operational_attack": "security operation",
    "drone_strike": "drone strike",
    "cross_border_attack": "cross-border attack",
    "armed_clash": "initiator unknown",
    "state_based_fighting": "initiator unknown",
    "state_violence_against_civilians": "state violence against civilians",
    "inter_group_clash": "clash between groups or tribes",
    "inter_tribal_clash": "clash between groups or tribes",
    "ethno_political_violence": "ethno-political violence",
}
#: rules that decide without a report that says what happened (the sides and the split of
#: deaths alone): such an "attack" is often a day of an offensive
NO_REPORT = ("ucdp:sb-split-", "ucdp:sb-unknown", "ucdp:sb-foreign-unknown")
