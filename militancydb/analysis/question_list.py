"""The analysts' questions, as every adapter offers them: each question's name, what it asks
and its parameters (a form's fields, a command's options, an API's query parameters).
The answers are in :mod:`militancydb.analysis.questions`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from militancydb.analysis.high_profile_defs import DEFAULT_DEFINITION, DEFINITIONS
from militancydb.analysis.trend import DIMENSIONS
from militancydb.errors import NotFound


@dataclass(frozen=True)
class Param:
    """One parameter of a question, as a form field or a query parameter."""

    name: str
    label: str
    kind: str = "text"  # text, date, period, choice, flag, number (whole, >= 0), list (a, b)
    required: bool = False
    choices: tuple[str, ...] = ()
    default: str = ""
    hint: str = ""


@dataclass(frozen=True)
class Question:
    """A question: its name, what it asks, and its parameters."""

    name: str
    title: str
    asks: str
    params: tuple[Param, ...]


ACTOR = Param("actor", "Group", required=True, hint="a name, alias or registry key")
COUNTRY = Param("country", "Country", hint="ISO code, e.g. PK")
WITH_LATER = Param("with_later", "Also list what was known only later", kind="flag")

QUESTIONS: dict[str, Question] = {
    q.name: q
    for q in (
        Question(
            "operational",
            "Has a group become operational in a country?",
            "Claims, attributions and confirmations kept apart, by year and province, with a "
            "verdict and its reasons.",
            (
                ACTOR,
                dataclasses.replace(COUNTRY, required=True),
                Param("on", "As of", "date", hint="default today"),
            ),
        ),
        Question(
            "last-high-profile",
            "When and where was the last high-profile attack?",
            '"N months ago in X", by a named, documented definition; operations, drone '
            "strikes and clashes are not attacks.",
            (
                Param("before", "Before", "date", required=True),
                COUNTRY,
                Param("province", "Province"),
                Param("district", "District or city"),
                dataclasses.replace(ACTOR, required=False),
                Param(
                    "definition",
                    "Definition",
                    "choice",
                    choices=tuple(DEFINITIONS),
                    default=DEFAULT_DEFINITION,
                ),
                Param("min_killed", "Override: high-profile at this many killed", "number"),
                Param(
                    "min_killed_suicide",
                    "Override: ... or a suicide attack killing this many",
                    "number",
                ),
                Param(
                    "min_killed_national",
                    "Override: ... or an attack on national targets killing this many",
                    "number",
                ),
                Param(
                    "national_target",
                    "Override: target types of national significance",
                    "list",
                    hint="codes, comma-separated, e.g. judiciary, foreigners",
                ),
            ),
        ),
        Question(
            "trend",
            "How did a period compare with the one before and a year earlier?",
            "Incidents, killed and injured by a dimension.",
            (
                Param(
                    "period",
                    "Period",
                    "period",
                    required=True,
                    hint="2016-08, 2016-Q3, 2016, 2016-W32 or a day",
                ),
                Param("by", "By", "choice", choices=tuple(DIMENSIONS), default="province"),
                COUNTRY,
                Param("province", "Province"),
                dataclasses.replace(ACTOR, required=False),
                Param(
                    "event_type",
                    "Event type",
                    "list",
                    hint="a code, e.g. militant_attack; several comma-separated",
                ),
                Param("include_aggregates", "Count aggregate records in the tallies", "flag"),
            ),
        ),
        Question(
            "losses",
            "What did a group lose?",
            "Militants killed and captured, leaders killed and how, defections, territory.",
            (
                ACTOR,
                Param("date_from", "From", "date", required=True),
                Param("date_to", "To", "date", required=True),
            ),
        ),
        Question(
            "leadership",
            "Who leads a group?",
            "Current leader, predecessors, and a vacancy after a leader's death.",
            (ACTOR, Param("on", "As known on", "date", hint="default today"), WITH_LATER),
        ),
        Question(
            "tactics",
            "How have a group's tactics changed?",
            "Tactics and targets by year, beside the territory it held.",
            (ACTOR,),
        ),
        Question(
            "network",
            "Whom is a group allied with, and who left it?",
            "Allegiances, mergers, splits, alliances, rivalries and defections, dated.",
            (ACTOR, Param("on", "As known on", "date", hint="default today"), WITH_LATER),
        ),
    )
}


def question(name: str) -> Question:
    """A question by name."""
    try:
        return QUESTIONS[name]
    except KeyError:
        raise NotFound(f"no question {name!r}; the questions are {', '.join(QUESTIONS)}") from None
