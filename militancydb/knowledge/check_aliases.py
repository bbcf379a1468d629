"""Alias checks of the shipped knowledge (part of ``militancydb knowledge check``).

Kinds found by checking a sample of registry facts against their sources (issue 14): an
alias that is one ordinary word of the reference's own vocabulary ("Law" for a ministry), a
fragment of a name split on its comma (the YAML flow list ``[Law, Justice and Human Rights
Ministry]`` loads as "Law" and "Justice and Human Rights Ministry"), and another rank given
as a title's alias ("Assistant Superintendent of Police" for the Deputy Superintendent).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from militancydb.knowledge.shipped import ShippedKnowledge

GENERIC_SHARE = 3
"""A one-word alias that is a word of this many other entries' names is a common word."""
FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "in", "a"})
"""Words ignored when comparing the words of a name and of its aliases."""


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w'’-]+", text)]


def _is_acronym(name: str) -> bool:
    """An acronym ("MoHR", "DSP") has two or more capitals or at most two letters."""
    return sum(ch.isupper() for ch in name) >= 2 or len(name) <= 2


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
