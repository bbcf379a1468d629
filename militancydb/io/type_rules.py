"""Why an incident has its event type: the rules the importers record in
``event_type_rule`` (``SYSTEM:RULE``), explained in words (see ``docs/event-types.md``),
and the UCDP rule table as the Markdown table that document carries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from militancydb.io.ucdp_rules import RuleTable, rule_table

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


def _cond(when: Mapping[str, Any]) -> str:
    parts = []
    for key in ("side_a", "side_b", "any_cue", "all_cues", "no_cue", "split", "not_split"):
        if key in when:
            parts.append(f"{key} {'/'.join(when[key])}")
    return "; ".join(parts) or "—"


def rules_markdown(table: RuleTable | None = None) -> str:
    """The UCDP rule table as a Markdown table (docs/event-types.md carries it; a test keeps
    the two in step)."""
    table = table or rule_table()
    lines = [
        "| # | rule | violence | conditions | event type | roles (A, B) | confidence | why |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n, r in enumerate(table.rules, start=1):
        roles = ", ".join(x.value for x in r.roles)
        extra = f" (+ perpetrator {r.perpetrator})" if r.perpetrator else ""
        lines.append(
            f"| {n} | `{r.id}` | {r.when.get('violence', 'any')} | {_cond(r.when)} | "
            f"`{r.type.value}` | {roles}{extra} | {r.confidence} | {r.why} |"
        )
    return "\n".join(lines) + "\n"
