"""Checks of the shipped facts against each other (part of ``militancydb knowledge check``).

Each check catches one kind of error found by checking a random sample of registry facts
against their sources (issue 14):

- :func:`alias_problems`: an alias that is one ordinary word of the reference's own
  vocabulary ("Law" for a ministry), a fragment of a comma-split name (the YAML flow list
  ``[Law, Justice and Human Rights Ministry]`` loads as "Law" and "Justice and Human Rights
  Ministry"), or another rank given as a title's alias ("Assistant Superintendent of Police"
  for the Deputy Superintendent);
- :func:`note_contradictions`: a record whose own note says it ended ("did not last",
  "split again") while it is open-ended, or a "controls" territory record whose note says the
  group never took the place;
- :func:`open_relations_overtaken`: an open-ended relation between two actors after which a
  later relation between the same two says the contrary (a split after a rejoining that never
  ended; a second rejoining while the first is still open);
- :func:`dating_conflicts` and :func:`event_dating_conflicts`: two records dating the same
  event differently -- a relation of a faction joining or leaving a group, and the membership
  change or the own 'pledged'/'defected' event of the faction's leader that is the same move;
- :func:`memberships_outlived`: a leader's membership that ends before a later relation of
  the same group whose note still names the person as its head.

Every function takes the shipped knowledge and returns problems as sentences naming the
records, so that a maintainer can find and fix them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from militancydb.domain.dates import earliest, latest
from militancydb.knowledge.actor_records import MembershipRecord, RelationRecord
from militancydb.knowledge.check_aliases import alias_problems, fragment_pairs
from militancydb.knowledge.shipped import ShippedKnowledge

__all__ = [
    "alias_problems",
    "check_facts",
    "dating_conflicts",
    "event_dating_conflicts",
    "fragment_pairs",
    "memberships_outlived",
    "note_contradictions",
    "open_relations_overtaken",
]

JOINING = frozenset({"pledge", "merger", "rejoined", "alliance", "cooperation"})
"""Relations that put two actors together."""
APART = frozenset({"split", "defection", "rivalry"})
"""Relations that put two actors apart."""
LEADING_ROLES = frozenset({"emir", "chief", "leader", "founder"})
"""Membership roles that make a person's move the move of the group they lead."""
ENDED_PHRASES = (
    "did not last",
    "split again",
    "separate again",
    "left again",
    "broke away again",
    "no longer",
    "was dissolved",
    "collapsed",
)
"""Phrases by which a note says that an open-ended relation ended."""
NEVER_HELD = re.compile(r"\bnever (captur|took|taken|tak|held|seiz|control)", re.IGNORECASE)
"""A note saying the group never held the place (contradicts status "controls")."""


def _overlap(a: str | None, b: str | None) -> bool:
    """Whether two partial dates can denote the same day (unknown: yes)."""
    lo_a, hi_a, lo_b, hi_b = earliest(a), latest(a), earliest(b), latest(b)
    if None in (lo_a, hi_a, lo_b, hi_b):
        return True
    assert lo_a and hi_a and lo_b and hi_b
    return lo_a <= hi_b and lo_b <= hi_a


# --- notes -----------------------------------------------------------------------------------


def note_contradictions(k: ShippedKnowledge) -> list[str]:
    """Open-ended records whose own note says they ended; "controls" records whose note says
    the group never took the place."""
    problems = []
    for r in k.relations:
        if r.end is None and r.type in JOINING and r.note:
            said = next((p for p in ENDED_PHRASES if p in r.note.lower()), None)
            if said:
                problems.append(
                    f"relation {r.key}: open-ended, but its note says {said!r}; give it an end "
                    "(or a later contrary relation) from a source"
                )
    for t in k.territory:
        if t.status == "controls" and t.note and (m := NEVER_HELD.search(t.note)):
            problems.append(
                f"territory {t.key}: status 'controls', but its note says the group "
                f"{m.group(0).lower()}...; use 'contested' as the source supports"
            )
    return problems


# --- relations over time ---------------------------------------------------------------------


def _pair(r: RelationRecord) -> tuple[str, str]:
    a, b = sorted((r.source_actor, r.target_actor))
    return a, b


def open_relations_overtaken(k: ShippedKnowledge) -> list[str]:
    """Open-ended relations after which a later relation between the same two actors says
    the contrary. A later relation of only a segment (``partial``) does not: some commanders
    rejoining leaves the split of the rest standing."""
    by_pair: dict[tuple[str, str], list[RelationRecord]] = defaultdict(list)
    for r in k.relations:
        by_pair[_pair(r)].append(r)
    problems = []
    for rels in by_pair.values():
        for r in rels:
            if r.end is not None or r.type not in JOINING | APART:
                continue
            start = earliest(r.start)
            for later in rels:
                lo = earliest(later.start)
                if later is r or later.partial or start is None or lo is None:
                    continue
                if lo <= (latest(r.start) or start):
                    continue
                contrary = (r.type in JOINING and later.type in APART) or (
                    r.type in APART and later.type in JOINING
                )
                again = later.type == r.type and r.type in ("rejoined", "merger", "split")
                if contrary or again:
                    problems.append(
                        f"relation {r.key} ({r.type} from {r.start}) is open-ended, but "
                        f"relation {later.key} ({later.type} from {later.start}) between the "
                        "same actors comes later; end the first or say why both hold"
                    )
    return problems


