"""The crosswalk between our codes and GTD, ACLED and UCDP codes, read from ``crosswalk.yaml``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

#: Which of our vocabularies each crosswalk table's ``ours`` column belongs to
#: (ACLED rows name theirs row by row).
TABLE_VOCABULARY: dict[tuple[str, str], str] = {
    ("gtd", "attacktype1"): "tactic",
    ("gtd", "targtype1"): "target_type",
    ("gtd", "weaptype1"): "tactic",
    ("gtd", "claimmode"): "claim_channel",
    ("ucdp", "type_of_violence"): "event_type",
}


@dataclass(frozen=True)
class Pairing:
    """One of our codes paired with one code of another dataset."""

    dataset: str
    table: str
    vocabulary: str
    ours: str
    theirs: str
    exact: bool
    parent: str | None = None  # e.g. ACLED's event_type for a sub_event_type
    note: str | None = None


def _text() -> str:
    return resources.files("militancydb.codebook").joinpath("crosswalk.yaml").read_text("utf-8")


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(_text())
    return data


@lru_cache(maxsize=1)
def crosswalk_version() -> str:
    """A short hash of the crosswalk: importers that read through it put it in their rules
    version, so that a changed pairing updates the rows it changes on the next import."""
    return hashlib.sha1(_text().encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=1)
def pairings() -> tuple[Pairing, ...]:
    """Every pairing in the crosswalk, in file order."""
    out: list[Pairing] = []
    for dataset, tables in _raw().items():
        for table, rows in tables.items():
            if table == "labels":
                continue
            for row in rows:
                vocabulary = row.get("vocabulary") or TABLE_VOCABULARY[(dataset, table)]
                out.append(
                    Pairing(
                        dataset=dataset,
                        table=table,
                        vocabulary=vocabulary,
                        ours=str(row["ours"]),
                        theirs=str(row["theirs"]),
                        exact=bool(row.get("exact", True)),
                        parent=row.get("event_type"),
                        note=row.get("note"),
                    )
                )
    return tuple(out)


def their_labels(dataset: str, table: str) -> list[str]:
    """The full list of codes the other dataset defines for ``table``."""
    labels: list[str] = [str(x) for x in _raw()[dataset]["labels"][table]]
    return labels


def to_ours(dataset: str, table: str, theirs: str) -> Pairing | None:
    """Our code for another dataset's code (first matching row), or None if unmapped."""
    for p in pairings():
        if p.dataset == dataset and p.table == table and p.theirs == theirs:
            return p
    return None


def to_theirs(dataset: str, table: str, ours: str, vocabulary: str | None = None) -> Pairing | None:
    """Another dataset's code for one of ours (first matching row), or None if unmapped."""
    for p in pairings():
        if (
            p.dataset == dataset
            and p.table == table
            and p.ours == ours
            and (vocabulary is None or p.vocabulary == vocabulary)
        ):
            return p
    return None


#: Our target types that are organised armed groups: the state's forces and militants.
ARMED_TARGETS = frozenset(
    {
        "security_forces",
        "army",
        "frontier_corps",
        "police",
        "levies",
        "rangers",
        "khasadar",
        "frontier_constabulary",
        "security_other",
        "militants",
    }
)

#: Our event types that the crosswalk pairs with ACLED's "Violence against civilians /
#: Attack" as an approximation (``exact: false``): an attack by militants.
_ATTACKS_BY_MILITANTS = ("militant_attack", "sectarian_attack")


def acled_types(
    event_type: str, tactics: list[str], targets: list[str] | tuple[str, ...] = ()
) -> tuple[str, str] | None:
    """(event_type, sub_event_type) in ACLED's terms: the first tactic ACLED has a sub-event
    type for, else the event type's pairing. An attack by militants whose every named target
    is an armed force (police, soldiers, militants) and whose tactic ACLED pairs with nothing
    is "Battles / Armed clash", not "Violence against civilians / Attack": the ACLED Codebook
    (2023) keeps "Violence against civilians" for violence against unarmed non-combatants and
    codes violence between two organised armed groups as a battle."""
    for t in tactics:
        p = to_theirs("acled", "sub_event_type", t, "tactic")
        if p is not None and p.parent is not None:
            return p.parent, p.theirs
    if event_type in _ATTACKS_BY_MILITANTS and targets and ARMED_TARGETS.issuperset(targets):
        return "Battles", "Armed clash"
    p = to_theirs("acled", "sub_event_type", event_type, "event_type")
    if p is not None and p.parent is not None:
        return p.parent, p.theirs
    return None
