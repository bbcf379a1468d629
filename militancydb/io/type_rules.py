"""Why an incident has its event type: the rules the importers record in
``event_type_rule`` (``SYSTEM:RULE``), explained in words (see ``docs/event-types.md``)."""

from __future__ import annotations

from militancydb.io.ucdp_rules import rule_table

OTHER_RULES = {
    "pbc_drone:dataset": "Pakistan Body Count lists the row as a US drone attack",
    "pbc_drone:pakistani-aircraft": "the row's comments describe Pakistani aircraft and name "
    "no drone or missile: an air strike by Pakistan's forces",
    "tbij:dataset": "the Bureau of Investigative Journalism lists the row as a US drone strike",
    "pbc_suicide:dataset": "Pakistan Body Count lists the row as a suicide attack",
    "pbc_suicide:sectarian-target": "a suicide attack on a sect's people or places (PBC's "
    "targeted sect and target type)",
}


def explain_rule(rule: str | None) -> str | None:
    """The reason a rule stands for, or None for a type a person chose (or an unknown rule)."""
    if not rule:
        return None
    if rule.startswith("ucdp:"):
        key = rule.removeprefix("ucdp:")
        return next((r.why for r in rule_table().rules if r.id == key), None)
    return OTHER_RULES.get(rule)
