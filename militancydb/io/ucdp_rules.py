"""The rules that read a UCDP GED row: our event type and the sides' roles (by the rule table
``ucdp_rules.yaml``, documented in ``docs/event-types.md``), casualty categories and targets.

:func:`classify` gathers the evidence of a row (the kinds of its two sides, the split of
deaths between them, the cues of its headline, article and place description) and returns the
first rule of the table whose conditions all hold, with the rule's id and confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from militancydb.codebook import ActorRole, CasualtyCategory, EventType
from militancydb.codebook.keywords import CueSet
from militancydb.io.keywords import targets_in

STATE_KINDS = frozenset({"state", "state_force", "foreign_force"})
ARMED_KINDS = frozenset({"militant_group", "faction", "chapter", "alliance"})
SOCIAL_FAMILIES = frozenset({"political", "communal"})
VIOLENCE = {"1": "state_based", "2": "non_state", "3": "one_sided"}
SPLITS = (
    "state_only",
    "group_only",
    "neither",
    "both",
    "state_3to1",
    "state_more",
    "state_lost",
    "group_lost",
    "one_of_group_many_others",
)
CONDITIONS = frozenset(
    {"violence", "side_a", "side_b", "any_cue", "all_cues", "no_cue", "split", "not_split"}
)
CONFIDENCES = ("high", "medium", "low")


def _is_state(side: Mapping[str, Any]) -> bool:
    return side["kind"] in STATE_KINDS or str(side["name"]).startswith("Government of")


def side_kinds(side: Mapping[str, Any]) -> frozenset[str]:
    """The kinds a UCDP side counts as in the rule table (see ``ucdp_rules.yaml``)."""
    kinds: set[str] = set()
    if side.get("civilians"):
        kinds.add("civilians")
    elif side.get("is_pakistan"):
        kinds.add("pakistan")
    elif side.get("is_us"):
        kinds.add("us")
    elif _is_state(side):
        kinds.add("foreign_state")
    else:
        kinds.add("group")
        family = side.get("family")
        if family == "sectarian":
            kinds.add("sectarian")
        if family in SOCIAL_FAMILIES:
            kinds.add("social")
        if family == "tribal":
            kinds.add("tribal")
    return frozenset(kinds)


@lru_cache(maxsize=4096)
def split_of(state: int, group: int, others: int = 0) -> frozenset[str]:
    """The named conditions the deaths of side A (``state``), side B (``group``) and of
    neither side (``others``: civilians and the dead UCDP could not assign) meet
    (remembered: rows repeat the same few splits)."""
    out: set[str] = set()
    if state == 0 and group == 1 and others >= 3:
        out.add("one_of_group_many_others")
    if state > 0 and group == 0:
        out.add("state_only")
    if group > 0 and state == 0:
        out.add("group_only")
    if state == 0 and group == 0:
        out.add("neither")
    if state > 0 and group > 0:
        out.add("both")
    if state >= 3 and state >= 3 * group:
        out.add("state_3to1")
    if state > group:
        out.add("state_more")
    if state > 0:
        out.add("state_lost")
    if group > 0:
        out.add("group_lost")
    return frozenset(out)


@dataclass(frozen=True)
class Rule:
    """One row of the rule table."""

    id: str
    when: Mapping[str, Any]
    type: EventType
    roles: tuple[ActorRole, ActorRole]
    confidence: str
    why: str
    #: an actor the reports name as acting who is not one of the row's sides (a UCDP name)
    perpetrator: str | None = None

    def holds(self, ev: Evidence) -> bool:
        """Whether every condition of the rule holds for the evidence."""
        w = self.when
        if "violence" in w and w["violence"] != ev.violence:
            return False
        if "side_a" in w and not set(w["side_a"]) & ev.side_a:
            return False
        if "side_b" in w and not set(w["side_b"]) & ev.side_b:
            return False
        if "any_cue" in w and not set(w["any_cue"]) & ev.cues:
            return False
        if "all_cues" in w and not set(w["all_cues"]) <= ev.cues:
            return False
        if "no_cue" in w and set(w["no_cue"]) & ev.cues:
            return False
        if "split" in w and not set(w["split"]) & ev.split:
            return False
        return not ("not_split" in w and set(w["not_split"]) & ev.split)


@dataclass(frozen=True)
class Evidence:
    """What a row says that the rules read."""

    violence: str
    side_a: frozenset[str]
    side_b: frozenset[str]
    split: frozenset[str]
    cues: frozenset[str]


@dataclass(frozen=True)
class Classification:
    """The event type of a row, the sides' roles, and the rule and confidence behind it."""

    event_type: EventType
    roles: tuple[ActorRole, ActorRole]
    rule: str
    confidence: str
    why: str
    cues: frozenset[str]
    perpetrator: str | None = None


