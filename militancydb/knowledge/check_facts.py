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
- :func:`dating_conflicts`: two records dating the same event differently -- a relation of a
  faction joining or leaving a group, and the membership change of the faction's leader that
  is the same move;
- :func:`memberships_outlived`: a leader's membership that ends before a later relation of
  the same group whose note still names the person as its head.

Every function takes the shipped knowledge and returns problems as sentences naming the
records, so that a maintainer can find and fix them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from militancydb.domain.dates import earliest, latest
from militancydb.knowledge.actor_records import MembershipRecord, RelationRecord
from militancydb.knowledge.shipped import ShippedKnowledge

JOINING = frozenset({"pledge", "merger", "rejoined", "alliance", "cooperation"})
"""Relations that put two actors together."""
APART = frozenset({"split", "defection", "rivalry"})
"""Relations that put two actors apart."""
LEADING_ROLES = frozenset({"emir", "chief", "leader", "founder"})
"""Membership roles that make a person's move the move of the group they lead."""
GENERIC_SHARE = 3
"""A one-word alias that is a word of this many other entries' names is a common word."""
FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "in", "a"})
"""Words ignored when comparing the words of a name and of its aliases."""

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


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w'’-]+", text)]


def _is_acronym(name: str) -> bool:
    """An acronym ("MoHR", "DSP") has two or more capitals or at most two letters."""
    return sum(ch.isupper() for ch in name) >= 2 or len(name) <= 2


def _overlap(a: str | None, b: str | None) -> bool:
    """Whether two partial dates can denote the same day (unknown: yes)."""
    lo_a, hi_a, lo_b, hi_b = earliest(a), latest(a), earliest(b), latest(b)
    if None in (lo_a, hi_a, lo_b, hi_b):
        return True
    assert lo_a and hi_a and lo_b and hi_b
    return lo_a <= hi_b and lo_b <= hi_a


# --- aliases ---------------------------------------------------------------------------------


def _content(text: str) -> frozenset[str]:
    return frozenset(w for w in _words(text.replace("&", " and ")) if w not in FUNCTION_WORDS)


def fragment_pairs(name: str, aliases: Sequence[str]) -> list[tuple[str, str]]:
    """Neighbouring aliases that are the two halves of the name split on a comma: each is
    made only of the name's words, neither names the entry alone, together they do, and
    where they meet ("Law" | "Justice ...") the name has the same two words side by side."""
    whole = _content(name)
    # words side by side within the name (a comma between them counts; brackets do not)
    spoken = " | ".join(f" {' '.join(_words(part))} " for part in re.split(r"[()\[\];/]", name))
    out = []
    for a, b in zip(aliases, aliases[1:], strict=False):
        ca, cb = _content(a), _content(b)
        if not ca or not cb or not (ca <= whole and cb <= whole):
            continue
        seam = f" {_words(a)[-1]} {_words(b)[0]} "
        if ca != whole and cb != whole and ca | cb == whole and seam in spoken:
            out.append((a, b))
    return out


def common_word_aliases(
    entries: Iterable[tuple[str, str, Sequence[str], frozenset[str]]],
) -> list[tuple[str, str, int]]:
    """One-word aliases (not acronyms, not the entry's own name) that are a word of the names
    of at least :data:`GENERIC_SHARE` other, unrelated entries.

    ``entries``: (key, name, aliases, keys of related entries: parts and parents).
    """
    items = list(entries)
    names = {key: set(_words(name)) for key, name, _, _ in items}
    out = []
    for key, name, aliases, related in items:
        for alias in aliases:
            w = _words(alias)
            if len(w) != 1 or _is_acronym(alias) or alias.lower() == name.lower():
                continue
            others = sum(
                1 for k, ws in names.items() if k != key and k not in related and w[0] in ws
            )
            if others >= GENERIC_SHARE:
                out.append((name, alias, others))
    return out


def _local_fact_entries(
    facts: list[dict[str, Any]],
) -> list[tuple[str, str, Sequence[str], frozenset[str]]]:
    by_name: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        parent = f.get("part_of")
        if parent:
            by_name[str(parent)].add(str(f["name"]))
            by_name[str(f["name"])].add(str(parent))
    return [
        (
            f"{f['category']}:{f['name']}",
            str(f["name"]),
            [str(a) for a in f.get("aliases") or []],
            frozenset(
                f"{c}:{n}" for n in by_name[str(f["name"])] for c in ("institutions", "titles")
            ),
        )
        for f in facts
    ]


def other_rank_aliases(name: str, aliases: Sequence[str]) -> list[str]:
    """Aliases of a title that are the same title with one word changed ("Assistant
    Superintendent of Police" for "Deputy Superintendent of Police"): another rank."""
    words = _words(name)
    out = []
    for alias in aliases:
        other = _words(alias)
        if len(other) == len(words) >= 3:
            changed = [(a, b) for a, b in zip(words, other, strict=True) if a != b]
            if len(changed) == 1 and changed[0][1] not in FUNCTION_WORDS:
                a, b = changed[0]
                if a[:4] != b[:4]:  # "Adviser"/"Advisor" is a spelling, not a rank
                    out.append(alias)
    return out


def alias_problems(k: ShippedKnowledge) -> list[str]:
    """Aliases that are one common word (in the local-facts reference, whose entries share a
    vocabulary: ministry, court, police), another rank given as a title's alias, or a
    comma-split fragment of a neighbouring alias (local facts, actors and people)."""
    problems = []
    facts = _local_fact_entries(k.local_facts)
    for name, alias, n in common_word_aliases(facts):
        problems.append(
            f"local fact {name!r}: alias {alias!r} is one common word (a word of {n} other "
            "entries' names), not a name of this entry"
        )
    for f in k.local_facts:
        if f.get("category") == "titles":
            for alias in other_rank_aliases(
                str(f["name"]), [str(a) for a in f.get("aliases") or []]
            ):
                problems.append(
                    f"local fact {f['name']!r}: alias {alias!r} is the title with one word "
                    "changed, another rank; give it its own entry"
                )
    named: list[tuple[str, str, Sequence[str]]] = [
        (f"local fact {n!r}", n, a) for _, n, a, _ in facts
    ]
    named += [
        (f"actor {a.key}", a.name, [al.name for al in a.aliases if al.kind != "dataset"])
        for a in k.actors.values()
    ]
    named += [(f"person {p.key}", p.name, list(p.aliases)) for p in k.persons.values()]
    for where, name, aliases in named:
        for a, b in fragment_pairs(name, aliases):
            problems.append(
                f"{where}: aliases {a!r} and {b!r} read as one name split on a comma "
                f"({a}, {b}); quote the name in the YAML list"
            )
    return problems


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
    )
