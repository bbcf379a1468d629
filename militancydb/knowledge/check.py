"""Consistency checks of the shipped knowledge (``militancydb knowledge check`` and tests)."""

from __future__ import annotations

from collections import defaultdict

from militancydb.knowledge.check_facts import check_facts
from militancydb.knowledge.shipped import ShippedKnowledge, read_shipped

PERSON_EVENTS = {
    "killed",
    "captured",
    "defected",
    "surrendered",
    "pledged",
    "appointed",
    "died",
    "released",
    "disavowed",
}
ROLES = {
    "emir",
    "deputy emir",
    "founder",
    "mufti",
    "commander",
    "spokesman",
    "member",
    "chief",
    "leader",
}
RELATIONS = {
    "pledge",
    "merger",
    "split",
    "alliance",
    "rivalry",
    "cooperation",
    "defection",
    "rejoined",
    "renamed",
    "faction_of",
    "successor",
}
TERRITORY = {"controls", "contested", "lost"}


def check_shipped(k: ShippedKnowledge | None = None) -> list[str]:
    """Every problem found: dangling keys, unknown sources, bad vocabulary, clashing names,
    and facts that contradict each other (:mod:`militancydb.knowledge.check_facts`)."""
    k = k or read_shipped()
    problems: list[str] = []
    places, actors, persons, sources = k.places, k.actors, k.persons, k.sources

    def src(where: str, ids: tuple[str, ...] | list[str]) -> None:
        for s in ids:
            if s not in sources:
                problems.append(f"{where}: unknown source id {s!r}")

    for p in places.values():
        if p.parent and p.parent not in places:
            problems.append(f"place {p.key}: parent {p.parent!r} is not a place")
        for s in p.successors:
            if s not in places:
                problems.append(f"place {p.key}: successor {s!r} is not a place")
        src(f"place {p.key}", p.sources)
    for a in actors.values():
        if a.parent and a.parent not in actors:
            problems.append(f"actor {a.key}: parent {a.parent!r} is not an actor")
        for area in a.areas:
            if area not in places:
                problems.append(f"actor {a.key}: area {area!r} is not a place")
        src(f"actor {a.key}", a.sources)
    ucdp_names: dict[str, list[str]] = defaultdict(list)
    for a in actors.values():
        for al in a.aliases:
            if al.kind == "dataset":
                ucdp_names[f"{al.dataset}:{al.name}"].append(a.key)
    for name, keys in ucdp_names.items():
        if len(keys) > 1:
            problems.append(f"dataset name {name!r} is an alias of several actors: {keys}")
    for r in k.relations:
        for end in (r.source_actor, r.target_actor):
            if end not in actors:
                problems.append(f"relation {r.key}: {end!r} is not an actor")
        if r.type not in RELATIONS:
            problems.append(f"relation {r.key}: unknown type {r.type!r}")
        src(f"relation {r.key}", r.sources)
    for pr in k.proclaimed:
        for place in pr.places:
            if place not in places:
                problems.append(f"proclaimed territory of {pr.actor}: {place!r} is not a place")
        src(f"proclaimed {pr.key}", pr.sources)
    for m in k.memberships:
        if m.actor not in actors:
            problems.append(f"membership {m.key}: {m.actor!r} is not an actor")
        if m.person not in persons:
            problems.append(f"membership {m.key}: {m.person!r} is not a person")
        if m.role not in ROLES:
            problems.append(f"membership {m.key}: unknown role {m.role!r}")
        src(f"membership {m.key}", m.sources)
    for e in k.events:
        if e.type not in PERSON_EVENTS:
            problems.append(f"person event {e.key}: unknown type {e.type!r}")
        if e.place and e.place not in places:
            problems.append(f"person event {e.key}: place {e.place!r} is not a place")
        for who in (e.by, e.actor):
            if who and who not in actors:
                problems.append(f"person event {e.key}: {who!r} is not an actor")
        src(f"person event {e.key}", e.sources)
    for t in k.territory:
        if t.actor not in actors:
            problems.append(f"territory {t.key}: {t.actor!r} is not an actor")
        if t.place not in places:
            problems.append(f"territory {t.key}: {t.place!r} is not a place")
        if t.status not in TERRITORY:
            problems.append(f"territory {t.key}: unknown status {t.status!r}")
        src(f"territory {t.key}", t.sources)
    for f in k.local_facts:
        src(f"local fact {f.get('name')}", list(f.get("sources") or []))
    problems += check_facts(k)
    return problems
