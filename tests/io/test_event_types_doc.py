"""docs/event-types.md carries the shipped UCDP rule table as it is."""

from __future__ import annotations

from pathlib import Path

from militancydb.io.type_rules import explain_rule, rules_markdown
from militancydb.io.ucdp_rules import rule_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "event-types.md"


def test_the_doc_has_the_rule_table_in_step() -> None:
    assert rules_markdown() in DOC.read_text(encoding="utf-8"), (
        "docs/event-types.md is out of step with ucdp_rules.yaml: paste the output of "
        "militancydb.io.type_rules.rules_markdown() into it"
    )


def test_every_rule_is_explained() -> None:
    for r in rule_table().rules:
        assert explain_rule(f"ucdp:{r.id}") == r.why
    assert explain_rule("pbc_drone:dataset")
    assert explain_rule(None) is None and explain_rule("ucdp:no-such-rule") is None