# --- the same event dated twice --------------------------------------------------------------


def _moves(memberships: list[MembershipRecord]) -> list[tuple[str, str, str, str]]:
    """(person, from actor, to actor, date) for each leader whose leading membership of one
    actor ends on the day (partial date) another membership begins."""
    by_person: dict[str, list[MembershipRecord]] = defaultdict(list)
    for m in memberships:
        by_person[m.person].append(m)
    out = []
    for person, ms in by_person.items():
        for a in ms:
            if a.end is None:
                continue
            for b in ms:
                if b is a or b.actor == a.actor or b.start != a.end:
                    continue
                if a.role in LEADING_ROLES or b.role in LEADING_ROLES:
                    out.append((person, a.actor, b.actor, a.end))
    return out


def dating_conflicts(k: ShippedKnowledge) -> list[str]:
    """A faction's joining or leaving a group dated differently by the relation and by its
    leader's change of membership."""
    problems = []
    for person, left, joined, day in _moves(k.memberships):
        leads_left = any(
            m.person == person and m.actor == left and m.role in LEADING_ROLES
            for m in k.memberships
        )
        leads_joined = any(
            m.person == person and m.actor == joined and m.role in LEADING_ROLES
            for m in k.memberships
        )
        # a leader of `left` moving into `joined`: the faction rejoins/merges/pledges;
        # a member of `left` becoming leader of `joined` (its own faction): it splits
        same = [
            r
            for r in k.relations
            if {r.source_actor, r.target_actor} == {left, joined}
            and (
                (leads_left and r.source_actor == left and r.type in JOINING)
                or (leads_joined and r.source_actor == joined and r.type in APART)
            )
        ]
        if same and not any(_overlap(r.start, day) for r in same):
            name = k.persons[person].name if person in k.persons else person
            dated = ", ".join(f"{r.key} from {r.start}" for r in same)
            problems.append(
                f"{name}'s memberships date the move from {left} to {joined} {day}, but the "
                f"relation(s) for that move start otherwise ({dated}); make the records agree "
                "with the source"
            )
    return problems


def _spans_meet(m: MembershipRecord, day: str) -> bool:
    """Whether a membership (open ends: unbounded) can include a day of the partial date."""
    lo, hi = earliest(day), latest(day)
    if lo is None or hi is None:
        return False
    start, end = earliest(m.start) or dt.date.min, latest(m.end) or dt.date.max
    return start <= hi and lo <= end


def event_dating_conflicts(k: ShippedKnowledge) -> list[str]:
    """A leader's own 'pledged' or 'defected' event dated differently from the relation of
    the group he led that is the same move (the faction rejoining or splitting)."""
    kinds = {"pledged": JOINING, "defected": APART}
    problems = []
    for e in k.events:
        if e.type not in kinds or e.date is None:
            continue
        led = {
            m.actor
            for m in k.memberships
            if m.person == e.person and m.role in LEADING_ROLES and _spans_meet(m, e.date)
        }
        for actor in sorted(led):
            same = [
                r
                for r in k.relations
                if r.source_actor == actor and r.type in kinds[e.type] and not r.partial
            ]
            if same and not any(_overlap(r.start, e.date) for r in same):
                name = k.persons[e.person].name if e.person in k.persons else e.person
                dated = ", ".join(f"{r.key} from {r.start}" for r in same)
                problems.append(
                    f"person event {e.key} ({name} {e.type} {e.date}) and the relation(s) of "
                    f"{actor} for that move ({dated}) date it differently; make them agree "
                    "with the source"
                )
    return problems


HEAD_WORDS = re.compile(r"\b(chief|emir|amir|ameer|head|leader)\b", re.IGNORECASE)
"""Words by which a note names someone as the head of a group."""


def memberships_outlived(k: ShippedKnowledge) -> list[str]:
    """Leading memberships that end before a later relation of the same actor whose note
    still names the person as its head ("JuA chief Omar Khalid Khurasani dissolved the group",
    three years after his post was recorded as ended)."""
    problems = []
    for m in k.memberships:
        if m.role not in LEADING_ROLES or m.end is None or m.person not in k.persons:
            continue
        person = k.persons[m.person]
        names = [n for n in (person.name, *person.aliases) if len(n.split()) >= 2]
        end = latest(m.end)
        for r in k.relations:
            start = earliest(r.start)
            if m.actor not in (r.source_actor, r.target_actor) or not r.note:
                continue
            if start is None or end is None or start <= end:
                continue
            for sentence in re.split(r"(?<=[.;])\s", r.note):
                if any(n in sentence for n in names) and HEAD_WORDS.search(sentence):
                    problems.append(
                        f"membership {m.key} ({m.role} of {m.actor}) ends {m.end}, but the note "
                        f"of relation {r.key} (from {r.start}) still names {person.name} as its "
                        "head; check the end against the sources"
                    )
                    break
    return problems


def check_facts(k: ShippedKnowledge) -> list[str]:
    """Every problem of the kinds above."""
    return (
        alias_problems(k)
        + note_contradictions(k)
        + open_relations_overtaken(k)
        + dating_conflicts(k)
        + memberships_outlived(k)
        + event_dating_conflicts(k)
    )
