"""A seeded random sample of the shipped registry's facts, to check against their sources.

Facts are the dated records of the actor registry (relations, memberships, person events,
territory) and the entries of the local-facts reference; each is printed with what it says
and its sources (publisher, date, address), so that a person can read the sources and judge
it. The sample and the verdicts of 2026-12-04 are in docs/actors.md, "Verification".

Usage: .venv/bin/python bench/knowledge_sample.py [--seed 2026] [--n 24]
"""

from __future__ import annotations

import argparse
import random

from militancydb.knowledge.shipped import ShippedKnowledge, read_shipped


def facts(k: ShippedKnowledge) -> list[tuple[str, str, tuple[str, ...]]]:
    """(id, what it says, source ids) for every fact, in a stable order."""
    out: list[tuple[str, str, tuple[str, ...]]] = []
    for r in k.relations:
        out.append(
            (
                f"relation {r.key}",
                f"{r.type} {r.source_actor} -> {r.target_actor} {r.start}..{r.end}",
                r.sources,
            )
        )
    for m in k.memberships:
        out.append(
            (
                f"membership {m.key}",
                f"{m.person} {m.role} of {m.actor} {m.start}..{m.end}",
                m.sources,
            )
        )
    for e in k.events:
        out.append(
            (
                f"person event {e.key}",
                f"{e.person} {e.type} {e.date} place={e.place} by={e.by} how={e.how}",
                e.sources,
            )
        )
    for t in k.territory:
        out.append(
            (f"territory {t.key}", f"{t.actor} {t.status} {t.place} {t.start}..{t.end}", t.sources)
        )
    for f in k.local_facts:
        out.append(
            (
                f"local fact {f['category']}:{f['name']}",
                f"aliases={f.get('aliases')} from={f.get('valid_from')} to={f.get('valid_to')}",
                tuple(f.get("sources") or ()),
            )
        )
    return sorted(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--n", type=int, default=24)
    args = ap.parse_args()
    k = read_shipped()
    every = facts(k)
    chosen = random.Random(args.seed).sample(every, args.n)
    print(f"{len(every)} facts; sample of {args.n} (seed {args.seed})")
    for i, (key, what, sources) in enumerate(chosen, 1):
        print(f"{i:2}. {key}\n    {what}")
        for s in sources:
            src = k.sources.get(s)
            if src:
                print(f"    - {s}: {src.publisher}, {src.published}, {src.url}")


if __name__ == "__main__":
    main()
