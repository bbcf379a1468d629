"""ACLED's codes and conventions, as its codebook defines them (ACLED Codebook).

- ``inter1``/``inter2``: the actor type, a code 1-8 in older exports, its label in newer
  ones; read either way, kept as the label in the actor's note.
- ``time_precision`` 1 (day), 2 (week), 3 (month); ``geo_precision`` 1 (the town), 2 (near
  the town or part of a region), 3 (only a larger region).
- ``disorder_type`` follows the event type: Battles, Explosions/Remote violence and
  Violence against civilians are political violence; Protests and Riots are demonstrations.

Which event and sub-event type an incident becomes in ACLED shape (the export) is decided
here too, so that the importer can keep what the crosswalk would not give back (a
``[ACLED sub_event_type: ...]`` trailer line in the summary).
"""

from __future__ import annotations

import re

from militancydb.io import trailer

INTER = {
    "1": "State forces",
    "2": "Rebel group",
    "3": "Political militia",
    "4": "Identity militia",
    "5": "Rioters",
    "6": "Protesters",
    "7": "Civilians",
    "8": "External/Other forces",
}
INTER_CODE = {v.lower(): k for k, v in INTER.items()}
TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}
PRECISION_TO_TIME = {"day": 1, "days": 2, "week": 2, "month": 3, "year": 3}
GEO_PRECISION = {"1": "exact", "2": "near", "3": "province"}
PRECISION_TO_GEO = {"exact": 1, "near": 2}
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
#: Sub-event types that record no violence; rows with them are skipped (not militancy).
PEACEFUL = frozenset({"Peaceful protest", "Protest with intervention"})
#: ISO 3166-1 numeric codes (ACLED's ``iso`` column).
ISO_NUMERIC = {"PK": 586, "AF": 4, "IN": 356, "IR": 364, "CN": 156, "TJ": 762}


def inter_label(value: str | None) -> str | None:
    """An actor type given as code or label, as its label (None if not one)."""
    text = (value or "").strip()
    if not text:
        return None
    if text.split(".")[0] in INTER:
        return INTER[text.split(".")[0]]
    return INTER[INTER_CODE[text.lower()]] if text.lower() in INTER_CODE else None


def with_trailer(summary: str | None, notes: dict[str, str]) -> str | None:
    """The summary with ACLED's extra notes as trailer lines."""
    return trailer.with_trailer("ACLED", summary, notes)


def split_trailer(summary: str | None) -> tuple[str | None, dict[str, str]]:
    """The summary without its ACLED trailer lines, and the notes they held."""
    return trailer.split_trailer("ACLED", summary)


#: ACLED's regime period after a state force's name: "Military Forces of Pakistan (2018-)",
#: "Police Forces of India (2014-)"; and the country after a generic label:
#: "Civilians (Pakistan)", "Unidentified Armed Group (India)".
_PERIOD = re.compile(r"\s*\((?:19|20)\d\d-(?:(?:19|20)\d\d)?\)\s*$")
_STATE_FORCE = re.compile(r"^(?:[A-Z][\w-]*\s+)*Forces of (?:the )?(?P<country>.+)$")
_LABEL_COUNTRY = re.compile(r"^(?P<label>.+?)\s*\((?P<country>[^()]+)\)\s*$")
#: ACLED's labels for a perpetrator nobody identified (kept as names, not registry gaps)
UNIDENTIFIED = ("unidentified armed group", "unidentified military forces")


def actor_forms(name: str) -> tuple[str, str | None]:
    """A name of ACLED's actor columns as the registry may know it, and the country of a
    state force ("Military Forces of Pakistan (2018-)" gives ("Military Forces of Pakistan",
    "Pakistan")), or of a generic label ("Civilians (Pakistan)" gives ("Civilians", None))."""
    base = _PERIOD.sub("", name).strip()
    force = _STATE_FORCE.match(base)
    if force:
        return base, force.group("country").strip()
    label = _LABEL_COUNTRY.match(base)
    if label and label.group("label").lower() in {"civilians", "rioters", "protesters"}:
        return label.group("label"), None
    return base, None


def is_unidentified(name: str) -> bool:
    """Whether an actor name is ACLED's label for an unidentified perpetrator."""
    return name.strip().lower().startswith(UNIDENTIFIED)


#: how an actor's note keeps ACLED's own name where the registry's differs
AS_NAMED = "; as named: "


def actor_note(column: str, inter: str | None, named: str | None) -> str:
    """The note of an actor link made from an ACLED column: the column, the actor type and,
    where the registry names the actor otherwise, ACLED's name ("ACLED actor2 (State
    forces); as named: Police Forces of Pakistan (2018-)")."""
    note = f"ACLED {column}" + (f" ({inter})" if inter and column.startswith("actor") else "")
    return note + (f"{AS_NAMED}{named}" if named else "")


def read_actor_note(note: str) -> tuple[str, str | None]:
    """An actor note's column-and-type part and ACLED's own name, if it kept one."""
    head, _, named = note.partition(AS_NAMED)
    return head, named or None