#: How many texts (and evidences) a rule table remembers (then it starts again): the texts
#: of a UCDP row run to a few kilobytes, so at most some 20 MB.
MEMO = 10_000


@dataclass(frozen=True)
class RuleTable:
    """The compiled cues and the ordered rules."""

    version: int
    cues: Mapping[str, re.Pattern[str]]
    rules: tuple[Rule, ...]
    #: Texts already read (UCDP rows of one article share its text): at most MEMO of them.
    _memo: dict[str, frozenset[str]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    #: The cues as one pass over a text (:class:`~militancydb.codebook.keywords.CueSet`).
    _set: CueSet | None = field(default=None, compare=False, hash=False, repr=False)
    _rule_memo: dict[Evidence, Rule] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    #: Classifications by what decides them (see :meth:`typed`).
    _typed: dict[tuple[Any, ...], Classification] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def cues_in(self, text: str) -> frozenset[str]:
        """The cue names whose patterns occur in the text (memoised per text)."""
        if not text:
            return frozenset()
        found = self._memo.get(text)
        if found is None:
            found = frozenset(self._cue_set().present(text))
            if len(self._memo) >= MEMO:
                self._memo.clear()
            self._memo[text] = found
        return found

    def _cue_set(self) -> CueSet:
        if self._set is None:  # compiled at the first text (the table is frozen)
            object.__setattr__(self, "_set", CueSet(self.cues))
        assert self._set is not None
        return self._set

    def first(self, ev: Evidence) -> Rule:
        """The first rule that holds (the table ends with catch-alls for each violence);
        memoised per evidence (kinds of sides, split and cues: few distinct ones)."""
        found = self._rule_memo.get(ev)
        if found is None:
            found = next((rule for rule in self.rules if rule.holds(ev)), None)
            if found is None:
                raise LookupError(f"no rule of ucdp_rules.yaml holds for {ev}")
            if len(self._rule_memo) >= MEMO:
                self._rule_memo.clear()
            self._rule_memo[ev] = found
        return found

    def typed(
        self,
        tov: str,
        side_a: frozenset[str],
        side_b: frozenset[str],
        split: frozenset[str],
        cues: frozenset[str],
    ) -> Classification:
        """The classification of a row by its violence code, its sides' kinds
        (:func:`side_kinds`), its split (:func:`split_of`) and its cues (:meth:`cues_in`):
        remembered by these (a classification is immutable), at most :data:`MEMO` of them."""
        key = (tov, side_a, side_b, split, cues)
        found = self._typed.get(key)
        if found is None:
            ev = Evidence(VIOLENCE[tov], side_a, side_b, split, cues)
            rule = self.first(ev)
            found = Classification(
                rule.type, rule.roles, rule.id, rule.confidence, rule.why, cues, rule.perpetrator
            )
            if len(self._typed) >= MEMO:
                self._typed.clear()
            self._typed[key] = found
        return found


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


def parse_table(raw: Mapping[str, Any]) -> RuleTable:
    """Check and compile a rule table (the shipped one, or one a test writes)."""
    cues = {str(k): _compile(v) for k, v in raw["cues"].items()}
    rules: list[Rule] = []
    for r in raw["rules"]:
        unknown = set(r["when"]) - CONDITIONS
        if unknown:
            raise ValueError(f"rule {r['id']}: unknown condition(s) {sorted(unknown)}")
        for key in ("any_cue", "all_cues", "no_cue"):
            missing = set(r["when"].get(key, [])) - set(cues)
            if missing:
                raise ValueError(f"rule {r['id']}: no cue list named {sorted(missing)}")
        for key in ("split", "not_split"):
            bad = set(r["when"].get(key, [])) - set(SPLITS)
            if bad:
                raise ValueError(f"rule {r['id']}: unknown split {sorted(bad)}")
        if r["confidence"] not in CONFIDENCES:
            raise ValueError(f"rule {r['id']}: confidence must be one of {CONFIDENCES}")
        rules.append(
            Rule(
                id=str(r["id"]),
                when=dict(r["when"]),
                type=EventType(r["type"]),
                roles=(ActorRole(r["roles"][0]), ActorRole(r["roles"][1])),
                confidence=str(r["confidence"]),
                why=str(r["why"]),
                perpetrator=r.get("perpetrator"),
            )
        )
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise ValueError("rule ids must be unique")
    return RuleTable(int(raw.get("version", 1)), cues, tuple(rules))


def table_text() -> str:
    """The shipped rule table's YAML text."""
    return resources.files("militancydb.io").joinpath("ucdp_rules.yaml").read_text("utf-8")


@lru_cache(maxsize=1)
def rules_hash() -> str:
    """A short hash of the shipped table (part of the importer's rule version: a change of
    the table re-types the rows at the next import)."""
    import hashlib

    return hashlib.sha1(table_text().encode("utf-8")).hexdigest()[:10]


@lru_cache(maxsize=1)
def rule_table() -> RuleTable:
    """The shipped rule table, compiled."""
    return parse_table(yaml.safe_load(table_text()))


def evidence_text(raw: Mapping[str, str]) -> str:
    """The text of a UCDP row the cues are read from."""
    parts = (raw.get(c) or "" for c in ("source_headline", "source_article", "where_description"))
    return " \n ".join(p for p in parts if p)


def classify(
    tov: str,
    side_a: Mapping[str, Any],
    side_b: Mapping[str, Any],
    split: Mapping[str, int],
    text: str,
    table: RuleTable | None = None,
) -> Classification:
    """Our event type for a UCDP row, by the first rule of the table that holds."""
    table = table or rule_table()
    return table.typed(
        tov,
        side_kinds(side_a),
        side_kinds(side_b),
        split_of(
            split["deaths_a"],
            split["deaths_b"],
            split.get("deaths_civilians", 0) + split.get("deaths_unknown", 0),
        ),
        table.cues_in(text),
    )


def category_of(side: Mapping[str, Any]) -> CasualtyCategory:
    if side["civilians"]:
        return CasualtyCategory.CIVILIANS
    if side["is_pakistan"]:
        return CasualtyCategory.SECURITY_FORCES
    if _is_state(side):
        return CasualtyCategory.FOREIGN_FORCES
    if side["kind"] in ARMED_KINDS:
        return CasualtyCategory.MILITANTS
    return CasualtyCategory.UNKNOWN


FORCES = frozenset(
    {"army", "frontier_corps", "police", "levies", "rangers", "khasadar", "frontier_constabulary"}
)
OPERATIONS = frozenset(
    {
        EventType.SECURITY_OPERATION,
        EventType.MILITARY_OPERATION,
        EventType.OPERATIONAL_ATTACK,
        EventType.SEARCH_OPERATION,
        EventType.DRONE_STRIKE,
    }
)


def targets_of(
    event: EventType,
    side_a: Mapping[str, Any],
    side_b: Mapping[str, Any],
    roles: tuple[ActorRole, ActorRole],
    text: str,
) -> list[dict[str, Any]]:
    """The targets of a row: by its event type, its target side and the targets its text
    names (:func:`targets_from` of ``targets_in(text)``)."""
    return [{"type": t} for t in targets_from(event, side_a, side_b, roles, targets_in(text))]


def targets_from(
    event: EventType,
    side_a: Mapping[str, Any],
    side_b: Mapping[str, Any],
    roles: tuple[ActorRole, ActorRole],
    named: list[str],
) -> list[str]:
    """The target types of a row whose text names the targets ``named``, each once."""
    out: list[str] = []
    if event in (EventType.MILITANT_ATTACK, EventType.SECTARIAN_ATTACK):
        target_side = side_a if roles[0] is ActorRole.TARGET else side_b
        forces = [t for t in named if t in FORCES]
        if target_side["is_pakistan"]:
            out += forces or ["security_forces"]
        out += [t for t in named if t not in forces and t not in {"militants", "security_forces"}]
        if target_side["civilians"] and not out:
            out.append("civilians")
    elif event in OPERATIONS:
        out.append("militants")
    elif event is EventType.STATE_VIOLENCE_AGAINST_CIVILIANS:
        out.append("civilians")
    return list(dict.fromkeys(out))
