"""Words around a place name that say it is not where the incident happened.

A report names more places than the scene of the attack: the hospital the wounded were taken
to ("were shifted to a hospital in Peshawar"), where the victims or the attackers came from
("a resident of Bannu", "militants who crossed from Afghanistan"), and the names of
companies, newspapers and clubs ("Sui Southern Gas Company", "the Gilgit Press Club", "Attock Cement
Factory"). :func:`elsewhere` tells these apart, so that the incident's place is chosen among
the other names, and a sentence naming only such places does not decide it.
"""

from __future__ import annotations

import re

_CARRIED = re.compile(
    r"\b(?:taken|shifted|rushed|moved|brought|admitted|referred|transported|airlifted|"
    r"evacuated|flown|transferred)\s+to\s+(?:the\s+)?$",
    re.I,
)
#: "taken to a hospital in X", "treated at the CMH in X": a hospital where the wounded were
#: taken (a hospital or clinic named without that is often the target: "a bomb damaged a
#: clinic in Maywand District")
_HOSPITAL = re.compile(
    r"\b(?:taken|shifted|rushed|moved|brought|admitted|referred|transported|airlifted|"
    r"evacuated|flown|transferred|treated|treatment)\b[^.;]{0,60}?\b(?:hospitals?|infirmary|"
    r"clinic|CMH|medical (?:complex|centre|center|institute))\s+(?:in|at|of)\s+(?:the\s+)?$",
    re.I,
)
_ORIGIN = re.compile(
    r"\b(?:hail(?:s|ed|ing)? from|natives? of|residents? of|inhabitants? of|belong(?:s|ed|ing)?"
    r" to|hometown of|home ?town,?|native|(?:came|come|coming|crossed|infiltrated|sneaked|fled)"
    r" (?:in )?from|originally from)\s+(?:the\s+)?$",
    re.I,
)
_COMPANY_AFTER = re.compile(
    r"^(?:[\s-]+(?:Northern|Southern|Electric|Electricity|Cement|Sugar|Textile|Steel|Gas))*"
    r"[\s-]+(?:Cement|Factory|Company|Mills?|Limited|Ltd|Corporation|Club|Daily|Rifles|Pipelines?|"
    r"Scouts|Levies|Gymkhana|Chamber|Board|Authority|Bar Association)\b"
)


def elsewhere(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` of ``text`` (one sentence) names a hospital's town,
    an origin or a company rather than the incident's place (see the module
    docstring)."""
    before = text[max(0, start - 90) : start]
    after = text[end : end + 40]
    return bool(
        _CARRIED.search(before)
        or _HOSPITAL.search(before)
        or _ORIGIN.search(before)
        or _COMPANY_AFTER.match(after)
    )


# Not a cue: an office the victim held ("the governor of Laghman Province", "the head of
# Sangin District"). Tried and left out: where the text names the official's district, the
# attack was mostly there (development city 1,742 right without the cue, 1,736 with it).
# Nor the ends of a power or gas line ("the Quetta-Sibi transmission line"): the sets give
# an end as the place (development: 2 rows worse, none better).
