"""The actor registry in memory: resolve names to actors, and walk chapters and relations.

Resolution rules (documented in ``docs/actors.md``):

1. A registry key (``is-khorasan``) resolves to itself.
2. Acronyms (TTP, IS, BLA, LeJ) and dataset names (UCDP's "TTP - TA") match exactly and
   case-sensitively, nothing else. A dataset name is preferred for its own dataset.
3. Full names and script variants match exactly, then normalised (case, diacritics,
   punctuation, Arabic-script letter forms), then fuzzily at or above ``FUZZY_CUTOFF`` --
   never against acronyms.
4. Candidates are narrowed by date (the actor existed) and country (it operates there). A
   name that still maps to several actors comes back ``ambiguous`` with every candidate and
   the reason, rather than a guess.

A ``shared`` alias (a name the news also uses for this actor while another one keeps it:
"Jundallah" for the Pakistani group, which the Iranian group goes by) takes no part in these
rules; extraction reads it with the incident's place (:mod:`~militancydb.knowledge.actor_places`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from militancydb.domain.limits import ACTOR_NAME
from militancydb.knowledge.actor_records import (
    ActorRecord,
    MembershipRecord,
    PersonEventRecord,
    PersonRecord,
    ProclaimedRecord,
    RelationRecord,
    TerritoryRecord,
)
from militancydb.knowledge.resolution import Resolution
from militancydb.knowledge.text import normalise

FUZZY_CUTOFF = 88.0
#: The alias kind of a name another actor keeps by default (see the module docstring).
SHARED = "shared"
#: The longest name resolved: the same bound as an actor name in every command.
MAX_QUERY = ACTOR_NAME


@dataclass(frozen=True)
class ActorMatch:
    """A candidate actor and how it matched."""

    key: str
    name: str
    rule: str
    score: float
    matched: str
    reasons: tuple[str, ...] = ()


#: The outcome of resolving an actor name.
ActorResolution = Resolution[ActorMatch]


@dataclass(eq=False)
class ActorRegistry:
    """Actors, their relations, people and territory, indexed for questions."""

    actors: dict[str, ActorRecord]
    relations: list[RelationRecord] = field(default_factory=list)
    proclaimed: list[ProclaimedRecord] = field(default_factory=list)
    persons: dict[str, PersonRecord] = field(default_factory=dict)
    memberships: list[MembershipRecord] = field(default_factory=list)
    events: list[PersonEventRecord] = field(default_factory=list)
    territory: list[TerritoryRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._dataset: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._norm: dict[str, set[str]] = defaultdict(set)
        fuzzy: dict[str, set[str]] = defaultdict(set)
        self._children: dict[str, list[str]] = defaultdict(list)
        dataset_names: set[tuple[str, str]] = set()
        general_names: set[tuple[str, str]] = set()
        for a in self.actors.values():
            if a.parent:
                self._children[a.parent].append(a.key)
            self._exact[a.name].add(a.key)
            general_names.add((a.name, a.key))
            n = normalise(a.name)
            self._norm[n].add(a.key)
            if len(n) >= 6:
                fuzzy[n].add(a.key)
            for alias in a.aliases:
                if alias.kind == SHARED:
                    continue  # read only with a place (knowledge/actor_places.py)
                if alias.kind == "dataset":
                    self._dataset[(alias.dataset or "", alias.name)].add(a.key)
                    self._exact[alias.name].add(a.key)
                    dataset_names.add((alias.name, a.key))
                    continue
                self._exact[alias.name].add(a.key)
                general_names.add((alias.name, a.key))
                if alias.kind == "acronym":
                    continue
                n = normalise(alias.name)
                if len(n) < 4:
                    continue
                self._norm[n].add(a.key)
                if len(n) >= 6:
                    fuzzy[n].add(a.key)
        self._dataset_only = dataset_names - general_names
        self._fuzzy = [(n, k) for n, keys in fuzzy.items() for k in sorted(keys)]
        self._fuzzy_names = [n for n, _ in self._fuzzy]

    # --- resolution ------------------------------------------------------------------------

    def resolve(
        self,
        text: str,
        *,
        on: dt.date | None = None,
        country: str | None = None,
        dataset: str | None = None,
    ) -> ActorResolution:
        """Resolve a name to one actor (see the module docstring)."""
        stripped = (text or "").strip()
        if not stripped:
            return ActorResolution(text, "rejected", reasons=("empty name",))
        if len(stripped) > MAX_QUERY:
            return ActorResolution(
                text, "rejected", reasons=(f"name longer than {MAX_QUERY} characters",)
            )
        candidates = self._candidates(stripped, dataset)
        if not candidates:
            return ActorResolution(text, "unresolved", reasons=("no name or alias matches",))
        narrowed = candidates
        if on is not None and len(narrowed) > 1:
            existing = [m for m in narrowed if self.actors[m.key].existed_on(on)]
            narrowed = existing or narrowed
        if country and len(narrowed) > 1:
            local = [
                m
                for m in narrowed
                if not self.actors[m.key].countries or country in self.actors[m.key].countries
            ]
            narrowed = local or narrowed
        if len(narrowed) == 1:
            return ActorResolution(text, "resolved", narrowed[0], reasons=narrowed[0].reasons)
        return ActorResolution(
            text,
            "ambiguous",
            alternatives=tuple(narrowed),
            reasons=(f"{len(narrowed)} actors go by this name; give a date, a country or a key",),
        )

    def _candidates(self, text: str, dataset: str | None) -> list[ActorMatch]:
        if text in self.actors:
            a = self.actors[text]
            return [ActorMatch(a.key, a.name, "key", 100.0, text, ("the text is a registry key",))]
        if dataset and (dataset, text) in self._dataset:
            keys = self._dataset[(dataset, text)]
            return [self._m(k, "dataset", 100.0, text, f"{dataset} name") for k in sorted(keys)]
        if text in self._exact:
            keys = self._exact[text]
            # without a dataset, another dataset's private name yields to a general one
            general = {k for k in keys if (text, k) not in self._dataset_only}
            return [
                self._m(k, "exact", 100.0, text, "exact name, alias or acronym")
                for k in sorted(general or keys)
            ]
        n = normalise(text)
        if len(n) < 4:
            return []
        if n in self._norm:
            return [
                self._m(k, "normalised", 99.0, text, "same name once normalised")
                for k in sorted(self._norm[n])
            ]
        if len(n) < 6:
            return []
        hits = process.extract(
            n, self._fuzzy_names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8
        )
        best: dict[str, ActorMatch] = {}
        for name, score, index in hits:
            key = self._fuzzy[index][1]
            if key not in best or best[key].score < score:
                best[key] = self._m(key, "fuzzy", float(score), name, f"spelling close to {name!r}")
        if not best:
            return []
        top = max(m.score for m in best.values())
        return sorted((m for m in best.values() if m.score == top), key=lambda m: m.key)

    def _m(self, key: str, rule: str, score: float, matched: str, why: str) -> ActorMatch:
        a = self.actors[key]
        what = a.kind.replace("_", " ")
        if a.parent and a.parent in self.actors:
            what += f" of {self.actors[a.parent].name}"
        return ActorMatch(key, a.name, rule, score, matched, (why, what))

    # --- structure -------------------------------------------------------------------------

    def get(self, key: str) -> ActorRecord | None:
        """The actor with that key."""
        return self.actors.get(key)

    def children(self, key: str) -> list[str]:
        """Direct chapters and factions."""
        return sorted(self._children.get(key, []))

    def descendants(self, key: str) -> set[str]:
        """Chapters, their chapters, ... (not the actor itself)."""
        out: set[str] = set()
        todo = list(self._children.get(key, []))
        while todo:
            k = todo.pop()
            if k not in out:
                out.add(k)
                todo.extend(self._children.get(k, []))
        return out

    def family(self, key: str) -> set[str]:
        """The actor and all its chapters: what counts as "the group"."""
        return {key, *self.descendants(key)}

    def ancestors(self, key: str) -> list[str]:
        """Parent, grandparent, ..."""
        out: list[str] = []
        a = self.actors.get(key)
        while a is not None and a.parent and a.parent not in out:
            out.append(a.parent)
            a = self.actors.get(a.parent)
        return out

    def same_organisation(self, a: str, b: str) -> bool:
        """Whether one actor is a chapter (or parent) of the other, directly or not."""
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)

    def relations_of(self, key: str) -> list[RelationRecord]:
        """Relations in which the actor is either side."""
        return [r for r in self.relations if key in (r.source_actor, r.target_actor)]

    def proclaimed_on(self, key: str, day: dt.date) -> list[ProclaimedRecord]:
        """Territory the actor (or, failing that, its parent) proclaimed on ``day``."""
        return [p for p in self.proclaimed if p.actor == key and p.active_on(day)]

    def memberships_of(self, actor: str) -> list[MembershipRecord]:
        """Memberships in an actor."""
        return [m for m in self.memberships if m.actor == actor]

    def events_of(self, person: str) -> list[PersonEventRecord]:
        """What happened to a person, in date order."""
        return sorted(
            (e for e in self.events if e.person == person), key=lambda e: e.date or "9999"
        )

    def territory_of(self, actor: str) -> list[TerritoryRecord]:
        """Territory records of an actor."""
        return [t for t in self.territory if t.actor == actor]

    def person_by_name(self, text: str) -> list[PersonRecord]:
        """People whose name or alias matches (exact, then normalised)."""
        n = normalise(text)
        out = [
            p
            for p in self.persons.values()
            if text == p.key or n in {normalise(p.name), *(normalise(a) for a in p.aliases)}
        ]
        return out
